#!/bin/bash
# one.sh <cwd> <datadir> <cmd...>  -> prints spawn→ready ms
cwd=$1; dd=$2; shift 2
cd $cwd
s=$(date +%s%N)
PORT=3114 BASE_URL=http://127.0.0.1:3114 DATA_DIR=$dd NODE_ENV=development LOG_LEVEL=info "$@" > /tmp/one.log 2>&1 &
pid=$!
for i in $(seq 1 3000); do curl -sf -o /dev/null http://127.0.0.1:3114/health/ready && break; sleep 0.02; done
echo -n "$(( ($(date +%s%N)-s)/1000000 )) "
kill -TERM $pid; wait $pid 2>/dev/null
