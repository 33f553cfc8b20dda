#!/usr/bin/env bash
# Install the peer release tools the benchmark compares against into their own
# virtualenv, bench/.peers/ (git-ignored). They are never project dependencies.
#
# Usage: bash bench/install_peers.sh [PYTHON]   (default: python3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.peers"
python="${1:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi

# git-cliff's wheel ships the Rust binary; the other two are pure Python.
"$venv/bin/python" -m pip install --quiet --upgrade \
    "git-cliff>=2.4" \
    "commitizen>=3.29" \
    "python-semantic-release>=9.8"

"$venv/bin/git-cliff" --version
"$venv/bin/cz" version
"$venv/bin/semantic-release" --version
