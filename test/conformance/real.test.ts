// The conformance cases against the real kernel of the throwaway qemu guest:
//   node test/kernel/run.mjs --kernels 6.12,7.3 out/test/conformance/real.test.js
// or, with the simulated columns and the comparison table, node test/conformance/run.mjs.
// Outside the guest (no damon_test_vm=1 in /proc/cmdline) every case is skipped.
import { test, before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { RealFs } from '../../src/sysfs/real-fs';
import { generationOfRelease, type KernelGeneration } from '../../src/damon/sysfs-layout';
import { requireDamonTestVm, skipUnlessTestVm } from '../kernel/vm-guard';
import { CASES, NotApplicable, formatTable, resetDamon, resultLine, type CaseResult, type ConformanceEnv } from './cases';

const skip = skipUnlessTestVm();
const gen = (generationOfRelease(release()) ?? '6.12') as KernelGeneration;
const column = `real-${release().replace(/-amd64$/, '')}`;
const results: CaseResult[] = [];
const DAMON_STAT = '/sys/module/damon_stat/parameters/enabled';

/** The largest "System RAM" range of /proc/iomem, [start, end). */
function biggestRam(): { start: number; end: number } {
  const ranges = readFileSync('/proc/iomem', 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]+-[0-9a-f]+ : System RAM$/.test(l))
    .map((l) => l.split(' ')[0].split('-').map((h) => parseInt(h, 16)))
    .map(([s, e]) => ({ start: s, end: e + 1 }));
  return ranges.sort((a, b) => b.end - b.start - (a.end - a.start))[0];
}

function realEnv(): ConformanceEnv & { holdDamon?: (on: boolean) => Promise<void> } {
  requireDamonTestVm();
  const env: ConformanceEnv & { holdDamon?: (on: boolean) => Promise<void> } = {
    kind: 'real',
    gen,
    release: release(),
    fs: new RealFs(),
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    ramRange: biggestRam,
    async spawnTarget() {
      const child = spawn('/bin/sleep', ['600'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 100));
      return {
        pid: child.pid ?? -1,
        exit: async () => {
          child.kill('SIGKILL');
          await new Promise((r) => child.once('exit', r));
        },
      };
    },
  };
  if (existsSync(DAMON_STAT)) {
    env.holdDamon = async (on) => {
      requireDamonTestVm();
      writeFileSync(DAMON_STAT, on ? 'Y' : 'N');
    };
  }
  return env;
}

before(async () => {
  if (skip) return;
  requireDamonTestVm();
  if (existsSync(DAMON_STAT)) writeFileSync(DAMON_STAT, 'N');
  await resetDamon(realEnv());
});

for (const cs of CASES) {
  const na = cs.applies && !cs.applies(gen);
  test(`conformance ${column}: ${cs.id}`, { skip: skip || (na ? `n/a on ${gen}` : false) }, async (t) => {
    const t0 = Date.now();
    const env = realEnv();
    try {
      await resetDamon(env);
      await cs.run(env);
      results.push({ id: cs.id, outcome: 'pass', ms: Date.now() - t0 });
    } catch (e) {
      if (e instanceof NotApplicable) {
        results.push({ id: cs.id, outcome: 'n/a', ms: 0 });
        t.skip(e.message);
        return;
      }
      results.push({ id: cs.id, outcome: 'fail', error: e instanceof Error ? e.message : String(e), ms: Date.now() - t0 });
      throw e;
    } finally {
      if (env.holdDamon) await env.holdDamon(false).catch(() => undefined);
      await resetDamon(env).catch(() => undefined);
    }
  });
  if (na && !skip) results.push({ id: cs.id, outcome: 'n/a', ms: 0 });
}

after(() => {
  if (skip) return;
  console.log(`\nconformance, ${column}:\n${formatTable([{ column, results }])}`);
  console.log(resultLine(column, results));
});
