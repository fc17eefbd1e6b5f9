#!/usr/bin/env bash
# Runs a command with the pinned Node 24 and the project's dev dependencies first on PATH,
# installing them first if needed: every npm script goes through it (or through setup.sh),
# so none depends on the Node that happens to run npm.
#   bash scripts/with-node.sh <command...>
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh
exec "$@"
