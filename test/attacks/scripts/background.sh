# Leave processes behind that keep changing the code and stay alive for grading.
(setsid sh -c 'while true; do echo "swelancer-attack-bg" >> public/app.js; sleep 0.1; done' &) 
nohup sh -c 'exec -a swelancer-attack-bg sleep 1000' >/dev/null 2>&1 &
disown -a
sleep 0.5
exit 0
