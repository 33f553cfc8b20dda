"""Network failures that running again will not fix, told apart by their text, with what to check.

A name that does not resolve, a port that refuses the connection, a certificate that is not
trusted: each points at a setting (the URL, a proxy, a CA bundle), not at a busy server. Both
the GitHub API client's exceptions and git's stderr name them in these words.
"""

from __future__ import annotations

import enum
from urllib.parse import urlsplit

GIT_CA_SETTING = "GIT_SSL_CAINFO (git's http.sslCAInfo)"
API_CA_SETTING = "REQUESTS_CA_BUNDLE"


class Unreachable(enum.Enum):
    """Why a server could not be reached, in a way that retrying does not change."""

    NAME = "name"
    REFUSED = "refused"
    TLS = "tls"


_SIGNS = (
    (
        Unreachable.NAME,
        (
            "could not resolve host",
            "failed to resolve",
            "name or service not known",
            "nodename nor servname",
            "no address associated with hostname",
            "temporary failure in name resolution",
            "getaddrinfo failed",
        ),
    ),
    (Unreachable.REFUSED, ("connection refused", "couldn't connect to server")),
    (
        Unreachable.TLS,
        (
            "certificate verify failed",
            "certificate_verify_failed",
            "ssl certificate problem",
            "server certificate verification failed",
            "self-signed certificate",
            "self signed certificate",
            "unable to get local issuer certificate",
            "sslerror",
            "[ssl",
            "gnutls_handshake",
            "tls handshake",
            "wrong version number",
        ),
    ),
)


def unreachable(text: str) -> Unreachable | None:
    """The lasting reason ``text`` (an exception or git's stderr) gives, if it gives one."""
    lowered = text.lower()
    for reason, signs in _SIGNS:
        if any(sign in lowered for sign in signs):
            return reason
    return None


def what_to_check(reason: Unreachable, *, url: str, setting: str, ca_setting: str) -> str:
    """What a user checks for ``reason``: the URL (and the ``setting`` it comes from), the
    proxy, or the certificate authorities (``ca_setting``)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2] or url
    shown = parts._replace(netloc=host).geturl()  # never the credentials a URL may carry
    where = f"check the URL {shown} ({setting})" if url else f"check {setting}"
    if reason is Unreachable.NAME:
        return (
            f"the host name {host} does not resolve: {where}, and the network's DNS or proxy "
            "settings (HTTPS_PROXY, NO_PROXY); running again will not help"
        )
    if reason is Unreachable.REFUSED:
        return (
            f"{host} refused the connection: {where}, including its port, that the server runs "
            "there, and the proxy settings (HTTPS_PROXY, NO_PROXY); running again will not help"
        )
    return (
        f"the TLS connection to {host} failed (its certificate is not trusted or the handshake "
        f"failed): {where}, and for a server with its own certificate authority point "
        f"{ca_setting} at that CA's bundle; running again will not help"
    )
