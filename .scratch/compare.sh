#!/bin/bash
N22=/tmp/node22/node_modules/node/bin/node
N20=/usr/bin/node
W=/work/wt-build; B=/tmp/baseline; O=$W/.scratch/one.sh
export PGLITE_SNAPSHOT_DIR=/tmp/cmp-snap NODE_COMPILE_CACHE=/tmp/cmp-cc
rm -rf /tmp/cmp-*; 
# prime snapshot caches & compile caches
$O $W /tmp/cmp-prime1 $N22 scripts/start.js >/dev/null; $O $W /tmp/cmp-prime2 $N22 dist/server/index.js > /dev/null
for r in $(seq 1 ${ROUNDS:-3}); do
  echo -n "round $r | before(tsx,node20) new: "; $O $B /tmp/cmp-b$r $N20 --import tsx server/index.ts; echo -n "reopen: "; $O $B /tmp/cmp-b$r $N20 --import tsx server/index.ts
  echo -n "| before(tsx,node22) new: "; $O $B /tmp/cmp-c$r $N22 --import tsx server/index.ts; echo -n "reopen: "; $O $B /tmp/cmp-c$r $N22 --import tsx server/index.ts
  echo -n "| after tsx22 new: "; $O $W /tmp/cmp-t$r $N22 scripts/start.js; echo -n "reopen: "; $O $W /tmp/cmp-t$r $N22 scripts/start.js
  echo -n "| after compiled22 new: "; $O $W /tmp/cmp-d$r $N22 dist/server/index.js; echo -n "reopen: "; $O $W /tmp/cmp-d$r $N22 dist/server/index.js
  echo "| load $(cut -d' ' -f1 /proc/loadavg)"
done
rm -rf /tmp/cmp-*
