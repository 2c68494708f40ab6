#!/bin/sh
# Prepares the `container` sandbox provider on a Linux machine with Podman (idempotent):
#   1. writes the containers.conf these machines need (runc, ulimits under the hard limits),
#   2. starts Podman's Docker-compatible API service if it is not answering,
#   3. builds the sandbox image if it is missing.
# Then: DOCKER_HOST=unix:///run/swelancer-podman.sock (the provider's default socket).
#
# Usage: scripts/sandbox-setup.sh     env: SWELANCER_PODMAN_SOCKET, CONTAINERS_CONF
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
SOCKET="${SWELANCER_PODMAN_SOCKET:-/run/swelancer-podman.sock}"
: "${CONTAINERS_CONF:=/etc/swelancer/containers.conf}"
export CONTAINERS_CONF
TAG="localhost/swelancer-sandbox:1"

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  echo "podman and runc are needed: apt-get install -y podman runc uidmap fuse-overlayfs slirp4netns" >&2
  exit 1
fi

# crun fails here (cgroups in hybrid mode) and podman's default ulimits exceed the hard
# limits root may set without CAP_SYS_RESOURCE: see docs/sandboxes.md.
if [ ! -f "$CONTAINERS_CONF" ]; then
  mkdir -p "$(dirname "$CONTAINERS_CONF")"
  cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
  echo "wrote $CONTAINERS_CONF"
fi

api_up() {
  curl -sf --max-time 2 --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1
}
if ! api_up; then
  rm -f "$SOCKET"
  mkdir -p "$(dirname "$SOCKET")"
  # Started from / : conmon leaves an `oom` marker file in its working directory when a
  # container hits its memory limit, which must not land in the checkout.
  (cd / && exec nohup podman system service --time=0 "unix://$SOCKET" >/tmp/swelancer-podman.log 2>&1) &
  for _ in $(seq 1 100); do api_up && break; sleep 0.1; done
  api_up || { echo "podman API did not start; see /tmp/swelancer-podman.log" >&2; exit 1; }
  echo "podman API listening on $SOCKET"
fi

if ! podman image exists "$TAG"; then
  "$HERE/sandbox-image.sh" "$TAG"
fi
echo "container sandbox ready: DOCKER_HOST=unix://$SOCKET"
