#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, builds, then runs every
# suite and prints "<suite>: N passed, N failed" for each. Exits non-zero if any suite failed.
# usage: npm test [-- suite ...]   (suites: typecheck lint unit package conformance kernel fidelity vscode e2e)
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup: 0 passed, 1 failed"; exit 1; }
source scripts/env.sh
mkdir -p artifacts
ALL=(typecheck lint unit package conformance kernel fidelity vscode e2e)
SUITES=("$@"); [ ${#SUITES[@]} -gt 0 ] || SUITES=("${ALL[@]}")
declare -A PASSED FAILED
T0=$(date +%s)

record() { # <suite> <passed> <failed>
  PASSED[$1]=$2; FAILED[$1]=$3
  echo "$1: $2 passed, $3 failed"
}

# A check that passes or fails as a whole (type-check, lint).
check() { # <suite> <command...>
  local suite=$1; shift
  echo "=== $suite"
  if "$@"; then record "$suite" 1 0; else record "$suite" 0 1; fi
}

# A runner that prints its own "<name>: N passed, N failed" lines; they are summed.
closing_lines() { # <suite> <pattern of its lines> <command...>
  local suite=$1 pattern=$2; shift 2
  local log="artifacts/$suite.log"
  echo "=== $suite"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} pass fail
  pass=$(grep -E "^$pattern: [0-9]+ passed, [0-9]+ failed$" "$log" | awk '{s+=$2} END {print s+0}')
  fail=$(grep -E "^$pattern: [0-9]+ passed, [0-9]+ failed$" "$log" | awk '{s+=$4} END {print s+0}')
  [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
  record "$suite" "$pass" "$fail"
}

# node:test files; counts come from a TAP copy of the report.
node_tests() { # <suite> <glob...>
  local suite=$1; shift
  local tap="artifacts/$suite.tap"
  echo "=== $suite"
  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@"
  local rc=$? pass fail
  pass=$(awk '/^# pass /{print $3}' "$tap" | tail -1); fail=$(awk '/^# fail /{print $3}' "$tap" | tail -1)
  pass=${pass:-0}; fail=${fail:-0}
  [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1   # the runner itself failed
  record "$suite" "$pass" "$fail"
}

build() {
  echo "=== build"
  node esbuild.mjs --tests || return 1
  npm run --silent package >artifacts/vsce.log 2>&1 || { cat artifacts/vsce.log; return 1; }
}
build || { record build 0 1; exit 1; }

for suite in "${SUITES[@]}"; do
  case $suite in
    typecheck) check typecheck tsc -p . --noEmit ;;
    lint) check lint eslint . ;;
    unit) node_tests unit "out/test/unit/**/*.test.js" ;;
    package) node_tests package "out/test/package/**/*.test.js" ;;
    # The same cases on the simulated sysfs of every emulated version and on real Debian kernels
    # (6.12 without pause, 7.3 with it) booted under qemu: writes happen only inside the guest.
    conformance) closing_lines conformance conformance node test/conformance/run.mjs ;;
    kernel) closing_lines kernel 'kernel-[0-9.]+' node test/kernel/run.mjs out/test/kernel/smoke.test.js out/test/kernel/client.test.js out/test/kernel/tracefs.test.js out/test/kernel/phases.test.js out/test/unit/cli/dump-real.test.js ;;
    # What the simulator learns against what real 7.3 learns on the same workloads (qemu, 3 runs each).
    fidelity) closing_lines fidelity fidelity node out/test/fidelity/run.js ;;
    vscode)
      echo "=== vscode"
      rm -f artifacts/vscode-result.txt
      node out/test/vscode/run.js
      rc=$?
      line=$(grep -oE '^[0-9]+ passed, [0-9]+ failed' artifacts/vscode-result.txt 2>/dev/null || echo "0 passed, 1 failed")
      p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
      [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
      record vscode "$p" "$f" ;;
    e2e) node_tests e2e "out/test/e2e/**/*.test.js" ;;
    *) echo "unknown suite $suite (known: ${ALL[*]})"; record "$suite" 0 1 ;;
  esac
done

echo
echo "=== summary ($(( $(date +%s) - T0 )) s)"
total_failed=0; total_passed=0
for suite in "${SUITES[@]}"; do
  echo "$suite: ${PASSED[$suite]:-0} passed, ${FAILED[$suite]:-0} failed"
  total_failed=$(( total_failed + ${FAILED[$suite]:-0} )); total_passed=$(( total_passed + ${PASSED[$suite]:-0} ))
done
echo "all: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
