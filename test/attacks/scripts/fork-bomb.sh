# Spawn processes without end (bounded here so the test itself stays short).
for i in $(seq 1 3000); do (sleep __SLEEP_SECONDS__ &) 2>/dev/null; done
echo "spawned until refused"
exit 0
