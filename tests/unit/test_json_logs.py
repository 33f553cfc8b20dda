"""JSON-line logs: one object per line, the delivery on every line written for it, no secrets."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator

import pytest

from regent.adapters.secrets import SECRETS
from regent.runtimes.json_logs import JsonLines, delivery_context, use_json_logs
from regent.runtimes.webhook.door import WebhookReceiver
from regent.webhook import Reply


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("regent").level)
    out = io.StringIO()
    use_json_logs(stream=out)
    yield out
    root.handlers[:], root.level = saved[0], saved[1]
    logging.getLogger("regent").setLevel(saved[2])


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_line_names_its_delivery(stream: io.StringIO) -> None:
    log = logging.getLogger("regent.test")
    log.info("before")
    with delivery_context(delivery_id="d-1", repository="acme/widget", event="push"):
        log.info("reconciling %s", "main")
    log.warning("after")
    before, during, after = lines(stream)
    assert before["message"] == "before"
    assert "delivery_id" not in before
    assert during["message"] == "reconciling main"
    assert (during["delivery_id"], during["repository"], during["event"]) == (
        "d-1",
        "acme/widget",
        "push",
    )
    assert (during["level"], during["logger"]) == ("info", "regent.test")
    assert str(during["timestamp"]).endswith("+00:00")
    assert after["level"] == "warning"
    assert "delivery_id" not in after


def test_threads_keep_their_own_delivery(stream: io.StringIO) -> None:
    log = logging.getLogger("regent.test")

    def work(delivery_id: str) -> None:
        with delivery_context(delivery_id=delivery_id, repository=None, event=None):
            log.info("working")

    threads = [threading.Thread(target=work, args=(f"d-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(str(line["delivery_id"]) for line in lines(stream)) == [
        f"d-{n}" for n in range(4)
    ]


def test_tokens_and_tracebacks_are_redacted(stream: io.StringIO) -> None:
    SECRETS.add("ghs_secret-token-value")
    log = logging.getLogger("regent.test")
    try:
        raise RuntimeError("token ghs_secret-token-value refused")
    except RuntimeError:
        log.exception("call with ghs_secret-token-value failed")
    (line,) = lines(stream)
    assert "ghs_secret-token-value" not in json.dumps(line)
    assert "RuntimeError" in str(line["error"])


def test_other_libraries_log_warnings_only(stream: io.StringIO) -> None:
    logging.getLogger("urllib3").info("noise")
    logging.getLogger("urllib3").warning("worth seeing")
    assert [line["message"] for line in lines(stream)] == ["worth seeing"]


def test_a_refused_header_is_logged_short_and_without_terminal_escapes(
    stream: io.StringIO,
) -> None:
    """A stranger's X-GitHub-Delivery (an escape sequence, then a megabyte) reaches the log
    shortened, its control characters escaped: no raw ESC for a terminal to act on."""
    forged = "\x1b[2J\x1b]0;pwned\x07" + "x" * 2**20
    headers = {
        "X-Hub-Signature-256": "sha256=" + "0" * 64,
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": forged,
    }
    reply = WebhookReceiver(secrets=("s",)).expect(headers)
    text = stream.getvalue()
    assert "\x1b" not in text
    assert "\x07" not in text
    assert len(text) < 2000  # the message, the id and the error, each shortened
    [line] = lines(stream)
    assert "is not a GitHub delivery id" in str(line["message"])
    assert isinstance(reply, Reply)
    assert reply.status == 400


def test_c1_controls_bidi_overrides_and_lone_surrogates_are_escaped(stream: io.StringIO) -> None:
    """JSON leaves U+009B (a one-byte CSI), U+202E and U+D800 raw unless told to escape them."""
    hostile = "csi \x9b2J rlo \u202egnp.exe lone \ud800 nel \x85 é"
    # Not propagated to pytest's capture: a lone surrogate in a captured report breaks xdist.
    logger = logging.getLogger("regent.test.hostile")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with delivery_context(delivery_id=hostile, repository=hostile, event=hostile):
            logger.warning("%s", hostile)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    text = stream.getvalue()
    assert text.isascii()
    [line] = lines(stream)
    assert (line["message"], line["delivery_id"], line["event"]) == (hostile,) * 3
