"""Team settings in a profile: off by default, the loopback/password rule for redis://, rediss:// (TLS)
accepted, bad values refused with a message, a Redis password in the file makes it a secret file."""

from __future__ import annotations

import os
import sys

import pytest

from fstui import config as cfg
from fstui import locations
from fstui.config_shared import SharedConfigError, check_shared_url


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch):
    monkeypatch.setitem(sys.modules, "keyring", None)


def write_config(text: str, mode: int = 0o600):
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def profile(extra: str, mode: int = 0o600):
    write_config('[profiles.acme]\ndomain = "acme"\n' + extra, mode)
    return cfg.resolve_profile(profile="acme", env={"FRESHSERVICE_API_KEY": "k"})


def test_off_by_default():
    assert profile("").shared is None


def test_a_team_profile_reads_its_settings():
    p = profile('shared = "rediss://:pw@redis.corp.example:6380/2"\nbudget_share = 0.5\nshared_timeout_ms = 80\n')
    assert p.shared is not None
    assert p.shared.budget_share == 0.5 and p.shared.timeout_ms == 80 and p.shared.budget_window == 60
    assert "pw" not in repr(p.shared) and "pw" not in p.shared.display
    assert p.shared.display == "rediss://redis.corp.example:6380/2"


@pytest.mark.parametrize("url", [
    "redis://127.0.0.1:6379/0", "redis://localhost/0", "redis://[::1]:6379", "redis://:pw@redis.corp.example/0",
    "redis://fstui:pw@10.0.0.5:6379/0", "rediss://:pw@redis.corp.example:6380/0",
])
def test_accepted_urls(url):
    check_shared_url(url)


def test_non_loopback_redis_without_a_password_is_refused_unless_allowed():
    with pytest.raises(SharedConfigError, match="without a password"):
        check_shared_url("redis://redis.corp.example:6379/0")
    check_shared_url("redis://redis.corp.example:6379/0", allow_insecure=True)
    with pytest.raises(cfg.ConfigError, match="shared_allow_insecure"):
        profile('shared = "redis://10.1.2.3:6379/0"\n')
    assert profile('shared = "redis://10.1.2.3:6379/0"\nshared_allow_insecure = true\n').shared is not None


@pytest.mark.parametrize("extra, message", [
    ('shared = "http://redis.example"\n', "redis:// or rediss://"),
    ('shared = "redis://127.0.0.1"\nbudget_share = 0\n', "budget_share"),
    ('shared = "redis://127.0.0.1"\nbudget_share = 1.5\n', "budget_share"),
    ('shared = "redis://127.0.0.1"\nshared_timeout_ms = 0\n', "shared_timeout_ms"),
    ('shared = "redis://127.0.0.1"\nbudget_window = -1\n', "budget_window"),
    ("shared = 5\n", "must be a string"),
])
def test_bad_settings_say_what_to_change(extra, message):
    with pytest.raises(cfg.ConfigError, match=message):
        profile(extra)


def test_a_redis_password_in_the_file_needs_a_private_file():
    with pytest.raises(cfg.ConfigError):
        profile('shared = "rediss://:pw@redis.corp.example/0"\n', mode=0o644)
    assert profile('shared = "redis://127.0.0.1:6379/0"\n', mode=0o644).shared is not None
