#!/usr/bin/env bash
# On a machine with an NVIDIA GPU (driver installed, no .NET needed): unpacks the self-contained publish made by
# publish.sh, runs the device equivalence suite (frontier, cheapest, top-k and stream against the scalar reference,
# indices and metrics exactly; the device's own values within 1e-12 relative; the fp64 probe that `auto` uses), then the
# speed table, and writes both to results/<date>-<host>.{json,csv} beside this script, to commit.
# Without a CUDA device it runs the same suite on ILGPU's CPU accelerator and the speed table on the CPU (a smoke test of
# the package; the results file says which backend ran).
#   bash run.sh [sizes]          sizes default: 1e5,1e7,1e9 with a GPU, 1e5,1e6 without (comma-separated)
# Exit code: 0 when the equivalence suite passes.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="$here/out/tokenkernels-bench/TokenKernels.Benchmarks"
if [[ ! -x "$bench" ]]; then
  tarball="$here/tokenkernels-bench-linux-x64.tar.xz"
  [[ -f "$tarball" ]] || { echo "missing $tarball: run publish.sh on a machine with .NET first" >&2; exit 2; }
  mkdir -p "$here/out" && tar -C "$here/out" -xJf "$tarball"
fi
export DOTNET_gcServer=0 DOTNET_TieredPGO=1
mkdir -p "$here/results"
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)-$(hostname -s 2>/dev/null || echo host)"
json="$here/results/$stamp.json"
csv="$here/results/$stamp.csv"
if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$here/results/$stamp.gpu.txt"
  device=cuda; sizes="${1:-1e5,1e7,1e9}"; speed="cuda,cpu"
else
  echo "no NVIDIA GPU: running the suite on ILGPU's CPU accelerator and the speed table on the CPU"
  device=ilgpucpu; sizes="${1:-1e5,1e6}"; speed="scalar,cpu"
fi
echo "== device equivalence ($device vs scalar) =="
"$bench" check "$device" 2e5 "$json"
check=$?
echo "== configurations per second (frontier; copy-all = every feasible point back to the host) =="
"$bench" quick "$speed" "$sizes" "$csv"
echo "results: $json $csv"
exit $check
