#!/usr/bin/env bash
# Installs everything DAMON Lens needs to build, run and test, and nothing that is already there.
# Debian packages: chromium (renders the workbench), libkrb5-dev (code-server's native modules),
# qemu and friends (real kernels for the conformance suite), gcc and libc6-dev (the fidelity
# suite's workload runner). npm: Node 24, the project's dev dependencies and code-server, each
# pinned by a committed lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "[setup] $*"; }

apt_packages=(chromium libkrb5-dev qemu-system-x86 busybox-static cpio xz-utils zstd gcc libc6-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[setup] missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

source scripts/toolchain.sh
# code-server builds native modules against Node 24's own headers.
npm_ci tools/code-server PATH="$PATH" npm_config_nodedir="$NODE24_BIN/.."
say "ready: node $(node --version), $("$CHROMIUM" --version 2>/dev/null)"
