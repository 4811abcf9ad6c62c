#!/usr/bin/env bash
# Embedding throughput on an NVIDIA GPU (issue 7, item 5), prepared for a session that has one; run as is:
#   scripts/gpu-bench.sh            (from anywhere; ~3-5 min, most of it the build)
# Builds the GPU variant (-p:GalaxyGpu=true: Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0) into its own artifacts
# folder, so the CPU build's bin/obj are untouched, then times fp32 on CUDA beside fp32 on the CPU of the same
# machine (batch sweep, raw model rate and the whole read→store path), and prints images/s.
# The CUDA provider of ORT 1.31.0 needs the CUDA 13 runtime (libcudart.so.13, libcublas*.so.13) and cuDNN 9 on the
# library path; the script lists any that are missing (galaxy then fails with one clear message, no GPU figure).
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts="${GALAXY_GPU_ARTIFACTS:-/tmp/galaxy-gpu-build}"
images="${GPU_BENCH_IMAGES:-512}"

echo "== GPU"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi not found"

echo "== build (GPU variant) into $artifacts"
dotnet build src/Seed -c Release -p:GalaxyGpu=true --artifacts-path "$artifacts" -v quiet -nologo
galaxy="$(find "$artifacts/bin/Seed" -name galaxy.dll -path '*release*' | head -n 1)"
native="$(dirname "$galaxy")/runtimes/linux-x64/native"
echo "galaxy: $galaxy"

echo "== CUDA libraries the ONNX Runtime CUDA provider loads"
if ldd "$native/libonnxruntime_providers_cuda.so" | grep "not found"; then
  echo "(missing libraries above: put the CUDA 13 runtime and cuDNN 9 on LD_LIBRARY_PATH)"
else
  echo "all found"
fi

echo "== fp32 on this machine's CPU (same build, baseline)"
dotnet "$galaxy" bench embed --execution-provider cpu --images 64 --batches 16 --threads "$(nproc)" --path-images 256

echo "== fp32 on CUDA: batch sweep, $images images per setting"
dotnet "$galaxy" bench embed --execution-provider cuda --images "$images" --batches 16,64,128 --threads 2 --path-images 2048
