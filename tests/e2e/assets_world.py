"""A released repository's assets on the simulator: built files in the service's checkout, a
release service wired with them, and what the release carries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from regent.config import find_config, load_config
from regent.core.assets import AssetPolicy
from regent.core.policy import PublishPolicy
from regent.core.release_pr.labels import PENDING_LABEL
from regent.runtimes.wiring import checkout_release_service
from regent.services.release import ReconcileOutcome
from tests.e2e.lifecycle_harness import BASE, REPO, TODAY, Commit, Lifecycle, refresh
from tests.github_sim.release_assets import asset_store

BUILT = {
    "dist/widget-1.1.0.tar.gz": b"sdist bytes\n",
    "dist/widget-1.1.0-py3-none-any.whl": b"wheel",
}


@dataclass(frozen=True)
class Attached:
    """An asset as the simulator holds it."""

    name: str
    size: int
    sha256: str
    data: bytes


def release_waiting(lifecycle: Lifecycle) -> None:
    """A merged release PR for 1.1.0 not yet released, and its files built in the checkout."""
    lifecycle.land("feat: widget search", [Commit("feat: widget search")], method="squash")
    lifecycle.reconcile()
    lifecycle.merge_release_pull(method="squash")
    build(lifecycle.checkout, BUILT)


def build(checkout: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into the checkout, as a build step would (untracked)."""
    for relative, data in files.items():
        target = checkout / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def reconcile_with_assets(
    lifecycle: Lifecycle,
    assets: AssetPolicy,
    *,
    patterns: tuple[str, ...] = (),
    built_files: bool = True,
) -> ReconcileOutcome:
    """One reconcile as the Action runs it: the checkout's built files attached per ``assets``
    (the configuration's ``release`` section) and ``patterns`` (the ``assets`` input);
    ``built_files`` False: as the webhook doors run it, with no files to attach."""
    checkout = lifecycle.checkout
    refresh(checkout)
    policy = load_config(find_config(checkout))
    policy = replace(policy, release=PublishPolicy(assets=assets))
    github = lifecycle.connect()
    service = checkout_release_service(
        checkout,
        github=github,
        policy=policy,
        base_branch=BASE,
        today=lambda: TODAY,
        assets=github if built_files else None,
        asset_patterns=patterns,
    )
    outcome = service.reconcile(BASE)
    assert isinstance(outcome, ReconcileOutcome)
    return outcome


def attached(lifecycle: Lifecycle, tag: str = "v1.1.0") -> list[Attached]:
    """The assets of ``tag``'s release, by name."""
    repo = lifecycle.sim.state.repo(REPO.owner, REPO.name)
    release = next(r for r in repo.releases.values() if r.tag_name == tag)
    found = asset_store(repo).of_release(release.id)
    return sorted(
        (Attached(a.name, len(a.data), hashlib.sha256(a.data).hexdigest(), a.data) for a in found),
        key=lambda item: item.name,
    )


def pending_again(lifecycle: Lifecycle, number: int) -> None:
    """Label released PR ``number`` pending again, as a maintainer re-running its release."""
    path = f"/repos/{REPO.full_name}/issues/{number}/labels"
    reply = lifecycle.client.put(path, {"labels": [PENDING_LABEL]})
    assert reply.status == 200, reply.body


def uploads(lifecycle: Lifecycle) -> list[str]:
    """The asset requests logged since the log was last cleared: ``METHOD path``."""
    return [
        f"{entry['method']} {entry['path']}"
        for entry in lifecycle.requests()
        if "/assets" in entry["path"] and entry["method"] != "GET"
    ]
