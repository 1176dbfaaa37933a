#!/usr/bin/env sh
# One start command for `make run` and the container: gunicorn with the repo's config.
set -eu
VENV="${VENV:-.venv}"
exec "$VENV/bin/gunicorn" --config gunicorn.conf.py "service.web.app:create_app()"
