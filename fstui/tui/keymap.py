"""Key bindings from the config file's ``[keys]`` table, applied through Textual's keymap (App.set_keymap:
binding id -> keys), and checked at start-up: an unknown binding id, or a key that two bindings of one
screen would then share, is reported with the file and line (fstui/settings.py keeps the lines).

    [keys]
    "queue.refresh" = "ctrl+r"          # ids: <screen>.<action>, shown by `?` help next to each key
    "queue.toggle_preview" = "f3"
    "app.quit" = "ctrl+q"

The footer (widgets/key_bar.py) and the help screen read the same keymap (screens/help.py applies it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.binding import Binding
from textual.screen import Screen


def _as_binding(binding: Any) -> Binding:
    return binding if isinstance(binding, Binding) else Binding(*binding)


def _keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def scopes(app_bindings: Iterable[Any]) -> dict[str, list[Binding]]:
    """Screen class name -> the bindings that act on it (its classes', then the app's). The screens are
    every Screen subclass of fstui loaded by then (the browse screens register themselves at start)."""
    app_list = [_as_binding(b) for b in app_bindings]
    result: dict[str, list[Binding]] = {"app": app_list}
    seen: set[type] = set()
    todo = list(Screen.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(cls.__subclasses__())
        if not cls.__module__.startswith("fstui."):
            continue
        own = [_as_binding(b) for klass in cls.__mro__ if "BINDINGS" in vars(klass) for b in vars(klass)["BINDINGS"]]
        allowed = getattr(cls, "APP_KEYS", None)
        result[cls.__name__] = own + [b for b in app_list if allowed is None or b.key in allowed]
    return result


def check_keymap(keymap: Mapping[str, str], app_bindings: Iterable[Any], where: Any) -> list[str]:
    """Problems with ``keymap`` (binding id -> keys): unknown ids and clashes; ``where(id)`` -> "file:line"."""
    problems: list[str] = []
    all_scopes = scopes(app_bindings)
    known = {b.id for bindings in all_scopes.values() for b in bindings if b.id}
    for binding_id in keymap:
        if binding_id not in known:
            problems.append(f"{where(binding_id)}: keys.{binding_id}: no key binding has this id "
                            f"(the ids are listed by ? help)")
    reported: set[tuple[str, str, str]] = set()
    for scope, bindings in all_scopes.items():
        owner: dict[str, Binding] = {}
        # the user's keys first: a default binding on the same key is the one that would clash
        ordered = sorted(bindings, key=lambda b: b.id not in keymap)
        for binding in ordered:
            keys = _keys(keymap[binding.id]) if binding.id in keymap else _keys(binding.key)
            for key in keys:
                other = owner.get(key)
                if other is None or other is binding:
                    owner[key] = binding
                    continue
                if other.id == binding.id or not (binding.id in keymap or other.id in keymap):
                    continue  # the defaults' own layering (a screen's key hides the app's)
                mine = binding if binding.id in keymap else other
                theirs = other if mine is binding else binding
                item = (key, str(mine.id), str(theirs.id or theirs.action))
                if item in reported:
                    continue
                reported.add(item)
                problems.append(f"{where(mine.id)}: keys.{mine.id} = \"{keymap[mine.id]}\": {key} is already "
                                f"{theirs.id or theirs.action} ({theirs.description or theirs.action}) on {scope}")
    return problems


def with_keymap(binding: Binding, keymap: Mapping[str, str]) -> Binding:
    """The binding as the keymap makes it (what help and the footer show)."""
    if binding.id and binding.id in keymap:
        return binding.with_key(keymap[binding.id], key_display=None)
    return binding
