# Write far more than the sandbox's disk limit.
dd if=/dev/urandom of=big.bin bs=1M count=400 2>&1 | tail -1
exit 0
