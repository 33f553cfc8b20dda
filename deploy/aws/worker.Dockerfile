# The AWS Lambda worker's image (deploy/aws/template.yaml, WorkerFunction): the Lambda Python
# runtime has no git, and the worker clones repositories with it, so the worker runs as a
# container image that brings git. The receiver never runs git and stays a zip package.
#
# Build context: the repository root (`sam build` passes DockerContext ../.. from the template;
# by hand: docker build -f deploy/aws/worker.Dockerfile .). Only the files copied below enter
# the image; deploy/aws/worker.Dockerfile.dockerignore trims the context for BuildKit builds.
#
# The base image is pinned by tag. To pin it by digest as well, look the digest up with
# `docker buildx imagetools inspect public.ecr.aws/lambda/python:3.11` (or
# `crane digest public.ecr.aws/lambda/python:3.11`) and write
# FROM public.ecr.aws/lambda/python:3.11@sha256:<digest>
# The digest names one architecture's image or the multi-architecture index; the template's
# worker runs on x86_64.
FROM public.ecr.aws/lambda/python:3.11

# python:3.11 is Amazon Linux 2, so git comes from yum; the caches go in the same layer.
# DL3033 (pin the yum package's version): the git build in the Amazon Linux 2 repository that
# the base image points at changes with its security updates and cannot be checked from here;
# the base image's tag (or digest) is the pin, and git takes Amazon Linux 2's fixes with it.
# hadolint ignore=DL3033
RUN yum install -y git \
    && yum clean all \
    && rm -rf /var/cache/yum

# Install Release Regent and its aws extra into the task root, as AWS documents for Python
# images (the runtime puts ${LAMBDA_TASK_ROOT} on sys.path). './[aws]' is the project in this
# directory with the aws extra, the same as '.[aws]'.
WORKDIR /usr/src/release-regent
COPY pyproject.toml README.md LICENSE ./
COPY regent ./regent
RUN pip install --no-cache-dir --target "${LAMBDA_TASK_ROOT}" './[aws]'

WORKDIR ${LAMBDA_TASK_ROOT}
CMD ["regent.runtimes.webhook.aws_lambda.worker"]
