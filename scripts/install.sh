#!/usr/bin/env sh
# One install path for `make`, CI and the Dockerfile: a venv with every dependency pinned by hash,
# the spaCy model included (it is a registry package, so nothing is downloaded at run time).
set -eu
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
REQS="${REQS:-requirements/base.txt}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
for req in $REQS; do
  set -- "$@" -r "$req"
done
"$VENV/bin/python" -m pip install --quiet --no-deps --require-hashes "$@"
"$VENV/bin/python" -m pip check
