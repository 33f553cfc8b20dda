"""The webhook doors' receiving path stays light: no PyGithub, GitPython or other doors' libraries
until a delivery has to be worked."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("github", "git", "jinja2", "pydantic", "yaml")


@pytest.mark.parametrize(
    ("module", "also_absent"),
    [
        pytest.param("regent.webhook", ("starlette", "uvicorn", "boto3", "azure"), id="transport"),
        pytest.param("regent.runtimes.webhook.door", ("starlette", "boto3", "azure"), id="door"),
        pytest.param("regent.runtimes.webhook.aws_lambda", ("starlette", "azure"), id="aws"),
        pytest.param("regent.runtimes.webhook.azure_functions", ("starlette", "boto3"), id="azure"),
    ],
)
def test_importing_a_door_loads_no_worker_libraries(
    module: str, also_absent: tuple[str, ...]
) -> None:
    code = (
        f"import sys, {module}\n"
        f"print(' '.join(m for m in {HEAVY + also_absent!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
