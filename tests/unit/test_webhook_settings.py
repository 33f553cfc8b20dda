"""The webhook doors' settings: every one read from the environment, every problem named."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from regent.core.errors import UsageError
from regent.runtimes.webhook.settings import (
    DEFAULT_CACHE_DIR,
    private_folder,
    read_webhook_settings,
)

PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"
GOOD = {"GITHUB_APP_ID": "123", "GITHUB_APP_PRIVATE_KEY": PEM, "GITHUB_WEBHOOK_SECRET": "s1"}


def test_the_minimal_settings_and_their_defaults() -> None:
    settings = read_webhook_settings(GOOD)
    assert (settings.app_id, settings.private_key, settings.webhook_secrets) == (123, PEM, ("s1",))
    assert settings.api_url == "https://api.github.com"
    assert (settings.cache_dir, settings.max_repositories) == (DEFAULT_CACHE_DIR, 50)
    assert not settings.throttle_off
    assert PEM not in repr(settings)
    assert "s1" not in repr(settings)


def test_every_setting_read(tmp_path: Path) -> None:
    key = tmp_path / "app.pem"
    key.write_text(PEM + "\n", encoding="utf-8")
    settings = read_webhook_settings(
        {
            "GITHUB_APP_ID": " 77 ",
            "GITHUB_APP_PRIVATE_KEY_PATH": str(key),
            "GITHUB_WEBHOOK_SECRET": "new-secret, old-secret ,",
            "GITHUB_API_URL": "https://ghe.example.com/api/v3/",
            "REGENT_CACHE_DIR": str(tmp_path / "cache"),
            "REGENT_CACHE_MAX_REPOS": "5",
            "REGENT_GITHUB_THROTTLE": "off",
        }
    )
    assert settings.app_id == 77
    assert settings.private_key == PEM
    assert settings.webhook_secrets == ("new-secret", "old-secret")
    assert settings.api_url == "https://ghe.example.com/api/v3"
    assert (settings.cache_dir, settings.max_repositories) == (tmp_path / "cache", 5)
    assert settings.throttle_off


def test_a_key_with_escaped_newlines_is_accepted() -> None:
    settings = read_webhook_settings(GOOD | {"GITHUB_APP_PRIVATE_KEY": PEM.replace("\n", "\\n")})
    assert settings.private_key == PEM


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        pytest.param(
            {},
            [
                "GITHUB_APP_ID is not set",
                "GITHUB_APP_PRIVATE_KEY",
                "GITHUB_WEBHOOK_SECRET is not set",
            ],
            id="nothing",
        ),
        pytest.param(
            GOOD | {"GITHUB_APP_ID": "my-app"},
            ["GITHUB_APP_ID is 'my-app', not a number"],
            id="app-id",
        ),
        pytest.param(
            GOOD | {"GITHUB_APP_PRIVATE_KEY": "ssh-rsa AAAA"},
            ["does not hold a PEM private key"],
            id="not-pem",
        ),
        pytest.param(
            {k: v for k, v in GOOD.items() if k != "GITHUB_APP_PRIVATE_KEY"}
            | {"GITHUB_APP_PRIVATE_KEY_PATH": "/nowhere/app.pem"},
            ["GITHUB_APP_PRIVATE_KEY_PATH /nowhere/app.pem cannot be read"],
            id="key-path",
        ),
        pytest.param(
            GOOD | {"GITHUB_WEBHOOK_SECRET": " , "},
            ["GITHUB_WEBHOOK_SECRET is not set"],
            id="secret",
        ),
        pytest.param(
            GOOD | {"REGENT_CACHE_MAX_REPOS": "0"},
            ["REGENT_CACHE_MAX_REPOS is '0'"],
            id="max-repos",
        ),
    ],
)
def test_bad_settings_stop_start_up_naming_each(environ: dict[str, str], named: list[str]) -> None:
    with pytest.raises(UsageError) as raised:
        read_webhook_settings(environ)
    message = str(raised.value)
    assert message.startswith("the webhook service cannot start: ")
    assert message.endswith("(see docs/deploy.md for every setting)")
    for part in named:
        assert part in message
    assert "MIIB" not in message


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_private_folder_is_created_0700_with_its_parents(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "cache"
    assert private_folder(folder) == folder
    assert mode(folder) == 0o700
    assert mode(folder.parent) == 0o700


def test_an_existing_open_folder_is_narrowed_to_0700(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    os.chmod(folder, 0o755)
    private_folder(folder)
    assert mode(folder) == 0o700


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    os.chmod(target, 0o755)
    link = tmp_path / "cache"
    link.symlink_to(target)
    with pytest.raises(UsageError, match="REGENT_CACHE_DIR"):
        private_folder(link)
    assert mode(target) == 0o755


def test_the_serve_limits_and_their_defaults() -> None:
    default = read_webhook_settings(GOOD)
    limits = (default.delivery_timeout, default.max_body_reads, default.max_connections)
    assert limits == (10.0, 8, 2048)
    chosen = read_webhook_settings(
        GOOD
        | {
            "REGENT_DELIVERY_TIMEOUT": "1.5",
            "REGENT_MAX_BODY_READS": "2",
            "REGENT_MAX_CONNECTIONS": "3",
        }
    )
    assert (chosen.delivery_timeout, chosen.max_body_reads, chosen.max_connections) == (1.5, 2, 3)


@pytest.mark.parametrize(
    ("limits", "named"),
    [
        pytest.param({"REGENT_DELIVERY_TIMEOUT": "0"}, "REGENT_DELIVERY_TIMEOUT is '0'", id="zero"),
        pytest.param({"REGENT_DELIVERY_TIMEOUT": "nan"}, "REGENT_DELIVERY_TIMEOUT", id="nan"),
        pytest.param({"REGENT_DELIVERY_TIMEOUT": "1e9"}, "at most 600", id="forever"),
        pytest.param({"REGENT_DELIVERY_TIMEOUT": "ten"}, "number of seconds", id="words"),
        pytest.param({"REGENT_MAX_BODY_READS": "0"}, "REGENT_MAX_BODY_READS is '0'", id="reads"),
        pytest.param(
            {"REGENT_MAX_BODY_READS": "8", "REGENT_MAX_CONNECTIONS": "8"},
            "REGENT_MAX_CONNECTIONS (8) must be above REGENT_MAX_BODY_READS (8)",
            id="healthz-crowded-out",
        ),
    ],
)
def test_a_bad_serve_limit_is_named(limits: dict[str, str], named: str) -> None:
    with pytest.raises(UsageError) as raised:
        read_webhook_settings(GOOD | limits)
    assert named in str(raised.value)


def test_an_audit_file_is_checked_before_start_up(tmp_path: Path) -> None:
    """A file to append to, or a path under a writable folder (made at start), is accepted; a
    path the service could never write is named with the other problems."""
    existing = tmp_path / "audit.jsonl"
    existing.write_text("", encoding="utf-8")
    for fine in (existing, tmp_path / "new" / "deeper" / "audit.jsonl"):
        read_webhook_settings(GOOD | {"REGENT_AUDIT_FILE": str(fine)})
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    for bad in (blocker / "audit.jsonl", tmp_path):
        with pytest.raises(UsageError, match=r"REGENT_AUDIT_FILE .* cannot be appended to"):
            read_webhook_settings(GOOD | {"REGENT_AUDIT_FILE": str(bad)})
