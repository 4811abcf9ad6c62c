#!/usr/bin/env bash
# What a worker that joins mid-job does to the embedding (issue 13): `galaxy seed` and one `galaxy-node` as real
# processes on loopback, `galaxy submit` of a rendered sample, a second `galaxy-node` started JOIN_AFTER seconds into
# the embedding (JOIN_AFTER=none: never, the baseline). Prints the seed's embedding time, when its job runner counted
# the new worker, and how many slices each worker embedded. Run it on an otherwise idle machine.
#   scripts/worker-join.sh                    # IMAGES=20000 JOIN_AFTER=30 (the embedding must outlast the join)
#   JOIN_AFTER=none scripts/worker-join.sh    # the same job on one worker throughout
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${IMAGES:-20000}
JOIN_AFTER=${JOIN_AFTER:-30}

source scripts/lib/loopback-cluster.sh

"${galaxy[@]}" make-sample --out "$work/sample.h5" --count "$IMAGES" >/dev/null
port=$(free_port)
seed="127.0.0.1:$port"
"${galaxy[@]}" seed --host 127.0.0.1 --port "$port" >"$work/seed.log" 2>&1 & pids+=($!)
wait_for "$work/seed.log" "seed node up at" 90
"${node[@]}" --seed-node "$seed" --host 127.0.0.1 --port 0 >"$work/worker1.log" 2>&1 & pids+=($!)
wait_for "$work/worker1.log" "joined the cluster" 90

"${galaxy[@]}" submit --seed-node "$seed" --input "$work/sample.h5" --out "$work/out" >"$work/submit.log" 2>&1 & pids+=($!)
wait_for "$work/seed.log" "embedding $IMAGES images" 120
if [ "$JOIN_AFTER" != none ]; then
  sleep "$JOIN_AFTER"
  "${node[@]}" --seed-node "$seed" --host 127.0.0.1 --port 0 >"$work/worker2.log" 2>&1 & pids+=($!)
fi
wait_for "$work/submit.log" "results:" 1800

echo "images $IMAGES, second worker: $([ "$JOIN_AFTER" = none ] && echo none || echo "started $JOIN_AFTER s into the embedding")"
grep -o "[0-9]* images embedded in [0-9.]* s ([0-9]* slices re-sent)" "$work/seed.log" | sed 's/^/seed: /'
grep -o "2 workers Up (were 1); up to [0-9]* slices in flight" "$work/seed.log" | head -1 | sed 's/^/seed: /' || true
echo "slices embedded: first worker $(grep -c 'embedding rows' "$work/worker1.log" || true), second $(grep -c 'embedding rows' "$work/worker2.log" 2>/dev/null || echo 0)"
