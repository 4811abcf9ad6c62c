#!/usr/bin/env bash
# What mutual TLS costs a job (issue 14): the same two jobs on a loopback cluster of `galaxy seed` + WORKERS
# `galaxy-node` processes, first over plain TCP, then with every connection under mutual TLS (certificates from
# scripts/make-cluster-ca.sh). An embedding-heavy job (IMAGES rendered galaxies: features stream back to the seed) and a
# kNN-heavy one (the features of those images as a store: PCA, K-means passes and the kNN graph run on the slices).
# Prints each job's wall time per mode and checks both modes give the same assignments. Run it on an idle machine.
#   scripts/tls-cost.sh                 # IMAGES=8000 WORKERS=2
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${IMAGES:-8000}
WORKERS=${WORKERS:-2}

source scripts/lib/loopback-cluster.sh

"${galaxy[@]}" make-sample --out "$work/sample.h5" --count "$IMAGES" >/dev/null
"${galaxy[@]}" embed --input "$work/sample.h5" --out "$work/features.h5" >/dev/null 2>&1
scripts/make-cluster-ca.sh "$work/tls" >/dev/null
export GALAXY__DATAROOTS="$work" GALAXY__RESULTROOTS="$work"

run_mode() { # plain | tls
  local mode=$1
  if [ "$mode" = tls ]; then
    export GALAXY__TLSCERTIFICATEFILE="$work/tls/tls.crt" GALAXY__TLSKEYFILE="$work/tls/tls.key" GALAXY__TLSCAFILE="$work/tls/ca.crt"
  else
    unset GALAXY__TLSCERTIFICATEFILE GALAXY__TLSKEYFILE GALAXY__TLSCAFILE
  fi
  local port seed started=()
  port=$(free_port)
  seed="127.0.0.1:$port"
  "${galaxy[@]}" seed --host 127.0.0.1 --port "$port" >"$work/$mode-seed.log" 2>&1 & started+=($!)
  wait_for "$work/$mode-seed.log" "seed node up at" 90
  for w in $(seq "$WORKERS"); do
    "${node[@]}" --seed-node "$seed" --host 127.0.0.1 --port 0 >"$work/$mode-worker$w.log" 2>&1 & started+=($!)
    wait_for "$work/$mode-worker$w.log" "joined the cluster" 90
  done
  pids+=("${started[@]}")
  local t0 t1 t2
  t0=$(date +%s.%N)
  "${galaxy[@]}" submit --seed-node "$seed" --input "$work/sample.h5" --out "$work/$mode-images" >"$work/$mode-images.log" 2>&1
  t1=$(date +%s.%N)
  "${galaxy[@]}" submit --seed-node "$seed" --features "$work/features.h5" --out "$work/$mode-features" >"$work/$mode-features.log" 2>&1
  t2=$(date +%s.%N)
  printf '%-6s images job %6.1f s   features job %6.1f s\n' "$mode" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
  kill "${started[@]}" 2>/dev/null || true
  wait "${started[@]}" 2>/dev/null || true
}

echo "$IMAGES images, $WORKERS workers, loopback, $(nproc) cores"
run_mode plain
run_mode tls
for job in images features; do
  if cmp -s "$work/plain-$job/assignments.csv" "$work/tls-$job/assignments.csv"; then echo "$job job: same assignments over TLS"; else echo "$job job: assignments DIFFER"; exit 1; fi
done
