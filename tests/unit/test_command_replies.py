"""The words of comment commands: reply keys, the reply's opening, the explanation (tables)."""

from __future__ import annotations

import pytest

from regent.core.commands import Explain, InvalidCommand, ReleaseFloor, SetVersion
from regent.core.model import PullRequest, PullState
from regent.core.release_pr.actions import KeepReleasePr, NothingToRelease, ReleaseDecision
from regent.core.replies import reply_marker
from regent.core.versioning.bump import Bump
from regent.services.command_replies import (
    command_name,
    explanation,
    pin_source,
    pinning_comment,
    reply_body,
    reply_key,
)

PULL = PullRequest(
    number=7,
    title="chore(release): v1.1.0",
    body="",
    head_branch="release-regent/main",
    head_sha="a" * 40,
    base_branch="main",
    state=PullState.OPEN,
    merged=False,
    merge_commit_sha=None,
    labels=(),
    draft=False,
    html_url="https://github.com/acme/widget/pull/7",
)


@pytest.mark.parametrize(
    ("comment_id", "line", "key"),
    [
        (1004, "!set-version 2.0.0", "1004-"),
        (None, "!release-regent explain", "0-"),
    ],
    ids=["comment", "no-comment-id"],
)
def test_a_reply_key_is_the_comment_and_a_digest_a_marker_takes(
    comment_id: int | None, line: str, key: str
) -> None:
    made = reply_key(comment_id, line)
    assert made.startswith(key)
    assert len(made) == len(key) + 12
    assert made == reply_key(comment_id, line), "the same line keys the same reply"
    assert made != reply_key(comment_id, line + " ")
    assert reply_marker(made).startswith("<!-- release-regent reply ")


@pytest.mark.parametrize(
    ("author", "opening"),
    [
        ("alice", "@alice `!release minor`: "),
        ("deploy-helper[bot]", "@deploy-helper[bot] `!release minor`: "),
        ("<b>x</b>", "<\u2060b>x<\u2060/b> `!release minor`: "),
    ],
    ids=["login", "bot-login", "not-a-login"],
)
def test_a_reply_names_its_author_only_when_it_is_a_login(author: str, opening: str) -> None:
    body = reply_body(author, "!release minor", "done")
    assert body == f"{opening}done"


def test_a_backtick_in_an_invalid_line_cannot_close_the_quoted_command() -> None:
    body = reply_body("alice", "!release `x`", "no")
    assert body.startswith("@alice `!release 'x'`: ")


@pytest.mark.parametrize(
    ("parsed", "name"),
    [
        (SetVersion("2.0.0"), "set-version"),
        (SetVersion(None), "set-version"),
        (ReleaseFloor(Bump.MINOR), "release"),
        (Explain(), "explain"),
        (InvalidCommand("!release huge", "release takes one level"), "invalid"),
    ],
)
def test_command_names(parsed: object, name: str) -> None:
    assert command_name(parsed) == name  # type: ignore[arg-type]


def decision(action: KeepReleasePr | NothingToRelease, reason: str) -> ReleaseDecision:
    return ReleaseDecision(
        base_branch="main",
        release_branch="release-regent/main",
        base_sha="b" * 40,
        actions=(action,),
        plan_reason=reason,
    )


@pytest.mark.parametrize(
    ("made", "waiting", "opening"),
    [
        (
            decision(KeepReleasePr(PULL, "1.1.0", "it already shows v1.1.0"), "a minor bump."),
            12,
            "the next release of `main` is **1.1.0** (#12 counts once it is merged).\n\n"
            "Why: a minor bump.\n\nWhat a run would do now:\n\n- leave release PR #7 as it is",
        ),
        (
            decision(KeepReleasePr(PULL, "1.1.0", "it already shows v1.1.0"), ""),
            None,
            "the next release of `main` is **1.1.0**.\n\nWhat a run would do now:",
        ),
        (
            decision(NothingToRelease("no commits since v1.0.0"), "no commits since v1.0.0"),
            None,
            "nothing merged into `main` calls for a release yet.\n\nWhy: no commits since v1.0.0",
        ),
    ],
    ids=["release-pr-open", "no-reason", "nothing"],
)
def test_the_explanation(made: ReleaseDecision, waiting: int | None, opening: str) -> None:
    assert explanation(made, waiting=waiting).startswith(opening)


@pytest.mark.parametrize(
    ("source", "comment_id"),
    [
        (pin_source("alice", 7, 1004), 1004),
        (pin_source("alice", 7, None), None),
        ("release-as input", None),
        ("!set-version by @alice in #7, comment 12 (edited)", None),
    ],
    ids=["comment", "no-comment-id", "another-source", "not-at-the-end"],
)
def test_a_pin_names_the_comment_that_set_it(source: str, comment_id: int | None) -> None:
    assert pinning_comment(source) == comment_id
