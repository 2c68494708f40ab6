#!/usr/bin/env bash
# Installs everything swelancer needs on a fresh Debian/Ubuntu machine. Idempotent.
#   - system packages: Chromium (hidden browser tests), bubblewrap (local sandbox),
#     Podman + runc (container sandbox, Docker Engine API), git, redis-server (queue mode's
#     tests start their own; no system service is started), docker-registry (the image pull
#     test starts its own on loopback; likewise no service)
#   - Node 24 and the npm dependencies (`npm ci`; Node 24 comes as the `node` npm package)
#   - npm's cache of the built-in suite's app packages (its install runs offline)
#   - the container sandbox's image and API service (scripts/sandbox-setup.sh)
#   - the stand-in images of the official SWE-Lancer ones, for tests (scripts/official-standin/)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(git chromium bubblewrap podman runc uidmap fuse-overlayfs slirp4netns busybox-static redis-server docker-registry)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # No service starts on install (redis-server and docker-registry would): tests start
  # their own, on loopback.
  policy=/usr/sbin/policy-rc.d
  added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod +x "$policy"
    added_policy=1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  if [ -n "$added_policy" ]; then $SUDO rm -f "$policy"; fi
  # Nor at the next boot: the registry's package enables a service on :5000 for every address.
  if [[ " ${missing[*]} " == *" docker-registry "* ]] && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
fi

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install --no-save` rather than `npm ci`: npm 11 leaves other platforms' optional
  # packages (biome, typescript native builds) out of the lockfile, which `npm ci` rejects.
  # The lockfile still pins every version installed here.
  echo "setup: installing npm dependencies"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund
fi
echo "setup: $(node_modules/.bin/node --version) at node_modules/.bin/node"

# The built-in suite installs its app's dependencies with `npm ci --offline` (a suite run needs
# no network), i.e. from npm's cache: fill the cache with them once, from the registry.
suite_lock=suites/expensely/app/package-lock.json
stamp="node_modules/.cache/swelancer/suite-deps-$(sha256sum "$suite_lock" | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  echo "setup: caching the npm packages of the built-in suite's app"
  scratch=$(mktemp -d)
  cp suites/expensely/app/package.json "$suite_lock" "$scratch/"
  (cd "$scratch" && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund >/dev/null)
  rm -rf "$scratch"
  mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi

if [ -x scripts/sandbox-setup.sh ]; then
  bash scripts/sandbox-setup.sh
fi

if command -v podman >/dev/null \
  && CONTAINERS_CONF="${CONTAINERS_CONF:-/etc/swelancer/containers.conf}" podman info >/dev/null 2>&1; then
  bash scripts/official-standin/build.sh
else
  echo "setup: skipping the official stand-in images: Podman is unavailable"
fi
echo "setup: done"
