"""Locate ../shared/fixtures (read in place, never copied); skip cleanly when absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = PROJECT_ROOT.parent / "shared" / "fixtures"


def shared_fixture(relative: str) -> Path:
    """The path of a shared fixture; skips the calling test module when it is absent."""
    path = SHARED_FIXTURES / relative
    if not path.exists():
        pytest.skip(f"shared fixture {relative} not present (fresh clone)", allow_module_level=True)
    return path


def load_shared_json(relative: str) -> Any:
    """Parse a shared JSON fixture, skipping the module when absent."""
    return json.loads(shared_fixture(relative).read_text(encoding="utf-8"))
