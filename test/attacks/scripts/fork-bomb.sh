# Spawn processes without end (bounded here so the test itself stays short).
for i in $(seq 1 3000); do (sleep 30 &) 2>/dev/null; done
echo "spawned until refused"
exit 0
