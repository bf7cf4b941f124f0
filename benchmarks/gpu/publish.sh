#!/usr/bin/env bash
# Builds what run.sh needs, on a machine WITH .NET: a self-contained linux-x64 publish of the benchmark project
# (no .NET needed where it runs), packed as tokenkernels-bench-linux-x64.tar.xz beside this script (about 30 MB).
# Copy that file and run.sh to the GPU machine, then: bash run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out="$here/out/tokenkernels-bench"
rm -rf "$out"
dotnet publish "$root/benchmarks/TokenKernels.Benchmarks/TokenKernels.Benchmarks.csproj" \
  -c Release -r linux-x64 --self-contained true -o "$out" -p:DebugType=none -p:GenerateDocumentationFile=false
tar -C "$here/out" -cJf "$here/tokenkernels-bench-linux-x64.tar.xz" tokenkernels-bench
ls -lh "$here/tokenkernels-bench-linux-x64.tar.xz"
