#!/usr/bin/env sh
# A Python 3.11 base image made locally, for machines that cannot pull python:3.11-slim: Debian
# bookworm (minbase) from the Debian mirror apt already uses, imported into podman or docker.
#   sh tools/image/debian_base.sh ENGINE TAG
# About 2.5 minutes; the image is the cache (`make image` calls this only when TAG is missing).
set -eu
ENGINE="$1"
TAG="$2"
SUITE="${NAS_BASE_SUITE:-bookworm}"

# The mirror apt uses: a deb822 "URIs:" line or a one-line "deb URI SUITE" entry naming the suite.
mirror() {
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    case "$f" in
      *.sources)
        awk -v suite="$SUITE" '
          /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = 1 }
          /^$/ { if (found && uri ~ /debian\/?$/) { print uri; exit } uri = ""; found = 0 }
          END { if (found && uri ~ /debian\/?$/) print uri }' "$f" ;;
      *)
        awk -v suite="$SUITE" '$1 == "deb" && $3 == suite && $2 ~ /debian\/?$/ { print $2; exit }' "$f" ;;
    esac
  done | head -n 1
}

URI="${NAS_BASE_MIRROR:-$(mirror)}"
if [ -z "$URI" ]; then
  echo "debian_base.sh: no Debian mirror for $SUITE in /etc/apt (set NAS_BASE_MIRROR)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { echo "debian_base.sh: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }

ROOTFS="$(mktemp -d "${TMPDIR:-/tmp}/nas-rootfs.XXXXXX")"
trap 'rm -rf "$ROOTFS"' EXIT
echo "debian_base.sh: debootstrap $SUITE from $URI into $ROOTFS" >&2
debootstrap --variant=minbase --include=python3,python3-venv,python3-distutils,ca-certificates \
  "$SUITE" "$ROOTFS" "$URI" >"$ROOTFS.log" 2>&1 || { tail -n 20 "$ROOTFS.log" >&2; rm -f "$ROOTFS.log"; exit 1; }
rm -f "$ROOTFS.log"
# What an image does not need: package lists and caches.
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb
tar -C "$ROOTFS" -c . | "$ENGINE" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["python3"]' \
  --change "LABEL org.opencontainers.image.description=\"Debian $SUITE minbase with python3, bootstrapped from $URI on $(date -u +%F)\"" \
  - "$TAG"
