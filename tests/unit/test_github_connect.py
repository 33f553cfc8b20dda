"""Building the GitHub adapter: credentials checked up front, nothing sent until used."""

from __future__ import annotations

import pytest

from regent.adapters.github.adapter import connect_github
from regent.adapters.github.auth import AppCredentials, Throttle
from regent.core.errors import GitHubAuthError, UsageError
from regent.core.model import CallCounts


def test_a_token_adapter_costs_no_request_to_build() -> None:
    github = connect_github(token="a-token-for-nothing", api_url="http://127.0.0.1:9")
    assert github.call_counts() == CallCounts()


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="neither"),
        pytest.param({"token": "t" * 10, "app": AppCredentials(1, "key")}, id="both"),
        pytest.param({"token": "  "}, id="empty-token"),
    ],
)
def test_exactly_one_credential(options: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        connect_github(**options)  # type: ignore[arg-type]


def test_an_app_key_that_cannot_sign_is_refused_at_once() -> None:
    with pytest.raises(GitHubAuthError, match="private key"):
        connect_github(app=AppCredentials(1, "not a key"))


def test_the_app_key_is_never_shown() -> None:
    assert "secret-pem" not in repr(AppCredentials(1, "secret-pem", installation_id=3))


def test_production_keeps_pygithubs_throttle() -> None:
    assert Throttle() == Throttle(0.25, 1.0)
    assert Throttle.off() == Throttle(None, None)
