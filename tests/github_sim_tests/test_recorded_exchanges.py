"""Recorded api.github.com exchanges (../shared/fixtures/github-api) replayed on the simulator.

Each scenario's repository is prepared as the recording found it (a history whose commits stand
in for the normalised shas ``000...1``, ``000...2``; the labels, issues or files it had); then
every exchange is sent as recorded. The simulator must answer with the recorded status, a body
valid for its operation (the ``sim`` fixture fails on any violation), at least the fields GitHub
sent, the same number of items in a list, the same error details, and the same page links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.github_sim.client import Reply, SimClient
from tests.github_sim.records import IssueRecord, LabelRecord
from tests.github_sim.server import SimServer
from tests.gitrepo import GitRepo
from tests.shared_data import load_shared_json

pytestmark = pytest.mark.contract

RECORDED = "github-api/octokit-fixtures/{}.normalized-fixture.json"
ORG = "octokit-fixture-org"
RECORDING_USER = "octokit-fixture-user-a"  # whose token made the recordings
NORMALISED_SHA = re.compile(r"\b0{30,}[0-9]{1,10}\b")
RECORDED_REPOSITORY_ID = "1000"
UNMODELLED_FIELDS = {"organization"}  # the simulator has no organisations (see its README)


def _exchanges(scenario: str) -> list[dict[str, Any]]:
    """The scenario's exchanges without its setup steps (``x-octokit-fixture-ignore``) and
    without release assets (uploads are not modelled: see the simulator's README)."""
    recorded: list[dict[str, Any]] = load_shared_json(RECORDED.format(scenario))
    return [
        e
        for e in recorded
        if "x-octokit-fixture-ignore" not in e.get("reqheaders", {}) and "/assets" not in e["path"]
    ]


def _repository(path: str) -> str:
    """The ``owner/name`` a recorded path is about."""
    parts = path.split("?", maxsplit=1)[0].split("/")
    return f"{parts[2]}/{parts[3]}"


def _seed_labels(sim: SimServer, full_name: str, recorded: list[dict[str, Any]]) -> None:
    """The labels the recording's first listing shows (GitHub's defaults for a new repository)."""
    repo = sim.state.repo(*full_name.split("/"))
    for label in recorded:
        record = LabelRecord(
            sim.state.next_id(),
            label["name"],
            label["color"],
            label["description"],
            default=label["default"],
        )
        repo.labels[record.name.lower()] = record


def _seed_issues(sim: SimServer, full_name: str, count: int) -> None:
    repo = sim.state.repo(*full_name.split("/"))
    for _ in range(count):
        number = repo.take_number()
        repo.issues[number] = IssueRecord(number, sim.state.next_id(), f"Issue {number}", None, ORG)


def _seed_release(sim: SimServer, full_name: str, recorded: dict[str, Any]) -> None:
    """The release the recording reads, made through the API as its author made it."""
    fields = ("tag_name", "name", "body", "draft", "prerelease")
    made = SimClient(sim.url).post(
        f"/repos/{full_name}/releases", {field: recorded[field] for field in fields}
    )
    assert made.status == 201, made.body


def _listed(exchanges: list[dict[str, Any]], path: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = next(e["response"] for e in exchanges if e["path"].endswith(path))
    return found


Seed = Callable[[SimServer, str, list[dict[str, Any]]], None]
SEEDS: dict[str, Seed] = {
    "git-refs": lambda sim, name, exchanges: None,
    "labels": lambda sim, name, exchanges: _seed_labels(sim, name, _listed(exchanges, "/labels")),
    "errors": lambda sim, name, exchanges: None,
    "create-file": lambda sim, name, exchanges: None,
    "get-repository": lambda sim, name, exchanges: None,
    "release-assets": lambda sim, name, exchanges: _seed_release(
        sim, name, exchanges[0]["response"]
    ),
    "paginate-issues": lambda sim, name, exchanges: _seed_issues(
        sim, name, sum(len(e["response"]) for e in exchanges)
    ),
}


@dataclass(frozen=True)
class History:
    """main: two commits; ``shas`` maps ``000...1`` to the tip and ``000...2`` to its parent."""

    path: Path
    shas: dict[str, str]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    work = GitRepo.create(tmp_path_factory.mktemp("recorded") / "work")
    parent = work.commit("chore: start", files={"README.md": "hello\n"})
    tip = work.commit("docs: more", files={"README.md": "hello again\n"})
    return History(work.path, {"0" * 39 + "1": tip, "0" * 39 + "2": parent})


def _mapped(value: Any, shas: dict[str, str]) -> Any:
    """``value`` with every normalised sha replaced by the commit standing in for it."""
    if isinstance(value, str):
        return NORMALISED_SHA.sub(lambda found: shas.get(found.group(0), found.group(0)), value)
    if isinstance(value, list):
        return [_mapped(item, shas) for item in value]
    if isinstance(value, dict):
        return {key: _mapped(item, shas) for key, item in value.items()}
    return value


@pytest.mark.parametrize("scenario", sorted(SEEDS))
def test_recorded_exchanges_replay(sim: SimServer, history: History, scenario: str) -> None:
    exchanges = _exchanges(scenario)
    client = SimClient(sim.url, "recording-token")
    client.post("/_sim/tokens", {"token": "recording-token", "login": RECORDING_USER})
    full_name = _repository(exchanges[0]["path"])
    client.create_repo(full_name, history.path)
    SEEDS[scenario](sim, full_name, exchanges)
    repository_id = str(sim.state.repo(*full_name.split("/")).id)
    shas = history.shas

    for exchange in exchanges:
        path = exchange["path"].replace(
            f"/repositories/{RECORDED_REPOSITORY_ID}/", f"/repositories/{repository_id}/"
        )
        body = _mapped(exchange.get("body") or None, shas)
        reply = client.request(exchange["method"].upper(), path, body)
        where = f"{exchange['method'].upper()} {exchange['path']}"
        assert reply.status == exchange["status"], (where, reply.body)
        _same_shape(where, _mapped(exchange["response"], shas), reply.body)
        _same_pages(where, exchange["headers"].get("link"), reply)


def _same_shape(where: str, recorded: Any, answered: Any) -> None:
    """At least the fields GitHub sent, as many list items, the same error details and refs."""
    if recorded == "":
        assert answered is None, where
    elif isinstance(recorded, list):
        assert len(answered) == len(recorded), where
        for sent, ours in zip(recorded, answered, strict=True):
            _same_shape(where, sent, ours)
    elif isinstance(recorded, dict):
        missing = set(recorded) - set(answered) - UNMODELLED_FIELDS
        assert not missing, (where, sorted(missing))
        for key in ("message", "errors", "ref", "name", "path", "color", "description", "default"):
            if key in recorded and not isinstance(recorded[key], dict):
                assert answered[key] == recorded[key], (where, key)
        for key, value in recorded.items():
            if isinstance(value, dict) and key not in UNMODELLED_FIELDS:
                _same_shape(f"{where} .{key}", value, answered[key])
        if isinstance(recorded.get("object"), dict):
            assert answered["object"]["sha"] == recorded["object"]["sha"], where


def _same_pages(where: str, recorded: str | None, reply: Reply) -> None:
    """The same page links (rel and page number), wherever they point."""
    assert _pages(recorded) == _pages(reply.headers.get("Link")), where


def _pages(link: str | None) -> dict[str, str]:
    found = re.findall(r'<[^>]*[?&]page=(\d+)[^>]*>; rel="(\w+)"', link or "")
    return {rel: page for page, rel in found}
