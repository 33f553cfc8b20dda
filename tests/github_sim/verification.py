"""Commit signatures as GitHub makes and reports them.

GitHub signs a commit it creates through the Git Data API (``POST git/commits``) when the
request is authenticated as a GitHub App installation (an installation token, or the workflow's
``GITHUB_TOKEN``, which acts as ``github-actions[bot]``) and names no author, committer or
signature of its own (docs: "Signature verification for bots"). A personal token's commits are
unsigned. The simulator signs with its own key: the signature is an HMAC of the commit's payload
(the object without its ``gpgsig`` header) in a PGP armour, so a signature this simulator did not
make, or a payload changed after signing, does not verify.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tests.github_sim.state import SimRepo

if TYPE_CHECKING:
    from tests.github_sim.gitobjects import Signature

SIM_KEY = b"github-sim web-flow signing key"
BEGIN = "-----BEGIN PGP SIGNATURE-----"
END = "-----END PGP SIGNATURE-----"
UNSIGNED: dict[str, Any] = {
    "verified": False,
    "reason": "unsigned",
    "signature": None,
    "payload": None,
    "verified_at": None,
}


def signs_for(login: str, body: dict[str, Any]) -> bool:
    """Whether GitHub signs a ``POST git/commits`` by ``login`` with this request body: an App
    installation (a ``[bot]`` login) naming no author, committer or signature."""
    custom = any(body.get(name) is not None for name in ("author", "committer", "signature"))
    return login.endswith("[bot]") and not custom


def write_signed_commit(
    repo: SimRepo,
    *,
    tree: str,
    parents: list[str],
    message: str,
    author: Signature,
    committer: Signature,
) -> str:
    """Write the commit with the simulator's signature in a ``gpgsig`` header; its sha."""
    payload = _payload(tree, parents, message, author, committer)
    head, _, rest = payload.partition("\n\n")
    armour = _armour(payload).replace("\n", "\n ")
    signed = f"{head}\ngpgsig {armour}\n\n{rest}"
    return repo.git("hash-object", "-t", "commit", "-w", "--stdin", stdin=signed.encode("utf-8"))


def split_signature(raw: bytes) -> tuple[str | None, str | None]:
    """The ``gpgsig`` header of a raw commit object and the object without it (the payload);
    ``(None, None)`` for an unsigned commit."""
    text = raw.decode("utf-8", "replace")
    head, separator, message = text.partition("\n\n")
    kept: list[str] = []
    signature: list[str] = []
    in_signature = False
    for line in head.split("\n"):
        if line.startswith("gpgsig "):
            signature.append(line.removeprefix("gpgsig "))
            in_signature = True
        elif in_signature and line.startswith(" "):
            signature.append(line[1:])
        else:
            kept.append(line)
            in_signature = False
    if not signature:
        return None, None
    return "\n".join(signature) + "\n", "\n".join(kept) + separator + message


def verification_json(signature: str | None, payload: str | None, date: str) -> dict[str, Any]:
    """The ``verification`` object of a commit: ``valid`` for the simulator's own signature
    (``verified_at`` is ``date``), ``unsigned`` without one, ``unknown_key`` for any other."""
    if signature is None or payload is None:
        return dict(UNSIGNED)
    valid = hmac.compare_digest(signature, _armour(payload) + "\n")
    return {
        "verified": valid,
        "reason": "valid" if valid else "unknown_key",
        "signature": signature,
        "payload": payload,
        "verified_at": date if valid else None,
    }


def _payload(
    tree: str, parents: list[str], message: str, author: Signature, committer: Signature
) -> str:
    lines = [f"tree {tree}", *(f"parent {parent}" for parent in parents)]
    lines += [_person("author", author), _person("committer", committer)]
    return "\n".join(lines) + "\n\n" + message


def _person(header: str, signature: Signature) -> str:
    epoch = int(datetime.fromisoformat(signature.date.replace("Z", "+00:00")).timestamp())
    return f"{header} {signature.name} <{signature.email}> {epoch} +0000"


def _armour(payload: str) -> str:
    digest = hmac.new(SIM_KEY, payload.encode("utf-8"), hashlib.sha256).digest()
    body = base64.b64encode(digest).decode("ascii")
    return f"{BEGIN}\n\n{body}\n{END}"
