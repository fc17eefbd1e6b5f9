#!/usr/bin/env bash
# npm start: installs what is missing, builds and packages the extension, then serves VS Code.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
node esbuild.mjs --tests >/dev/null
npm run --silent package >/dev/null
exec node out/scripts/start.js
