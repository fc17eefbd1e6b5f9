// The fidelity suite: does the simulator learn what the real kernel learns on the same workload?
// Each case of workloads.ts runs in a qemu guest on a real kernel (guest.ts, the workload runner
// built here with gcc), several times, then each real run is replayed in the simulator with the
// rates the runner achieved; the figures of both are compared (compare.ts) and printed as a table
// per case, ending with `fidelity: N passed, N failed`.
//
//   node esbuild.mjs --tests && node out/test/fidelity/run.js [--kernel 7.3] [--runs 3] [--reuse DIR] [case-id...]
//
// --reuse DIR compares the real runs already in DIR (a previous run's results) without booting.
// Needs root (scripts/kernel-vm.sh). Writes artifacts/fidelity.json and artifacts/fidelity.txt.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DamoRecord } from '../../src/damo/record/record';
import { parseWorkload } from '../../src/sim/workload';
import { fidelityRows, formatRows, type FidelityRow } from './compare';
import { phaseWindows, runMetrics, type AreaRanges, type RunMetrics } from './metrics';
import { paddrReplay, parseAchieved, vaddrReplay } from './plan';
import type { RealRun } from './realRun';
import { simulate } from './replay';
import { FIDELITY_CASES, type FidelityCase } from './workloads';

const ROOT = resolve(__dirname, '../../..');
/** Seconds after a phase change left out of the nr_accesses means. */
const SETTLE_S = 1;

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = argv.splice(i, 2);
  return value;
}

/** Boots the guest once and runs every case `runs` times; the directory of the results. */
function runReal(kernel: string, runs: number, ids: readonly string[]): string {
  const work = process.env.WORK || '/tmp/damon-lens-vm';
  mkdirSync(join(work, 'runs'), { recursive: true });
  const out = mkdtempSync(join(work, 'runs', `fidelity-${kernel}-`));
  const runner = join(out, 'damon-workload');
  const cc = spawnSync('gcc', ['-O2', '-Wall', '-o', runner, join(ROOT, 'test/fidelity/workload-runner.c'), '-lm'], { stdio: 'inherit' });
  if (cc.status !== 0) throw new Error('gcc could not build the workload runner');
  // A copy: a rebuild of out/ meanwhile cannot pull the guest's script away.
  copyFileSync(join(ROOT, 'out/test/fidelity/guest.js'), join(out, 'guest.js'));
  const cmd = ['node', '/tmp/out/guest.js', '/tmp/out/results', '/tmp/out/damon-workload', String(runs), ...ids].map((a) => `'${a}'`).join(' ');
  console.log(`===== fidelity: real ${kernel} in qemu, ${runs} run(s) of each case (results in ${out})`);
  const vm = spawnSync('bash', [join(ROOT, 'scripts/kernel-vm.sh'), ROOT, cmd], {
    // The emulated CPU keeps a TLB far larger than a real one, so a page in constant use would
    // never have its Accessed bit set again after DAMON clears it (mkold does not flush the TLB).
    // PTI without PCID flushes it at every kernel entry, as a real TLB's capacity evicts entries.
    env: { ...process.env, KERNEL: kernel, OUT: out, TIMEOUT: process.env.TIMEOUT ?? '1800', APPEND: `${process.env.APPEND ?? ''} pti=on nopcid` },
    stdio: 'inherit',
  });
  if (vm.status !== 0) throw new Error(`the guest run failed (exit ${vm.status}); see ${out}/run.log`);
  return join(out, 'results');
}

/** The sample interval the real kdamond achieved: the median snapshot length over the samples per aggregation. */
function achievedSampleUs(records: readonly DamoRecord[]): number {
  const r = records[0];
  const iv = r?.intervals;
  if (!r || !iv || r.snapshots.length < 3) return iv?.sample_us ?? 5000;
  const lengths = r.snapshots.slice(1).map((s, i) => (s.end_time - r.snapshots[i].end_time) / 1000).sort((a, b) => a - b);
  return lengths[lengths.length >> 1] / (iv.aggr_us / iv.sample_us);
}

function areasOf(c: FidelityCase, real: RealRun): AreaRanges[] {
  return parseWorkload(c.workload).processes[0].areas.map((a, i) => ({
    name: a.name,
    ranges: c.ops === 'paddr' ? real.extents[i] : [{ start: a.vstart, end: a.vstart + a.size }],
  }));
}

async function compareCase(c: FidelityCase, reals: readonly RealRun[]): Promise<FidelityRow[]> {
  const windows = phaseWindows(c.workload, c.seconds);
  const realM: RunMetrics[] = [];
  const simM: RunMetrics[] = [];
  for (const real of reals) {
    const areas = areasOf(c, real);
    realM.push(runMetrics(real.records, areas, windows, real.goNs, SETTLE_S));
    const achieved = parseAchieved(real.runnerOut);
    const spec = c.ops === 'paddr' ? paddrReplay(c.workload, achieved, real.extents, real.ram.end) : vaddrReplay(c.workload, achieved, real.maps);
    const records = await simulate(spec, c.ops, real.ram, c.seconds, real.run + 1, achievedSampleUs(real.records));
    simM.push(runMetrics(records, areas, windows, 0, SETTLE_S));
  }
  return fidelityRows(parseWorkload(c.workload).processes[0].areas.map((a) => a.name), realM, simM);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const kernel = option(argv, '--kernel', '7.3');
  const runs = Number(option(argv, '--runs', '3'));
  const reuse = option(argv, '--reuse', '');
  const ids = argv;
  const t0 = Date.now();
  const dir = reuse || runReal(kernel, runs, ids);
  const cases = ids.length ? FIDELITY_CASES.filter((c) => ids.includes(c.id)) : FIDELITY_CASES;
  let passed = 0;
  let failed = 0;
  let tightMet = 0;
  const report: { id: string; rows: FidelityRow[] }[] = [];
  const text: string[] = [];
  for (const c of cases) {
    const reals: RealRun[] = [];
    for (let run = 0; existsSync(join(dir, `${c.id}-${run}.json`)); run++) reals.push(JSON.parse(readFileSync(join(dir, `${c.id}-${run}.json`), 'utf8')) as RealRun);
    if (reals.length === 0) {
      console.log(`fidelity: ${c.id}: no real run in ${dir}`);
      failed++;
      continue;
    }
    const rows = await compareCase(c, reals);
    report.push({ id: c.id, rows });
    const head = `=== ${c.id} (${c.ops}, ${c.seconds} s): real ${reals[0].kernel} x${reals.length}, simulated 7.3 x${reals.length}; THP ${reals.map((r) => `${r.hugeKiB} KiB`).join('/')}`;
    const table = formatRows(rows);
    text.push(head, table, '');
    console.log(`${head}\n${table}\n`);
    for (const r of rows) {
      if (r.ok === true) passed++;
      if (r.ok === false) failed++;
      if (r.tightOk === true) tightMet++;
    }
  }
  mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
  writeFileSync(join(ROOT, 'artifacts/fidelity.json'), JSON.stringify(report, null, 1));
  writeFileSync(join(ROOT, 'artifacts/fidelity.txt'), text.join('\n'));
  console.log(`fidelity: ${((Date.now() - t0) / 1000).toFixed(1)} s; ${tightMet} of ${passed + failed} judged rows also meet the tight bound; tables in artifacts/fidelity.txt`);
  console.log(`fidelity: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e);
  console.log('fidelity: 0 passed, 1 failed');
  process.exitCode = 1;
});
