#!/usr/bin/env bash
# Set up (or reuse) .venv, load the bundled example minutes into ./data/store and serve the site.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
.venv/bin/python load.py examples/minutes/*
exec .venv/bin/python load.py serve "$@"
