// Guards for tests that touch real DAMON sysfs. Such tests run only inside the throwaway qemu
// guest booted by scripts/kernel-vm.sh, whose kernel cmdline carries damon_test_vm=1. On any
// other machine (this host included) the DAMON sysfs may be in use, so writing is refused.
import { readFileSync } from 'node:fs';

export const TEST_VM_MARKER = 'damon_test_vm=1';

/** True when /proc/cmdline carries damon_test_vm=1. */
export function isDamonTestVm(cmdline?: string): boolean {
  let text = cmdline;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/cmdline', 'utf8');
    } catch {
      return false;
    }
  }
  return text.trim().split(/\s+/).includes(TEST_VM_MARKER);
}

/** Throws unless this is the throwaway test guest. Call before the first write to sysfs. */
export function requireDamonTestVm(): void {
  if (!isDamonTestVm()) {
    throw new Error(
      `refusing to write DAMON sysfs: /proc/cmdline lacks ${TEST_VM_MARKER}; ` +
        'these tests run only inside the qemu guest of scripts/kernel-vm.sh (node test/kernel/run.mjs)',
    );
  }
}

/** The skip reason for node:test when not in the guest, or false inside it. */
export function skipUnlessTestVm(): string | false {
  return isDamonTestVm() ? false : `not in the DAMON test VM (no ${TEST_VM_MARKER} in /proc/cmdline)`;
}
