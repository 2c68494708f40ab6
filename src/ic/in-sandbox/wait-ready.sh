#!/bin/bash
# Runs inside an IC sandbox: waits until http://127.0.0.1:<port><path> (the codebase's
# readyPath) answers 2xx/3xx, so tests never start against a half-started app. Plain bash
# (/dev/tcp): it starts in milliseconds, where a Node process takes a good part of a second
# on a loaded machine, and it sits on the path of every grading.
#
#   wait-ready.sh <port> <path> <timeoutMs> [serverExitedFile]
#
# Exit 0: ready. 91: the app answered, but never 2xx/3xx in time. 97: serverExitedFile
# appeared (the app exited; see Sandbox.execPair). 98: nothing ever answered.
port=$1 path=$2 timeout_ms=$3 exited=${4:-}
if [ -z "$port" ] || [ -z "$path" ] || [ -z "$timeout_ms" ]; then
  echo 'usage: wait-ready.sh <port> <path> <timeoutMs> [serverExitedFile]' >&2
  exit 2
fi
# Microseconds, from bash's own clock: no process started per try for it either.
deadline=$((${EPOCHREALTIME/./} + timeout_ms * 1000))
answered=0
# A pipe that never delivers: `read -t` on it waits without starting a `sleep` each time.
exec {pause}<> <(:)
last='no answer'
while :; do
  if [ -n "$exited" ] && [ -e "$exited" ]; then
    echo "the app exited before http://127.0.0.1:$port$path answered" >&2
    exit 97
  fi
  if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    if IFS=' ' read -r -t 2 _ code _ <&3; then
      answered=1
      last="HTTP $code"
      case $code in 2?? | 3??) exit 0 ;; esac
    fi
    exec 3<&-
  fi
  [ "${EPOCHREALTIME/./}" -ge "$deadline" ] && break
  read -r -t 0.025 -u "$pause"
done
echo "http://127.0.0.1:$port$path did not answer 2xx/3xx within $timeout_ms ms (last: $last)" >&2
[ "$answered" = 1 ] && exit 91
exit 98
