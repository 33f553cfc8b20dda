# The GitHub Action's image. The Action issue completes the entrypoint; this builds and runs today.
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install --yes --no-install-recommends git=1:2.39.* \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/release-regent
COPY pyproject.toml README.md LICENSE ./
COPY regent ./regent
COPY entrypoint.py ./
RUN pip install --no-cache-dir .

ENTRYPOINT ["python", "/opt/release-regent/entrypoint.py"]
