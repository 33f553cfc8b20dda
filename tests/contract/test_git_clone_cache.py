"""The clone cache against real git: blobless clones, LRU eviction, credentials only in env."""

from __future__ import annotations

import base64
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from regent.adapters.git.clone_cache import CloneCache, git_auth_env
from regent.adapters.git.history import GitHistory
from regent.core.errors import HistoryError
from regent.core.model import RepoRef
from tests.gitrepo import GIT_ENV, GitRepo, git

pytestmark = pytest.mark.contract

TOKEN = "ghs_" + "A1b2C3d4" * 5
REPO = RepoRef("acme", "widget")


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def served(tmp_path: Path, name: str) -> tuple[GitRepo, Path]:
    """A work repo with history and a bare copy that allows filtered fetches."""
    work = GitRepo.create(tmp_path / "work" / name)
    work.commit("chore: start", files={"README.md": "hello\n", "VERSION": "1.0.0\n"})
    work.tag("v1.0.0")
    work.commit("feat: app", files={"src/app.py": "x = 1\n"})
    bare = tmp_path / "served" / f"{name}.git"
    bare.parent.mkdir(parents=True, exist_ok=True)
    git(tmp_path, "clone", "--quiet", "--bare", str(work.path), str(bare))
    git(bare, "config", "uploadpack.allowFilter", "true")
    git(bare, "config", "uploadpack.allowAnySHA1InWant", "true")
    git(bare, "config", "http.receivepack", "true")
    return work, bare


def use(cache: CloneCache, repo: RepoRef, url: str, token: str | None) -> None:
    with cache.checkout(repo, clone_url=url, token=token):
        pass


def missing_objects(clone: Path) -> list[str]:
    output = git(clone, "rev-list", "--objects", "--all", "--missing=print")
    return [line[1:] for line in output.splitlines() if line.startswith("?")]


def test_git_auth_env_is_a_basic_header_for_the_server_in_the_environment_only() -> None:
    env = git_auth_env(TOKEN, server="https://github.com/")
    basic = base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()
    settings = {
        env[f"GIT_CONFIG_KEY_{index}"]: env[f"GIT_CONFIG_VALUE_{index}"]
        for index in range(int(env["GIT_CONFIG_COUNT"]))
    }
    assert settings == {
        "http.https://github.com/.extraHeader": f"Authorization: Basic {basic}",
        "fetch.recurseSubmodules": "false",
        "submodule.recurse": "false",
    }


def test_git_auth_env_extra_settings_share_one_environment(tmp_path: Path) -> None:
    work = GitRepo.create(tmp_path / "work")
    server = "https://github.com"
    env = os.environ | git_auth_env(TOKEN, server=server, extra={"safe.directory": "/x"})
    basic = base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()

    def config(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(work.path), "config", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

    assert env["GIT_CONFIG_COUNT"] == "4"
    assert config("--get", "safe.directory") == "/x"
    header = f"Authorization: Basic {basic}"
    assert config("--get-urlmatch", "http.extraHeader", f"{server}/acme/widget.git") == header
    assert config("--get-urlmatch", "http.extraHeader", "https://github.com.evil.example/a") == ""
    assert config("--get-urlmatch", "http.extraHeader", "http://127.0.0.1:8000/a.git") == ""
    assert config("--get", "fetch.recurseSubmodules") == "false"


def test_a_blobless_clone_still_reads_files_and_plans(tmp_path: Path) -> None:
    work, bare = served(tmp_path, "widget")
    cache = CloneCache(tmp_path / "cache")
    with cache.checkout(REPO, clone_url=bare.as_uri(), token=TOKEN) as path:
        assert path == tmp_path / "cache" / "acme" / "widget"
        assert git(path, "config", "remote.origin.partialclonefilter") == "blob:none"
        assert git(path, "config", "remote.origin.url") == bare.as_uri()
        assert missing_objects(path), "blobs should be missing before use"
        history = GitHistory(path, git_env=git_auth_env(TOKEN, server=bare.as_uri()))
        head = history.refresh("main")
        assert head == work.head()
        assert history.read_file_at(head, "VERSION") == "1.0.0\n"
        assert history.tags_merged_into(head, glob="v*") == ["v1.0.0"]
        assert [commit.sha for commit in history.walk(until=head, since="v1.0.0")] == [head]
        config = (path / ".git" / "config").read_text()
    assert TOKEN not in config
    assert "extraheader" not in config.lower()


def test_a_later_checkout_reuses_the_clone_and_refresh_fetches(tmp_path: Path) -> None:
    work, bare = served(tmp_path, "widget")
    cache = CloneCache(tmp_path / "cache")
    with cache.checkout(REPO, clone_url=bare.as_uri(), token=None) as path:
        marker = path / ".git" / "keep"
        marker.write_text("x")
    newer = work.commit("fix: bug", files={"VERSION": "1.0.1\n"})
    git(work.path, "push", "--quiet", str(bare), "main")
    with cache.checkout(REPO, clone_url=bare.as_uri(), token=None) as again:
        assert marker.exists()
        history = GitHistory(again)
        assert history.refresh("main") == newer
        assert history.read_file_at(newer, "VERSION") == "1.0.1\n"


def test_the_least_recently_used_clone_is_evicted_but_never_a_held_one(tmp_path: Path) -> None:
    urls = {name: served(tmp_path, name)[1].as_uri() for name in ("one", "two", "three")}
    root = tmp_path / "cache"
    cache = CloneCache(root, max_repositories=2)
    with cache.checkout(RepoRef("acme", "one"), clone_url=urls["one"], token=None):
        pass
    with cache.checkout(RepoRef("acme", "two"), clone_url=urls["two"], token=None):
        pass
    with cache.checkout(RepoRef("acme", "one"), clone_url=urls["one"], token=None):
        pass
    with cache.checkout(RepoRef("acme", "three"), clone_url=urls["three"], token=None):
        pass
    assert sorted(p.name for p in (root / "acme").iterdir()) == ["one", "three"]

    with cache.checkout(RepoRef("acme", "one"), clone_url=urls["one"], token=None) as held:
        with cache.checkout(RepoRef("acme", "three"), clone_url=urls["three"], token=None):
            pass
        with cache.checkout(RepoRef("acme", "two"), clone_url=urls["two"], token=None):
            assert held.is_dir()
        assert held.is_dir()
    assert sorted(p.name for p in (root / "acme").iterdir()) == ["one", "two"]

    restarted = CloneCache(root, max_repositories=2)
    with restarted.checkout(RepoRef("acme", "three"), clone_url=urls["three"], token=None):
        pass
    assert sorted(p.name for p in (root / "acme").iterdir()) == ["three", "two"]


def test_checkouts_of_different_repositories_run_in_parallel(tmp_path: Path) -> None:
    urls = {name: served(tmp_path, name)[1].as_uri() for name in ("one", "two")}
    cache = CloneCache(tmp_path / "cache")
    inside = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def use(name: str) -> None:
        try:
            with cache.checkout(RepoRef("acme", name), clone_url=urls[name], token=None):
                inside.wait()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=use, args=(name,)) for name in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_clone_from_another_url_is_cloned_again(tmp_path: Path) -> None:
    other, elsewhere = served(tmp_path, "elsewhere")
    other.tag("v9.0.0")
    git(other.path, "push", "--quiet", "--tags", str(elsewhere))
    _, bare = served(tmp_path, "widget")
    cache = CloneCache(tmp_path / "cache")
    use(cache, REPO, elsewhere.as_uri(), None)
    with cache.checkout(REPO, clone_url=bare.as_uri(), token=None) as path:
        assert git(path, "remote", "get-url", "origin") == bare.as_uri()
        assert git(path, "tag", "--list") == "v1.0.0"


@pytest.mark.parametrize("leftover", ["files", "half-clone"])
def test_a_broken_leftover_directory_is_recloned(tmp_path: Path, leftover: str) -> None:
    _, bare = served(tmp_path, "widget")
    target = tmp_path / "cache" / "acme" / "widget"
    if leftover == "files":
        target.mkdir(parents=True)
        (target / "junk").write_text("crash")
    else:
        git(tmp_path, "clone", "--quiet", "--no-checkout", bare.as_uri(), str(target))
    cache = CloneCache(tmp_path / "cache")
    with cache.checkout(REPO, clone_url=bare.as_uri(), token=None) as path:
        assert not (path / "junk").exists()
        assert git(path, "config", "remote.origin.partialclonefilter") == "blob:none"


def test_a_bad_clone_url_is_a_clear_history_error(tmp_path: Path) -> None:
    cache = CloneCache(tmp_path / "cache")
    missing = (tmp_path / "nowhere.git").as_uri()
    with pytest.raises(HistoryError) as failed:
        use(cache, REPO, missing, TOKEN)
    assert "cannot clone acme/widget" in failed.value.message
    assert "token" in failed.value.message
    assert TOKEN not in failed.value.message
    assert not (tmp_path / "cache" / "acme" / "widget").exists()


def test_a_clone_url_with_credentials_is_refused(tmp_path: Path) -> None:
    cache = CloneCache(tmp_path / "cache")
    with pytest.raises(HistoryError, match="carries credentials") as failed:
        use(cache, REPO, f"https://x:{TOKEN}@example.com/a/b", None)
    assert TOKEN not in failed.value.message


@pytest.mark.parametrize(
    "repo", [RepoRef("..", "widget"), RepoRef("acme", ".."), RepoRef("acme", "a/b")]
)
def test_names_that_are_not_github_names_are_refused(tmp_path: Path, repo: RepoRef) -> None:
    with pytest.raises(HistoryError, match="not a GitHub repository name"):
        use(CloneCache(tmp_path / "cache"), repo, "file:///x", None)


# --- smart HTTP with Basic authentication -------------------------------------------------


class _GitHttp(BaseHTTPRequestHandler):
    """``git http-backend`` as CGI behind a Basic-auth check."""

    project_root: Path
    expected: str
    seen: list[str]

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _serve(self) -> None:
        self.seen.append(self.headers.get("Authorization") or "")
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        exec_path = subprocess.run(
            ["git", "--exec-path"], capture_output=True, text=True, check=True
        ).stdout.strip()
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.project_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type") or "",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding") or "",
            "GIT_PROTOCOL": self.headers.get("Git-Protocol") or "",
            "REMOTE_USER": "x-access-token",
            "REMOTE_ADDR": "127.0.0.1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
        }
        output = subprocess.run(
            [str(Path(exec_path) / "git-http-backend")],
            input=body,
            env=env,
            capture_output=True,
            check=False,
        ).stdout
        head, separator, payload = output.partition(b"\r\n\r\n")
        if not separator:
            head, _, payload = output.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def http_git(tmp_path: Path) -> Iterator[tuple[str, GitRepo, Path, list[str]]]:
    work, bare = served(tmp_path, "widget")
    basic = base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()
    seen: list[str] = []
    handler = type(
        "Handler",
        (_GitHttp,),
        {"project_root": bare.parent, "expected": f"Basic {basic}", "seen": seen},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/widget.git", work, bare, seen
    finally:
        server.shutdown()
        server.server_close()


def test_clone_and_fetch_over_http_authenticate_from_the_environment_only(
    tmp_path: Path, http_git: tuple[str, GitRepo, Path, list[str]]
) -> None:
    url, work, bare, seen = http_git
    cache = CloneCache(tmp_path / "cache")
    with cache.checkout(REPO, clone_url=url, token=TOKEN) as path:
        assert missing_objects(path)
        history = GitHistory(path, git_env=git_auth_env(TOKEN, server=url))
        assert history.read_file_at(work.head(), "src/app.py") == "x = 1\n"
    newer = work.commit("fix: bug", files={"VERSION": "1.0.1\n"})
    git(work.path, "push", "--quiet", str(bare), "main")
    with cache.checkout(REPO, clone_url=url, token=TOKEN) as path:
        history = GitHistory(path, git_env=git_auth_env(TOKEN, server=url))
        assert history.refresh("main") == newer
        assert history.read_file_at(newer, "VERSION") == "1.0.1\n"
        without = GitHistory(path)
        with pytest.raises(HistoryError, match="cannot fetch branch main"):
            without.refresh("main")
        stored = (path / ".git" / "config").read_text()
        assert git(path, "remote", "get-url", "origin") == url
    assert TOKEN not in stored
    assert all(TOKEN not in p.read_text(errors="ignore") for p in path.rglob("*") if p.is_file())
    assert seen
    assert seen[-1] == "", "the fetch without the token sent no credentials"


def test_without_the_token_an_http_clone_is_a_clear_history_error(
    tmp_path: Path, http_git: tuple[str, GitRepo, Path, list[str]]
) -> None:
    url, *_ = http_git
    cache = CloneCache(tmp_path / "cache")
    with pytest.raises(HistoryError, match="cannot clone acme/widget") as failed:
        use(cache, REPO, url, None)
    assert not failed.value.retryable
    with pytest.raises(HistoryError) as wrong:
        use(cache, REPO, url, "ghs_" + "wrong" * 8)
    assert "wrong" * 8 not in wrong.value.message


def test_the_cache_folder_is_private_to_the_service(tmp_path: Path) -> None:
    CloneCache(tmp_path / "clones")
    assert (tmp_path / "clones").stat().st_mode & 0o777 == 0o700
