"""The SQS message format of the AWS door: a verified delivery in, the same delivery back out.

The receiver puts each delivery on an SQS FIFO queue as a JSON message (``queue_message``),
grouped by repository and de-duplicated by delivery id (``sqs_id``); the worker rebuilds it
(``rebuild_delivery``). The payload is queued reduced to the fields the router reads
(``ROUTED_FIELDS``): a merged pull request with a megabyte of body or labels fits SQS's message
limit, and the worker routes the reduced payload exactly as the whole one. Standard library,
the pure core and ``regent.webhook`` only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping

from regent.runtimes.webhook.delivery import Delivery
from regent.webhook import BadDelivery, BodyTooLarge

SQS_MAX_MESSAGE_BYTES = 256 * 1024
"""SQS's classic message size limit (the smallest any region or emulator enforces)."""
SQS_ID_MAX = 128
_SQS_ID = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]" + f"{{1,{SQS_ID_MAX}}}")

FieldSpec = Mapping[str, "FieldSpec | None"]
"""Which keys of a JSON object to keep: None keeps the value whole, a spec keeps those keys of
the object (or of each object in a list)."""
_LOGIN: FieldSpec = {"login": None}
_USER: FieldSpec = {"login": None, "type": None}
_REPOSITORY: FieldSpec = {
    "id": None,
    "name": None,
    "full_name": None,
    "owner": _LOGIN,
    "default_branch": None,
    "master_branch": None,
    "clone_url": None,
}
ROUTED_FIELDS: FieldSpec = {
    "action": None,
    "number": None,
    "ref": None,
    "deleted": None,
    "zen": None,
    "hook_id": None,
    "pull_request": {
        "number": None,
        "merged": None,
        "merge_commit_sha": None,
        "title": None,
        "labels": {"name": None},
        "base": {"ref": None},
        "head": {"ref": None},
    },
    "repository": _REPOSITORY,
    "installation": {"id": None, "account": _LOGIN},
    "issue": {"number": None, "pull_request": {}},
    "comment": {"id": None, "body": None, "user": _USER, "author_association": None},
    "changes": {"body": {"from": None}},
    "inputs": None,
    "sender": _USER,
    "repositories": {"full_name": None},
    "repositories_added": {"full_name": None},
    "repositories_removed": {"full_name": None},
}
"""Every field ``core.routing`` reads, plus the merged PR's title, labels and merge sha
for the logs; the rest of a payload (bodies, diffs' URLs, commits, users) is not queued."""


def sqs_id(text: str) -> str:
    """``text`` as an SQS group or de-duplication id: itself when allowed, else a digest."""
    if _SQS_ID.fullmatch(text):
        return text
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def routed_fields(value: object, spec: FieldSpec) -> object:
    """``value`` with only the keys ``spec`` names (recursing no deeper than ``spec``).

    A list keeps its objects, each reduced; anything that is not an object is kept as it is,
    as the router reads it (a wrong type routes the same, reduced or not).
    """
    if isinstance(value, list):
        return [routed_fields(item, spec) for item in value if isinstance(item, Mapping)]
    if not isinstance(value, Mapping):
        return value
    return {
        key: value[key] if inner is None else routed_fields(value[key], inner)
        for key, inner in spec.items()
        if key in value
    }


def queue_message(delivery: Delivery, body: bytes) -> str:
    """The SQS message body: the delivery's event and id, and its payload's routed fields.

    A message still over ``SQS_MAX_MESSAGE_BYTES`` (a branch name or comment of that size,
    which GitHub does not send) is a ``BodyTooLarge``: no redelivery can make it fit.
    """
    payload = routed_fields(json.loads(body), ROUTED_FIELDS)
    entry = {
        "event": delivery.event,
        "delivery_id": delivery.id,
        "body": json.dumps(payload, ensure_ascii=False),
    }
    message = json.dumps(entry, ensure_ascii=False)
    try:
        size = len(message.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate (never from GitHub) travels escaped
        message = json.dumps(entry | {"body": json.dumps(payload)})
        size = len(message)
    if size > SQS_MAX_MESSAGE_BYTES:
        raise BodyTooLarge(
            f"the {delivery.event} delivery needs {size} bytes on the queue even reduced to the "
            f"fields Release Regent reads, over the {SQS_MAX_MESSAGE_BYTES} SQS takes; it is not "
            "queued, and redelivering it will not help"
        )
    return message


def rebuild_delivery(message: str) -> Delivery:
    """The delivery in a queue message (verified before it was queued: the queue is trusted)."""
    try:
        entry = json.loads(message)
    except ValueError:
        entry = None
    fields = entry if isinstance(entry, dict) else {}
    body, event, delivery_id = (fields.get(name) for name in ("body", "event", "delivery_id"))
    if not isinstance(body, str):
        raise BadDelivery("the queue message is not a Release Regent delivery (no body)")
    return Delivery.restored(
        event=event if isinstance(event, str) else None,
        delivery_id=delivery_id if isinstance(delivery_id, str) else None,
        body=body.encode("utf-8"),
    )
