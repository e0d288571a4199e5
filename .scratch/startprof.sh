#!/bin/bash
# usage: startprof.sh <args...>; starts app on port 3113, waits for ready, SIGTERMs
PORT=3113 DATA_DIR=${DATA_DIR:-/tmp/appdata} LOG_LEVEL=info "$@" > /tmp/startprof.log 2>&1 &
pid=$!
s=$(date +%s%N)
for i in $(seq 1 600); do curl -sf -o /dev/null http://127.0.0.1:3113/health/ready && break; sleep 0.02; done
echo "ready after $(( ($(date +%s%N)-s)/1000000 )) ms"
grep -o '"startupMs.*' /tmp/startprof.log | cut -c1-400
kill -TERM $pid; wait $pid
