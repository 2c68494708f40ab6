#!/bin/bash
# Stand-in for run_tests.yml, the playbook that grading and the user tool run:
#   1. the build (webpack): fails in mode `no_exit_code`, and in mode `build_break_if:<regex>`
#      when the agent's change matches; the play stops there and leaves no exit-code file;
#   2. `npm run web` in the background, found on the PATH that only an interactive shell
#      has (from a plain `bash -c` the play fails here, as the official one does);
#   3. pytest issues/$ISSUE_ID/test.py from /app/tests (with --user-tool-trace when
#      trace=true), output in logs/$ISSUE_ID/pytest.log, then `<rc>\n` in
#      logs/$ISSUE_ID/pytest_exit_code; the fault mode may change rc first;
#   4. the user tool's trace clean-up (trace=true), then `pkill -f node`.
# The fault mode is `mode` in issues/$ISSUE_ID/standin.json (default `pass`).
set -u

TESTS=/app/tests
APP=/app/expensify
# The tree of an empty repository: the base of the agent's change before any commit.
EMPTY_TREE=4b825dc642cb6eb9a060e54bf8d69288fbee4904

task() { echo "TASK [$1]"; }
fatal() {
  echo "fatal: [localhost]: FAILED! => {\"msg\": \"$*\"}"
  exit 2
}

id="${ISSUE_ID:-}"
[ -n "$id" ] || fatal "ISSUE_ID is not set: the playbook reads it from the environment"
issue="$TESTS/issues/$id"
logs="$TESTS/logs/$id"
[ -f "$issue/test.py" ] || fatal "no test at $issue/test.py"

mode=pass
if [ -f "$issue/standin.json" ]; then
  mode="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("mode", "pass"))' \
    "$issue/standin.json")" || fatal "cannot read $issue/standin.json"
fi
knob="${mode%%:*}"
arg=""
[ "$mode" = "$knob" ] || arg="${mode#*:}"
case "$knob:$arg" in
  pass: | fail: | no_exit_code: | error: | error:2 | error:4 | error:5) ;;
  flaky:[0-9]* | sleep:[0-9]*) ;;
  build_break_if:?*) ;;
  *) fatal "unknown stand-in mode '$mode' in $issue/standin.json" ;;
esac
mkdir -p "$logs"

# Everything the agent changed in the repository, new files included, as one diff. The
# `git add -A` goes to a scratch copy of the index, so the repository is left as it was.
agent_change() {
  local scratch base
  scratch="$(mktemp -d)"
  cp "$APP/.git/index" "$scratch/index" 2>/dev/null
  base="$(git -C "$APP" rev-parse -q --verify HEAD)" || base="$EMPTY_TREE"
  GIT_INDEX_FILE="$scratch/index" git -C "$APP" add -A >/dev/null 2>&1
  GIT_INDEX_FILE="$scratch/index" git -C "$APP" -c core.fileMode=false diff --cached --binary "$base"
  rm -rf "$scratch"
}

build_fails() {
  rm -f "$logs/pytest_exit_code"
  fatal "webpack: the build failed ($*)"
}

task "Compile the app (webpack)"
case "$knob" in
  no_exit_code) build_fails "stand-in mode no_exit_code" ;;
  build_break_if)
    if agent_change | grep -Eq -- "$arg"; then
      build_fails "the agent's change matches /$arg/, stand-in mode build_break_if"
    fi
    ;;
esac

task "Start the dev server (npm run web)"
if ! command -v npm >/dev/null; then
  echo "/bin/sh: 1: npm: not found" > "$logs/npm_run_dev.log"
  fatal "Timeout when waiting for 127.0.0.1:8082 (npm is not on the PATH: run the playbook from an interactive shell, bash -i)"
fi
(cd "$APP" && nohup npm run web > "$logs/npm_run_dev.log" 2>&1 &)
for _ in $(seq 50); do
  grep -q "compiled successfully" "$logs/npm_run_dev.log" 2>/dev/null && break
  sleep 0.1
done

if [ "$knob" = sleep ]; then
  task "Wait (stand-in mode sleep:$arg)"
  sleep "$arg"
fi

task "Run the tests (pytest)"
trace_option=()
[ "${TRACE:-false}" = true ] && trace_option=(--user-tool-trace)
(cd "$TESTS" && python3 -m pytest "${trace_option[@]}" "issues/$id/test.py") > "$logs/pytest.log" 2>&1
rc=$?

forced=""
case "$knob" in
  fail) forced=1 ;;
  error) forced="${arg:-2}" ;;
  flaky)
    # The count lives outside /app/tests, which is unzipped afresh before every run.
    counter="/tmp/standin-flaky-$id"
    runs=$(($(cat "$counter" 2>/dev/null || echo 0) + 1))
    echo "$runs" > "$counter"
    [ "$runs" -gt "$arg" ] || forced=1
    ;;
esac
if [ -n "$forced" ]; then
  echo "stand-in mode $mode: exit code $forced instead of pytest's $rc" >> "$logs/pytest.log"
  rc="$forced"
fi

task "Save the exit code"
printf '%s\n' "$rc" > "$logs/pytest_exit_code"

if [ "${TRACE:-false}" = true ]; then
  task "Clean the user tool's traces"
  python3 "$TESTS/utils/trace_cleaner.py" "$APP/user_tool" || fatal "the trace clean-up failed"
fi

task "Stop the app (pkill -f node)"
pkill -f node || true
