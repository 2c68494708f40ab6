# Try to reach a server on the host (not the sandbox's own loopback) in three ways.
node -e "fetch('http://__HOST_IP__:__PORT__/from-node').then(()=>console.log('reached'),e=>console.log('blocked',e.cause?.code))"
(echo -e 'GET /from-bash HTTP/1.0\r\n\r\n' > /dev/tcp/__HOST_IP__/__PORT__) 2>&1 || echo blocked
node -e "fetch('http://127.0.0.1:__PORT__/from-loopback').then(()=>console.log('reached'),e=>console.log('blocked',e.cause?.code))"
exit 0
