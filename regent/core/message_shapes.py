"""Recognise what GitHub and git write into messages: merges, squashes, reverts, cherry-picks.

A message counts as a revert when its first line is ``Revert "<header>"`` (git, GitHub),
``Reapply "<header>"`` (git reverting a revert), ``revert: <header>`` (the Conventional Commits
type), or when a line says ``This reverts commit <sha>`` or, as GitHub's revert button writes,
``Reverts owner/repo#<pull request>``.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import TypeVar

from regent.core.commits import FOOTER_VALUE, ConventionalCommit, footers_named

_Item = TypeVar("_Item", bound=Hashable)

_NAMES = r"'[^'\n]+'(?:(?:,? and |, )'[^'\n]+')*"
_MERGE_PR = re.compile(r"Merge pull request #([0-9]{1,12}) from \S+\s*")
_MERGE_SUBJECT = re.compile(
    r"Merge (?:pull request #[0-9]+ from \S+"
    rf"|(?:remote-tracking )?branch(?:es)? {_NAMES}"
    rf"|tags? {_NAMES}"
    rf"|commits? {_NAMES}"
    r")(?: of \S+)?(?: into \S+)?\s*"
)
_SQUASH_SUFFIX = re.compile(r"\s\(#([0-9]{1,12})\)\s*$")
_GIT_REVERT = re.compile(r'(Revert|Reapply) "(.*)"(?: \(#[0-9]+\))?\s*')
_TYPE_REVERT = re.compile(r"revert(?:\([^()]*\))?!?:(.*)", re.IGNORECASE)
_QUOTED = re.compile(r'"(.*)"(?: \(#[0-9]+\))?')
_REVERTED_SHA = re.compile(r"^[ \t]*This reverts commit ([0-9a-fA-F]{7,40})\b", re.MULTILINE)
_REVERTED_PR = re.compile(
    r"^[ \t]*Reverts (?:[\w.-]+/[\w.-]+)?#([0-9]{1,12})[ \t]*\.?\r?$", re.MULTILINE
)
_CHERRY_PICKED_SHA = re.compile(
    r"^[ \t]*\(cherry picked from commit ([0-9a-fA-F]{7,40})\)", re.MULTILINE
)
_FOOTER_SEPARATOR = itemgetter(1)
_SEPARATOR_HASH = {": ": "", " #": "#"}
"""What a footer's separator puts before its value as an issue reference."""
_ISSUE_NUMBER = re.compile(r"(?<![\w/.-])#([0-9]{1,12})\b")
_REFERENCE_TOKENS = frozenset(
    {
        "close",
        "closes",
        "closed",
        "fix",
        "fixes",
        "fixed",
        "resolve",
        "resolves",
        "resolved",
        "ref",
        "refs",
        "references",
        "see",
        "see-also",
        "part-of",
        "related",
        "related-to",
        "relates-to",
    }
)


@dataclass(frozen=True, slots=True)
class RevertOf:
    """What a revert commit undoes: the reverted header, commits and/or pull requests."""

    header: str | None
    shas: tuple[str, ...]
    prs: tuple[int, ...] = ()


def _first_line(message: str) -> str:
    return message.split("\n", 1)[0].rstrip("\r")


def github_merge_pr_number(message: str) -> int | None:
    """The PR number of GitHub's ``Merge pull request #12 from owner/branch`` subject."""
    match = _MERGE_PR.fullmatch(_first_line(message))
    return int(match[1]) if match else None


def is_merge_message(message: str) -> bool:
    """Whether the first line is a merge subject written by git, GitHub or GitLab."""
    return _MERGE_SUBJECT.fullmatch(_first_line(message)) is not None


def squash_pr_number(subject: str) -> int | None:
    """The PR number GitHub appends to a squash-merge subject: the last ``(#12)`` at its end."""
    match = _SQUASH_SUFFIX.search(_first_line(subject))
    return int(match[1]) if match else None


def strip_squash_suffix(subject: str) -> str:
    """``subject`` without the ``(#12)`` GitHub appends to a squash merge."""
    return _SQUASH_SUFFIX.sub("", subject, count=1)


def revert_of(message: str) -> RevertOf | None:
    """What ``message`` reverts, or None when it is not a revert."""
    header = _reverted_header(_first_line(message))
    shas = _unique(sha.lower() for sha in _REVERTED_SHA.findall(message))
    prs = _unique(int(number) for number in _REVERTED_PR.findall(message))
    if header is None and not shas and not prs:
        return None
    return RevertOf(header=header, shas=shas, prs=prs)


def _reverted_header(subject: str) -> str | None:
    git_form = _GIT_REVERT.fullmatch(subject)
    if git_form:
        reverted = git_form[2]
        return f'Revert "{reverted}"' if git_form[1] == "Reapply" else reverted or None
    type_form = _TYPE_REVERT.fullmatch(subject)
    if type_form is None:
        return None
    text = type_form[1].strip()
    quoted = _QUOTED.fullmatch(text)
    return (quoted[1] if quoted else text) or None


def cherry_picked_from(message: str) -> tuple[str, ...]:
    """The commits named by ``(cherry picked from commit <sha>)`` lines, in order."""
    return _unique(sha.lower() for sha in _CHERRY_PICKED_SHA.findall(message))


def release_as(commit: ConventionalCommit) -> str | None:
    """The version asked for by the last non-empty ``Release-As`` footer, one leading v dropped."""
    for value in reversed(commit.footer_values("release-as")):
        version = value.strip().split("\n", 1)[0].strip()
        if version[:1] in ("v", "V"):
            version = version[1:]
        if version:
            return version
    return None


def issue_references(commit: ConventionalCommit) -> tuple[int, ...]:
    """Issue and PR numbers named by reference footers (``Closes #12``, ``Refs: #4, #5``)."""
    footers = footers_named(commit.footers, _REFERENCE_TOKENS)
    if not footers:
        return ()
    # ``Closes #12`` keeps its ``#`` in the separator; C iterators put it back on each value.
    hashes = map(_SEPARATOR_HASH.get, map(_FOOTER_SEPARATOR, footers), repeat(""))
    texts = map("".join, zip(hashes, map(FOOTER_VALUE, footers), strict=True))
    # One search over all of them: a line break separates numbers as the end of a value does.
    return _unique(map(int, _ISSUE_NUMBER.findall("\n".join(texts))))


def _unique(items: Iterable[_Item]) -> tuple[_Item, ...]:
    """``items`` without repeats, first occurrence kept."""
    return tuple(dict.fromkeys(items))
