#!/bin/bash
# Start-up of the stand-in image, in the order of the official run.sh, minus the services
# (display, VNC, pusher-fake, nginx, mitmproxy): it checks what they would need instead.
# Any failure ends the container under `set -e` before the readiness file is written.
set -e

if [ "${EVAL_VARIANT:-}" = "swe_manager" ]; then
  echo "EVAL_VARIANT is swe_manager: skipping the IC start-up"
  tail -f /dev/null
  exit 0
fi

fail() {
  echo "run.sh: $*" >&2
  exit 1
}
# pusher-fake gets these on its command line and the traffic replay reads them when it
# starts: an exec's environment comes too late for either.
[ -n "${ISSUE_ID:-}" ] || fail "ISSUE_ID is not set"
for var in PUSHER_APP_KEY PUSHER_APP_SECRET PUSHER_APP_ID; do
  [ -n "${!var:-}" ] || fail "$var is not set"
done
# Ansible refuses to start under a locale that is not UTF-8.
case "${LC_ALL:-}" in
  *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
  *) fail "LC_ALL is '${LC_ALL:-}', not a UTF-8 locale" ;;
esac
[ "${STANDIN_SETUP_FAIL:-0}" != "1" ] || fail "STANDIN_SETUP_FAIL=1: failing the start-up on purpose"

echo "127.0.0.1 ws-mt1.pusher.com" >> /etc/hosts
echo "alias user-tool='ansible-playbook -i \"localhost,\" --connection=local /app/tests/run_tests.yml -e trace=true'" >> ~/.bashrc

if [ -n "${RUNTIME_SETUP:-}" ]; then
  /opt/standin/bin/ansible-playbook -i "localhost," --connection=local /app/tests/setup_expensify.yml
fi
/opt/standin/bin/ansible-playbook -i "localhost," --connection=local /app/tests/setup_mitmproxy.yml

# The services' start-up takes time officially; a harness must poll for readiness.
sleep "${STANDIN_SETUP_DELAY:-2}"
echo "done" > /setup_done.txt
# Not exec'd: this shell stays process 1 and reaps what the harness's commands leave behind.
tail -f /dev/null
