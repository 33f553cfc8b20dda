"""Every webhook door refuses a delivery id GitHub never sends, with 400, before remembering it:
``regent serve``'s application, the Lambda handler and the Azure Functions route share one
receiver. A delivery with a proper id and the same body then gets through (it was not recorded
as received)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import azure.functions as func
import pytest
from starlette.testclient import TestClient

from regent.runtimes.webhook import aws_lambda, azure_functions
from regent.runtimes.webhook.app import create_app
from regent.runtimes.webhook.delivery import Delivery
from regent.runtimes.webhook.settings import WebhookSettings
from tests.github_sim.webhooks import signature

SECRET = "ids secret"
ENVIRON = {
    "GITHUB_APP_ID": "1",
    "GITHUB_APP_PRIVATE_KEY": "-----BEGIN unused-----",
    "GITHUB_WEBHOOK_SECRET": SECRET,
}
GOOD_ID = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
BAD_IDS = [
    pytest.param("x" * 300, id="300-characters"),
    pytest.param("abc.1", id="dotted"),
    pytest.param("abc_1", id="underscored"),
    pytest.param("../journal", id="path"),
    pytest.param(GOOD_ID + "0", id="one-digit-more"),
]
BODY = json.dumps(
    {
        "ref": "refs/heads/main",
        "repository": {
            "full_name": "acme/widget",
            "default_branch": "main",
            "clone_url": "https://github.com/acme/widget.git",
        },
        "installation": {"id": 5},
    }
).encode()

Post = Callable[[str], tuple[int, dict[str, Any]]]
"""POSTs the signed push under a delivery id through one door: status and JSON answer."""


def headers(delivery: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": signature(SECRET, BODY),
    }


def handled(delivery: Delivery) -> str:
    return "nothing"


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Post]:
    settings = WebhookSettings(
        app_id=1,
        private_key="-----BEGIN unused-----",
        webhook_secrets=(SECRET,),
        cache_dir=tmp_path,
    )
    with TestClient(create_app(settings, handle=handled)) as client:

        def post(delivery: str) -> tuple[int, dict[str, Any]]:
            reply = client.post("/webhook", content=BODY, headers=headers(delivery))
            return reply.status_code, reply.json()

        yield post


@pytest.fixture
def lambda_door(monkeypatch: pytest.MonkeyPatch) -> Post:
    container = aws_lambda.Container(
        environ=ENVIRON, build_handle=lambda _: handled, json_logs=False
    )
    monkeypatch.setattr(aws_lambda, "container", container)

    def post(delivery: str) -> tuple[int, dict[str, Any]]:
        event = {
            "version": "2.0",
            "rawPath": "/webhook",
            "headers": {name.lower(): value for name, value in headers(delivery).items()},
            "requestContext": {"http": {"method": "POST", "path": "/webhook"}},
            "body": BODY.decode(),
            "isBase64Encoded": False,
        }
        answer = aws_lambda.handler(event, None)
        return answer["statusCode"], json.loads(answer["body"])

    return post


@pytest.fixture
def azure_door(monkeypatch: pytest.MonkeyPatch) -> Post:
    door = azure_functions.Door(environ=ENVIRON, build_handle=lambda _: handled, json_logs=False)
    monkeypatch.setattr(azure_functions, "door", door)

    def post(delivery: str) -> tuple[int, dict[str, Any]]:
        request = func.HttpRequest(
            method="POST", url="https://x/api/webhook", headers=headers(delivery), body=BODY
        )
        answer = azure_functions.respond(request)
        return answer.status_code, json.loads(answer.get_body())

    return post


@pytest.mark.parametrize("door", ["serve", "lambda_door", "azure_door"])
@pytest.mark.parametrize("delivery", BAD_IDS)
def test_a_delivery_id_github_never_sends_is_400_and_forgotten(
    request: pytest.FixtureRequest, door: str, delivery: str
) -> None:
    post: Post = request.getfixturevalue(door)
    status, answer = post(delivery)
    assert status == 400
    assert "is not a GitHub delivery id" in answer["message"]
    assert len(answer["message"]) < 200
    status, answer = post(GOOD_ID)
    assert status in (200, 202), answer
    assert "already received" not in answer["message"]
    status, answer = post(GOOD_ID.upper())  # the same UUID, as another client might write it
    assert (status, answer["message"]) == (200, f"delivery {GOOD_ID} was already received")
