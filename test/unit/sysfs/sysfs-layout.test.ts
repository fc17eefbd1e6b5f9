import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KERNEL_GENERATIONS,
  FEATURES,
  candidateGenerations,
  childrenOf,
  detectFeatures,
  featureUnavailableReason,
  featuresFromPaths,
  featuresOf,
  generationOfRelease,
  guessGeneration,
  layoutOf,
  patternOf,
  type KernelGeneration,
} from '../../../src/damon/sysfs-layout';
import { MemFs } from './memfs';

/** The files of one generation with every N made 0, as a probe of a fresh kdamond with one of everything shows them. */
function concreteFiles(gen: KernelGeneration): string[] {
  return layoutOf(gen)
    .filter((e) => e.kind === 'file')
    .map((e) => e.pattern.replace(/\bN\b/g, '0'));
}

test('generations come from release strings', () => {
  assert.equal(generationOfRelease('7.3.4+deb13-amd64'), '7.3');
  assert.equal(generationOfRelease('7.2.13+deb14-cloud-amd64'), '7.2');
  assert.equal(generationOfRelease('6.12.117+deb12-amd64'), '6.12');
  assert.equal(generationOfRelease('6.18.44-fc-v669'), '6.18');
  assert.equal(generationOfRelease('6.15.2'), '6.12');
  assert.equal(generationOfRelease('8.1.0'), '7.3');
  assert.equal(generationOfRelease('6.1.0-56-amd64'), undefined);
  assert.equal(generationOfRelease('garbage'), undefined);
});

test('the per-version differences are those of transcripts §G', () => {
  const added = (from: KernelGeneration, to: KernelGeneration): string[] => {
    const before = new Set(layoutOf(from).map((e) => e.pattern));
    return layoutOf(to)
      .filter((e) => e.kind === 'file' && !before.has(e.pattern))
      .map((e) => e.pattern.replace(/^kdamonds\/N\/contexts\/N\//, ''))
      .sort();
  };
  assert.deepEqual(added('7.0', '7.1'), ['schemes/N/quotas/goal_tuner']);
  assert.deepEqual(added('7.1', '7.2'), [
    'monitoring_attrs/probes/nr_probes',
    'pause',
    'schemes/N/quotas/fail_charge_denom',
    'schemes/N/quotas/fail_charge_num',
  ]);
  assert.deepEqual(added('6.18', '7.0'), [
    'schemes/N/quotas/goals/N/path',
    'schemes/N/stats/max_nr_snapshots',
    'schemes/N/stats/nr_snapshots',
    'targets/N/obsolete_target',
  ]);
  assert.deepEqual(added('7.2', '7.3'), []);
  assert.ok(added('6.12', '6.18').includes('kdamonds/N/refresh_ms'));
  assert.ok(added('6.12', '6.18').includes('schemes/N/dests/N/weight'));
});

test('directory children match what node listed on 6.12 and 7.3 (transcripts §B, §C)', () => {
  assert.deepEqual(childrenOf('kdamonds/N', '7.3'), ['contexts', 'pid', 'refresh_ms', 'state']);
  assert.deepEqual(childrenOf('kdamonds/N', '6.12'), ['contexts', 'pid', 'state']);
  assert.deepEqual(childrenOf('kdamonds/N/contexts/N', '7.3'), ['addr_unit', 'avail_operations', 'monitoring_attrs', 'operations', 'pause', 'schemes', 'targets']);
  assert.deepEqual(childrenOf('kdamonds/N/contexts/N', '6.12'), ['avail_operations', 'monitoring_attrs', 'operations', 'schemes', 'targets']);
  assert.deepEqual(childrenOf('', '6.12'), ['kdamonds']);
  assert.deepEqual(childrenOf('kdamonds', '6.12'), ['nr_kdamonds']);
});

test('the 7.3 layout has the 132 entries of §G (tried_regions children aside)', () => {
  const entries = layoutOf('7.3').filter((e) => !e.pattern.includes('tried_regions/N'));
  // §G lists 132 entries below "." for 7.3.4 (each "0" index dir once, as our N dirs).
  assert.equal(entries.length, 132);
});

test('features follow the brief: pause 7.2, refresh_ms 6.18, goal_tuner 7.1, nr_snapshots 7.0', () => {
  const since = Object.fromEntries(FEATURES.map((f) => [f.id, f.since]));
  assert.equal(since.pause, '7.2');
  assert.equal(since.refresh_ms, '6.18');
  assert.equal(since.intervals_goal, '6.18');
  assert.equal(since.addr_unit, '6.18');
  assert.equal(since.core_filters, '6.18');
  assert.equal(since.ops_filters, '6.18');
  assert.equal(since.dests, '6.18');
  assert.equal(since.goal_nid, '6.18');
  assert.equal(since.goal_path, '7.0');
  assert.equal(since.nr_snapshots, '7.0');
  assert.equal(since.obsolete_target, '7.0');
  assert.equal(since.goal_tuner, '7.1');
  assert.equal(since.probes, '7.2');
  assert.equal(since.fail_charge, '7.2');
});

for (const gen of KERNEL_GENERATIONS) {
  test(`a full ${gen} file set is detected as ${gen}`, () => {
    const features = featuresFromPaths(concreteFiles(gen));
    assert.deepEqual(features, featuresOf(gen));
    const release = `${gen}.9+deb13-amd64`;
    assert.equal(guessGeneration(features, release), gen);
    // Without the release, 7.2 and 7.3 look alike: the guess is the oldest consistent one.
    assert.equal(guessGeneration(features), gen === '7.3' ? '7.2' : gen);
  });
}

test('a partial tree gives unknown features and a range of generations', () => {
  // Only a kdamond with a context: nothing about schemes or targets can be told.
  const paths = concreteFiles('6.18').filter((p) => !p.includes('/schemes/0') && !p.includes('/targets/0'));
  const f = featuresFromPaths(paths);
  assert.equal(f.refresh_ms, true);
  assert.equal(f.pause, false);
  assert.equal(f.goal_tuner, undefined);
  assert.equal(f.obsolete_target, undefined);
  assert.deepEqual(candidateGenerations(f), ['6.18', '7.0', '7.1']);
  // An empty admin tree tells nothing; the release decides.
  const none = featuresFromPaths(['kdamonds/nr_kdamonds']);
  assert.deepEqual(candidateGenerations(none), [...KERNEL_GENERATIONS]);
  assert.equal(guessGeneration(none, '7.1.13+deb13-amd64'), '7.1');
  // A release that contradicts the files loses.
  assert.equal(guessGeneration(featuresOf('6.12'), '7.3.4'), '6.12');
});

test('detectFeatures probes an existing tree and reads only', async () => {
  for (const gen of ['6.12', '7.0', '7.3'] as const) {
    const files: Record<string, string> = {};
    for (const p of concreteFiles(gen)) files[p.replace(/^kdamonds\/0/, 'kdamonds/2')] = '0\n';
    const fs = new MemFs(files);
    const d = await detectFeatures(fs, gen === '7.3' ? '7.3.4+deb13-amd64' : undefined);
    assert.deepEqual(d.features, featuresOf(gen));
    assert.equal(d.generation, gen);
    assert.equal(d.probedPaths.pause, 'kdamonds/2/contexts/0/pause');
    assert.equal(fs.writes.length, 0);
  }
  const empty = await detectFeatures(new MemFs({ 'kdamonds/nr_kdamonds': '0\n' }));
  assert.equal(empty.features.pause, undefined);
  assert.equal(empty.candidates.length, KERNEL_GENERATIONS.length);
});

test('an unavailable feature is explained with the version it needs', () => {
  assert.equal(
    featureUnavailableReason('pause', '6.18', 'kdamonds/0/contexts/0/pause'),
    'this kernel (6.18) has no contexts/0/pause; pause and resume (contexts/N/pause) needs Linux 7.2 or later',
  );
  assert.match(featureUnavailableReason('refresh_ms', '6.12'), /has no refresh_ms; .* needs Linux 6\.18 or later/);
});

test('patternOf replaces index segments only', () => {
  assert.equal(patternOf('kdamonds/12/contexts/0/schemes/3/tried_regions/41/start'), 'kdamonds/N/contexts/N/schemes/N/tried_regions/N/start');
  assert.equal(patternOf('kdamonds/nr_kdamonds'), 'kdamonds/nr_kdamonds');
});
