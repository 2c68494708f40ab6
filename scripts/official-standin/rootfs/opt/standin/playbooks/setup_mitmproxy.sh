#!/bin/bash
# Stand-in for setup_mitmproxy.yml: only its /etc/hosts entry. The official playbook also
# mints mitmproxy's certificate authority and installs it; nothing here talks TLS.
set -eu
grep -q "dev.new.expensify.com" /etc/hosts || echo "127.0.0.1 dev.new.expensify.com" >> /etc/hosts
