// Smoke test for the qemu kernel runner: runs inside the guest (node test/kernel/run.mjs
// out/test/kernel/smoke.test.js). Outside the guest every case is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { isDamonTestVm, requireDamonTestVm, skipUnlessTestVm } from './vm-guard';

const ADMIN = '/sys/kernel/mm/damon/admin';
const skip = skipUnlessTestVm();

/** "7.3.4+deb13-amd64" -> [7, 3] */
function series(rel: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(rel);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

test('the guard recognises the marker only as a whole cmdline word', () => {
  assert.equal(isDamonTestVm('console=ttyS0 damon_test_vm=1 quiet'), true);
  assert.equal(isDamonTestVm('console=ttyS0 damon_test_vm=10'), false);
  assert.equal(isDamonTestVm('console=ttyS0 xdamon_test_vm=1'), false);
});

test('/proc/cmdline marks the throwaway guest', { skip }, () => {
  const cmdline = readFileSync('/proc/cmdline', 'utf8');
  console.log(`kernel ${release()}; cmdline: ${cmdline.trim()}`);
  assert.match(cmdline, /(^|\s)damon_test_vm=1(\s|$)/);
  assert.match(cmdline, /(^|\s)damon_stat\.enabled=N(\s|$)/);
});

test('the DAMON sysfs admin tree is present and idle', { skip }, () => {
  assert.deepEqual(readdirSync(ADMIN), ['kdamonds']);
  assert.deepEqual(readdirSync(`${ADMIN}/kdamonds`), ['nr_kdamonds']);
  assert.equal(readFileSync(`${ADMIN}/kdamonds/nr_kdamonds`, 'utf8').trim(), '0');
});

test('a kdamond directory appears and goes; pause exists from 7.2 on', { skip }, () => {
  requireDamonTestVm();
  const wr = (p: string, v: string): void => writeFileSync(`${ADMIN}/${p}`, v);
  wr('kdamonds/nr_kdamonds', '1');
  try {
    wr('kdamonds/0/contexts/nr_contexts', '1');
    const ctx = readdirSync(`${ADMIN}/kdamonds/0/contexts/0`).sort();
    console.log(`contexts/0: ${ctx.join(' ')}`);
    const [maj, min] = series(release());
    const hasPause = maj > 7 || (maj === 7 && min >= 2);
    assert.equal(existsSync(`${ADMIN}/kdamonds/0/contexts/0/pause`), hasPause);
    assert.equal(readFileSync(`${ADMIN}/kdamonds/0/state`, 'utf8').trim(), 'off');
  } finally {
    wr('kdamonds/nr_kdamonds', '0');
  }
  assert.equal(readFileSync(`${ADMIN}/kdamonds/nr_kdamonds`, 'utf8').trim(), '0');
});
