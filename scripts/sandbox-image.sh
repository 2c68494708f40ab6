#!/bin/sh
# Builds the container sandbox image locally (no registry is needed or reachable).
#
# The image is a skeleton root file system: folders, the usual /bin -> usr/bin links and a
# minimal /etc. The container provider bind-mounts the host's /usr (and a few /etc files)
# read-only into every container, so node, git and Chromium come from the host at no copy
# cost and always match the `local` provider. To use another image (e.g. an official
# SWE-Lancer one), pass `image` to the provider and turn `hostSystem` off.
#
# Usage: scripts/sandbox-image.sh [tag]      (default tag: localhost/swelancer-sandbox:1)
set -eu
TAG="${1:-localhost/swelancer-sandbox:1}"
: "${CONTAINERS_CONF:=/etc/swelancer/containers.conf}"
export CONTAINERS_CONF

ROOTFS="$(mktemp -d /tmp/swelancer-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
cd "$ROOTFS"
mkdir -p usr etc tmp workspace proc dev sys run opt/swelancer/node/bin
for link in bin sbin lib lib64; do ln -s "usr/$link" "$link"; done
printf 'root:x:0:0:root:/root:/bin/sh\nsandbox:x:1000:1000:sandbox:/tmp/home:/bin/sh\n' > etc/passwd
printf 'root:x:0:\nsandbox:x:1000:\n' > etc/group
printf '127.0.0.1 localhost sandbox\n::1 localhost\n' > etc/hosts
chmod 1777 tmp
tar --numeric-owner --owner=0 --group=0 -cf - . \
  | podman import --change 'CMD ["/bin/sh"]' --change 'WORKDIR /workspace' - "$TAG" >/dev/null
echo "built $TAG"
