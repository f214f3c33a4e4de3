#!/usr/bin/env bash
# The step-speed table on a GPU machine, in one short run (budget: under 8 minutes).
#
#   benchmarks/gpu.sh            # times every row below on the GPU(s) found
#   benchmarks/gpu.sh --dry-run  # prints the plan and checks the scripts, times nothing
#
# Rows: kerasgan and the hand-written step on TensorFlow with XLA, on JAX
# (kerasgan and the hand-written jax.grad step) and the PyTorch eager reference,
# for the float32 / mixed_bfloat16 / mixed_float16 policies at batch 64 and 256
# (DCGAN 32x32, WGAN-GP and non-saturating), one device. JAX has no
# mixed_float16 row (kerasgan on JAX threads no loss-scale state: it raises) and
# the PyTorch reference runs in float32 only. Where N > 1 GPUs are present, the
# JAX sides are timed again under keras.distribution.DataParallel over 1..N
# devices with the global batch scaled by N (KERASGAN_BENCH_DEVICES).
# Few repetitions (REPS, default 5) keep the run short; each row is a median.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python}
REPS=${REPS:-5}
DRY=0
if [[ "${1:-}" == "--dry-run" ]]; then DRY=1; elif [[ $# -gt 0 ]]; then
  echo "gpu.sh: unknown argument '$1'. Usage: benchmarks/gpu.sh [--dry-run]" >&2; exit 2
fi

if [[ -n "${GPU_COUNT:-}" ]]; then  # to see the plan for N GPUs in a dry run
  GPUS=$GPU_COUNT
elif command -v nvidia-smi >/dev/null 2>&1; then
  GPUS=$(nvidia-smi --list-gpus | wc -l)
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
else
  GPUS=0
fi
echo "gpu.sh: ${GPUS} GPU(s) found"
if (( GPUS == 0 && DRY == 0 )); then
  echo "gpu.sh: no GPU here (nvidia-smi lists none). Use --dry-run to check the plan on CPU." >&2
  exit 1
fi

commands=()
for policy in float32 mixed_bfloat16 mixed_float16; do
  for batch in 64 256; do
    extra="--jax --torch"
    [[ $policy == mixed_float16 ]] && extra="--torch"
    [[ $policy != float32 ]] && extra="${extra/--torch/}"
    commands+=("$PYTHON benchmarks/step_speed.py --setups dcgan --xla on --batch $batch --policy $policy --reps $REPS --steps 2 --warmup 2 $extra")
  done
done
devices=1
while (( devices < GPUS )); do
  devices=$(( devices * 2 > GPUS ? GPUS : devices * 2 ))
  commands+=("KERASGAN_BENCH_DEVICES=$devices $PYTHON benchmarks/step_speed.py --setups dcgan --xla on --batch $(( 64 * devices )) --reps $REPS --jax")
done

for command in "${commands[@]}"; do
  echo "+ $command"
done
if (( DRY )); then
  "$PYTHON" -m py_compile benchmarks/step_speed.py benchmarks/_jax_side.py benchmarks/_torch_eager.py
  echo "gpu.sh: dry run: ${#commands[@]} commands planned, scripts compile"
  exit 0
fi
for command in "${commands[@]}"; do
  eval "$command"
done
