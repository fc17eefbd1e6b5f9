#!/usr/bin/env bash
# npm run bench: builds, then runs every benchmark; each prints one JSON object.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
source scripts/env.sh
node esbuild.mjs --tests >&2
for bench in out/bench/*.bench.js; do
  node --expose-gc "$bench"
done
