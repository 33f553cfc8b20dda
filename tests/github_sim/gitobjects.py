"""Reading git objects (commits, trees, blobs, tags) out of a simulated repository."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tests.github_sim.state import GitError, SimRepo
from tests.github_sim.verification import split_signature

ZERO_SHA = "0" * 40


@dataclass(frozen=True)
class Signature:
    """An author, committer or tagger; ``date`` in GitHub's UTC form."""

    name: str
    email: str
    date: str


@dataclass(frozen=True)
class CommitInfo:
    """A commit object; the message as GitHub shows it (without git's final newline)."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    author: Signature
    committer: Signature
    message: str
    signature: str | None = None
    """The ``gpgsig`` header (None: unsigned) and the object it signs."""
    payload: str | None = None


@dataclass(frozen=True)
class TreeEntry:
    """One entry of ``git ls-tree``; ``size`` only for blobs."""

    mode: str
    type: str
    sha: str
    size: int | None
    path: str


@dataclass(frozen=True)
class TagInfo:
    """An annotated tag object."""

    sha: str
    tag: str
    object_sha: str
    object_type: str
    tagger: Signature
    message: str


def read_commit(repo: SimRepo, sha: str) -> CommitInfo | None:
    """The commit ``sha`` (a full or abbreviated commit id), or None when it is not one."""
    if repo.object_type(sha) != "commit":
        return None
    full = repo.git("rev-parse", sha)
    return parse_commit(full, repo.git_bytes("cat-file", "commit", full))


def read_commits(repo: SimRepo, shas: list[str]) -> list[CommitInfo]:
    """Several commits (full shas) read with one ``git cat-file --batch``."""
    if not shas:
        return []
    output = repo.git_bytes("cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas).encode())
    commits, position = [], 0
    for sha in shas:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        body = output[header_end + 1 : header_end + 1 + size]
        commits.append(parse_commit(sha, body))
        position = header_end + 1 + size + 1
    return commits


def parse_commit(sha: str, raw: bytes) -> CommitInfo:
    """A CommitInfo from the raw bytes of a commit object."""
    headers, message = _split_object(raw)
    signature, payload = split_signature(raw)
    return CommitInfo(
        sha=sha,
        tree=headers["tree"][0],
        parents=tuple(headers.get("parent", [])),
        author=parse_signature(headers["author"][0]),
        committer=parse_signature(headers["committer"][0]),
        message=message,
        signature=signature,
        payload=payload,
    )


def read_tag(repo: SimRepo, sha: str) -> TagInfo | None:
    """The annotated tag object ``sha``, or None when it is not one."""
    if repo.object_type(sha) != "tag":
        return None
    headers, message = _split_object(repo.git_bytes("cat-file", "tag", sha))
    tagger = headers.get("tagger", ["unknown <unknown> 0 +0000"])[0]
    return TagInfo(
        sha=repo.git("rev-parse", sha),
        tag=headers["tag"][0],
        object_sha=headers["object"][0],
        object_type=headers["type"][0],
        tagger=parse_signature(tagger),
        message=message,
    )


def parse_signature(text: str) -> Signature:
    """``Name <email> 1700000000 +0100`` as a Signature with a UTC date."""
    name, _, rest = text.partition(" <")
    email, _, when = rest.partition("> ")
    seconds = int(when.split()[0]) if when.split() else 0
    return Signature(name, email, iso_utc(seconds))


def iso_utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def list_tree(
    repo: SimRepo, tree_ish: str, *, recursive: bool = False, path: str | None = None
) -> list[TreeEntry]:
    """The entries of a tree (recursive: every blob and subtree, trees before their contents).

    With ``path``, only the entry at that path (its full path in ``TreeEntry.path``).
    """
    flags = ["-r", "-t"] if recursive else []
    paths = ["--", path] if path else []
    output = repo.git_bytes("ls-tree", "-l", "-z", *flags, tree_ish, *paths).decode("utf-8")
    entries = []
    for record in filter(None, output.split("\0")):
        info, _, path = record.partition("\t")
        mode, kind, sha, size = info.split()
        entries.append(TreeEntry(mode, kind, sha, None if size == "-" else int(size), path))
    return entries


def tree_sha(repo: SimRepo, tree_ish: str) -> str | None:
    """The tree a tree sha, commit sha or ref names, or None."""
    if not tree_ish or tree_ish.startswith("-"):
        return None
    try:
        return repo.git("rev-parse", "--verify", "--quiet", f"{tree_ish}^{{tree}}")
    except GitError:
        return None


def _split_object(raw: bytes) -> tuple[dict[str, list[str]], str]:
    text = raw.decode("utf-8", "replace")
    head, _, message = text.partition("\n\n")
    headers: dict[str, list[str]] = {}
    for line in head.split("\n"):
        if line.startswith(" "):
            continue
        key, _, value = line.partition(" ")
        headers.setdefault(key, []).append(value)
    return headers, message.removesuffix("\n")
