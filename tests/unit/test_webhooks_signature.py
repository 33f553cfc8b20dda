"""X-Hub-Signature-256 verification: the shared vectors (read in place) and the spec's own cases,
secret rotation included; every refusal is a 401 that names no secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regent.webhook import SignatureError
from regent.webhook.replies import refused
from regent.webhook.signature import BodySignature
from tests.shared_data import SHARED_FIXTURES

VECTORS = SHARED_FIXTURES / "signatures.json"
ABSENT = pytest.mark.skip(reason=f"shared fixture {VECTORS} not present (fresh clone)")


def verify_signature(body: bytes, header: str | None, secrets: Sequence[str]) -> None:
    """Check ``body`` against ``header`` at once, as a door holding the whole body does."""
    signature = BodySignature.expecting(header, secrets)
    signature.update(body)
    signature.verify()


def vector_cases() -> list[Any]:
    """Every case of signatures.json, or one skipped placeholder when the file is absent."""
    if not VECTORS.exists():
        return [pytest.param(None, id="signatures.json-absent", marks=ABSENT)]
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(case, id=case["id"]) for case in cases]


def vector_body(case: dict[str, Any]) -> bytes:
    """The payload bytes of a case: base64 when given, else the checked payload file."""
    if "payload_base64" in case:
        return base64.b64decode(str(case["payload_base64"]))
    body = (SHARED_FIXTURES / str(case["payload_file"])).read_bytes()
    assert hashlib.sha256(body).hexdigest() == case["payload_sha256"], "payload file changed"
    return body


@pytest.mark.parametrize("case", vector_cases())
def test_shared_vectors(case: dict[str, Any]) -> None:
    body = vector_body(case)
    if case["expected_valid"]:
        verify_signature(body, case["signature_header"], [case["secret"]])
        return
    with pytest.raises(SignatureError) as raised:
        verify_signature(body, case["signature_header"], [case["secret"]])
    assert case["secret"] not in str(raised.value)
    assert refused(raised.value).status == 401


BODY = b'{"zen": "Keep it logically awesome."}'
ILL_FORMED = "not 'sha256=' and 64 lower-case hex digits"
OLD = "s3cret-old"
NEW = "s3cret-new"


def signed(body: bytes, secret: str) -> str:
    """The header GitHub sends for ``body`` under ``secret``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize(
    ("body", "header", "secrets"),
    [
        pytest.param(BODY, signed(BODY, NEW), [NEW], id="one-secret"),
        pytest.param(BODY, signed(BODY, NEW), [OLD, NEW], id="rotation-second-matches"),
        pytest.param(BODY, signed(BODY, OLD), [OLD, NEW], id="rotation-first-matches"),
        pytest.param(BODY, signed(BODY, "clé-ß-秘密"), ["clé-ß-秘密"], id="non-ascii-secret-utf8"),
        pytest.param(b"", signed(b"", NEW), [NEW], id="empty-body"),
        pytest.param("é".encode(), signed("é".encode(), NEW), (NEW,), id="non-ascii-body-tuple"),
    ],
)
def test_accepted(body: bytes, header: str, secrets: list[str]) -> None:
    verify_signature(body, header, secrets)


@pytest.mark.parametrize(
    ("header", "secrets", "says"),
    [
        pytest.param(signed(BODY, NEW), [], "no webhook secret is configured", id="no-secrets"),
        pytest.param(
            signed(BODY, "s3cret-other"), [OLD, NEW], "does not match", id="rotation-no-match"
        ),
        pytest.param(None, [NEW], "no X-Hub-Signature-256 header", id="missing-header"),
        pytest.param("", [NEW], "no X-Hub-Signature-256 header", id="empty-header"),
        pytest.param(
            "sha1=" + hmac.new(NEW.encode(), BODY, hashlib.sha1).hexdigest(),
            [NEW],
            ILL_FORMED,
            id="sha1-value",
        ),
        pytest.param(signed(BODY, NEW).upper(), [NEW], ILL_FORMED, id="uppercase"),
        pytest.param("sha256=" + signed(BODY, NEW)[7:].upper(), [NEW], ILL_FORMED, id="upper-hex"),
        pytest.param(signed(BODY, NEW) + " ", [NEW], ILL_FORMED, id="trailing-space"),
        pytest.param(" " + signed(BODY, NEW), [NEW], ILL_FORMED, id="leading-space"),
        pytest.param(signed(BODY, NEW)[:-2], [NEW], ILL_FORMED, id="truncated"),
        pytest.param("sha256=", [NEW], ILL_FORMED, id="prefix-only"),
        pytest.param("sha256=é" + "0" * 63, [NEW], ILL_FORMED, id="non-ascii-header"),
        pytest.param(
            signed(BODY, "clé"), ["clé".encode().decode("latin-1")], "does not match", id="mojibake"
        ),
        pytest.param(
            signed(BODY + b" ", NEW), [NEW], "does not match", id="body-changed-by-one-byte"
        ),
    ],
)
def test_refused(header: str | None, secrets: list[str], says: str) -> None:
    with pytest.raises(SignatureError, match=says) as raised:
        verify_signature(BODY, header, secrets)
    assert refused(raised.value).status == 401
    assert not any(secret in str(raised.value) for secret in secrets)


@given(body=st.binary(max_size=2048), cuts=st.lists(st.integers(0, 2048), max_size=8))
def test_a_body_fed_in_chunks_verifies_as_the_whole_body(body: bytes, cuts: list[int]) -> None:
    """Streaming the body into the HMAC, cut anywhere, decides as hashing it whole does."""
    edges = [0, *sorted(min(cut, len(body)) for cut in cuts), len(body)]
    for header, valid in ((signed(body, NEW), True), (signed(body + b"!", NEW), False)):
        signature = BodySignature.expecting(header, [OLD, NEW])
        for start, end in itertools.pairwise(edges):
            signature.update(body[start:end])
        if valid:
            signature.verify()
        else:
            with pytest.raises(SignatureError, match="does not match"):
                signature.verify()


@pytest.mark.parametrize("header", [None, "", "sha1=" + "0" * 40, "sha256=" + "0" * 63])
def test_a_missing_or_ill_formed_header_is_refused_before_any_body(header: str | None) -> None:
    with pytest.raises(SignatureError) as raised:
        BodySignature.expecting(header, [NEW])
    assert refused(raised.value).status == 401
