# Sourced by the scripts that time a cluster of real processes on loopback (worker-join.sh, tls-cost.sh): builds the
# Release programs and sets up what every such script needs. Defines:
#   galaxy, node   the `galaxy` and `galaxy-node` command lines (arrays)
#   work           a scratch folder, removed on exit
#   pids           processes to kill on exit (append: pids+=($!))
#   wait_for FILE TEXT SECONDS   waits until FILE contains TEXT, or fails with its tail
#   free_port      prints a free TCP port on 127.0.0.1
# The caller has `set -euo pipefail` and is in the repository root.
for project in src/Seed src/Node; do dotnet build -c Release "$project" -v q -nologo >/dev/null || { echo "build of $project failed" >&2; exit 1; }; done
galaxy=(dotnet src/Seed/bin/Release/net10.0/galaxy.dll)
node=(dotnet src/Node/bin/Release/net10.0/galaxy-node.dll)
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for() { # file, text, seconds
  for _ in $(seq "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "gave up waiting for '$2' in $1" >&2; tail -20 "$1" >&2; exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
