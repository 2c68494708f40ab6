# Kill whatever started us, then everything we can see.
kill -9 $PPID 2>/dev/null
kill -9 -1 2>/dev/null
exit 0
