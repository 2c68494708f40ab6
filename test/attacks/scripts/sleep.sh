# Never finish.
sleep 600
