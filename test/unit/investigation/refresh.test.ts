import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampInterval, RefreshScheduler } from '../../../src/investigation/backends/refresh';

function scheduler(intervalMs = 1000, debounceMs = 20) {
  let count = 0;
  const s = new RefreshScheduler({ intervalMs, debounceMs, refresh: async () => void count++ });
  return { s, count: () => count };
}

test('the interval is clamped to 100 ms .. 60 s', () => {
  assert.equal(clampInterval(5), 100);
  assert.equal(clampInterval(10 ** 9), 60_000);
  assert.equal(clampInterval(Number.NaN), 1000);
  assert.equal(clampInterval(250.4), 250);
});

test('requests within the debounce window are served by one refresh', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { s, count } = scheduler();
  s.request();
  s.request();
  s.request();
  t.mock.timers.tick(20);
  assert.equal(count(), 1);
  s.dispose();
});

test('periodic refreshes run only while active, and stop when inactive', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { s, count } = scheduler(1000, 10);
  t.mock.timers.tick(5000);
  assert.equal(count(), 0, 'nothing while inactive');
  s.setActive(true);
  t.mock.timers.tick(10); // the activation refresh
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(count(), 1);
  for (let i = 0; i < 3; i++) {
    t.mock.timers.tick(1000);
    await Promise.resolve();
    await Promise.resolve();
  }
  assert.equal(count(), 4);
  s.setActive(false);
  t.mock.timers.tick(10_000);
  assert.equal(count(), 4, 'nothing after going inactive');
  s.dispose();
});

test('a refresh requested during a refresh runs once more afterwards, not concurrently', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let count = 0;
  const s = new RefreshScheduler({
    intervalMs: 1000,
    debounceMs: 0,
    refresh: async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      count++;
      inFlight--;
    },
  });
  const first = s.runNow();
  const second = s.runNow();
  await Promise.all([first, second]);
  assert.equal(maxInFlight, 1);
  assert.equal(count, 2);
  s.dispose();
});

test('dispose leaves no timer behind', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { s, count } = scheduler();
  s.setActive(true);
  s.request();
  s.dispose();
  t.mock.timers.tick(100_000);
  assert.equal(count(), 0);
});
