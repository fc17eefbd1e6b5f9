import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Machine } from '../../../src/sim/machine';
import { androidApp, PRESET_PID, PRESETS } from '../../../src/sim/presets';
import { areaHzAt, hzToProbability, parseWorkload, probabilityToHz, WorkloadError } from '../../../src/sim/workload';

const MiB = 2 ** 20;
const ok = () => ({ memory: { size: '64 MiB' }, processes: [{ pid: 1, areas: [{ size: '1 MiB', access_hz: 10 }, { size: 4096, access_probability: 0.5 }] }] });

function bad(edit: (w: ReturnType<typeof ok>) => void, field: string): void {
  const w = ok();
  edit(w);
  assert.throws(() => parseWorkload(w), (e: unknown) => e instanceof WorkloadError && e.field === field && e.message.startsWith(`${field}: `), `expected an error naming ${field}`);
}

test('a bad workload gets an error naming the field', () => {
  assert.throws(() => parseWorkload({ processes: [] }), (e: unknown) => e instanceof WorkloadError && e.field === 'memory');
  bad((w) => ((w.processes[0].areas[0] as { size: unknown }).size = 'abc'), 'processes[0].areas[0].size');
  bad((w) => (w.processes[0].areas[1].access_probability = 2), 'processes[0].areas[1].access_probability');
  bad((w) => Object.assign(w.processes[0].areas[0], { access_probability: 0.1 }), 'processes[0].areas[0]');
  bad((w) => delete (w.processes[0].areas[1] as { access_probability?: number }).access_probability, 'processes[0].areas[1]');
  bad((w) => Object.assign(w.processes[0].areas[1], { start: 0x555555554000 }), 'processes[0].areas[1].start');
  bad((w) => w.processes.push({ pid: 1, areas: [] }), 'processes[1].pid');
  bad((w) => (w.memory.size = '1 MiB'), 'memory.size');
  bad((w) => Object.assign(w.processes[0].areas[0], { access_hz: undefined, phases: [{ duration_s: -1, access_hz: 1 }] }), 'processes[0].areas[0].phases[0].duration_s');
  bad((w) => Object.assign(w.processes[0].areas[0], { type: 'shm' }), 'processes[0].areas[0].type');
});

test('areas are laid out one page apart from the PIE base unless placed', () => {
  const w = parseWorkload(ok());
  const [a, b] = w.processes[0].areas;
  assert.equal(a.vstart, 0x555555554000);
  assert.equal(b.vstart, a.vstart + MiB + 4096);
  assert.equal(b.size, 4096);
});

test('access_probability is per 5 ms: p = 1 - exp(-hz * t)', () => {
  const hz = probabilityToHz(0.5);
  assert.ok(Math.abs(hzToProbability(hz, 5000) - 0.5) < 1e-12);
  assert.ok(Math.abs(hzToProbability(hz, 10000) - 0.75) < 1e-12);
  assert.equal(hzToProbability(probabilityToHz(1), 1), 1);
});

test('the ground truth is queryable at any address and time, with phases', () => {
  const m = new Machine(androidApp({ switchS: 10 }));
  const gfx = m.areas.find((a) => a.name === 'gfx-buffers');
  assert.ok(gfx);
  const space = { kind: 'virtual' as const, pid: PRESET_PID };
  assert.equal(m.accessHzAt(space, gfx.vstart + 4096, 5e6), 250, 'foreground');
  assert.equal(m.accessHzAt(space, gfx.vstart + 4096, 15e6), 0, 'background');
  assert.equal(m.accessHzAt(space, gfx.vstart + 4096, 25e6), 250, 'foreground again');
  assert.equal(m.accessHzAt(space, 0x1000, 5e6), 0, 'unmapped');
  assert.equal(m.nextChangeUs(5e6), 10e6);
  assert.equal(m.accessHzAt({ kind: 'physical' }, gfx.pstart, 5e6), 250);
});

test('every preset parses and maps into the three-regions shape', () => {
  for (const [name, make] of Object.entries(PRESETS)) {
    const m = new Machine(make());
    assert.ok(m.vmas(PRESET_PID, 0).length >= 3, name);
  }
});

test('non-looping phases keep the last phase; start_s/end_s map and unmap an area', () => {
  const w = parseWorkload({ memory: { size: '64 MiB' }, processes: [{ pid: 1, areas: [{ size: 4096, loop: false, start_s: 1, end_s: 5, phases: [{ duration_s: 1, access_hz: 1 }, { duration_s: 1, access_hz: 2 }] }] }] });
  const a = w.processes[0].areas[0];
  assert.equal(areaHzAt(a, 0.5e6), -1);
  assert.equal(areaHzAt(a, 1.5e6), 1);
  assert.equal(areaHzAt(a, 2.5e6), 2);
  assert.equal(areaHzAt(a, 4.5e6), 2);
  assert.equal(areaHzAt(a, 5e6), -1);
});
