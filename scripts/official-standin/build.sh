#!/usr/bin/env bash
# Builds the stand-in for the official SWE-Lancer images (docs/official-standin.md): small
# Debian images that follow the official container contract, with no app, browser or
# network, tagged as the official names are made:
#   <prefix>_<id>:<tag> for each task of tasks.tsv, and <prefix>_monolith:<tag>.
# Idempotent: the images carry a hash of this folder's files and are rebuilt only when that
# changes; the Debian base (debootstrap) is cached under its own key.
#
# Usage: scripts/official-standin/build.sh
# env:   STANDIN_PREFIX (default localhost/swelancer-standin/swelancer_x86), STANDIN_TAG
#        (default test), STANDIN_MIRROR (default: the Debian mirror apt uses), CONTAINERS_CONF
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${STANDIN_PREFIX:-localhost/swelancer-standin/swelancer_x86}"
TAG="${STANDIN_TAG:-test}"
: "${CONTAINERS_CONF:=/etc/swelancer/containers.conf}"
export CONTAINERS_CONF

SUITE=bookworm
PACKAGES=(bash coreutils procps git zip unzip patch python3 python3-pytest python-is-python3)
BASE_REPO=localhost/swelancer-standin/base

say() { echo "official-standin: $*"; }

# Debian packages the build needs, installed as scripts/setup.sh installs its own.
install_missing() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  say "installing ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! command -v podman >/dev/null; then
  echo "official-standin: podman is needed (scripts/setup.sh installs it)" >&2
  exit 1
fi

# One build at a time on this machine (two checkouts may run their set-up together).
exec 9>/tmp/swelancer-official-standin.lock
flock 9

tasks() { grep -v -e '^#' -e '^$' "$HERE/tasks.tsv"; }
mapfile -t TASKS < <(tasks | cut -f1)
NAMES=("${PREFIX}_monolith:$TAG")
for id in "${TASKS[@]}"; do NAMES+=("${PREFIX}_$id:$TAG"); done

# The key of a build: every file of this folder, its content and its mode.
INPUTS="$(cd "$HERE" && find . -type f -printf '%m %p\n' -exec sha256sum {} \; | LC_ALL=C sort \
  | sha256sum | cut -c1-16)"
up_to_date() {
  local have name
  have="$(podman images --filter "label=swelancer.standin.inputs=$INPUTS" --format '{{.Repository}}:{{.Tag}}')"
  for name in "${NAMES[@]}"; do
    grep -qxF "$name" <<<"$have" || return 1
  done
}
# Images of earlier or failed builds: untagged, or never tagged (the shared layers), and no
# longer any image's parent. Removing one can leave its parent unused in turn. Images that
# containers still use stay.
sweep() {
  local stale
  for _ in 1 2 3 4; do
    stale="$(podman images -a -q --filter dangling=true --filter label=swelancer.standin.inputs)"
    [ -n "$stale" ] || return 0
    # shellcheck disable=SC2086 # one id a word
    podman rmi $stale >/dev/null 2>&1 || true
  done
}
if up_to_date; then
  sweep
  say "images up to date (inputs $INPUTS): ${PREFIX}_{monolith,<id>}:$TAG"
  exit 0
fi

WORK="$(mktemp -d /tmp/swelancer-standin.XXXXXX)"
# buildah's one working container at a time is in $c; it goes too if a step fails.
# --one-file-system: never into a mount debootstrap may have left behind in the rootfs.
c=""
cleanup() {
  [ -z "$c" ] || buildah rm "$c" >/dev/null 2>&1 || true
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

# The Debian base: minbase plus what the contract's commands need. Its key names the trimming
# below: change "trimmed-1" when that changes.
BASE_KEY="$(printf '%s\n' "$SUITE" "${PACKAGES[@]}" "trimmed-1" | sha256sum | cut -c1-16)"
BASE="$BASE_REPO:$BASE_KEY"
if ! podman image exists "$BASE"; then
  install_missing debootstrap
  mirror="${STANDIN_MIRROR:-$(grep -hoE 'https?://[^ ]+/debian/?$' /etc/apt/sources.list.d/*.sources \
    /etc/apt/sources.list 2>/dev/null | head -n1 || true)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  say "making the Debian base ($SUITE from $mirror)"
  include="$(IFS=,; echo "${PACKAGES[*]}")"
  debootstrap --variant=minbase --include="$include" "$SUITE" "$WORK/rootfs" "$mirror" \
    > "$WORK/debootstrap.log" 2>&1 || { tail -n 20 "$WORK/debootstrap.log" >&2; exit 1; }
  # Documentation, translations and apt's caches are no use in a test image.
  rm -rf "$WORK"/rootfs/usr/share/{doc,man,info,locale}/* "$WORK"/rootfs/var/lib/apt/lists/* \
    "$WORK"/rootfs/var/cache/apt/* "$WORK"/rootfs/var/log/*
  tar -C "$WORK/rootfs" --numeric-owner -cf - . \
    | podman import --quiet --change "LABEL swelancer.standin.base=$BASE_KEY" - "$BASE" >/dev/null
  rm -rf --one-file-system "$WORK/rootfs"
  # Older bases (other package lists) are of no further use.
  for old in $(podman images --filter "reference=$BASE_REPO" --format '{{.Repository}}:{{.Tag}}'); do
    [ "$old" = "$BASE" ] || podman rmi "$old" >/dev/null 2>&1 || true
  done
fi

install_missing buildah
say "building the images (inputs $INPUTS)"

# The build context: the image's files, the app repository and one folder per task.
ctx="$WORK/context"
mkdir -p "$ctx"
cp -a "$HERE/rootfs" "$ctx/rootfs"
repo_ids="$("$HERE/make-repo.sh" "$ctx/rootfs/app/expensify")"
commit_id="$(sed -n 's/^commit_id=//p' <<<"$repo_ids")"
manager_commit="$(sed -n 's/^manager_commit=//p' <<<"$repo_ids")"
patch_text="$(git -C "$ctx/rootfs/app/expensify" diff "$commit_id" "$commit_id^")"
while IFS=$'\t' read -r id mode price; do
  issue="$ctx/rootfs/app/tests/issues/$id"
  mkdir -p "$issue"
  cp "$HERE/issue/test.py" "$HERE/issue/flow.mitm" "$issue/"
  printf '%s\n' "$patch_text" > "$issue/bug_reintroduce.patch"
  echo "$commit_id" > "$issue/commit_id.txt"
  : > "$issue/revert_command.txt"
  : > "$issue/git_tag.txt"
  printf '{"title": "Stand-in task %s: the greeting must name the user", "price": %s}\n' \
    "$id" "$price" > "$issue/issue_data.json"
  printf '{"mode": "%s"}\n' "$mode" > "$issue/standin.json"
done < <(tasks)

# buildah rather than `podman build`: about a third of the time per image here, and most
# images only change the configuration of their parent.
from() {
  c="$(buildah from --pull-never --quiet "$1")"
}
# Commits $c as the image named $1, or unnamed when there is no $1; its id goes in $image.
commit() {
  image="$(buildah commit --quiet --rm "$c" "$@")"
  c=""
}

# What every image shares.
from "$BASE"
buildah copy --quiet "$c" "$ctx/rootfs" / >/dev/null
buildah config --env PYTHONPATH=/app/tests --workingdir /app/expensify --user root \
  --entrypoint '["/bin/bash", "-l", "-c"]' --cmd '["/app/tests/run.sh"]' \
  --label "swelancer.standin.inputs=$INPUTS" --label "swelancer.standin.commit_id=$commit_id" \
  --label "swelancer.standin.manager_commit=$manager_commit" "$c"
commit
common="$image"

# The monolith puts a task in its broken state at start-up, for the ISSUE_ID it is given.
from "$common"
buildah config --env RUNTIME_SETUP=true "$c"
commit "${PREFIX}_monolith:$TAG"

# A per-task image is in its task's broken state from the start, made when it is built as
# the official images make it (setup_expensify), and carries its ISSUE_ID. The broken state
# depends only on these files: tasks that share them share one build of it.
declare -A broken=()
for id in "${TASKS[@]}"; do
  issue="$ctx/rootfs/app/tests/issues/$id"
  key="$(cat "$issue"/{commit_id.txt,revert_command.txt,git_tag.txt,bug_reintroduce.patch} \
    | sha256sum | cut -c1-16)"
  if [ -z "${broken[$key]:-}" ]; then
    from "$common"
    buildah run --network none --env "ISSUE_ID=$id" --env LC_ALL=C.UTF-8 "$c" -- \
      /opt/standin/bin/ansible-playbook -i "localhost," --connection=local \
      /app/tests/setup_expensify.yml >/dev/null
    commit
    broken[$key]="$image"
  fi
  from "${broken[$key]}"
  buildah config --env "ISSUE_ID=$id" "$c"
  commit "${PREFIX}_$id:$TAG"
done

sweep

say "built ${PREFIX}_monolith:$TAG and ${#TASKS[@]} task images (${PREFIX}_<id>:$TAG)"
say "manager_commit=$manager_commit commit_id=$commit_id"
