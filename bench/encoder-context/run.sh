#!/bin/sh
# Bundles one benchmark script (TypeScript) and runs it in node:
#   sh bench/encoder-context/run.sh encoder-time [args]
set -e
cd "$(dirname "$0")/../.."
name=$1
shift
out=node_modules/.cache/encoder-context/$name
rm -rf "$out"
npx --no-install rolldown "bench/encoder-context/$name.ts" -p node -f esm \
  -e onnxruntime-web,onnxruntime-web/webgpu,@huggingface/transformers -d "$out" --entryFileNames '[name].mjs' 2>&1 | grep -v '^npm warn' >&2 || true
exec node "$out/$name.mjs" "$@"
