"""The deployment artefacts of the webhook doors agree with the code's names and with
docs/deploy.md: the SAM template passes cfn-lint and wires the receiver, the FIFO queue, its
dead-letter queue and the worker as documented; the Azure layout is a valid Functions app; every
setting the guide's table lists is set where it applies. The door modules are never imported."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

TEMPLATE = PROJECT_ROOT / "deploy" / "aws" / "template.yaml"
AZURE = PROJECT_ROOT / "deploy" / "azure"
GUIDE = PROJECT_ROOT / "docs" / "deploy.md"
NOT_USED = "—"
CORE_SETTINGS = {
    "GITHUB_APP_ID",
    "GITHUB_APP_PRIVATE_KEY",
    "GITHUB_APP_PRIVATE_KEY_PATH",
    "GITHUB_WEBHOOK_SECRET",
    "GITHUB_API_URL",
    "REGENT_CACHE_DIR",
    "REGENT_CACHE_MAX_REPOS",
    "REGENT_SQS_QUEUE_URL",
    "REGENT_SECRETS_ARN",
}


class _CfnLoader(yaml.SafeLoader):
    """A SafeLoader that reads CloudFormation's short forms (!Ref, !GetAtt, ...) as
    {"Ref": value} / {"Fn::GetAtt": [resource, attribute]} / {"Fn::X": value}."""


def _cfn_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _cfn_tag)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    loaded = yaml.load(TEMPLATE.read_text(encoding="utf-8"), Loader=_CfnLoader)
    assert isinstance(loaded, dict)
    return loaded


def _resources_of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == kind
    }


def _function(template: dict[str, Any], handler: str) -> dict[str, Any]:
    functions = [
        resource["Properties"]
        for resource in _resources_of_type(template, "AWS::Serverless::Function").values()
        if resource["Properties"]["Handler"] == handler
    ]
    assert len(functions) == 1, f"one function with handler {handler}"
    return functions[0]


def _setting(template: dict[str, Any], function: dict[str, Any], name: str) -> Any:
    own = function.get("Environment", {}).get("Variables", {})
    shared = template.get("Globals", {}).get("Function", {}).get("Environment", {})
    return own.get(name, shared.get("Variables", {}).get(name))


def _property(template: dict[str, Any], function: dict[str, Any], name: str) -> Any:
    return function.get(name, template.get("Globals", {}).get("Function", {}).get(name))


def test_cfn_lint_passes_on_the_template_with_no_error_or_warning() -> None:
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    if not cfn_lint.exists():
        pytest.skip(f"cfn-lint is not installed next to {sys.executable} (the test extra has it)")
    result = subprocess.run(
        [str(cfn_lint), str(TEMPLATE)], capture_output=True, text=True, check=False, timeout=300
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_template_is_sam_with_the_app_id_and_api_url_parameters(
    template: dict[str, Any],
) -> None:
    assert template["Transform"] == "AWS::Serverless-2016-10-31"
    assert {"GitHubAppId", "GitHubApiUrl"} <= set(template["Parameters"])
    assert template["Parameters"]["GitHubApiUrl"]["Default"] == "https://api.github.com"


def test_the_receiver_verifies_then_enqueues_with_least_privilege(
    template: dict[str, Any],
) -> None:
    receiver = _function(template, "regent.runtimes.aws_lambda.handler")
    queues = _resources_of_type(template, "AWS::SQS::Queue")
    (queue_name,) = (
        name for name, queue in queues.items() if "RedrivePolicy" in queue["Properties"]
    )
    (secret_name,) = _resources_of_type(template, "AWS::SecretsManager::Secret")

    assert _property(template, receiver, "Runtime") == "python3.11"
    assert _property(template, receiver, "Timeout") <= 30
    assert _setting(template, receiver, "REGENT_SQS_QUEUE_URL") == {"Ref": queue_name}
    assert receiver["Policies"] == [
        {"SQSSendMessagePolicy": {"QueueName": {"Fn::GetAtt": [queue_name, "QueueName"]}}},
        {"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": secret_name}}},
    ]
    events = list(receiver["Events"].values())
    assert [(event["Type"], event["Properties"]["Method"]) for event in events] == [
        ("HttpApi", "POST")
    ]
    assert events[0]["Properties"]["Path"] == "/webhook"


def test_the_queue_is_fifo_with_a_fifo_dead_letter_queue_after_five_receives(
    template: dict[str, Any],
) -> None:
    queues = _resources_of_type(template, "AWS::SQS::Queue")
    (queue,) = (
        queue["Properties"] for queue in queues.values() if "RedrivePolicy" in queue["Properties"]
    )
    redrive = queue["RedrivePolicy"]
    dead_letter_name, attribute = redrive["deadLetterTargetArn"]["Fn::GetAtt"]
    dead_letter = queues[dead_letter_name]["Properties"]
    worker = _function(template, "regent.runtimes.aws_lambda.worker")

    assert queue["FifoQueue"] is True
    # MessageDeduplicationId is the X-GitHub-Delivery id, never the body's hash.
    assert queue["ContentBasedDeduplication"] is False
    assert queue["VisibilityTimeout"] >= 6 * _property(template, worker, "Timeout")
    assert (attribute, redrive["maxReceiveCount"]) == ("Arn", 5)
    assert dead_letter["FifoQueue"] is True


def test_the_worker_drains_the_queue_reporting_partial_batch_failures(
    template: dict[str, Any],
) -> None:
    worker = _function(template, "regent.runtimes.aws_lambda.worker")
    (queue_name,) = (
        name
        for name, queue in _resources_of_type(template, "AWS::SQS::Queue").items()
        if "RedrivePolicy" in queue["Properties"]
    )
    (event,) = worker["Events"].values()

    assert _property(template, worker, "Runtime") == "python3.11"
    assert _property(template, worker, "Timeout") >= 300
    assert worker["MemorySize"] >= 1024
    assert worker["EphemeralStorage"]["Size"] >= 2048
    assert event["Type"] == "SQS"
    assert event["Properties"]["Queue"] == {"Fn::GetAtt": [queue_name, "Arn"]}
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert _setting(template, worker, "REGENT_SQS_QUEUE_URL") is None
    assert _setting(template, worker, "REGENT_CACHE_DIR") == "/tmp/regent-cache"


def test_the_secret_says_what_to_put_in_it_and_the_webhook_url_is_an_output(
    template: dict[str, Any],
) -> None:
    (secret,) = _resources_of_type(template, "AWS::SecretsManager::Secret").values()
    description = secret["Properties"]["Description"]
    webhook_url = template["Outputs"]["WebhookUrl"]["Value"]["Fn::Sub"]

    assert "GITHUB_APP_PRIVATE_KEY" in description
    assert "GITHUB_WEBHOOK_SECRET" in description
    assert webhook_url.startswith("https://")
    assert webhook_url.endswith("/webhook")


def test_the_azure_layout_is_a_functions_app_over_the_azure_door() -> None:
    host = json.loads((AZURE / "host.json").read_text(encoding="utf-8"))
    settings = json.loads((AZURE / "local.settings.json.example").read_text(encoding="utf-8"))
    module = ast.parse((AZURE / "function_app.py").read_text(encoding="utf-8"))
    imports = [node for node in module.body if isinstance(node, ast.ImportFrom | ast.Import)]
    requirements = [
        line.strip()
        for line in (AZURE / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]

    assert host["version"] == "2.0"
    assert host["extensionBundle"]["id"] == "Microsoft.Azure.Functions.ExtensionBundle"
    assert re.fullmatch(r"00:(0\d|10):\d\d", host["functionTimeout"])
    assert settings["Values"]["FUNCTIONS_WORKER_RUNTIME"] == "python"
    assert [(node.module, [alias.name for alias in node.names]) for node in imports] == [
        ("regent.runtimes.azure_functions", ["app"])
    ]
    assert len(requirements) == 1
    assert re.fullmatch(r"release-regent\[azure\]==\d+\.\d+\.\d+\S*", requirements[0])


def _settings_table() -> dict[str, dict[str, str]]:
    """docs/deploy.md's settings table: variable -> {column: cell}."""
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    start = lines.index("| variable | serve | AWS | Azure | meaning |")
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows: dict[str, dict[str, str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = dict(zip(header, cells, strict=False))
    return rows


def test_every_setting_in_the_guide_is_set_where_it_applies() -> None:
    table = _settings_table()
    template_text = TEMPLATE.read_text(encoding="utf-8")
    azure_values = json.loads((AZURE / "local.settings.json.example").read_text(encoding="utf-8"))[
        "Values"
    ]

    assert set(table) >= CORE_SETTINGS
    for name, row in table.items():
        if row["AWS"] != NOT_USED:
            assert re.search(rf"\b{name}\b", template_text), f"{name} is not in the template"
        if row["Azure"] != NOT_USED:
            assert name in azure_values, f"{name} is not in local.settings.json.example"


def test_every_setting_the_artefacts_use_is_in_the_guide() -> None:
    table = _settings_table()
    template_text = TEMPLATE.read_text(encoding="utf-8")
    azure_values = json.loads((AZURE / "local.settings.json.example").read_text(encoding="utf-8"))[
        "Values"
    ]
    in_template = set(re.findall(r"\b(?:GITHUB|REGENT)_[A-Z_]+\b", template_text))

    assert in_template <= set(table)
    assert set(azure_values) - {"AzureWebJobsFeatureFlags"} <= set(table)


def test_the_guide_names_the_entry_points_and_ci_lints_the_template() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")

    for name in (
        "regent.runtimes.aws_lambda.handler",
        "regent.runtimes.aws_lambda.worker",
        "regent.runtimes.azure_functions",
        "release-regent[server]",
        "release-regent[aws]",
        "release-regent[azure]",
    ):
        assert name in guide
    assert ".venv/bin/cfn-lint deploy/aws/template.yaml" in ci
