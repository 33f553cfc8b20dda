"""The generated repositories, cached in bench/.work/ per profile and size."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generate import TAG, generate, summary
from spawning import BENCH, WORK

SEED = 1


GENERATORS = ("generate.py", "generate_monorepo.py")


def fingerprint() -> str:
    digest = hashlib.sha256(b"".join((BENCH / name).read_bytes() for name in GENERATORS))
    return f"{digest.hexdigest()[:16]}-seed{SEED}"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, check=True, text=True
    ).stdout.strip()


def _paths(profile: str, size: int) -> tuple[Path, Path]:
    name = f"repo-{size}" if profile == "standard" else f"repo-{profile}-{size}"
    return WORK / name, WORK / f"{name}.json"


def repository(profile: str, size: int) -> tuple[Path, dict[str, object]]:
    """The generated repository, reused while the generator is unchanged.

    Its summary says how long generation took (``generate_seconds``) and whether this
    run reused it (``cached``).
    """
    repo, meta_path = _paths(profile, size)
    if meta_path.exists() and repo.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("fingerprint") == fingerprint() and meta.get("head") == _head(repo):
            return repo, {**meta, "cached": True}
    shutil.rmtree(repo, ignore_errors=True)
    print(f"generating {size} {profile} commits into {repo} ...", file=sys.stderr)
    start = time.perf_counter()
    stats = generate(repo, size, SEED, profile)
    meta = summary(repo, stats, SEED, profile)
    meta.update(
        fingerprint=fingerprint(),
        head=_head(repo),
        generate_seconds=round(time.perf_counter() - start, 2),
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return repo, {**meta, "cached": False}


def _head(repo: Path) -> str | None:
    try:
        return git(repo, "rev-parse", "HEAD")
    except subprocess.CalledProcessError:
        return None


def assert_untouched(repo: Path, meta: dict[str, object]) -> None:
    """The tools only read: the checkout, HEAD and tags must be as generated."""
    state = (git(repo, "status", "--porcelain"), git(repo, "tag"), git(repo, "rev-parse", "HEAD"))
    tags = meta.get("tags")
    listed = "\n".join(map(str, tags)) if isinstance(tags, list) else TAG
    if state != ("", listed, meta["head"]):
        _paths(str(meta["profile"]), int(str(meta["commits_after_tag"])))[1].unlink(missing_ok=True)
        raise SystemExit(f"a tool modified {repo}; its cache entry was dropped, run again")
