# Sourced by setup.sh and with-node.sh: installs the pinned Node 24 (tools/node24) and the
# project's dev dependencies when their lockfiles changed, then puts them on PATH. Needs only npm,
# so `npm run build` or `npm run package` work on a machine whose own Node is older (Debian's 20).
say() { echo "[setup] $*" >&2; }

# `npm test` / `npm start` export npm_config_* for the npm that ran them; a nested npm would
# read them as its own config (code-server's install checks the user agent's Node version).
unset npm_config_user_agent npm_config_node_gyp npm_execpath npm_node_execpath

# npm ci only when a lockfile changed since the last install (a stamp records its hash).
npm_ci() { # <dir> [extra env...]
  local dir=$1; shift
  local stamp="$dir/node_modules/.damon-lens-lock"
  local want; want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  say "npm ci in $dir"
  (cd "$dir" && env "$@" npm ci --no-audit --no-fund --loglevel=error >"/tmp/damon-lens-npm-$(basename "$dir").log" 2>&1) || {
    tail -40 "/tmp/damon-lens-npm-$(basename "$dir").log" >&2; exit 1; }
  echo "$want" >"$stamp"
}

npm_ci tools/node24
source scripts/env.sh
node --version | grep -q '^v24\.' || { echo "[setup] Node 24 did not install" >&2; exit 1; }
npm_ci . PATH="$PATH"
