// Phase-aware monitoring on a real kernel's DAMON, inside the throwaway qemu guest:
//   node test/kernel/run.mjs out/test/kernel/phases.test.js
// Two kdamonds, one per phase; Switch Phase pauses one context and resumes the other (7.2+), and
// on older kernels is refused without a write. Outside the guest every case is skipped.
import assert from 'node:assert/strict';
import { release } from 'node:os';
import { after, before, test } from 'node:test';
import { atLeast, generationOfRelease, type KernelGeneration } from '../../src/damon/sysfs-layout';
import { activePhase, switchPhase, type PhaseBinding } from '../../src/investigation/phases/phases';
import { SysfsBackend } from '../../src/investigation/backends/sysfsBackend';
import { DamonClient, UnsupportedFeatureError } from '../../src/sysfs/client';
import { RecordingFs } from '../support/recordingFs';
import { biggestRam, guestClient, paddrStat, resetGuest } from './guest';
import { skipUnlessTestVm } from './vm-guard';

const skip = skipUnlessTestVm();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const gen = (generationOfRelease(release()) ?? '6.12') as KernelGeneration;
const PHASES: PhaseBinding[] = [
  { name: 'foreground', kdamond: 0, context: 0 },
  { name: 'background', kdamond: 1, context: 0 },
];

let fs: RecordingFs;
let client: DamonClient;
let backend: SysfsBackend;

before(async () => {
  if (skip) return;
  ({ fs, client } = await guestClient());
  // The two halves of the biggest RAM range, one kdamond each.
  const ram = biggestRam();
  const mid = ram.start + Math.floor((ram.end - ram.start) / 2 / 4096) * 4096;
  await client.setNrKdamonds(2);
  await client.writeKdamond(0, paddrStat({ start: ram.start, end: mid }));
  await client.writeKdamond(1, paddrStat({ start: mid, end: ram.end }));
  await client.start(0);
  await client.start(1);
  backend = new SysfsBackend({ id: 'guest', label: 'guest DAMON', kind: 'system', client, readOnly: false });
});

after(async () => {
  if (!skip) await resetGuest(client);
});

/** nr_tried of each phase's scheme, fresh from the kernel. */
async function nrTried(): Promise<number[]> {
  return Promise.all(PHASES.map(async (p) => (await client.updateStats(p.kdamond))[p.context][0].nr_tried));
}

test('Switch Phase runs one phase at a time: the paused phase learns nothing, the other goes on (7.2+)', { skip: skip || !atLeast(gen, '7.2') }, async () => {
  for (const [name, running] of [['background', 1], ['foreground', 0]] as const) {
    await switchPhase(backend, PHASES, name);
    assert.equal(activePhase(await backend.snapshot(), PHASES), name);
    await sleep(300);
    const first = await nrTried();
    await sleep(1200);
    const second = await nrTried();
    const paused = 1 - running;
    assert.equal(second[paused], first[paused], `${PHASES[paused].name}'s nr_tried stays while paused`);
    assert.ok(second[running] > first[running], `${name}'s nr_tried grows (${first[running]} -> ${second[running]})`);
  }
});

test('a switch to a phase whose kdamond vanished fails and leaves the phases as they were (7.2+)', { skip: skip || !atLeast(gen, '7.2') }, async () => {
  await switchPhase(backend, PHASES, 'foreground');
  await assert.rejects(switchPhase(backend, [...PHASES, { name: 'gone', kdamond: 5, context: 0 }], 'gone'));
  assert.equal(activePhase(await backend.snapshot(), PHASES), 'foreground');
});

test('without pause (before 7.2) Switch Phase is refused and writes nothing', { skip: skip || atLeast(gen, '7.2') }, async () => {
  const n = fs.writes.length;
  await assert.rejects(switchPhase(backend, PHASES, 'background'), (e: unknown) => e instanceof UnsupportedFeatureError && /needs Linux 7\.2 or later/.test(e.message));
  assert.deepEqual(fs.writes.slice(n).filter(([path, value]) => path.endsWith('/pause') || value === 'commit'), [], 'no pause or commit written');
  assert.equal(await client.state(0), 'on');
  assert.equal(await client.state(1), 'on');
});
