"""The Lambda door's counters as CloudWatch EMF lines on stdout, and the audit trail of the
same cycle: a release PR opened, then released, by the real worker against the simulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regent.runtimes.webhook import aws_lambda
from tests.e2e.lifecycle_harness import REPO, Landed, Lifecycle
from tests.e2e.test_serverless_cycle import (  # noqa: F401 - fixtures
    INSTALLATION,
    environment,
    lifecycle,
    release_cycle,
    signed,
)
from tests.unit.test_emf import check_emf

pytestmark = pytest.mark.e2e


def test_lambda_writes_emf_counters_and_an_audit_trail(
    lifecycle: Lifecycle,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    audit_file = tmp_path / "audit.jsonl"
    settings = environment | {"REGENT_AUDIT_FILE": str(audit_file)}
    container = aws_lambda.Container(environ=settings, json_logs=False)
    monkeypatch.setattr(aws_lambda, "container", container)
    delivered: list[str] = []

    def deliver(landed: Landed) -> None:
        headers, body = signed(landed)
        event = {
            "version": "2.0",
            "headers": {name.lower(): value for name, value in headers.items()},
            "requestContext": {"http": {"method": "POST", "path": "/webhook"}},
            "body": body.decode("utf-8"),
            "isBase64Encoded": False,
        }
        answer = aws_lambda.handler(event, None)
        assert answer["statusCode"] == 200, answer
        delivered.append(event["headers"]["x-github-delivery"])

    release_cycle(lifecycle, deliver)

    lines = [check_emf(line) for line in capsys.readouterr().out.splitlines() if "_aws" in line]
    outcomes = {
        (line["installation"], line["outcome"]): line["regent_outcomes_total"]
        for line in lines
        if "regent_outcomes_total" in line
    }
    assert outcomes == {
        (str(INSTALLATION), "release_pr_opened"): 1,
        (str(INSTALLATION), "released"): 1,
    }
    timed: dict[tuple[str, str, str], int] = {}
    for line in lines:
        if "regent_github_calls_total" in line:
            key = (line["method"], line["route"], line["status"])
            timed[key] = timed.get(key, 0) + line["regent_github_calls_total"]
    assert timed["GET", "/repos/{owner}/{repo}/pulls", "2xx"] >= 2
    assert timed["POST", "/repos/{owner}/{repo}/releases", "2xx"] == 1
    assert all(route != "other" for _, route, _ in timed)

    records: list[dict[str, Any]] = [
        json.loads(line) for line in audit_file.read_text(encoding="ascii").splitlines()
    ]
    writes = sum(count for (method, _, _), count in timed.items() if method != "GET")
    assert len(records) == writes  # the installation token's requests are neither
    assert {record["correlation_id"] for record in records} == set(delivered)
    assert {record["installation_id"] for record in records} == {INSTALLATION}
    assert {record["door"] for record in records} == {"lambda"}
    assert {record["repository"] for record in records} == {REPO.full_name}
    assert all(record["actor"] for record in records)
    (release,) = [record for record in records if record["object"]["kind"] == "release"]
    assert release["after"]["tag_name"] == "v1.1.0"
