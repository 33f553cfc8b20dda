"""One POST of a JSON body to a notifier's URL, with a deadline; a refusal is an error."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import requests

from regent.core.errors import RegentError

TIMEOUT_SECONDS = 10.0
USER_AGENT = "release-regent"


class NotifierError(RegentError):
    """A notifier's URL could not be reached or refused the message."""


def post(url: str, body: bytes, *, headers: Mapping[str, str], what: str) -> int:
    """POST ``body`` to ``url``; the status, or NotifierError naming ``what`` and the host
    (never the URL: its path is often the secret)."""
    host = urlsplit(url).hostname or "?"
    sent = {"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers}
    try:
        response = requests.post(url, data=body, headers=sent, timeout=TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise NotifierError(
            f"{what} at {host} could not be reached ({type(error).__name__}); check the URL "
            "and that this runner or service can reach it"
        ) from None
    if response.status_code >= 300:
        raise NotifierError(
            f"{what} at {host} answered {response.status_code}: "
            f"{response.text[:200].strip() or 'no reason given'}"
        )
    return response.status_code
