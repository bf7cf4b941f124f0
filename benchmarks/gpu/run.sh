#!/usr/bin/env bash
# On a machine with an NVIDIA GPU (driver installed, no .NET needed): unpacks the self-contained publish made by
# publish.sh, checks that the CUDA kernels give the same frontier, cheapest point, top-k and streamed points as the
# scalar reference, then prints configurations per second per backend and grid size.
#   bash run.sh [sizes]          sizes default: 1e5,1e7,1e9 (comma-separated)
# Exit code: 0 when the equivalence check passes.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sizes="${1:-1e5,1e7,1e9}"
bench="$here/out/tokenkernels-bench/TokenKernels.Benchmarks"
if [[ ! -x "$bench" ]]; then
  tarball="$here/tokenkernels-bench-linux-x64.tar.xz"
  [[ -f "$tarball" ]] || { echo "missing $tarball: run publish.sh on a machine with .NET first" >&2; exit 2; }
  mkdir -p "$here/out" && tar -C "$here/out" -xJf "$tarball"
fi
export DOTNET_gcServer=0 DOTNET_TieredPGO=1
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
echo "== kernel equivalence (cuda vs scalar) =="
"$bench" check cuda 2e5
check=$?
echo "== configurations per second (frontier on device; copy-all = every feasible result copied back) =="
"$bench" quick cuda "$sizes"
echo "== the same grids on every CPU core of this machine (1e9 left out: minutes) =="
"$bench" quick cpu 1e5,1e7
exit $check
