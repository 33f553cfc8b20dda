"""Where the token may go: the GitHub git server, derived from the API URL or set, and checked."""

from __future__ import annotations

import pytest

from regent.adapters.github.endpoint import git_server_url
from regent.core.errors import UsageError
from regent.runtimes.webhook.settings import read_webhook_settings

PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"
GOOD = {"GITHUB_APP_ID": "123", "GITHUB_APP_PRIVATE_KEY": PEM, "GITHUB_WEBHOOK_SECRET": "s1"}


@pytest.mark.parametrize(
    ("api_url", "server_url", "expected"),
    [
        ("https://api.github.com", None, "https://github.com"),
        ("https://ghe.example.com/api/v3", None, "https://ghe.example.com"),
        ("https://ghe.example.com:8443/api/v3/", None, "https://ghe.example.com:8443"),
        ("https://api.octo.ghe.com", None, "https://octo.ghe.com"),
        ("http://127.0.0.1:9000", None, "http://127.0.0.1:9000"),
        ("https://api.github.com", " https://github.example/ ", "https://github.example"),
        ("https://api.github.com", "", "https://github.com"),
    ],
)
def test_the_git_server_of_an_api_url(api_url: str, server_url: str | None, expected: str) -> None:
    assert git_server_url(api_url=api_url, server_url=server_url) == expected


def test_the_webhook_git_url_defaults_to_the_api_urls_server() -> None:
    assert read_webhook_settings(GOOD).git_url == "https://github.com"
    ghes = read_webhook_settings(GOOD | {"GITHUB_API_URL": "https://ghe.example.com/api/v3"})
    assert ghes.git_url == "https://ghe.example.com"


@pytest.mark.parametrize("value", ["https://git.example.com/", "file:///srv/repos"])
def test_the_webhook_git_url_is_read(value: str) -> None:
    settings = read_webhook_settings(GOOD | {"REGENT_GIT_URL": value})
    assert settings.git_url == value.rstrip("/")


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("ftp://git.example.com", "REGENT_GIT_URL is 'ftp://git.example.com'"),
        ("/srv/repos", "REGENT_GIT_URL is '/srv/repos'"),
        ("https://", "REGENT_GIT_URL is 'https:'"),
        ("https://x:ghs_secret@git.example.com", "REGENT_GIT_URL carries credentials"),
        ("https://git.example.com?a=b", "REGENT_GIT_URL carries credentials, a query"),
    ],
)
def test_a_bad_webhook_git_url_stops_start_up(value: str, named: str) -> None:
    with pytest.raises(UsageError) as refused:
        read_webhook_settings(GOOD | {"REGENT_GIT_URL": value, "GITHUB_APP_ID": "x"})
    assert named in refused.value.message
    assert "GITHUB_APP_ID is 'x'" in refused.value.message
    assert "ghs_secret" not in refused.value.message
