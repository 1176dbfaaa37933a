#!/usr/bin/env sh
# `make image`: build IMAGE:VERSION and IMAGE:latest from the Dockerfile, with docker where its
# engine answers, else podman. The base is BASE (the official python:3.11-slim by default); where
# the default base can neither be found nor pulled (no registry reachable), a Debian bookworm base is
# bootstrapped once with debootstrap (tools/image/debian_base.sh) and kept as LOCAL_BASE.
# The image ships a CycloneDX SBOM of its Python environment (/app/sbom.cdx.json); a copy is left in
# artifacts/sbom-VERSION.cdx.json for a registry or a scanner.
set -eu
cd "$(dirname "$0")/../.."
IMAGE="${IMAGE:-news-attribution-service}"
VERSION="${VERSION:?set VERSION}"
DEFAULT_BASE="docker.io/library/python:3.11-slim"
BASE="${BASE:-$DEFAULT_BASE}"
LOCAL_BASE="${LOCAL_BASE:-localhost/nas-debian-bookworm-python:3.11}"
ENGINE="${ENGINE:-$(sh tools/image/engine.sh)}"

have() { "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

if have "$BASE"; then
  :
elif "$ENGINE" pull -q "$BASE" >/dev/null 2>&1; then
  echo "image: pulled $BASE" >&2
elif [ "$BASE" = "$DEFAULT_BASE" ]; then
  echo "image: cannot pull $BASE; using the local Debian base $LOCAL_BASE" >&2
  if ! have "$LOCAL_BASE"; then
    sh tools/image/debian_base.sh "$ENGINE" "$LOCAL_BASE"
  fi
  BASE="$LOCAL_BASE"
else
  echo "image: base $BASE is neither present nor pullable" >&2
  exit 1
fi

echo "image: $ENGINE build $IMAGE:$VERSION from $BASE" >&2
if [ "$(basename "$ENGINE")" = podman ]; then
  # --format docker keeps the HEALTHCHECK (OCI images have none). The host's CA bundle lets pip
  # reach the registry through a TLS-inspecting proxy (set CA_CERTS= to not mount it). PODMAN_FLAGS
  # carries what a sandbox needs, e.g. "--runtime runc --ulimit nofile=1024:4096".
  CA_CERTS="${CA_CERTS-/etc/ssl/certs}"
  set -- --format docker
  if [ -n "$CA_CERTS" ] && [ -d "$CA_CERTS" ]; then
    set -- "$@" --volume "$CA_CERTS:/etc/ssl/certs:ro"
  fi
  # shellcheck disable=SC2086  # PODMAN_FLAGS is a list of flags
  set -- "$@" ${PODMAN_FLAGS:-}
else
  set --
fi
"$ENGINE" build "$@" --build-arg "BASE=$BASE" \
  --tag "$IMAGE:$VERSION" --tag "$IMAGE:latest" .
"$ENGINE" image inspect --format '{{.Id}} {{.Size}}' "$IMAGE:$VERSION" |
  awk -v ref="$IMAGE:$VERSION" '{ printf "image: %s %s, %.0f MB\n", ref, substr($1, 1, 19), $2 / 1e6 }' >&2
# The SBOM beside the image: copied out of a container created (never started) from it.
mkdir -p artifacts
if [ "$(basename "$ENGINE")" = podman ]; then
  # shellcheck disable=SC2086  # PODMAN_FLAGS is a list of flags
  cid=$("$ENGINE" create --health-cmd none ${PODMAN_FLAGS:-} "$IMAGE:$VERSION")
else
  cid=$("$ENGINE" create "$IMAGE:$VERSION")
fi
"$ENGINE" cp "$cid:/app/sbom.cdx.json" "artifacts/sbom-$VERSION.cdx.json"
"$ENGINE" rm "$cid" >/dev/null
echo "image: SBOM in /app/sbom.cdx.json, copied to artifacts/sbom-$VERSION.cdx.json" >&2
