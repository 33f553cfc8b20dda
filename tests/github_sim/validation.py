"""Checks responses against GitHub's OpenAPI description and payloads against the webhook schema.

Both documents are copied into ``schemas/`` (see schemas/NOTICE.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, validators
from jsonschema.exceptions import ValidationError, best_match
from openapi_schema_validator import OAS30Validator, oas30_format_checker

SCHEMAS = Path(__file__).parent / "schemas"
OPENAPI_FILE = SCHEMAS / "api.github.com.subset.json"
WEBHOOKS_FILE = SCHEMAS / "webhooks.schema.json"
MAX_MESSAGE = 600
GRAPHQL = "graphql"
"""The operation of ``POST /graphql``: a 200 is GraphQL's shape, an error status REST's."""


class SchemaViolation(AssertionError):
    """A body that does not match its schema."""


@cache
def openapi() -> dict[str, Any]:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def webhooks() -> dict[str, Any]:
    return json.loads(WEBHOOKS_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def operations() -> dict[str, dict[str, Any]]:
    """operationId -> operation object of the OpenAPI description."""
    found: dict[str, dict[str, Any]] = {}
    for path_item in openapi()["paths"].values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = operation
    return found


def response_violation(operation_id: str, status: int, body: Any) -> str | None:
    """Why ``body`` is not a valid ``status`` response of ``operation_id`` (None if it is).

    Error statuses an operation does not list (404 for a missing repository, 401, 403, 429...),
    or lists without a body, are checked against GitHub's basic error schema, as GitHub sends
    such errors from any endpoint.
    """
    if operation_id == GRAPHQL:
        return _graphql_violation(status, body)
    operation = operations().get(operation_id)
    if operation is None:
        return f"{operation_id}: no such operation in the OpenAPI description"
    documented = _documented_response(operation, status)
    if documented is None and status < 400:
        return f"{operation_id}: status {status} is not a documented response"
    schema = _json_schema(documented) if documented else None
    if schema is None and status >= 400:
        schema = _json_schema(_component("responses", "not_found"))
    if schema is None:
        return None if body is None else f"{operation_id} {status}: expected an empty body"
    error = best_match(_openapi_validator(json.dumps(schema)).iter_errors(body))
    return None if error is None else _describe(f"{operation_id} {status}", error)


def _graphql_violation(status: int, body: Any) -> str | None:
    """Why a GraphQL answer is not ``{"data": ..., "errors": [...]}`` (a 200) or GitHub's basic
    error (any other status)."""
    if status != 200:
        schema = _json_schema(_component("responses", "not_found"))
        error = best_match(_openapi_validator(json.dumps(schema)).iter_errors(body))
        return None if error is None else _describe(f"graphql {status}", error)
    if not isinstance(body, dict) or not body or set(body) - {"data", "errors"}:
        return "graphql 200: expected an object of data and/or errors"
    errors = body.get("errors", [])
    if not isinstance(errors, list) or not all(
        isinstance(error, dict) and isinstance(error.get("message"), str) for error in errors
    ):
        return "graphql 200: errors must be a list of objects with a message"
    return None


def webhook_violation(name: str, payload: Any) -> str | None:
    """Why ``payload`` is not a valid ``name`` webhook payload (None if it is)."""
    definition = _webhook_definition(name, payload)
    if definition is None:
        return f"webhook {name}: no such event in the webhook schema"
    error = best_match(_webhook_validator(definition).iter_errors(payload))
    return None if error is None else _describe(f"webhook {definition}", error)


def validate_webhook(name: str, payload: Any) -> None:
    """Raise SchemaViolation unless ``payload`` is a valid ``name`` (e.g. pull_request) payload.

    The definition is picked by the payload's ``action`` (``pull_request$closed``) when the
    schema has one, else the event's own (``push$event``, ``<name>_event``).
    """
    problem = webhook_violation(name, payload)
    if problem:
        raise SchemaViolation(problem)


def _documented_response(operation: dict[str, Any], status: int) -> dict[str, Any] | None:
    responses = operation["responses"]
    found = responses.get(str(status)) or responses.get("default")
    if found is None:
        return None
    if "$ref" in found:
        return _component("responses", found["$ref"].rsplit("/", 1)[-1])
    return found  # type: ignore[no-any-return]


def _json_schema(response: dict[str, Any]) -> Any:
    return response.get("content", {}).get("application/json", {}).get("schema")


def _component(kind: str, name: str) -> dict[str, Any]:
    return openapi()["components"][kind][name]  # type: ignore[no-any-return]


_ONE_OF = OAS30Validator.VALIDATORS["oneOf"]
_ENUM = OAS30Validator.VALIDATORS["enum"]


def _enum(validator: Any, enums: Any, instance: Any, schema: Any) -> Any:
    """``nullable: true`` beside an ``enum`` admits null (an open issue's ``state_reason``)."""
    if instance is None and schema.get("nullable") is True:
        return
    yield from _ENUM(validator, enums, instance, schema)


def _composition(validator: Any, subschemas: Any, instance: Any, schema: Any) -> Any:
    """``oneOf``/``anyOf`` as GitHub's description means them.

    ``nullable: true`` beside a composition admits null (a commit's ``author``), as GitHub
    sends it. A discriminator picks the schema of an object. Otherwise one matching alternative
    is enough: GitHub's alternatives overlap (a 422 body is both a ``validation-error`` and a
    ``repository-rule-violation-error``; a directory listing is an array, with no discriminator).
    """
    if instance is None and schema.get("nullable") is True:
        return
    if "discriminator" in schema and validator.is_type(instance, "object"):
        yield from _ONE_OF(validator, subschemas, instance, schema)
        return
    yield from _any_matches(validator, subschemas, instance)


def _any_matches(validator: Any, subschemas: Any, instance: Any) -> Iterator[ValidationError]:
    errors: list[ValidationError] = []
    for index, subschema in enumerate(subschemas):
        found = list(validator.descend(instance, subschema, schema_path=index))
        if not found:
            return
        errors.extend(found)
    yield ValidationError("not valid under any of the given schemas", context=errors)


GitHubOAS30Validator = validators.extend(
    OAS30Validator, {"oneOf": _composition, "anyOf": _composition, "enum": _enum}
)


@cache
def _openapi_validator(schema_json: str) -> Any:
    root = {**json.loads(schema_json), "components": openapi()["components"]}
    return GitHubOAS30Validator(root, format_checker=oas30_format_checker)


def _webhook_definition(name: str, payload: Any) -> str | None:
    definitions = webhooks()["definitions"]
    action = payload.get("action") if isinstance(payload, dict) else None
    for candidate in (f"{name}${action}", f"{name}$event", f"{name}_event"):
        if candidate in definitions:
            return candidate
    return None


@cache
def _webhook_validator(definition: str) -> Draft7Validator:
    root = {"$ref": f"#/definitions/{definition}", "definitions": webhooks()["definitions"]}
    return Draft7Validator(root, format_checker=Draft7Validator.FORMAT_CHECKER)


def _describe(context: str, error: Any) -> str:
    where = "".join(f"[{part!r}]" for part in error.absolute_path) or "the body"
    message = error.message
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + "..."
    return f"{context}: {message} (at {where})"
