"""Profiles: which account fstui talks to and how.

The config file is TOML at ``fstui.locations.config_file()`` (``~/.config/fstui/config.toml`` on Linux)::

    # Which profile `fstui` opens when no --profile/--domain/--url is given.
    default_profile = "acme"

    [profiles.acme]
    domain = "acme"                 # or: url = "https://acme.freshservice.com"
    email = "me@acme.com"           # the agent you sign in as ("who am I", password auth)
    plan = "growth"                 # starter | growth | pro | enterprise (rate-limit hints only)
    read_only = false               # true: every write is refused
    api_key_source = "auto"         # auto | env | keyring | file
    # api_key = "..."               # only read when the file is mode 0600

Where the API key comes from, in order (``api_key_source = "auto"``):

1. the ``FRESHSERVICE_API_KEY`` environment variable;
2. the system keyring (service ``fstui``, user = profile name) when the optional ``keyring`` package is
   installed and has a working backend; headless hosts usually have none, which is not an error;
3. ``api_key`` in the config file, which must then be mode 0600 (owner read/write only) or it is refused
   with the ``chmod`` that fixes it.

There is deliberately no command-line flag for the key: it would show in ``ps``.
With nothing configured, fstui opens the demo desk on the embedded sandbox.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import urlsplit

from fstui import locations

if TYPE_CHECKING:  # imported where a profile is read from the file: a start-up with --url needs none of it
    from fstui.config_shared import SharedSettings

ENV_API_KEY = "FRESHSERVICE_API_KEY"
KEYRING_SERVICE = "fstui"
KEY_SOURCES = ("auto", "env", "keyring", "file")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass
class Profile:
    name: str = "demo"
    domain: str | None = None        # "acme" or "acme.freshservice.com"
    url: str | None = None           # full URL, account root or .../api/v2
    api_key: str | None = field(default=None, repr=False)
    email: str | None = None         # agent email (for password auth, and "who am I")
    password: str | None = field(default=None, repr=False)
    plan: str | None = None
    read_only: bool = False
    demo: bool = False               # True: start the embedded sandbox and use it
    shared: SharedSettings | None = None  # the team's shared cache and budget (Redis); None: off

    @property
    def label(self) -> str:
        """What the status bar shows for the account: DEMO, the domain, or the URL's host."""
        if self.demo:
            return "DEMO"
        if self.domain:
            return self.domain
        if self.url:
            return urlsplit(self.url).hostname or self.url
        return self.name


class ConfigError(Exception):
    """A configuration problem; the message says what is wrong and how to fix it."""


@dataclass
class ProfileEntry:
    """One ``[profiles.NAME]`` table as written in the file (secrets excluded from repr)."""

    name: str
    domain: str | None = None
    url: str | None = None
    email: str | None = None
    plan: str | None = None
    read_only: bool = False
    api_key_source: str = "auto"
    api_key: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    shared: SharedSettings | None = None

    @property
    def has_file_secret(self) -> bool:
        return bool(self.api_key or self.password)


@dataclass
class Config:
    path: Path
    default_profile: str | None = None
    profiles: dict[str, ProfileEntry] = field(default_factory=dict)
    exists: bool = False


# --------------------------------------------------------------------------- reading the file


def load_config(path: Path | None = None) -> Config:
    """Read and validate the TOML config; a missing file is an empty config, not an error."""
    path = path or locations.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}. Fix or remove it.") from None
    return _parse(path, data, text)


#: what the file's top level may hold: settings.py reads [ui] and [keys], views.py [[views]],
#: service/downloads.py [attachments]
TOP_LEVEL = ("default_profile", "profiles", "ui", "keys", "views", "attachments")


def _refuse_unknown(path: Path, text: str, data: Mapping[str, Any]) -> None:
    """A name fstui does not know is refused with its line: a typo (``readonly = true``) must not leave a
    setting silently unset (a profile meant read-only would write)."""
    from fstui.toml_lines import did_you_mean, top_level_line

    for name in data:
        if name not in TOP_LEVEL:
            line = top_level_line(text, name)
            raise ConfigError(f"{path}:{line or '?'}: {name!r} is not a setting fstui knows"
                              f"{did_you_mean(name, TOP_LEVEL)}. Settings: {', '.join(TOP_LEVEL)}.")


def _parse(path: Path, data: Mapping[str, Any], text: str = "") -> Config:
    _refuse_unknown(path, text, data)
    default = data.get("default_profile")
    if default is not None and not isinstance(default, str):
        raise ConfigError(f"{path}: default_profile must be a string (a profile name).")
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{path}: [profiles] must be a table of [profiles.NAME] tables.")
    profiles: dict[str, ProfileEntry] = {}
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: profiles.{name} must be a table.")
        profiles[name] = _parse_entry(path, name, table, text)
    if default is not None and default not in profiles:
        from fstui.toml_lines import top_level_line

        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigError(
            f"{path}:{top_level_line(text, 'default_profile') or '?'}: default_profile = {default!r} names no "
            f"profile (profiles: {known})."
        )
    return Config(path=path, default_profile=default, profiles=profiles, exists=True)


_STR_FIELDS = ("domain", "url", "email", "plan", "api_key", "password")


def _parse_entry(path: Path, name: str, table: Mapping[str, Any], text: str = "") -> ProfileEntry:
    from fstui.toml_lines import table_lines, where

    lines = table_lines(text, f"profiles.{name}")

    def at(key: str) -> str:  # "config.toml:7", as the [ui] and [keys] problems say it
        if key not in lines:  # a table of its own: [profiles.NAME.key] / [[profiles.NAME.key]]
            from fstui.toml_lines import top_level_line

            line = top_level_line(text, f"profiles.{name}.{key}")
            return f"{path}:{line}" if line else str(path)
        return where(path, lines, key)

    from fstui.config_shared import SHARED_KEYS
    from fstui.toml_lines import did_you_mean

    known = (*_STR_FIELDS, "read_only", "api_key_source", "views", *SHARED_KEYS)
    for key in table:
        if key not in known:
            raise ConfigError(f"{at(key)}: profiles.{name}.{key} is not a profile setting"
                              f"{did_you_mean(key, known)}. Settings: {', '.join(known)}.")
    values: dict[str, Any] = {}
    for key in _STR_FIELDS:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{at(key)}: profiles.{name}.{key} must be a string.")
        values[key] = value or None
    read_only = table.get("read_only", False)
    if not isinstance(read_only, bool):
        raise ConfigError(f"{at('read_only')}: profiles.{name}.read_only must be true or false.")
    source = table.get("api_key_source", "auto")
    if source not in KEY_SOURCES:
        raise ConfigError(
            f"{at('api_key_source')}: profiles.{name}.api_key_source must be one of {', '.join(KEY_SOURCES)}."
        )
    if values["domain"] and values["url"]:
        raise ConfigError(f"{at('url')}: profiles.{name} sets both domain and url; keep one.")
    if not (values["domain"] or values["url"]):
        from fstui.toml_lines import top_level_line

        line = top_level_line(text, f"profiles.{name}")
        raise ConfigError(f"{path}:{line or '?'}: profiles.{name} needs a domain (e.g. \"acme\") or a url.")
    try:  # said here, with its line, rather than when the profile is first used
        if values["url"]:
            check_url(values["url"])
        else:
            check_domain(values["domain"], 'url = "https://..."')
    except ConfigError as exc:
        key = "url" if values["url"] else "domain"
        raise ConfigError(f"{at(key)}: profiles.{name}.{key}: {exc}") from None
    from fstui.config_shared import SharedConfigError, parse_shared

    try:
        shared = parse_shared(f"profiles.{name}", table, at)
    except SharedConfigError as exc:
        raise ConfigError(str(exc)) from None
    return ProfileEntry(name=name, read_only=read_only, api_key_source=source, shared=shared, **values)


def check_file_mode(path: Path) -> None:
    """Refuse a config file holding secrets that others can read (POSIX only)."""
    if os.name == "nt":
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if mode & 0o077:
        raise ConfigError(
            f"{path} holds an API key or password but is readable by others (mode {mode:04o}).\n"
            f"Fix it with:  chmod 600 {path}\n"
            f"or remove the secret from the file and set {ENV_API_KEY} instead."
        )


# --------------------------------------------------------------------------- secrets


def keyring_get(profile_name: str) -> str | None:
    """The key from the system keyring, or None when keyring is absent or has no usable backend.

    keyring is optional: headless hosts (SSH sessions, containers) usually have no backend, and
    any failure there simply means "not in the keyring".
    """
    if os.environ.get("FSTUI_NO_KEYRING"):
        return None
    try:
        import keyring  # type: ignore[import-not-found]
    except Exception:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, profile_name) or None
    except Exception:
        return None


def _resolve_secret(
    entry: ProfileEntry | None, profile_name: str, config_path: Path | None, env: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """(api_key, password) for a profile, from env, keyring, then the (0600) file."""
    source = entry.api_key_source if entry else "auto"
    if source in ("auto", "env"):
        key = env.get(ENV_API_KEY)
        if key:
            return key, None
    if source in ("auto", "keyring"):
        key = keyring_get(profile_name)
        if key:
            return key, None
    if source in ("auto", "file") and entry is not None and entry.has_file_secret:
        assert config_path is not None
        check_file_mode(config_path)
        return entry.api_key, entry.password
    return None, None


# --------------------------------------------------------------------------- URLs


def check_url(url: str) -> None:
    """https only, except loopback (the sandbox); a clear message instead of a traceback."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{url!r} is not a valid URL. Use e.g. https://acme.freshservice.com")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError(
            f"{url} uses plain http, which would send your API key unencrypted.\n"
            f"Use https://{parts.netloc}{parts.path} instead."
        )


def check_domain(domain: str, full_url: str = "--url") -> None:
    """``full_url``: how the user gives a full URL where the domain came from (``--url``, or ``url =`` in
    the file)."""
    value = domain.strip()
    if not value or "/" in value or ":" in value or " " in value:
        raise ConfigError(
            f"{domain!r} is not a Freshservice domain. Use the account name (acme) or "
            f"acme.freshservice.com, or {full_url} for a full URL."
        )


# --------------------------------------------------------------------------- building the Profile


def resolve_profile(
    *,
    profile: str | None = None,
    domain: str | None = None,
    url: str | None = None,
    read_only: bool = False,
    env: Mapping[str, str] | None = None,
    config: Config | None = None,
) -> Profile:
    """The Profile `fstui` runs with, from the command line, the environment and the config file.

    - ``--domain``/``--url``: that account; the key from FRESHSERVICE_API_KEY (or keyring/file of a
      profile with the same domain/url, when one exists).
    - ``--profile NAME``: that profile from the file.
    - neither: the file's ``default_profile``; else the only profile, if exactly one; else, with no profile
      at all, the demo desk (several profiles and no default: ConfigError, never the demo desk in their place).
    ``read_only=True`` (from ``--read-only``) can only add protection, never remove a profile's.
    """
    env = os.environ if env is None else env
    if domain and url:
        raise ConfigError("Give either --domain or --url, not both.")
    if profile and (domain or url):
        raise ConfigError("Give either --profile or --domain/--url, not both.")
    config = config if config is not None else load_config()

    if domain or url:
        if url:
            check_url(url)
        else:
            check_domain(domain or "")
        entry = _matching_entry(config, domain=domain, url=url)
        name = entry.name if entry else (domain or urlsplit(url or "").hostname or "cli")
        key, password = _resolve_secret(entry, name, config.path, env)
        email = entry.email if entry else None
        if not key and not (email and password):
            raise ConfigError(
                f"No API key for {domain or url}.\n"
                f"Set it in the environment:  export {ENV_API_KEY}=...   (your key is in Freshservice "
                "under Profile settings > API key),\nor add a profile to "
                f"{config.path} (see `fstui profiles --help`)."
            )
        return Profile(
            name=name,
            domain=domain,
            url=url,
            api_key=key,
            email=email,
            password=password if not key else None,
            plan=entry.plan if entry else None,
            shared=_checked_shared(entry, config.path) if entry else None,
            read_only=read_only or bool(entry and entry.read_only),
        )

    if profile is None:
        profile = config.default_profile
        if profile is None and len(config.profiles) == 1:
            profile = next(iter(config.profiles))
        if profile is None and len(config.profiles) > 1:  # never the demo desk instead of an account meant
            names = ", ".join(sorted(config.profiles))
            raise ConfigError(f"{config.path}: {len(config.profiles)} profiles ({names}) and no default_profile: "
                              "pick one with --profile NAME or set default_profile = \"NAME\" "
                              "(--profile demo opens the demo desk).")
    if profile is None or (profile == "demo" and "demo" not in config.profiles):
        return demo_profile(read_only=read_only)
    entry = config.profiles.get(profile)
    if entry is None:
        known = ", ".join(sorted(config.profiles)) or "none yet"
        raise ConfigError(
            f"No profile named {profile!r} in {config.path} (profiles: {known}).\n"
            f"Add a [profiles.{profile}] table with a domain or url, or pick another with --profile."
        )
    return profile_from_entry(entry, config.path, env=env, read_only=read_only)


def profile_from_entry(
    entry: ProfileEntry, config_path: Path, *, env: Mapping[str, str] | None = None, read_only: bool = False
) -> Profile:
    env = os.environ if env is None else env  # (its url or domain was checked when the file was read)
    key, password = _resolve_secret(entry, entry.name, config_path, env)
    if not key and not (entry.email and password):
        raise ConfigError(
            f"Profile {entry.name!r} has no API key.\n"
            f"Set {ENV_API_KEY}, store it in the keyring (keyring set {KEYRING_SERVICE} {entry.name}), "
            f"or put api_key in {config_path} and run: chmod 600 {config_path}"
        )
    return Profile(
        name=entry.name,
        domain=entry.domain,
        url=entry.url,
        api_key=key,
        email=entry.email,
        password=password if not key else None,
        plan=entry.plan,
        read_only=read_only or entry.read_only,
        shared=_checked_shared(entry, config_path),
    )


def _checked_shared(entry: ProfileEntry, config_path: Path) -> SharedSettings | None:
    """The profile's shared backend; a Redis password in the file makes it a secret file (0600)."""
    if entry.shared is not None and urlsplit(entry.shared.url).password:
        check_file_mode(config_path)
    return entry.shared


def demo_profile(*, read_only: bool = False) -> Profile:
    """The demo desk: the embedded sandbox (its own key and agent come from fstui.sandbox)."""
    return Profile(name="demo", demo=True, read_only=read_only, plan=None)


def _matching_entry(config: Config, *, domain: str | None, url: str | None) -> ProfileEntry | None:
    for entry in config.profiles.values():
        if domain and entry.domain and _bare(entry.domain) == _bare(domain):
            return entry
        if url and entry.url and entry.url.rstrip("/") == url.rstrip("/"):
            return entry
    return None


def _bare(domain: str) -> str:
    return domain.strip().lower().removesuffix(".freshservice.com")


def profile_names(config: Config | None = None) -> list[str]:
    """Profiles the user can switch to (the demo desk is always one)."""
    config = config if config is not None else load_config()
    names = sorted(config.profiles)
    if "demo" not in names:
        names.append("demo")
    return names


def with_read_only(profile: Profile, read_only: bool) -> Profile:
    return replace(profile, read_only=read_only)


# --------------------------------------------------------------------------- writing the file


def sample_config() -> str:
    """A commented starting point, written by `fstui profiles init`."""
    return (
        "# fstui configuration. Profiles are accounts; `fstui --profile NAME` picks one.\n"
        "# The API key is read from FRESHSERVICE_API_KEY, else the system keyring\n"
        "# (service 'fstui', user = profile name), else api_key below - and then this\n"
        "# file must be mode 0600 (chmod 600 config.toml).\n\n"
        '# default_profile = "acme"\n\n'
        "# [profiles.acme]\n"
        '# domain = "acme"            # or url = "https://acme.freshservice.com"\n'
        '# email = "me@acme.com"\n'
        '# plan = "growth"\n'
        "# read_only = false\n"
        '# api_key_source = "auto"    # auto | env | keyring | file\n'
        '# shared = "rediss://:PASSWORD@redis.internal:6380/0"  # teams: shared cache and budget\n'
        "# budget_share = 0.5         # all fstui processes together: at most half of the budget\n"
        "\n# The look and the live queue (see README: Views, live refresh, keys and colours).\n"
        "# [ui]\n"
        '# theme = "fstui-light"      # fstui-dark | fstui-light | any Textual theme\n'
        "# preview = true             # preview pane at >= 120 columns\n"
        "# refresh_interval = 60      # seconds; 0 = no live refresh\n"
        "# bell = false\n"
        "# desktop_notifications = false\n"
        "# signature = true           # a new reply starts with your Freshservice signature\n\n"
        "# [keys]                     # binding id = keys (? help shows the ids)\n"
        '# "queue.refresh" = "ctrl+r"\n\n'
        "# [[profiles.acme.views]]    # or [[views]] for every profile\n"
        '# name = "My open"\n'
        '# query = "agent_id:{me} AND (status:2 OR status:3)"\n'
        '# sort = "sla"               # sla | priority | updated | created | server\n'
    )


def write_sample_config(path: Path | None = None) -> Path:
    path = path or locations.config_file()
    if path.exists():
        raise ConfigError(f"{path} already exists; edit it instead.")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(sample_config())
    return path
