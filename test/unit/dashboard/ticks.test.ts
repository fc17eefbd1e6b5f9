import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytes } from '../../../src/webview/format';
import { byteAxis, byteTicks, timeTicks } from '../../../src/webview/ticks';

test('address ticks fall on round binary sizes, 4 to 6 of them', () => {
  const label = (span: number): string[] => byteTicks(span).map((o) => `+${bytes(o)}`);
  assert.deepEqual(label(2 * 2 ** 20 - 8192), ['+0 B', '+512 KiB', '+1 MiB', '+1.5 MiB']);
  assert.deepEqual(label(2 * 2 ** 20), ['+0 B', '+512 KiB', '+1 MiB', '+1.5 MiB', '+2 MiB']);
  assert.deepEqual(label(108 * 2 ** 20), ['+0 B', '+32 MiB', '+64 MiB', '+96 MiB']);
  for (let span = 4096; span < 2 ** 50; span *= 1.37) {
    const n = byteTicks(span).length;
    assert.ok(n >= 4 && n <= 6, `${span}: ${n} ticks`);
  }
  assert.deepEqual(byteTicks(0), [0]);
});

test('time ticks are multiples of 1, 2 or 5 times a power of ten within the shown span', () => {
  assert.deepEqual(timeTicks(0, 3), [0, 0.5, 1, 1.5, 2, 2.5, 3]);
  assert.deepEqual(timeTicks(0, 27.5), [0, 5, 10, 15, 20, 25]);
  assert.deepEqual(timeTicks(4.37, 12.9), [6, 8, 10, 12]);
  assert.deepEqual(timeTicks(0, 0.03), [0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03]);
  assert.deepEqual(timeTicks(5, 5), [5]);
});

test('a byte axis tops out at the next power-of-two step above the data', () => {
  const MiB = 2 ** 20;
  assert.deepEqual(byteAxis(109 * MiB), { max: 128 * MiB, step: 32 * MiB });
  assert.deepEqual(byteAxis(2 * MiB), { max: 2 * MiB, step: 512 * 1024 });
  assert.deepEqual(byteAxis(0), { max: 1, step: 1 });
  assert.deepEqual(byteAxis(2), { max: 2, step: 1 });
  for (let max = 3; max < 2 ** 50; max *= 1.31) {
    const a = byteAxis(max);
    const steps = a.max / a.step;
    assert.ok(a.max >= max && steps >= 3 && steps <= 6 && Number.isInteger(steps), `${max}: ${JSON.stringify(a)}`);
  }
});
