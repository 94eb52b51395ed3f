"""Profiles: selection, key sources, the 0600 rule, and clear messages for bad input."""

from __future__ import annotations

import os
import sys
import types

import pytest

from fstui import config as cfg
from fstui import locations


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch):
    """The developer's real keyring must not leak into the tests (tests that want one install a fake)."""
    monkeypatch.setitem(sys.modules, "keyring", None)


def write_config(text: str, mode: int = 0o600):
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


TWO_PROFILES = """
default_profile = "acme"

[profiles.acme]
domain = "acme"
email = "me@acme.com"
plan = "growth"

[profiles.lab]
url = "https://lab.example.com"
read_only = true
"""


def test_no_config_opens_the_demo_desk():
    profile = cfg.resolve_profile(env={})
    assert profile.demo and profile.name == "demo" and profile.label == "DEMO"
    assert not profile.read_only


def test_read_only_flag_applies_to_demo():
    assert cfg.resolve_profile(read_only=True, env={}).read_only


def test_default_profile_with_env_key():
    write_config(TWO_PROFILES)
    profile = cfg.resolve_profile(env={"FRESHSERVICE_API_KEY": "k-env"})
    assert (profile.name, profile.domain, profile.email, profile.plan) == ("acme", "acme", "me@acme.com", "growth")
    assert profile.api_key == "k-env"
    assert "k-env" not in repr(profile)


def test_profile_selection_and_read_only_from_file():
    write_config(TWO_PROFILES)
    profile = cfg.resolve_profile(profile="lab", env={"FRESHSERVICE_API_KEY": "k"})
    assert profile.url == "https://lab.example.com" and profile.read_only
    assert profile.label == "lab.example.com"
    # --read-only can add protection, never remove the file's
    assert cfg.resolve_profile(profile="lab", read_only=False, env={"FRESHSERVICE_API_KEY": "k"}).read_only


def test_unknown_profile_lists_known_ones():
    write_config(TWO_PROFILES)
    with pytest.raises(cfg.ConfigError, match=r"No profile named 'nope'.*acme, lab"):
        cfg.resolve_profile(profile="nope", env={})


def test_single_profile_is_the_default():
    write_config('[profiles.only]\ndomain = "only"\n')
    assert cfg.resolve_profile(env={"FRESHSERVICE_API_KEY": "k"}).name == "only"


def test_key_from_file_needs_0600():
    path = write_config('[profiles.acme]\ndomain = "acme"\napi_key = "k-file"\n', mode=0o644)
    with pytest.raises(cfg.ConfigError) as info:
        cfg.resolve_profile(env={})
    message = str(info.value)
    assert "readable by others" in message and f"chmod 600 {path}" in message
    assert "k-file" not in message
    os.chmod(path, 0o600)
    assert cfg.resolve_profile(env={}).api_key == "k-file"


def test_env_key_wins_over_an_open_file():
    write_config('[profiles.acme]\ndomain = "acme"\napi_key = "k-file"\n', mode=0o644)
    assert cfg.resolve_profile(env={"FRESHSERVICE_API_KEY": "k-env"}).api_key == "k-env"


def test_keyring_used_when_present(monkeypatch):
    fake = types.ModuleType("keyring")
    fake.get_password = lambda service, user: f"k-ring-{service}-{user}"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    write_config('[profiles.acme]\ndomain = "acme"\n')
    assert cfg.resolve_profile(env={}).api_key == "k-ring-fstui-acme"


def test_broken_keyring_falls_back_cleanly(monkeypatch):
    fake = types.ModuleType("keyring")

    def boom(service, user):
        raise RuntimeError("No recommended backend was available")

    fake.get_password = boom  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    write_config('[profiles.acme]\ndomain = "acme"\napi_key = "k-file"\n')
    assert cfg.resolve_profile(env={}).api_key == "k-file"


def test_missing_key_says_how_to_fix():
    write_config('[profiles.acme]\ndomain = "acme"\n')
    with pytest.raises(cfg.ConfigError, match="FRESHSERVICE_API_KEY"):
        cfg.resolve_profile(env={})


def test_domain_flag_uses_env_key_and_matching_profile():
    write_config(TWO_PROFILES)
    profile = cfg.resolve_profile(domain="acme.freshservice.com", env={"FRESHSERVICE_API_KEY": "k"})
    assert profile.name == "acme" and profile.email == "me@acme.com"
    other = cfg.resolve_profile(domain="other", env={"FRESHSERVICE_API_KEY": "k"})
    assert other.name == "other" and other.domain == "other"


def test_domain_without_key_refused():
    with pytest.raises(cfg.ConfigError, match="No API key for acme"):
        cfg.resolve_profile(domain="acme", env={})


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://acme.freshservice.com", True),
        ("http://127.0.0.1:8000", True),
        ("http://localhost:9", True),
        ("http://acme.freshservice.com", False),
        ("ftp://acme", False),
    ],
)
def test_http_only_for_loopback(url, ok):
    if ok:
        cfg.check_url(url)
    else:
        with pytest.raises(cfg.ConfigError):
            cfg.check_url(url)


def test_conflicting_options():
    with pytest.raises(cfg.ConfigError):
        cfg.resolve_profile(domain="a", url="https://b", env={})
    with pytest.raises(cfg.ConfigError):
        cfg.resolve_profile(profile="a", domain="a", env={})


@pytest.mark.parametrize(
    "text, match",
    [
        ("this is = = not toml", "not valid TOML"),
        ('[profiles.x]\nplan = "p"\n', "needs a domain"),
        ('[profiles.x]\ndomain = "a"\nurl = "https://b"\n', "both domain and url"),
        ('[profiles.x]\ndomain = "a"\nread_only = "yes"\n', "true or false"),
        ('[profiles.x]\ndomain = "a"\napi_key_source = "vault"\n', "api_key_source"),
        ('default_profile = "y"\n[profiles.x]\ndomain = "a"\n', "names no profile"),
    ],
)
def test_bad_files_give_messages(text, match):
    write_config(text)
    with pytest.raises(cfg.ConfigError, match=match):
        cfg.load_config()


def test_sample_config_is_0600_and_parses():
    path = cfg.write_sample_config()
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o600)
    assert cfg.load_config().profiles == {}
    with pytest.raises(cfg.ConfigError, match="already exists"):
        cfg.write_sample_config()


def test_profile_names_always_offer_demo():
    write_config(TWO_PROFILES)
    assert cfg.profile_names() == ["acme", "lab", "demo"]


@pytest.mark.parametrize("text, line, setting", [
    ('[profiles.x]\ndomain = "a"\n\nread_only = "yes"\n', 4, "profiles.x.read_only must be true or false"),
    ('[profiles."x"]\n# the lab\nemail = 5\ndomain = "a"\n', 3, "profiles.x.email must be a string"),
    ('[profiles.y]\ndomain = "b"\n[profiles.x]\ndomain = "a"\napi_key_source = "vault"\n', 5,
     "profiles.x.api_key_source must be one of"),
    ('[profiles.x]\ndomain = "a"\nshared = "redis://127.0.0.1"\nbudget_share = 2\n', 4,
     "profiles.x.budget_share must be a number above 0"),
])
def test_a_bad_profile_setting_is_said_with_its_line(text, line, setting):
    """A bad setting names the file and the line it is written on, as the [ui] and [keys] problems do."""
    path = write_config(text)
    with pytest.raises(cfg.ConfigError) as info:
        cfg.load_config()
    assert str(info.value).startswith(f"{path}:{line}: {setting}")


@pytest.mark.parametrize("text, line, said", [
    ('[profiles.x]\ndomain = "a"\nreadonly = true\n', 3,
     'profiles.x.readonly is not a profile setting (did you mean "read_only"?)'),
    ('[profiles.x]\ndomain = "a"\n[profiles.x.ui]\ntheme = "nord"\n', 3, "profiles.x.ui is not a profile setting"),
    ('default_profle = "x"\n[profiles.x]\ndomain = "a"\n', 1,
     "'default_profle' is not a setting fstui knows (did you mean \"default_profile\"?)"),
    ('[profiles.x]\ndomain = "a"\n\n[iu]\ntheme = "nord"\n', 4, "'iu' is not a setting fstui knows"),
])
def test_a_name_fstui_does_not_know_is_refused_with_its_line(text, line, said):
    """QA: `readonly = true` (a typo) left the profile writable without a word. Every unknown name in a
    profile or at the top level is refused, with its line and the setting it is close to."""
    path = write_config(text)
    with pytest.raises(cfg.ConfigError) as info:
        cfg.load_config()
    assert str(info.value).startswith(f"{path}:{line}: {said}")


def test_several_profiles_and_no_default_is_refused_never_the_demo_desk():
    """brk §5: two profiles, no default_profile: the CLI answered from the demo desk (a reply to #1994 'sent',
    exit 0). Refused instead, naming the profiles; --profile picks one, --profile demo still opens the demo."""
    path = write_config('[profiles.acme]\ndomain = "acme"\n[profiles.beta]\ndomain = "beta"\n')
    with pytest.raises(cfg.ConfigError) as info:
        cfg.resolve_profile(env={"FRESHSERVICE_API_KEY": "k"})
    assert str(info.value).startswith(f"{path}: 2 profiles (acme, beta) and no default_profile")
    assert cfg.resolve_profile(profile="beta", env={"FRESHSERVICE_API_KEY": "k"}).domain == "beta"
    assert cfg.resolve_profile(profile="demo", env={}).demo


@pytest.mark.parametrize("text, line, said", [
    ('default_profile = "sbb"\n[profiles.sb]\ndomain = "a"\n', 1, "default_profile = 'sbb' names no profile"),
    ('[profiles.x]\nemail = "me@a.com"\n', 1, 'profiles.x needs a domain ("acme") or a url'),
    ('[profiles.x]\n\nurl = "http://example.com"\n', 3, "profiles.x.url: http://example.com uses plain http"),
    ('[profiles.x]\ndomain = "ac me"\n', 2, "profiles.x.domain: 'ac me' is not a Freshservice domain"),
    ('[profiles.x]\ndomain = "a"\nurl = "https://b"\n', 3, "profiles.x sets both domain and url"),
])
def test_every_profile_problem_names_its_line(text, line, said):
    """brk §6: these named the file alone, or not even that (a plain-http url, a bad domain)."""
    path = write_config(text)
    with pytest.raises(cfg.ConfigError) as info:
        cfg.load_config()
    message = str(info.value).replace('(e.g. "acme")', '("acme")')
    assert message.startswith(f"{path}:{line}: {said}")
    if "domain" in said and "ac me" in said:
        assert "--url" not in message and 'url = "https://..."' in message
