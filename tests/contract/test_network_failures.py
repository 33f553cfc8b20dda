"""Network failures that running again will not fix say what to check, through the real adapters.

A port that refuses connections (a socket bound here that never listens), a host name that
cannot resolve (``.invalid`` is reserved for that, RFC 2606) and a server whose certificate is
not trusted (a local TLS server with a self-signed certificate): the GitHub adapter (PyGithub
and requests), the clone cache (git clone) and a checkout's fetch (git fetch).
"""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from regent.adapters.git.clone_cache import CloneCache
from regent.adapters.git.history import GitHistory
from regent.adapters.github.adapter import connect_github
from regent.adapters.github.retry import RetryPolicy
from regent.adapters.network import Unreachable, unreachable
from regent.core.errors import GitHubError, HistoryError, RegentError
from regent.core.model import RepoRef
from tests.gitrepo import GitRepo, git

pytestmark = pytest.mark.contract

REPO = RepoRef("acme", "widget")
QUICK = RetryPolicy(attempts=2, backoff_base=0.01, backoff_max=0.02, max_wait=1.0, timeout=5)
TEMPORARY = "usually temporary"
PROXIES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def refusing() -> Iterator[str]:
    """``http://127.0.0.1:PORT``: a port bound by this test that never listens, so it refuses."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{bound.getsockname()[1]}"


@pytest.fixture
def untrusted(tmp_path: Path) -> Iterator[str]:
    """``https://127.0.0.1:PORT``: a TLS server whose certificate nobody trusts."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_self_signed(tmp_path))
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            try:
                context.wrap_socket(client, server_side=True).close()
            except OSError:  # ssl.SSLError too: the client gives up in the handshake
                client.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)


UNRESOLVABLE = "https://api.release-regent.invalid"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def assert_says_what_to_check(error: RegentError, *words: str) -> None:
    message = error.message
    assert not error.retryable, message
    assert TEMPORARY not in message
    assert "running again will not help" in message
    for word in words:
        assert word in message, message


def github_error(url: str) -> GitHubError:
    adapter = connect_github(token="t", api_url=url, retry=QUICK).for_repository(REPO)
    with pytest.raises(GitHubError) as raised:
        adapter.branch_head("main")
    return raised.value


def test_the_github_api_url_refusing_connections_names_the_setting(refusing: str) -> None:
    error = github_error(refusing)
    assert_says_what_to_check(error, "refused the connection", refusing, "GITHUB_API_URL")
    assert "github-api-url" in error.message


def test_an_unresolvable_github_api_host_names_the_setting() -> None:
    error = github_error(UNRESOLVABLE)
    assert_says_what_to_check(
        error, "api.release-regent.invalid does not resolve", "GITHUB_API_URL", "HTTPS_PROXY"
    )


def test_an_untrusted_github_certificate_names_the_ca_bundle(untrusted: str) -> None:
    error = github_error(untrusted)
    assert_says_what_to_check(error, "TLS connection", untrusted, "REQUESTS_CA_BUNDLE")


def clone_error(tmp_path: Path, url: str) -> HistoryError:
    cache = CloneCache(tmp_path / "cache")
    with pytest.raises(HistoryError) as raised, cache.checkout(REPO, clone_url=url, token=None):
        pass
    return raised.value


def test_a_clone_from_a_refusing_git_server_names_the_setting(
    tmp_path: Path, refusing: str
) -> None:
    error = clone_error(tmp_path, f"{refusing}/acme/widget.git")
    assert_says_what_to_check(error, "refused the connection", "REGENT_GIT_URL")


def test_a_clone_from_an_unresolvable_host_names_the_setting(tmp_path: Path) -> None:
    error = clone_error(tmp_path, f"{UNRESOLVABLE}/acme/widget.git")
    assert_says_what_to_check(error, "does not resolve", "REGENT_GIT_URL")


def test_a_clone_from_an_untrusted_server_names_git_s_ca_setting(
    tmp_path: Path, untrusted: str
) -> None:
    error = clone_error(tmp_path, f"{untrusted}/acme/widget.git")
    assert_says_what_to_check(error, "TLS connection", "GIT_SSL_CAINFO")


@pytest.mark.parametrize("kind", ["refusing", "unresolvable"])
def test_a_fetch_from_an_unreachable_origin_names_the_remote(
    tmp_path: Path, refusing: str, kind: str
) -> None:
    repo = GitRepo.create(tmp_path / "checkout")
    repo.commit("feat: first")
    server = refusing if kind == "refusing" else UNRESOLVABLE
    url = f"{server.replace('://', '://user:secret@')}/acme/widget.git"
    git(repo.path, "remote", "add", "origin", url)
    with pytest.raises(HistoryError) as raised:
        GitHistory(repo.path).refresh("main")
    assert_says_what_to_check(raised.value, "the checkout's origin remote", server)
    assert "secret" not in raised.value.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("fatal: unable to access 'https://x.invalid/': Could not resolve host", Unreachable.NAME),
        ("Failed to resolve 'x' ([Errno -2] Name or service not known)", Unreachable.NAME),
        ("Failed to connect to 127.0.0.1 port 9: Connection refused", Unreachable.REFUSED),
        ("unable to access: SSL certificate problem: self-signed certificate", Unreachable.TLS),
        ("SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", Unreachable.TLS),
        ("fatal: repository 'https://github.com/openssl/openssl/' not found", None),
        ("Connection reset by peer", None),
        ("Read timed out. (read timeout=15)", None),
    ],
)  # fmt: skip
def test_lasting_reasons_are_told_apart_from_passing_ones(
    text: str, reason: Unreachable | None
) -> None:
    assert unreachable(text) is reason
