"""The deployment artefacts of the webhook doors agree with the code's names and with
docs/deploy.md: the SAM template passes cfn-lint and wires the receiver, the FIFO queue, its
dead-letter queue and the worker as documented, the worker as a container image with git whose
Dockerfile passes hadolint; the Azure layout is a valid Functions app; every
setting the guide's table lists is set where it applies. The door modules are never imported."""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.shared_data import PROJECT_ROOT

pytestmark = pytest.mark.e2e

TEMPLATE = PROJECT_ROOT / "deploy" / "aws" / "template.yaml"
WORKER_DOCKERFILE = PROJECT_ROOT / "deploy" / "aws" / "worker.Dockerfile"
WORKER = "regent.runtimes.webhook.aws_lambda.worker"
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
        if resource["Properties"].get("Handler") == handler
    ]
    assert len(functions) == 1, f"one function with handler {handler}"
    return functions[0]


def _image_function(template: dict[str, Any]) -> dict[str, Any]:
    """The one function deployed as a container image (the worker): its resource, with its
    Metadata."""
    images = [
        resource
        for resource in _resources_of_type(template, "AWS::Serverless::Function").values()
        if resource["Properties"].get("PackageType") == "Image"
    ]
    assert len(images) == 1, "one function deployed as a container image"
    return images[0]


def _dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        keyword, _, arguments = pending.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


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
    receiver = _function(template, "regent.runtimes.webhook.aws_lambda.handler")
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
    worker = _image_function(template)["Properties"]

    assert queue["FifoQueue"] is True
    # MessageDeduplicationId is the X-GitHub-Delivery id, never the body's hash.
    assert queue["ContentBasedDeduplication"] is False
    assert queue["VisibilityTimeout"] >= 6 * _property(template, worker, "Timeout")
    assert (attribute, redrive["maxReceiveCount"]) == ("Arn", 5)
    assert dead_letter["FifoQueue"] is True


def test_the_worker_drains_the_queue_reporting_partial_batch_failures(
    template: dict[str, Any],
) -> None:
    worker = _image_function(template)["Properties"]
    (queue_name,) = (
        name
        for name, queue in _resources_of_type(template, "AWS::SQS::Queue").items()
        if "RedrivePolicy" in queue["Properties"]
    )
    (event,) = worker["Events"].values()

    assert _property(template, worker, "Timeout") >= 300
    assert worker["MemorySize"] >= 1024
    assert worker["EphemeralStorage"]["Size"] >= 2048
    assert event["Type"] == "SQS"
    assert event["Properties"]["Queue"] == {"Fn::GetAtt": [queue_name, "Arn"]}
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert _setting(template, worker, "REGENT_SQS_QUEUE_URL") is None
    assert _setting(template, worker, "REGENT_CACHE_DIR") == "/tmp/regent-cache"


def test_the_worker_is_a_container_image_built_from_its_dockerfile_and_no_git_layer(
    template: dict[str, Any],
) -> None:
    worker = _image_function(template)
    metadata = worker["Metadata"]
    context = (TEMPLATE.parent / metadata["DockerContext"]).resolve()

    # An image function takes its runtime and handler from the image: none may be set on it,
    # directly or through Globals.
    for name in ("Runtime", "Handler", "Layers", "CodeUri"):
        assert _property(template, worker["Properties"], name) is None, name
    assert context == PROJECT_ROOT.resolve()
    assert (context / metadata["Dockerfile"]).resolve() == WORKER_DOCKERFILE.resolve()
    assert WORKER_DOCKERFILE.is_file()
    assert metadata["DockerTag"]
    assert "GitLayerArn" not in template["Parameters"]
    assert "Conditions" not in template
    assert "GitLayer" not in TEMPLATE.read_text(encoding="utf-8")


def test_the_receiver_stays_a_zip_package_on_the_python_runtime(
    template: dict[str, Any],
) -> None:
    receiver = _function(template, "regent.runtimes.webhook.aws_lambda.handler")

    assert receiver.get("PackageType", "Zip") == "Zip"
    assert _property(template, receiver, "Runtime") == "python3.11"
    assert _property(template, receiver, "CodeUri") == "build/"


def test_the_worker_dockerfile_is_hadolint_clean() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(hadolint).exists():
        pytest.skip("hadolint is not installed")
    done = subprocess.run(
        [hadolint, str(WORKER_DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_worker_image_is_the_lambda_python_image_with_git_running_the_worker() -> None:
    instructions = _dockerfile_instructions(WORKER_DOCKERFILE)
    runs = [arguments for keyword, arguments in instructions if keyword == "RUN"]
    (base,) = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    (cmd,) = [arguments for keyword, arguments in instructions if keyword == "CMD"]
    (git_install,) = [run for run in runs if "yum install" in run]
    (pip_install,) = [run for run in runs if "pip install" in run]

    assert base.startswith("public.ecr.aws/lambda/python:3.11")
    assert "git" in shlex.split(git_install.split("&&")[0])
    assert "yum clean all" in git_install
    assert "--no-cache-dir" in pip_install
    assert '--target "${LAMBDA_TASK_ROOT}"' in pip_install
    assert "[aws]" in pip_install
    assert json.loads(cmd) == [WORKER]


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
        ("regent.runtimes.webhook.azure_functions", ["app"])
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
        "regent.runtimes.webhook.aws_lambda.handler",
        "regent.runtimes.webhook.aws_lambda.worker",
        "regent.runtimes.webhook.azure_functions",
        "release-regent[server]",
        "release-regent[aws]",
        "release-regent[azure]",
    ):
        assert name in guide
    assert ".venv/bin/cfn-lint deploy/aws/template.yaml" in ci
    assert ".venv/bin/hadolint deploy/aws/worker.Dockerfile" in ci
    assert "deploy/aws/worker.Dockerfile" in guide
    assert "--resolve-image-repos" in guide
    assert "GitLayerArn" not in guide
