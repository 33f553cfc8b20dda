"""Comment commands read out of a comment body (regent/core/commands): every accepted form,
the lines that only show a command (quotes, code, HTML comments), the invalid lines and their
problems, the floor labels, and a cost linear in the comment's size."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.core.commands import (
    ACCEPTED_FORMS,
    CommandKind,
    Explain,
    InvalidCommand,
    ParsedCommand,
    ReleaseFloor,
    SetVersion,
    command_line,
    floor_label,
    label_floor,
    read_commands,
)
from regent.core.versioning.bump import Bump
from tests.op_count import python_calls

MINOR = ReleaseFloor(Bump.MINOR)
NAMES = "set-version, release, explain"
SET_VERSION_TAKES = (
    "set-version takes one version, such as 2.0.0, or auto to drop the override; "
    "on a monorepo's release PR, a component first (api 2.0.0, or api auto)"
)
RELEASE_TAKES = "release takes one level: major, minor or patch"


def invalid(line: str, problem: str, kind: CommandKind | None = None) -> InvalidCommand:
    return InvalidCommand(line, problem, kind)


FORMS: list[tuple[str, str, tuple[ParsedCommand, ...]]] = [
    ("set-version", "!set-version 2.0.0", (SetVersion("2.0.0"),)),
    ("set-version-prerelease", "!set-version 2.0.0-rc.1+b5", (SetVersion("2.0.0-rc.1+b5"),)),
    ("set-version-keeps-its-text", "!set-version V2.0.0-RC", (SetVersion("V2.0.0-RC"),)),
    ("set-version-auto", "!set-version auto", (SetVersion(None),)),
    ("set-version-auto-any-case", "!Set-Version AUTO", (SetVersion(None),)),
    ("slash-set-version", "/release-regent set-version 2.0.0", (SetVersion("2.0.0"),)),
    ("bang-long-set-version", "!release-regent set-version 2.0.0", (SetVersion("2.0.0"),)),
    ("set-version-of-a-component", "!set-version api 2.0.0", (SetVersion("2.0.0", "api"),)),
    ("set-version-component-auto", "!set-version api AUTO", (SetVersion(None, "api"),)),
    ("set-version-component-any-case", "!set-version API 2.0.0", (SetVersion("2.0.0", "api"),)),
    (
        "slash-set-version-of-a-component",
        "/release-regent set-version web.ui 2.0.0-rc.1",
        (SetVersion("2.0.0-rc.1", "web.ui"),),
    ),
    ("release-minor", "!release minor", (MINOR,)),
    ("release-any-case", "!RELEASE Major", (ReleaseFloor(Bump.MAJOR),)),
    ("slash-release", "/release-regent release patch", (ReleaseFloor(Bump.PATCH),)),
    ("bang-long-release", "!release-regent release minor", (MINOR,)),
    ("explain", "!release-regent explain", (Explain(),)),
    ("slash-explain", "/release-regent explain", (Explain(),)),
    ("explain-any-case", "/Release-Regent EXPLAIN", (Explain(),)),
    ("indented-with-spaces-and-tabs", "  \t!release minor\t ", (MINOR,)),
    (
        "several-spaces-between-words",
        "/release-regent   set-version   2.0.0",
        (SetVersion("2.0.0"),),
    ),
    (
        "several-lines-in-order",
        "Thanks!\n!release minor\r\n\r\n/release-regent explain\r!set-version 3.0.0",
        (MINOR, Explain(), SetVersion("3.0.0")),
    ),
    ("a-repeated-command-is-kept", "!release minor\n!release minor", (MINOR, MINOR)),
]

NOT_COMMANDS: list[tuple[str, str]] = [
    ("empty", ""),
    ("prose", "LGTM, ship it"),
    ("inside-a-sentence", "please !release minor"),
    ("inline-code", "try `!release minor`"),
    ("a-list-item", "- !release minor"),
    ("a-longer-word", "!releases are cool\n!set-versions 2\n/release-regents explain"),
    ("another-bot's-command", "/create-issue-branch\n@all-contributors hello"),
    ("a-bare-bang", "!\n/"),
    ("a-quote", "> !release minor"),
    ("an-indented-quote", "   >!set-version 2.0.0"),
    ("a-backtick-fence", "```\n!release minor\n```"),
    ("a-tilde-fence-with-info", "~~~ text\n!release minor\n~~~"),
    ("an-unclosed-fence-runs-to-the-end", "```\n!release minor\n\n!release major"),
    ("a-longer-fence-needs-a-long-close", "````\n```\n!release minor\n````"),
    ("a-tilde-fence-is-not-closed-by-backticks", "~~~\n```\n!release minor\n~~~"),
    ("a-fence-indented-three-spaces", "   ```\n!release minor\n   ```"),
    ("an-html-comment-block", "<!--\n!release minor\n-->"),
    ("an-html-comment-until-its-end", "<!-- note\n!release minor\nstill hidden -->"),
]

AROUND: list[tuple[str, str, tuple[ParsedCommand, ...]]] = [
    ("after-a-closed-fence", "```\n!release patch\n```\n!release minor", (MINOR,)),
    ("after-a-one-line-html-comment", "<!-- hidden -->\n!release minor", (MINOR,)),
    ("a-close-with-text-is-not-a-close", "```\n!release patch\n``` x\n!release major", ()),
    (
        "a-backtick-line-with-backticks-in-its-info-is-no-fence",
        "``` a`b\n!release minor",
        (MINOR,),
    ),
    ("four-spaces-is-no-fence", "    ```\n!release minor", (MINOR,)),
    ("a-quote-then-a-command", "> !release major\n!release minor", (MINOR,)),
]

INVALID: list[tuple[str, str, InvalidCommand]] = [
    (
        "set-version-without-a-version",
        "!set-version",
        invalid("!set-version", SET_VERSION_TAKES, CommandKind.SET_VERSION),
    ),
    (
        "set-version-with-three-words",
        "!set-version api 2.0.0 please",
        invalid("!set-version api 2.0.0 please", SET_VERSION_TAKES, CommandKind.SET_VERSION),
    ),
    (
        "slash-set-version-with-three-words",
        "/release-regent set-version api 2.0.0 please",
        invalid(
            "/release-regent set-version api 2.0.0 please",
            SET_VERSION_TAKES,
            CommandKind.SET_VERSION,
        ),
    ),
    (
        "release-without-a-level",
        "!release",
        invalid("!release", RELEASE_TAKES, CommandKind.RELEASE),
    ),
    ("release-none", "!release none", invalid("!release none", RELEASE_TAKES, CommandKind.RELEASE)),
    (
        "release-unknown-level",
        "!release huge",
        invalid("!release huge", RELEASE_TAKES, CommandKind.RELEASE),
    ),
    (
        "release-two-levels",
        "/release-regent release minor major",
        invalid("/release-regent release minor major", RELEASE_TAKES, CommandKind.RELEASE),
    ),
    (
        "explain-with-words",
        "!release-regent explain why",
        invalid(
            "!release-regent explain why", "explain takes nothing after it", CommandKind.EXPLAIN
        ),
    ),
    (
        "no-command-after-the-prefix",
        "/release-regent",
        invalid("/release-regent", f"name a command after /release-regent: {NAMES}"),
    ),
    (
        "unknown-command",
        "/release-regent release-as 2.0.0",
        invalid(
            "/release-regent release-as 2.0.0",
            f"'release-as' is not a command; the commands: {NAMES}",
        ),
    ),
    (
        "unknown-command-after-the-bang-prefix",
        "!release-regent frobnicate now",
        invalid(
            "!release-regent frobnicate now",
            f"'frobnicate' is not a command; the commands: {NAMES}",
        ),
    ),
    (
        "the-line-shown-is-stripped-and-cut",
        "  !release " + "x" * 300,
        invalid(
            "!release " + "x" * 191 + "... (309 characters)", RELEASE_TAKES, CommandKind.RELEASE
        ),
    ),
]


@pytest.mark.parametrize(
    ("body", "expected"), [pytest.param(*case[1:], id=case[0]) for case in FORMS + AROUND]
)
def test_the_commands_of_a_comment(body: str, expected: tuple[ParsedCommand, ...]) -> None:
    assert read_commands(body) == expected


@pytest.mark.parametrize("body", [pytest.param(case[1], id=case[0]) for case in NOT_COMMANDS])
def test_lines_that_hold_no_command(body: str) -> None:
    assert read_commands(body) == ()


@pytest.mark.parametrize(
    ("body", "expected"), [pytest.param(*case[1:], id=case[0]) for case in INVALID]
)
def test_a_line_meant_for_us_that_does_not_parse(body: str, expected: InvalidCommand) -> None:
    assert read_commands(f"Hello\n{body}\n!release minor") == (expected, MINOR)


LINES: list[tuple[ParsedCommand, str]] = [
    (SetVersion("2.0.0"), "!set-version 2.0.0"),
    (SetVersion(None), "!set-version auto"),
    (SetVersion("2.0.0", "api"), "!set-version api 2.0.0"),
    (SetVersion(None, "api"), "!set-version api auto"),
    (ReleaseFloor(Bump.PATCH), "!release patch"),
    (Explain(), "!release-regent explain"),
    (invalid("/release-regent x", "no"), "/release-regent x"),
]


@pytest.mark.parametrize(("command", "line"), LINES, ids=[line for _, line in LINES])
def test_each_command_is_written_one_way(command: ParsedCommand, line: str) -> None:
    assert command_line(command) == line
    if not isinstance(command, InvalidCommand):
        assert read_commands(line) == (command,)


def test_each_command_names_its_kind() -> None:
    assert [command.kind for command in (SetVersion("1"), MINOR, Explain())] == list(CommandKind)


def test_the_accepted_forms_read_as_the_commands_they_show() -> None:
    shown = [part.split("`")[0] for part in ACCEPTED_FORMS.split("`")[1::2]]
    readable = [form for form in shown if "<" not in form]
    assert readable == [
        "!set-version auto",
        "!release major",
        "!release minor",
        "!release patch",
        "!release-regent explain",
        "/release-regent set-version 2.0.0",
    ]
    assert all(read_commands(form) for form in readable)
    assert all(not isinstance(read_commands(form)[0], InvalidCommand) for form in readable)
    assert read_commands(ACCEPTED_FORMS) == ()


FLOORS = [
    (Bump.PATCH, "release-regent: bump-patch"),
    (Bump.MINOR, "release-regent: bump-minor"),
    (Bump.MAJOR, "release-regent: bump-major"),
]


@pytest.mark.parametrize(("bump", "label"), FLOORS, ids=[label for _, label in FLOORS])
def test_a_floor_is_stored_as_a_label(bump: Bump, label: str) -> None:
    assert floor_label(bump) == label
    assert label_floor(label) is bump
    assert label_floor(f" {label.upper()} ") is bump


@pytest.mark.parametrize(
    "label",
    [
        "release-regent: bump-none",
        "release-regent: bump-huge",
        "release-regent: pending",
        "bump-minor",
        "",
    ],
)
def test_other_labels_store_no_floor(label: str) -> None:
    assert label_floor(label) is None


def test_there_is_no_floor_of_none() -> None:
    with pytest.raises(ValueError, match="a floor is patch, minor or major, not none"):
        floor_label(Bump.NONE)


def prose(n: int) -> str:
    return "".join(f"line {i} of a long review, nothing for a bot here\n" for i in range(n))


def commands(n: int) -> str:
    return "!release minor\n/release-regent set-version 2.0.0\n" * (n // 2)


def fences(n: int) -> str:
    return "```\n!release minor\n```\n> !release major\n<!--\n-->\n" * (n // 6)


def unclosed_fence(n: int) -> str:
    return "````\n" + "```\n" * n


def invalid_lines(n: int) -> str:
    return "!release " + "x " * 50 + "\n" * 1 + "/release-regent nope\n" * (n - 1)


@pytest.mark.parametrize(
    ("body", "per_line"),
    [
        pytest.param(prose, 5, id="prose"),
        pytest.param(commands, 25, id="commands"),
        pytest.param(fences, 6, id="fences-quotes-comments"),
        pytest.param(unclosed_fence, 6, id="an-unclosed-fence"),
        pytest.param(invalid_lines, 25, id="invalid-lines"),
    ],
)
def test_reading_costs_a_few_calls_a_line(body: Callable[[int], str], per_line: int) -> None:
    for n in (1_000, 4_000):
        assert python_calls(read_commands, body(n)) <= per_line * n + 50


def test_a_one_megabyte_comment_of_a_hundred_thousand_lines_is_read_in_one_pass() -> None:
    body = "".join(f"ok {i:06}\n" for i in range(100_000)) + "!release minor\n"
    assert (len(body) > 1_000_000, body.count("\n")) == (True, 100_001)
    assert read_commands(body) == (MINOR,)
    assert python_calls(read_commands, body) <= 6 * 100_001 + 50
    one_line = "!set-version " + "9" * 1_000_000
    assert read_commands(one_line) == (SetVersion("9" * 1_000_000),)
    assert python_calls(read_commands, one_line) < 50


PIECES = st.sampled_from(
    [
        "!release",
        "!set-version",
        "!release-regent",
        "/release-regent",
        "explain",
        "set-version",
        "release",
        "minor",
        "auto",
        "2.0.0",
        "```",
        "~~~",
        ">",
        "<!--",
        "-->",
        " ",
        "\t",
        "\n",
        "\r\n",
        "x",
    ]
)
BODIES = st.lists(PIECES | st.text(max_size=4), max_size=40).map("".join)


@given(BODIES)
def test_any_comment_reads_as_commands_each_written_one_way(body: str) -> None:
    """Any text reads without an error, at most one command a line; each valid command, written
    its one way, reads back as itself; quoting every line leaves no command."""
    found = read_commands(body)
    assert len(found) <= body.count("\n") + body.count("\r") + 1
    for command in found:
        if not isinstance(command, InvalidCommand):
            assert read_commands(command_line(command)) == (command,)
    quoted = "\n".join(f"> {line}" for line in body.splitlines())
    assert read_commands(quoted) == ()
