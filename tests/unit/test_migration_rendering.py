"""The file ``regent init --from`` writes: what was not mapped listed in comments that the other
tool's text cannot break out of, then the settings, which load as written."""

from __future__ import annotations

from regent.config import parse_config_text
from regent.config.migration import render_migration, summary_lines
from regent.core.versioning.semver import SEMVER
from tests.migration_check import migrated

HOSTILE_KEY = "x\nversion_scheme: pep440\n# \x1b[31m"


def test_unmapped_settings_are_comments_at_the_top_and_the_settings_follow() -> None:
    migration = migrated(
        "semantic-release", {".releaserc.json": {"dryRun": True, "tagFormat": "r${version}"}}
    )
    text = render_migration(migration)
    header, _, body = text.partition("\n\n")
    assert all(line.startswith("#") for line in header.splitlines())
    assert "#   - dryRun: regent plan previews a release without writing anything" in header
    assert "tag_template: r{version}" in body
    assert summary_lines(migration)[:2] == [
        "read .releaserc.json",
        "not mapped: dryRun: regent plan previews a release without writing anything",
    ]


def test_text_from_the_other_tool_stays_inside_its_comment() -> None:
    migration = migrated("semantic-release", {".releaserc.json": {HOSTILE_KEY: 1}})
    text = render_migration(migration)
    assert parse_config_text(text, source=".release-regent.yml").version_scheme is SEMVER
    (line,) = [line for line in text.splitlines() if "version_scheme: pep440" in line]
    assert line.startswith("#   - x version_scheme: pep440")
    assert "\x1b" not in text
    assert all("\n" not in line and "\x1b" not in line for line in summary_lines(migration))


def test_long_reasons_wrap_into_comment_lines_of_100_characters() -> None:
    migration = migrated(
        "release-please",
        {"release-please-config.json": {"packages": {".": {"release-as": "3.0.0"}}}},
    )
    lines = render_migration(migration).splitlines()
    assert max(len(line) for line in lines if line.startswith("#")) <= 100
