# The GitHub Action's image: Python, git and Release Regent installed from this repository.
FROM python:3.11.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install --yes --no-install-recommends git=1:2.39.* \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/release-regent
COPY pyproject.toml README.md LICENSE ./
COPY regent ./regent
COPY entrypoint.py ./
RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info

ENTRYPOINT ["python", "/opt/release-regent/entrypoint.py"]
