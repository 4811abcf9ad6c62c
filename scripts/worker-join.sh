#!/usr/bin/env bash
# What a worker that joins mid-job does to the embedding (issue 13): `galaxy seed` and one `galaxy-node` as real
# processes on loopback, `galaxy submit` of a rendered sample, a second `galaxy-node` started JOIN_AFTER seconds into
# the embedding. Prints the embedding rate before and after the join (from submit's progress lines, timestamped
# here), when the seed's job runner counted the new worker, and how many slices the new worker embedded.
#   scripts/worker-join.sh            # IMAGES=3000 JOIN_AFTER=40
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${IMAGES:-3000}
JOIN_AFTER=${JOIN_AFTER:-40}

dotnet build -c Release src/Seed src/Node -v q -nologo >/dev/null
galaxy=(dotnet src/Seed/bin/Release/net10.0/galaxy.dll)
node=(dotnet src/Node/bin/Release/net10.0/galaxy-node.dll)
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for() { # file, text, seconds
  for _ in $(seq "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "gave up waiting for '$2' in $1" >&2; tail -20 "$1" >&2; exit 1
}
stamp() { while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done; }

"${galaxy[@]}" make-sample --out "$work/sample.h5" --count "$IMAGES" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
seed="127.0.0.1:$port"
"${galaxy[@]}" seed --host 127.0.0.1 --port "$port" >"$work/seed.log" 2>&1 & pids+=($!)
wait_for "$work/seed.log" "seed node up at" 90
"${node[@]}" --seed-node "$seed" --host 127.0.0.1 --port 0 >"$work/worker1.log" 2>&1 & pids+=($!)
wait_for "$work/worker1.log" "joined the cluster" 90

"${galaxy[@]}" submit --seed-node "$seed" --input "$work/sample.h5" --out "$work/out" 2>&1 | stamp >"$work/submit.log" & pids+=($!)
wait_for "$work/submit.log" "embed " 120
start=$(head -1 <(grep " embed " "$work/submit.log") | cut -d' ' -f1)
sleep "$JOIN_AFTER"
joined=$(date +%s.%N)
"${node[@]}" --seed-node "$seed" --host 127.0.0.1 --port 0 >"$work/worker2.log" 2>&1 & pids+=($!)
wait_for "$work/submit.log" "results:" 1800

python3 - "$work/submit.log" "$start" "$joined" <<'EOF'
import re, sys
log, start, joined = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
points = []
for line in open(log):
    m = re.match(r"(\S+) embed .* (\d+)/(\d+) ", line)
    if m: points.append((float(m.group(1)), int(m.group(2)), int(m.group(3))))
before = [p for p in points if p[0] <= joined]
after = [p for p in points if p[0] > joined + 15]  # the new node loads the model and its region registers first
def rate(ps): return (ps[-1][1] - ps[0][1]) / (ps[-1][0] - ps[0][0]) if len(ps) > 1 and ps[-1][0] > ps[0][0] else float("nan")
print(f"images {points[-1][2]}, second worker started {joined - start:.0f} s into the embedding")
print(f"embedding rate with 1 worker : {rate(before):7.1f} images/s  ({len(before)} progress lines)")
print(f"embedding rate with 2 workers: {rate(after):7.1f} images/s  (from 15 s after the join, {len(after)} lines)")
EOF
grep -o "2 workers Up (were 1); up to [0-9]* slices in flight" "$work/seed.log" | head -1 | sed 's/^/seed: /' || echo "seed: never counted a second worker"
echo "second worker embedded $(grep -c 'embedding rows' "$work/worker2.log" || true) slices, the first $(grep -c 'embedding rows' "$work/worker1.log" || true)"
