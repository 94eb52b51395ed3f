"""Solutions (knowledge base; API-SUPPLEMENT §5), the reads: categories (``workspace_id``, 0 = all),
folders of a category, articles of a folder, one article, and the article search."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params
from fstui.api.transport import Transport
from fstui.api.workspaces import WorkspaceParam, with_workspace

_List = Annotated[list[Any], BeforeValidator(lambda v: [] if v is None else v)]


class SolutionCategory(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    default_category: bool | None = None
    position: int | None = None
    visible_in_portals: _List = []
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class SolutionFolder(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    category_id: int | None = None
    position: int | None = None
    visibility: int | None = None
    default_folder: bool | None = None
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class SolutionArticle(FSModel):
    """The author is ``agent_id`` or ``user_id`` depending on the example; both are kept."""

    id: int
    title: str | None = None
    description: str | None = None  # HTML
    description_text: str | None = None
    status: int | None = None  # 1 draft, 2 published
    folder_id: int | None = None
    category_id: int | None = None
    agent_id: int | None = None
    user_id: int | None = None
    keywords: _List = []
    tags: _List = []
    url: str | None = None
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class SolutionsApi(Transport):
    async def list_solution_categories(self, *, workspace_id: WorkspaceParam = None, page: int = 1,
                                       per_page: int = 30) -> Page[SolutionCategory]:
        check_paging(page, per_page)
        params = with_workspace(page_params(page, per_page), workspace_id)
        return await self._get_page(SolutionCategory, "/solutions/categories", "categories", page, params,
                                    "category")

    async def list_solution_folders(self, category_id: int, page: int = 1,
                                    per_page: int = 30) -> Page[SolutionFolder]:
        check_paging(page, per_page)
        params = {"category_id": int(category_id), **page_params(page, per_page)}
        return await self._get_page(SolutionFolder, "/solutions/folders", "folders", page, params, "folder")

    async def list_solution_articles(self, folder_id: int, page: int = 1,
                                     per_page: int = 30) -> Page[SolutionArticle]:
        check_paging(page, per_page)
        params = {"folder_id": int(folder_id), **page_params(page, per_page)}
        return await self._get_page(SolutionArticle, "/solutions/articles", "articles", page, params, "article")

    async def get_solution_article(self, id: int) -> SolutionArticle:
        return await self._get_one(SolutionArticle, f"/solutions/articles/{int(id)}", "article")

    async def search_solution_articles(self, search_term: str, *, user_email: str | None = None, page: int = 1,
                                       per_page: int = 30) -> Page[SolutionArticle]:
        """GET /solutions/articles/search (published articles visible to the caller or user_email)."""
        check_paging(page, per_page)
        params = {"search_term": search_term, "user_email": user_email, **page_params(page, per_page)}
        return await self._get_page(SolutionArticle, "/solutions/articles/search", "articles", page, params,
                                    "article")
