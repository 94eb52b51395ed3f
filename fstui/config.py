"""Profiles: which account fstui talks to and how (minimal; grown by the browse/profiles issue)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Profile:
    name: str = "demo"
    domain: str | None = None
    url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    email: str | None = None
    password: str | None = field(default=None, repr=False)
    plan: str | None = None
    read_only: bool = False
    demo: bool = False
