# The GitHub Action's image: Python, git and Release Regent installed as a package, nothing else.
#
# The first stage builds the wheel from the sources; the final image installs that wheel into
# site-packages and holds no source tree, so the code that runs is the installed package.
# The entry point is the `regent-action` console script: its sys.path starts at the script's
# folder, never at the runner's workspace (the working directory), so a `regent/` folder in the
# repository being released cannot shadow the package.
FROM python:3.11.10-slim-bookworm AS wheel

ENV PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY regent ./regent
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install --yes --no-install-recommends git=1:2.39.* \
    && rm -rf /var/lib/apt/lists/*

COPY --from=wheel /wheels /tmp/wheels
RUN pip install --no-cache-dir /tmp/wheels/*.whl \
    && rm -rf /tmp/wheels

ENTRYPOINT ["regent-action"]
