# Try to write outside the workspace: the harness checkout, its mounts, the dependency cache.
for target in __REPO__/PWNED-by-attack /opt/swelancer/bin/PWNED /opt/swelancer/node_modules/PWNED \
  node_modules/PWNED /etc/PWNED /usr/PWNED __CACHE__/PWNED; do
  echo pwned > "$target" 2>/dev/null && echo "wrote $target" || echo "refused $target"
done
exit 0
