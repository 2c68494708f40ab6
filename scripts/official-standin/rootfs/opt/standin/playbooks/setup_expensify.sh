#!/bin/bash
# Stand-in for setup_expensify.yml: puts /app/expensify in the task's broken state. Per-task
# images run it when they are built, the monolith at start-up (RUNTIME_SETUP). The official
# playbook also checks the recorded traffic, makes certificates and installs and builds the
# app with npm (with network).
set -eu
id="${ISSUE_ID:-}"
[ -n "$id" ] || { echo "fatal: ISSUE_ID is not set"; exit 1; }
issue="/app/tests/issues/$id"
[ -d "$issue" ] || { echo "fatal: no task folder $issue"; exit 1; }

cd /app/expensify
git reset -q --hard origin/master
git checkout -q "$(cat "$issue/commit_id.txt")"
revert="$(cat "$issue/revert_command.txt" 2>/dev/null || true)"
if [ -n "$revert" ]; then
  bash -c "$revert"
else
  patch -p1 < "$issue/bug_reintroduce.patch"
fi
tag="$(cat "$issue/git_tag.txt" 2>/dev/null || true)"
[ -z "$tag" ] || echo "git_tag.txt names $tag: the official playbook runs npm version $tag here"
