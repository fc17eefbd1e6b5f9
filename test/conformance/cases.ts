// The conformance cases, written once, run against the simulated sysfs of every emulated kernel
// generation (test/unit/sysfs/conformance-sim.test.ts, every unit run) and against real Debian
// kernels in qemu (test/conformance/real.test.ts). Each case drives DAMON only through the
// DamonFs interface and the client; the environment supplies time, a target process and the
// physical memory range.

import { RecordingFs } from '../support/recordingFs';
import assert from 'node:assert/strict';
import type { DamonFs, FsErrno } from '../../src/damon/fs';
import { defaultContext, defaultKdamond, defaultQuotaGoal, defaultFilter, defaultScheme, defaultTarget, type AddrRange, type KdamondParams } from '../../src/damon/params';
import { atLeast, featuresFromPaths, featuresOf, layoutOf, patternOf, type FeatureId, type KernelGeneration } from '../../src/damon/sysfs-layout';
import { DamonClient, DamonSysfsError, UnsupportedFeatureError } from '../../src/sysfs/client';
import { readTree } from '../../src/sysfs/tree';
import { paddrStat, resetKdamonds } from '../support/damonSetup';

export interface TargetProcess {
  pid: number;
  /** Ends the process (the real one is killed; the simulated one reaches its exit time). */
  exit(): Promise<void>;
}

export interface ConformanceEnv {
  /** "sim" or "real", for messages. */
  kind: 'sim' | 'real';
  gen: KernelGeneration;
  /** uname -r of the kernel, or the generation for the simulator. */
  release: string;
  fs: DamonFs;
  /** Lets time pass: a sleep on a real kernel, virtual time in the simulator. */
  elapse(ms: number): Promise<void>;
  /** The largest System RAM range, for paddr. */
  ramRange(): AddrRange;
  /** A live process to monitor with vaddr. */
  spawnTarget(): Promise<TargetProcess>;
}

export interface ConformanceCase {
  id: string;
  title: string;
  /** Whether the case applies to a generation (n/a otherwise). */
  applies?(gen: KernelGeneration): boolean;
  run(env: ConformanceEnv): Promise<void>;
}

function client(env: ConformanceEnv): DamonClient {
  return new DamonClient(env.fs, { release: env.release });
}

/** Stops every kdamond and removes them: the state every case starts from and leaves. */
export function resetDamon(env: ConformanceEnv): Promise<void> {
  return resetKdamonds(client(env));
}

/** The shared paddr `stat` kdamond over the environment's RAM. */
const paddrStatOf = (env: ConformanceEnv): KdamondParams => paddrStat(env.ramRange());

/** kdamond 0 configured with paddrStat(), started unless `start` is false. */
async function withPaddrStat(env: ConformanceEnv, c: DamonClient = client(env), start = true): Promise<DamonClient> {
  await c.setNrKdamonds(1);
  await c.writeKdamond(0, paddrStatOf(env));
  if (start) await c.start(0);
  return c;
}

async function waitFor(env: ConformanceEnv, what: string, ok: () => Promise<boolean>, maxMs = 15_000, stepMs = 250): Promise<void> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (await ok()) return;
    await env.elapse(stepMs);
  }
  assert.fail(`${what} within ${maxMs} ms`);
}

/** Expects a raw write to fail with one errno (or succeed, for 'ok'). */
async function expectWrite(fs: DamonFs, path: string, value: string, want: FsErrno | 'ok'): Promise<void> {
  let got: string = 'ok';
  try {
    await fs.write(path, value);
  } catch (e) {
    got = String((e as { code?: unknown }).code);
  }
  assert.equal(got, want, `echo ${JSON.stringify(value)} > ${path}`);
}

const K = 'kdamonds/0';
const C = `${K}/contexts/0`;
const S = `${C}/schemes/0`;

export const CASES: readonly ConformanceCase[] = [
  {
    id: 'create-teardown',
    title: 'create and tear down kdamonds',
    async run(env) {
      const c = client(env);
      assert.equal(await c.nrKdamonds(), 0);
      assert.equal(await c.setNrKdamonds(2), true);
      assert.deepEqual(await c.kdamondIndices(), [0, 1]);
      assert.equal(await c.state(1), 'off');
      assert.equal(await c.pid(1), -1);
      assert.deepEqual((await env.fs.list(`${K}/contexts`)).sort(), ['nr_contexts']);
      await c.writeKdamond(0, paddrStatOf(env));
      assert.equal((await c.readKdamond(0)).params.contexts.length, 1);
      assert.equal(await c.setNrKdamonds(1), true);
      assert.equal((await c.readKdamond(0)).params.contexts.length, 0, 'nr_kdamonds rebuilds every kdamond');
      assert.equal(await c.setNrKdamonds(0), true);
      assert.deepEqual(await c.kdamondIndices(), []);
    },
  },
  {
    id: 'features',
    title: 'feature detection matches the files the kernel has',
    async run(env) {
      const c = client(env);
      await c.setNrKdamonds(1);
      const k = paddrStatOf(env);
      const s = k.contexts[0].schemes[0];
      s.quotas.goals = [{ ...defaultQuotaGoal(), target_value: 100 }];
      s.ops_filters = [defaultFilter('anon')];
      s.core_filters = [{ ...defaultFilter('addr'), addr_start: 0, addr_end: 4096 }];
      await c.writeKdamond(0, k);
      const d = await c.detect(true);
      assert.equal(d.generation, env.gen);
      const tree = await readTree(env.fs, K);
      const seen = [...tree.files.keys(), ...tree.dirs.keys()];
      const patterns = new Set(seen.map(patternOf));
      const layout = new Set(layoutOf(env.gen).map((e) => e.pattern));
      assert.deepEqual([...patterns].filter((p) => !layout.has(p)), [], `files beyond the ${env.gen} layout`);
      const expectedAbsent = (p: string): boolean => p.includes('tried_regions/N') || p.includes('/filters/N') || p.includes('/dests/N');
      assert.deepEqual([...layout].filter((p) => p.startsWith('kdamonds/N/') && !expectedAbsent(p) && !patterns.has(p)), [], `files of the ${env.gen} layout missing`);
      const fromFiles = featuresFromPaths(seen);
      const want = featuresOf(env.gen);
      for (const id of Object.keys(want) as FeatureId[]) {
        if (fromFiles[id] !== undefined) assert.equal(fromFiles[id], want[id], id);
        if (d.features[id] !== undefined) assert.equal(d.features[id], want[id], id);
      }
    },
  },
  {
    id: 'paddr-stat',
    title: 'paddr over the largest System RAM range: stats grow, tried regions appear',
    async run(env) {
      const c = client(env);
      await c.setNrKdamonds(1);
      const want = paddrStatOf(env);
      await c.writeKdamond(0, want);
      assert.deepEqual((await c.readKdamond(0)).params, want);
      await c.start(0);
      const snap = await c.readKdamond(0);
      assert.equal(snap.state, 'on');
      assert.ok(snap.pid > 0, 'a kdamond pid');
      await waitFor(env, 'nr_tried grows', async () => (await c.updateStats(0))[0][0].nr_tried > 0);
      const [[tried]] = await c.updateTriedRegions(0);
      assert.ok(tried.regions.length > 0, 'tried regions appear');
      assert.ok(tried.total_bytes > 0, 'total_bytes');
      const starts = tried.regions.map((r) => r.start);
      assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
      for (const r of tried.regions) assert.ok(r.start < r.end);
      assert.equal(await c.stop(0), true);
      assert.equal(await c.state(0), 'off');
    },
  },
  {
    id: 'tried-regions-repeat',
    title: 'repeated tried-regions updates: any directory names, read in address order',
    async run(env) {
      const c = await withPaddrStat(env);
      await waitFor(env, 'nr_tried grows', async () => (await c.updateStats(0))[0][0].nr_tried > 0);
      for (let i = 0; i < 3; i++) {
        const [[tried]] = await c.updateTriedRegions(0);
        const names = (await env.fs.list(`${S}/tried_regions`)).filter((n) => /^\d+$/.test(n));
        assert.equal(tried.regions.length, names.length, 'one region per directory');
        assert.ok(tried.regions.length > 0);
        const starts = tried.regions.map((r) => r.start);
        assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'address order');
        assert.equal(tried.total_bytes, tried.regions.reduce((sum, r) => sum + (r.end - r.start), 0), 'total_bytes is the sum of the regions');
        await env.elapse(200);
      }
      await c.clearTriedRegions(0);
      assert.deepEqual((await env.fs.list(`${S}/tried_regions`)).filter((n) => /^\d+$/.test(n)), []);
      await c.stop(0);
    },
  },
  {
    id: 'refresh-status',
    title: 'refresh stats, effective quotas and (6.18+) tuned intervals of a running kdamond',
    async run(env) {
      const c = await withPaddrStat(env);
      await waitFor(env, 'nr_tried grows', async () => (await c.refreshStatus(0)).stats[0][0].nr_tried > 0);
      const r = await c.refreshStatus(0);
      assert.equal(r.stopped, undefined);
      assert.equal(r.effectiveBytes.length, 1);
      assert.equal(r.effectiveBytes[0].length, 1);
      assert.deepEqual(r.intervals, [{ sample_us: 5000, aggr_us: 100000 }], 'no intervals goal: the intervals stay');
      if (atLeast(env.gen, '6.18')) assert.deepEqual(await c.updateTunedIntervals(0), [{ sample_us: 5000, aggr_us: 100000 }]);
      else await assert.rejects(c.updateTunedIntervals(0), UnsupportedFeatureError);
      await c.stop(0);
    },
  },
  {
    id: 'vaddr-exit',
    title: 'vaddr on a process: when it exits, the kdamond stops and the client reports it',
    async run(env) {
      const c = client(env);
      await c.setNrKdamonds(1);
      const target = await env.spawnTarget();
      const k = defaultKdamond();
      const ctx = defaultContext('vaddr');
      ctx.targets = [defaultTarget(target.pid)];
      ctx.schemes = [defaultScheme('stat')];
      k.contexts = [ctx];
      await c.writeKdamond(0, k);
      await c.start(0);
      assert.equal(await c.state(0), 'on');
      const pid = await c.pid(0);
      await env.elapse(500);
      assert.deepEqual(await c.pollStopped(), []);
      await target.exit();
      let stopped: Awaited<ReturnType<DamonClient['pollStopped']>> = [];
      await waitFor(env, 'the kdamond stops by itself', async () => (stopped = await c.pollStopped()).length > 0);
      assert.deepEqual(stopped, [{ index: 0, lastPid: pid }]);
      assert.equal(await c.pid(0), -1);
    },
  },
  {
    id: 'pause-resume',
    title: 'pause and resume: nr_tried frozen, walks cancelled, then advancing',
    applies: (gen) => atLeast(gen, '7.2'),
    async run(env) {
      const c = await withPaddrStat(env);
      await waitFor(env, 'nr_tried grows', async () => (await c.updateStats(0))[0][0].nr_tried > 0);
      assert.equal(await c.pause(0), true);
      assert.equal(await c.isPaused(0), true);
      await env.elapse(300);
      const a = (await c.updateStats(0))[0][0].nr_tried;
      await env.elapse(1200);
      const b = (await c.updateStats(0))[0][0].nr_tried;
      assert.equal(b, a, 'nr_tried unchanged for over a second while paused');
      await assert.rejects(c.updateTriedRegions(0), (e: unknown) => e instanceof DamonSysfsError && e.code === 'ECANCELED');
      assert.equal(await c.resume(0), true);
      assert.equal(await c.isPaused(0), false);
      await waitFor(env, 'nr_tried advances after resume', async () => (await c.updateStats(0))[0][0].nr_tried > b);
      const [[tried]] = await c.updateTriedRegions(0);
      assert.ok(tried.regions.length > 0);
      await c.stop(0);
    },
  },
  {
    id: 'pause-unsupported',
    title: 'pause is reported unsupported and nothing is written',
    applies: (gen) => !atLeast(gen, '7.2'),
    async run(env) {
      const fs = new RecordingFs(env.fs);
      const c = await withPaddrStat(env, new DamonClient(fs, { release: env.release }));
      const n = fs.writes.length;
      await assert.rejects(c.pause(0), (e: unknown) => e instanceof UnsupportedFeatureError && e.feature === 'pause' && /needs Linux 7\.2 or later/.test(e.message));
      await assert.rejects(c.resume(0), UnsupportedFeatureError);
      const k = paddrStatOf(env);
      k.contexts[0].pause = true;
      await assert.rejects(c.writeKdamond(0, k), UnsupportedFeatureError);
      assert.deepEqual(fs.writes.slice(n), [], 'nothing written');
      assert.equal(await c.isPaused(0), undefined);
      await c.stop(0);
    },
  },
  {
    id: 'bad-writes-off',
    title: 'bad writes while off answer with the errno of the version (transcripts §A, §C)',
    async run(env) {
      const c = await withPaddrStat(env, client(env), false);
      const fs = env.fs;
      await expectWrite(fs, `${S}/access_pattern/sz/max`, '18446744073709551616', 'ERANGE');
      await expectWrite(fs, `${S}/access_pattern/sz/max`, '18446744073709551615', 'ok');
      await expectWrite(fs, `${C}/operations`, 'bogus', 'EINVAL');
      await expectWrite(fs, `${C}/monitoring_attrs/intervals/sample_us`, 'abc', 'EINVAL');
      await expectWrite(fs, `${C}/monitoring_attrs/intervals/sample_us`, '-1', 'EINVAL');
      assert.equal((await fs.read(`${C}/monitoring_attrs/intervals/sample_us`)).trim(), '5000');
      await expectWrite(fs, `${C}/targets/0/regions/nr_regions`, 'abc', 'EINVAL');
      await expectWrite(fs, `${S}/action`, 'notanaction', 'EINVAL');
      await expectWrite(fs, `${K}/contexts/nr_contexts`, '2', 'EINVAL');
      await expectWrite(fs, `${S}/quotas/goals/nr_goals`, '1', 'ok');
      await expectWrite(fs, `${S}/quotas/goals/0/target_metric`, 'bogus', 'EINVAL');
      await expectWrite(fs, `${S}/quotas/goals/nr_goals`, '0', 'ok');
      await expectWrite(fs, `${K}/state`, 'bogus', 'EINVAL');
      if (atLeast(env.gen, '7.2')) await expectWrite(fs, `${C}/pause`, 'maybe', 'EINVAL');
      if (atLeast(env.gen, '6.18')) await expectWrite(fs, `${K}/refresh_ms`, '100', 'ok');
      else assert.equal(await fs.exists(`${K}/refresh_ms`), false);
      // Commands on a kdamond that never ran.
      await expectWrite(fs, `${K}/state`, 'update_schemes_stats', 'EINVAL');
      await expectWrite(fs, `${K}/state`, 'commit', 'EINVAL');
      // vaddr with a pid that does not exist.
      await expectWrite(fs, `${C}/operations`, 'vaddr', 'ok');
      await expectWrite(fs, `${C}/targets/0/regions/nr_regions`, '0', 'ok');
      await expectWrite(fs, `${C}/targets/0/pid_target`, '99999', 'ok');
      await expectWrite(fs, `${K}/state`, 'on', 'EINVAL');
      assert.equal(await c.state(0), 'off');
    },
  },
  {
    id: 'bad-writes-on',
    title: 'bad writes while on, and after off, answer with the errno of the version',
    async run(env) {
      const c = await withPaddrStat(env);
      const fs = env.fs;
      await expectWrite(fs, 'kdamonds/nr_kdamonds', '2', 'EBUSY');
      await expectWrite(fs, 'kdamonds/nr_kdamonds', '0', 'EBUSY');
      await expectWrite(fs, `${K}/contexts/nr_contexts`, '2', 'EINVAL');
      await expectWrite(fs, `${K}/state`, 'on', 'EBUSY');
      await expectWrite(fs, `${K}/state`, 'bogus', 'EINVAL');
      await expectWrite(fs, `${K}/state`, '', 'ok');
      await expectWrite(fs, `${K}/state`, 'update_tuned_intervals', atLeast(env.gen, '6.18') ? 'ok' : 'EINVAL');
      // Online commit: a valid change, then sample_us > aggr_us.
      await expectWrite(fs, `${C}/monitoring_attrs/intervals/aggr_us`, '200000', 'ok');
      await expectWrite(fs, `${K}/state`, 'commit', 'ok');
      await expectWrite(fs, `${C}/monitoring_attrs/intervals/sample_us`, '300000', 'ok');
      if (atLeast(env.gen, '6.18')) {
        await expectWrite(fs, `${K}/state`, 'commit', 'EINVAL');
        assert.equal(await c.state(0), 'on', 'the kdamond keeps running');
        await expectWrite(fs, `${C}/monitoring_attrs/intervals/sample_us`, '5000', 'ok');
        // An inverted region.
        const r = env.ramRange();
        await expectWrite(fs, `${C}/targets/0/regions/0/start`, String(r.end), 'ok');
        await expectWrite(fs, `${C}/targets/0/regions/0/end`, String(r.start), 'ok');
        await expectWrite(fs, `${K}/state`, 'commit', 'EINVAL');
        await expectWrite(fs, `${K}/state`, 'off', 'ok');
      } else {
        // 6.12 reports success, then the kdamond dies.
        await expectWrite(fs, `${K}/state`, 'commit', 'ok');
        await waitFor(env, 'the kdamond dies after the invalid commit', async () => (await c.state(0)) === 'off');
      }
      assert.equal(await c.state(0), 'off');
      assert.equal(await c.pid(0), -1);
      await expectWrite(fs, `${K}/state`, 'off', atLeast(env.gen, '7.3') ? 'ok' : 'EPERM');
      await expectWrite(fs, `${K}/state`, 'update_schemes_stats', atLeast(env.gen, '7.2') ? 'ECANCELED' : 'EINVAL');
      await expectWrite(fs, `${K}/state`, 'commit', atLeast(env.gen, '7.2') ? 'ECANCELED' : 'EINVAL');
    },
  },
  {
    id: 'nr-contexts-0-on',
    title: 'nr_contexts 0 while on is accepted; the next commit gets EINVAL',
    async run(env) {
      const c = await withPaddrStat(env);
      await expectWrite(env.fs, `${K}/contexts/nr_contexts`, '0', 'ok');
      assert.equal(await c.state(0), 'on');
      await expectWrite(env.fs, `${K}/state`, 'commit', 'EINVAL');
      await expectWrite(env.fs, `${K}/state`, 'off', 'ok');
      assert.equal(await c.state(0), 'off');
    },
  },
  {
    id: 'damon-stat-busy',
    title: 'with damon_stat holding DAMON, on fails with EBUSY naming the module',
    applies: (gen) => atLeast(gen, '6.18'),
    async run(env) {
      // Only the simulator can stage this safely; the real guest boots with damon_stat.enabled=N
      // and the runner checks that. This case is the simulator's; real kernels report n/a.
      const holder = (env as ConformanceEnv & { holdDamon?: (on: boolean) => Promise<void> }).holdDamon;
      if (!holder) throw new NotApplicable('needs a DAMON holder the environment can toggle');
      const c = await withPaddrStat(env, client(env), false);
      await holder(true);
      await assert.rejects(c.start(0), (e: unknown) => e instanceof DamonSysfsError && e.code === 'EBUSY' && /damon_stat/.test(e.message) && /enabled/.test(e.message));
      await holder(false);
      await c.start(0);
      await c.stop(0);
    },
  },
];

/** Thrown by a case that cannot run in an environment: reported n/a. */
export class NotApplicable extends Error {}

export type Outcome = 'pass' | 'fail' | 'n/a';

export interface CaseResult {
  id: string;
  outcome: Outcome;
  error?: string;
  ms: number;
}

/** Runs every case in `env`, each from a clean DAMON (and leaving one). */
export async function runCases(makeEnv: () => Promise<ConformanceEnv>, onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const cs of CASES) {
    const t0 = Date.now();
    let r: CaseResult;
    const env = await makeEnv();
    if (cs.applies && !cs.applies(env.gen)) {
      r = { id: cs.id, outcome: 'n/a', ms: 0 };
    } else {
      try {
        await resetDamon(env);
        await cs.run(env);
        r = { id: cs.id, outcome: 'pass', ms: Date.now() - t0 };
      } catch (e) {
        r = e instanceof NotApplicable ? { id: cs.id, outcome: 'n/a', ms: 0 } : { id: cs.id, outcome: 'fail', error: e instanceof Error ? e.message : String(e), ms: Date.now() - t0 };
      } finally {
        await resetDamon(env).catch(() => undefined);
      }
    }
    results.push(r);
    onResult?.(r);
  }
  return results;
}

/** One line a runner prints per environment, for test/conformance/run.mjs to collect. */
export function resultLine(column: string, results: CaseResult[]): string {
  const order = (id: string): number => CASES.findIndex((c) => c.id === id);
  const sorted = [...results].sort((a, b) => order(a.id) - order(b.id));
  return `CONFORMANCE-RESULT ${JSON.stringify({ column, results: sorted })}`;
}

/** The table: case x column -> pass / FAIL / n/a. */
export function formatTable(columns: { column: string; results: CaseResult[] }[]): string {
  const ids = CASES.map((c) => c.id);
  const w0 = Math.max(...ids.map((i) => i.length), 4);
  const widths = columns.map((c) => Math.max(c.column.length, 4));
  const row = (cells: string[]): string => cells.map((s, i) => s.padEnd(i === 0 ? w0 : widths[i - 1])).join(' | ');
  const lines = [row(['case', ...columns.map((c) => c.column)]), row(['-'.repeat(w0), ...widths.map((w) => '-'.repeat(w))])];
  for (const id of ids) {
    lines.push(row([id, ...columns.map((c) => {
      const o = c.results.find((r) => r.id === id)?.outcome;
      return o === undefined ? '-' : o === 'fail' ? 'FAIL' : o;
    })]));
  }
  return lines.join('\n');
}
