"""`.release-regent.yml` mistakes: one ConfigError naming the file, line and key of each."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from regent.config import parse_config_text
from regent.core.errors import ConfigError
from regent.core.policy import ReleasePolicy

SOURCE = ".release-regent.yml"

BROKEN_CONFIGS = [
    pytest.param(
        "version_scheme: semver\nbump:\n  types: {feat: minor}\n  breaking_before_10: major\n",
        [
            "4: bump.breaking_before_10: unknown key; did you mean 'breaking_before_1_0'?",
        ],
        id="unknown-nested-key",
    ),
    pytest.param(
        "colour: blue\n",
        [
            (
                "1: colour: unknown key; allowed keys are version_scheme, tag_template,"
                " initial_version, prerelease, commit_parsing, bump, changelog, "
                "templates, notes, version_files, detect_version_files, release_pr, release, "
                "base_branches, since, components, linked, scope_as_component, "
                "separate_pull_requests, dependents, notifications"
            ),
        ],
        id="unknown-top-key-no-match",
    ),
    pytest.param(
        "types:\n  feat: major\n",
        [
            "1: types: unknown key here; did you mean bump.types?",
        ],
        id="key-of-another-section",
    ),
    pytest.param(
        "\nversion_scheme: semvr\n",
        [
            "2: version_scheme: 'semvr' is not one of semver, pep440, calver (no version scheme "
            "plugin is installed); did you mean 'semver'?",
        ],
        id="scheme-typo",
    ),
    pytest.param(
        "version_scheme: zigzag\n",
        [
            "1: version_scheme: 'zigzag' is not one of semver, pep440, calver (no version scheme "
            "plugin is installed)",
        ],
        id="scheme-unknown",
    ),
    pytest.param(
        "initial_version: 1.10\n",
        [
            '1: initial_version: expected text, got the number 1.10; put it in quotes: "1.10"',
        ],
        id="initial-number",
    ),
    pytest.param(
        "prerelease: no\n",
        [
            '1: prerelease: expected text, got the boolean no; put it in quotes: "no"',
        ],
        id="prerelease-bool",
    ),
    pytest.param(
        "tag_template: 'v{ver}'\n",
        [
            (
                "1: tag_template: 'v{ver}' must contain {version} exactly once, not 0 "
                "times; e.g. 'v{version}' or 'release-{version}'"
            ),
        ],
        id="tag-no-placeholder",
    ),
    pytest.param(
        "tag_template: '{version}-{version}'\n",
        [
            (
                "1: tag_template: '{version}-{version}' must contain {version} exactly "
                "once, not 2 times; e.g. 'v{version}' or 'release-{version}'"
            ),
        ],
        id="tag-twice",
    ),
    pytest.param(
        "tag_template: 'my release {version}'\n",
        [
            "1: tag_template: 'my release {version}' cannot name a git tag: it contains ' '",
        ],
        id="tag-space",
    ),
    pytest.param(
        "tag_template: '{name}-{version}'\n",
        [
            (
                "1: tag_template: '{name}-{version}': {version} is the only "
                "placeholder; remove the other braces"
            ),
        ],
        id="tag-other-brace",
    ),
    pytest.param(
        "tag_template: 'v..{version}'\n",
        [
            "1: tag_template: 'v..{version}' cannot name a git tag: it contains '..'",
        ],
        id="tag-dotdot",
    ),
    pytest.param(
        "tag_template:\n",
        [
            "1: tag_template: expected text, got an empty value",
        ],
        id="tag-empty",
    ),
    pytest.param(
        "commit_parsing: loose\n",
        [
            "1: commit_parsing: 'loose' is not one of strict, lenient",
        ],
        id="commit-parsing",
    ),
    pytest.param(
        "commit_parsing: {style: loose}\n",
        [
            "1: commit_parsing.style: 'loose' is not one of strict, lenient",
        ],
        id="commit-parsing-style",
    ),
    pytest.param(
        "commit_parsing: {squash_bodies: maybe}\n",
        [
            "1: commit_parsing.squash_bodies: expected true or false, got 'maybe'",
        ],
        id="squash-bodies-not-a-boolean",
    ),
    pytest.param(
        "commit_parsing: [strict]\n",
        [
            "1: commit_parsing: expected strict, lenient, or a mapping like"
            " {style: strict, squash_bodies: true}",
        ],
        id="commit-parsing-list",
    ),
    pytest.param(
        "bump:\n  types:\n    fix: mjor\n",
        [
            (
                "3: bump.types.fix: 'mjor' is not one of major, minor, patch, none; did"
                " you mean 'major'?"
            ),
        ],
        id="bump-label",
    ),
    pytest.param(
        "bump:\n  types:\n    'feat!': major\n",
        [
            (
                "3: bump.types.feat!: 'feat!' is not a commit type or type(scope): a type "
                "has no spaces and none of ( ) : !, a scope is non-empty and has no "
                "parentheses; e.g. fix or chore(deps)"
            ),
        ],
        id="bump-type-name",
    ),
    pytest.param(
        "bump:\n  breaking_before_1_0: patch\n",
        [
            "2: bump.breaking_before_1_0: 'patch' is not one of minor, major",
        ],
        id="breaking-before",
    ),
    pytest.param(
        "bump:\n  feature_before_1_0: major\n",
        [
            (
                "2: bump.feature_before_1_0: 'major' is not one of minor, patch; did "
                "you mean 'minor'?"
            ),
        ],
        id="feature-before",
    ),
    pytest.param(
        "bump: major\n",
        [
            "1: bump: expected a mapping of keys, got 'major'",
        ],
        id="bump-not-mapping",
    ),
    pytest.param(
        "changelog:\n  sections:\n    - types: [feat]\n",
        [
            "3: changelog.sections[0]: missing required key 'title'",
        ],
        id="section-missing-title",
    ),
    pytest.param(
        "changelog:\n  sections:\n    - title: Features\n      types: []\n",
        [
            "4: changelog.sections[0].types: must not be empty",
        ],
        id="section-empty-types",
    ),
    pytest.param(
        "changelog:\n  sections:\n    - {titel: Features, types: [feat]}\n",
        [
            "3: changelog.sections[0]: missing required key 'title'",
            "3: changelog.sections[0].titel: unknown key; did you mean 'title'?",
        ],
        id="section-title-typo",
    ),
    pytest.param(
        (
            "changelog:\n"
            "  sections:\n"
            "    - {title: Fixes, types: [fix]}\n"
            "    - {title: More, types: [Fix]}\n"
        ),
        [
            (
                "2: changelog.sections: commit type 'Fix' is listed under both 'Fixes' "
                "and 'More'; keep it in one section"
            ),
        ],
        id="section-type-twice",
    ),
    pytest.param(
        "changelog:\n  sections: Features\n",
        [
            "2: changelog.sections: expected a list, got 'Features'",
        ],
        id="sections-not-list",
    ),
    pytest.param(
        "changelog:\n",
        [
            "1: changelog: expected a mapping of keys, got an empty value",
        ],
        id="changelog-empty",
    ),
    pytest.param(
        "changelog:\n  path: /tmp/CHANGELOG.md\n",
        [
            (
                "2: changelog.path: '/tmp/CHANGELOG.md' must be a path relative to the "
                "repository root"
            ),
        ],
        id="changelog-path-absolute",
    ),
    pytest.param(
        "changelog:\n  path: ../CHANGELOG.md\n",
        [
            "2: changelog.path: '../CHANGELOG.md' must stay inside the repository (no '..')",
        ],
        id="changelog-path-outside",
    ),
    pytest.param(
        "changelog:\n  other_title: ''\n",
        [
            "2: changelog.other_title: must not be empty",
        ],
        id="other-title-empty",
    ),
    pytest.param(
        "changelog:\n  show_other_types: sometimes\n",
        [
            "2: changelog.show_other_types: expected true or false, got 'sometimes'",
        ],
        id="show-other-types",
    ),
    pytest.param(
        "templates:\n  pr_body: ''\n",
        [
            (
                "2: templates.pr_body: must not be empty; give a path relative to the "
                "repository root"
            ),
        ],
        id="template-empty",
    ),
    pytest.param(
        "templates:\n  release_note: notes.j2\n",
        [
            "2: templates.release_note: unknown key; did you mean 'release_notes'?",
        ],
        id="template-unknown",
    ),
    pytest.param(
        "version_files:\n  - {path: Chart.yaml, kind: helm}\n",
        [
            (
                "2: version_files[0].kind: 'helm' is not one of pyproject, "
                "package-json, package-lock, cargo, setup-cfg, python, generic"
            ),
        ],
        id="version-file-kind",
    ),
    pytest.param(
        "version_files:\n  - 42\n",
        [
            (
                "2: version_files[0]: expected a path or a mapping like {path: "
                "chart/Chart.yaml, kind: generic}"
            ),
        ],
        id="version-file-number",
    ),
    pytest.param(
        "version_files:\n  - setup.py\n  - ./setup.py\n",
        [
            "1: version_files: './setup.py' is listed more than once; keep one entry",
        ],
        id="version-file-twice",
    ),
    pytest.param(
        "version_files: setup.py\n",
        [
            "1: version_files: expected a list, got 'setup.py'",
        ],
        id="version-files-string",
    ),
    pytest.param(
        "detect_version_files: maybe\n",
        [
            "1: detect_version_files: expected true or false, got 'maybe'",
        ],
        id="detect-bool",
    ),
    pytest.param(
        "- version_scheme: semver\n",
        [
            (
                "1: the top level must be a mapping of keys such as 'version_scheme: "
                "semver', not a list"
            ),
        ],
        id="top-list",
    ),
    pytest.param(
        "semver\n",
        [
            (
                "1: the top level must be a mapping of keys such as 'version_scheme: "
                "semver', not 'semver'"
            ),
        ],
        id="top-scalar",
    ),
    pytest.param(
        "version_scheme: semver\ntag_template\nprerelease: rc\n",
        [
            (
                "3: invalid YAML (column 1): while scanning a simple key (line 2), "
                "could not find expected ':'"
            ),
        ],
        id="syntax-missing-colon",
    ),
    pytest.param(
        "bump:\n  types: {feat: minor\n",
        [
            (
                "3: invalid YAML (column 1): while parsing a flow mapping (line 2), "
                "did not find expected ',' or '}'"
            ),
        ],
        id="syntax-flow",
    ),
    pytest.param(
        "version_scheme: semver\n---\nprerelease: rc\n",
        [
            (
                "2: invalid YAML (column 1): expected a single document in the stream "
                "(line 1), but found another document"
            ),
        ],
        id="syntax-two-documents",
    ),
    pytest.param(
        "bump:\n\ttypes:\n\t\tfeat: major\n",
        [
            "2: indented with a tab; YAML indents with spaces only",
            "3: indented with a tab; YAML indents with spaces only",
        ],
        id="tabs",
    ),
    pytest.param(
        "version_scheme: semver\nprerelease: rc\nversion_scheme: pep440\n",
        [
            "3: version_scheme: duplicate key (first set on line 1); keep one",
        ],
        id="duplicate-top",
    ),
    pytest.param(
        "bump:\n  types:\n    feat: minor\n    feat: major\n",
        [
            "4: bump.types.feat: duplicate key (first set on line 3); keep one",
        ],
        id="duplicate-nested",
    ),
    pytest.param(
        "changelog:\n  path: &p NEWS.md\ntemplates:\n  pr_body: *p\n",
        [
            "4: the alias *p is not supported in this file; write the value out",
        ],
        id="alias",
    ),
    pytest.param(
        (
            "version_scheme: semvr\n"
            "bump:\n"
            "  breaking_before_10: major\n"
            "tag_template: v\n"
            "changelog:\n"
            "  path: /x\n"
        ),
        [
            (
                "1: version_scheme: 'semvr' is not one of semver, pep440, calver (no version "
                "scheme plugin is installed); did you mean 'semver'?"
            ),
            "3: bump.breaking_before_10: unknown key; did you mean 'breaking_before_1_0'?",
            (
                "4: tag_template: 'v' must contain {version} exactly once, not 0 times;"
                " e.g. 'v{version}' or 'release-{version}'"
            ),
            "6: changelog.path: '/x' must be a path relative to the repository root",
        ],
        id="several",
    ),
    pytest.param(
        "1: one\n",
        [
            (
                "1: 1: unknown key; allowed keys are version_scheme, tag_template, "
                "initial_version, prerelease, commit_parsing, bump, changelog, "
                "templates, notes, version_files, detect_version_files, release_pr, release, "
                "base_branches, since, components, linked, scope_as_component, "
                "separate_pull_requests, dependents, notifications"
            ),
        ],
        id="key-number",
    ),
    pytest.param(
        "tag_template:\n  'v{ver}'\n",
        [
            (
                "2: tag_template: 'v{ver}' must contain {version} exactly once, not 0 "
                "times; e.g. 'v{version}' or 'release-{version}'"
            ),
        ],
        id="value-on-next-line",
    ),
    pytest.param(
        (
            "changelog:\n"
            "  sections:\n"
            "    - title: A\n"
            "      types:\n"
            "        - fix\n"
            "        - 'no good'\n"
        ),
        [
            (
                "6: changelog.sections[0].types[1]: 'no good' is not a commit type: a "
                "type has no spaces and none of ( ) : !"
            ),
        ],
        id="bad-list-item",
    ),
    pytest.param(
        "version_scheme: semver\x07\n",
        [
            "1: the character U+0007 is not allowed in YAML; remove it",
        ],
        id="unprintable",
    ),
]


@pytest.mark.parametrize(("text", "expected_lines"), BROKEN_CONFIGS)
def test_broken_config_message(text: str, expected_lines: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text, source=SOURCE)
    assert str(caught.value) == "\n".join(f"{SOURCE}:{line}" for line in expected_lines)


@pytest.mark.parametrize(("text", "expected_lines"), BROKEN_CONFIGS)
def test_broken_config_error_keeps_first_line(text: str, expected_lines: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text, source=SOURCE)
    first_line = int(expected_lines[0].split(":", 1)[0])
    assert (caught.value.path, caught.value.line, caught.value.exit_code) == (SOURCE, first_line, 2)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param(
            "bump:\n  breaking_before_10: major\n", "bump.breaking_before_10", id="unknown"
        ),
        pytest.param(
            "version_files: [a, {path: b, kind: x}]\n", "version_files[1].kind", id="item"
        ),
        pytest.param(
            "changelog:\n  sections: [{types: [fix]}]\n", "changelog.sections[0]", id="missing"
        ),
        pytest.param("a: [\n", None, id="syntax"),
        pytest.param("[]\n", None, id="top-level"),
    ],
)
def test_broken_config_error_names_first_key(text: str, key: str | None) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text, source=SOURCE)
    assert caught.value.key == key


@pytest.mark.parametrize(
    ("text", "line", "expected_start"),
    [
        pytest.param(
            "initial_version: '1.0'\n",
            1,
            "initial_version: '1.0' is not a SemVer 2.0.0 version: ",
            id="semver-initial-version",
        ),
        pytest.param(
            "initial_version: v1.0.0\n",
            1,
            "initial_version: 'v1.0.0' is not a SemVer 2.0.0 version: ",
            id="semver-v-prefix",
        ),
        pytest.param(
            "version_scheme: pep440\ninitial_version: 1.0-foo\n",
            2,
            "initial_version: '1.0-foo' is not a PEP 440 version",
            id="pep440-initial-version",
        ),
        pytest.param(
            "prerelease: rc.1\n", 1, "prerelease: prerelease channel 'rc.1'", id="semver-channel"
        ),
        pytest.param(
            "version_scheme: pep440\nprerelease: nightly\n",
            2,
            "prerelease: prerelease channel 'nightly'",
            id="pep440-channel",
        ),
    ],
)
def test_value_rejected_by_the_version_scheme(text: str, line: int, expected_start: str) -> None:
    """The wording after the key is the scheme's own; it is checked by the scheme's tests."""
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text, source=SOURCE)
    assert str(caught.value).startswith(f"{SOURCE}:{line}: {expected_start}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("version_scheme: semver\nbump:\n  types: {fix: maybe}\n", 3, id="flow"),
        pytest.param("# comment\n\n\nprerelease: 7\n", 4, id="after-comments"),
        pytest.param("tag_template: >-\n  release\n  {version}\n", 1, id="folded-scalar"),
    ],
)
def test_line_points_at_the_value(text: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text(text, source=SOURCE)
    assert caught.value.line == line


CONFIG_WORDS = st.sampled_from(
    [
        "version_scheme", "tag_template", "initial_version", "prerelease", "commit_parsing",
        "bump", "types", "feat", "changelog", "sections", "title", "path", "kind",
        "version_files", "templates", "semver", "pep440", "1.0.0", "v{version}", "rc", "none",
    ]
)  # fmt: skip
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | CONFIG_WORDS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CONFIG_WORDS, inner, max_size=4),
    max_leaves=12,
)


def _parses_or_explains(text: str) -> None:
    try:
        outcome: ReleasePolicy | ConfigError = parse_config_text(text, source=SOURCE)
    except ConfigError as error:
        outcome = error
    if isinstance(outcome, ConfigError):
        assert str(outcome).startswith(f"{SOURCE}:")
        assert outcome.line is None or outcome.line >= 1
    else:
        assert isinstance(outcome, ReleasePolicy)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-_ {}[]#'\"\t\n,.*&!|>?%@`~01")), max_size=60))
def test_any_text_parses_or_raises_config_error(text: str) -> None:
    _parses_or_explains(text)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(CONFIG_WORDS, YAML_VALUES, max_size=5))
def test_any_config_shaped_data_parses_or_raises_config_error(data: dict[str, object]) -> None:
    _parses_or_explains(yaml.safe_dump(data))
