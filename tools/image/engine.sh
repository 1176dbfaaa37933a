#!/usr/bin/env sh
# The container engine to use: docker if its engine answers (a docker client alone is not enough),
# else podman. Prints its name; fails if there is neither.
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  echo docker
elif command -v podman >/dev/null 2>&1; then
  echo podman
else
  echo "no container engine: install docker or podman (apt-get install podman runc)" >&2
  exit 1
fi
