"""Attaching files in compose and the new-ticket form (issue 14): F4 asks for a path (tab completes it,
the file's size is shown as you type), the list under the text shows each file with its size and the
total against the documented limit; a file that went missing (a draft restored after it was moved) is
said, and the write is not queued until it is removed or found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from fstui.api.models import MAX_ATTACHMENTS_BYTES
from fstui.service.uploads import problems, sizes
from fstui.tui import format as fmt
from fstui.tui.text import notice, safe_line


class PathSuggester(Suggester):
    """Completes the last part of a path from the directory's entries (directories end with /)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = Path(value).expanduser()
        folder, stem = (expanded, "") if value.endswith("/") else (expanded.parent, expanded.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and (stem.startswith(".") or not p.name.startswith(".")))
        except OSError:
            return None
        if not names or names[0] == stem:
            return None
        return value + names[0][len(stem):]


class AttachPrompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    AttachPrompt { align: center middle; }
    AttachPrompt > Vertical {
        width: 80; max-width: 95%; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    AttachPrompt #attach-info { color: $text-muted; }
    """

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Attach a file (tab or → completes the path)"))
            yield Input(placeholder=str(Path.home()) + "/", id="attach-path", suggester=PathSuggester())
            yield Static(Content(self._limit_text(0)), id="attach-info")

    def _limit_text(self, size: int) -> str:
        return f"attachments {fmt.size(self.total + size)} of {MAX_ATTACHMENTS_BYTES // 1048576} MB"

    @on(Input.Changed, "#attach-path")
    def _typed(self, event: Input.Changed) -> None:
        path = Path(event.value).expanduser()
        info = self.query_one("#attach-info", Static)
        if event.value and path.is_file():
            size = path.stat().st_size
            info.update(Content(f"{fmt.size(size)} · " + self._limit_text(size)))
        else:
            info.update(Content(self._limit_text(0)))

    @on(Input.Submitted, "#attach-path")
    def _chosen(self, event: Input.Submitted) -> None:
        path = Path(event.value).expanduser()
        info = self.query_one("#attach-info", Static)
        if not path.is_file():
            info.update(Content.styled("Not a file: ", "$error") + safe_line(event.value))
            return
        if self.total + path.stat().st_size > MAX_ATTACHMENTS_BYTES:
            info.update(Content.styled(f"Too large: the total would pass {MAX_ATTACHMENTS_BYTES // 1048576} MB",
                                       "$error"))
            return
        self.dismiss(str(path.resolve()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AttachmentList(Static):
    """The attached files (paths), with sizes and the total; missing files marked."""

    DEFAULT_CSS = "AttachmentList { height: auto; color: $text-muted; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self.paths: list[str] = []

    def set_paths(self, paths: list[str]) -> None:
        self.paths = [str(p) for p in paths]
        self._show()

    def add(self, path: str) -> None:
        if path not in self.paths:
            self.paths.append(path)
        self._show()

    def remove_last(self) -> None:
        if self.paths:
            self.paths.pop()
        self._show()

    @property
    def total(self) -> int:
        return sizes(self.paths)[1]

    def problems(self) -> list[str]:
        return problems(self.paths)

    def _show(self) -> None:
        if not self.paths:
            self.update(Content(""))
            return
        listed, total = sizes(self.paths)
        parts = [Content("Attachments: ")]
        for i, (p, size) in enumerate(listed):
            if i:
                parts.append(Content(" · "))
            parts.append(safe_line(Path(p).name, max_chars=40))
            parts.append(Content(f" ({fmt.size(size)})") if size is not None
                         else Content.styled(" (missing)", "bold $error"))
        limit = MAX_ATTACHMENTS_BYTES // 1048576
        parts.append(Content(f" · total {fmt.size(total)} of {limit} MB (F5 removes the last)"))
        self.update(Content("").join(parts))


def attach_canned_files(screen: Any, response_id: int, files: AttachmentList) -> None:
    """A canned response's own attachments go with it, as in the portal: read the response (its list
    entry has no attachments), save each file in the download folder and attach it (said in a toast)."""

    async def attach() -> None:
        service = screen.app.service
        response = await service.knowledge.canned_response(response_id)
        if not response.attachments:
            return
        paths = await service.save_attachments(list(response.attachments))
        for path in paths:
            files.add(str(path))
        screen.app.toast(notice("Attached from the canned response: {}", ", ".join(p.name for p in paths)),
                         timeout=5)

    screen.run_worker(attach(), group="canned-files", exclusive=True, exit_on_error=False,
                      description="Attaching the canned response's files")
