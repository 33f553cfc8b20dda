"""What the notes read from GitHub: the accounts of a range's commits (one paged listing) and
GitHub's own generated release notes."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any
from urllib.parse import quote

from regent.adapters.github.call import RepoCall
from regent.core.notes.contributors import Account

PAGE_SIZE = 100
"""GitHub's largest page: a range of n commits costs ceil(n / 100) requests."""


def commit_accounts(
    call: RepoCall, *, base: str | None, head: str, emails: Collection[str] = ()
) -> dict[str, Account]:
    """The account of each commit in ``base..head`` that GitHub links to one, by sha: the
    compare listing (``GET compare/{base}...{head}``, paged), or with no ``base`` the commits
    listing of ``head`` (``GET commits?sha=``), read until a page has shown a commit of each of
    ``emails`` (lower case; GitHub links an email to one account), else to the end."""
    found: dict[str, Account] = {}
    wanted, seen = set(emails), set[str]()
    for page in _range_pages(call, base=base, head=head):
        for commit in page:
            account = _account(commit.get("author"))
            sha = commit.get("sha")
            if account is not None and isinstance(sha, str):
                found[sha] = account
            seen.add(_email(commit))
        if wanted and wanted <= seen:
            break
    return found


def _email(commit: Mapping[str, Any]) -> str:
    """The author email git recorded, as the listing shows it (lower case)."""
    inner = commit.get("commit")
    author = inner.get("author") if isinstance(inner, dict) else None
    email = author.get("email") if isinstance(author, dict) else None
    return email.lower() if isinstance(email, str) else ""


def _range_pages(
    call: RepoCall, *, base: str | None, head: str
) -> Iterator[list[Mapping[str, Any]]]:
    page = 1
    read = 0
    while True:
        query = f"per_page={PAGE_SIZE}&page={page}"
        if base is None:
            data = call.request("GET", f"/commits?sha={quote(head, safe='')}&{query}")
            commits, total = (data if isinstance(data, list) else []), None
        else:
            data = call.request("GET", f"/compare/{_ref(base)}...{_ref(head)}?{query}")
            data = data if isinstance(data, dict) else {}
            commits, total = data.get("commits") or [], data.get("total_commits")
        yield [commit for commit in commits if isinstance(commit, dict)]
        read += len(commits)
        if len(commits) < PAGE_SIZE or (isinstance(total, int) and read >= total):
            return
        page += 1


def _ref(revision: str) -> str:
    return quote(revision, safe="/")


def _account(user: object) -> Account | None:
    """The ``author`` of a listed commit: a GitHub user, or null for an unlinked email."""
    if not isinstance(user, dict) or not isinstance(user.get("login"), str):
        return None
    return Account(user["login"], is_bot=user.get("type") == "Bot")


def generated_notes(call: RepoCall, *, tag: str, target: str, previous_tag: str | None) -> str:
    """GitHub's generated notes for ``tag`` at commit ``target`` since ``previous_tag``
    (``POST releases/generate-notes``; the body, Markdown)."""
    body: dict[str, str] = {"tag_name": tag, "target_commitish": target}
    if previous_tag is not None:
        body["previous_tag_name"] = previous_tag
    data = call.request("POST", "/releases/generate-notes", body=body)
    text = data.get("body") if isinstance(data, dict) else None
    return text if isinstance(text, str) else ""
