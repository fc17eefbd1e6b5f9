// The real half of the fidelity suite, inside the throwaway qemu guest (scripts/kernel-vm.sh):
// for each case and run, starts the workload runner, monitors it with the case's fixed attributes
// and records damon:damon_aggregated through the project's tracefs reader, then writes what it
// saw to <out>/<case>-<run>.json for test/fidelity/run.ts to compare with the simulator.
//
//   node guest.js <out-dir> <runner-binary> <runs> [case-id...]
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PAGE_SIZE, type AddrRange } from '../../src/damon/params';
import { DamoTraceRecorder, damoIntervalsOf } from '../../src/damo/record/fromTrace';
import { parseWorkload } from '../../src/sim/workload';
import { DamonClient } from '../../src/sysfs/client';
import { RealFs } from '../../src/sysfs/real-fs';
import { localTracefsReader } from '../../src/sysfs/tracefs';
import { resetKdamonds } from '../support/damonSetup';
import { biggestRam } from '../kernel/guest';
import { requireDamonTestVm } from '../kernel/vm-guard';
import { physicalExtents, runnerPlan } from './plan';
import type { RealRun } from './realRun';
import { FIDELITY_CASES, fidelityParams, type FidelityCase } from './workloads';

const TRACE_CLOCK = '/sys/kernel/tracing/trace_clock';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The physical address of each resident page of [start, start + size) of a process (/proc/<pid>/pagemap, root only). */
function physicalPages(pid: number, start: number, size: number): number[] {
  const fd = openSync(`/proc/${pid}/pagemap`, 'r');
  try {
    const n = size / PAGE_SIZE;
    const buf = Buffer.alloc(n * 8);
    readSync(fd, buf, 0, buf.length, (start / PAGE_SIZE) * 8);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const entry = buf.readBigUInt64LE(i * 8);
      if (entry >> 63n) out.push(Number(entry & ((1n << 55n) - 1n)) * PAGE_SIZE);
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

async function runOnce(c: FidelityCase, run: number, runner: string, dir: string): Promise<void> {
  const planPath = join(dir, `${c.id}.plan`);
  writeFileSync(planPath, runnerPlan(c.workload, c.seconds));
  const child = spawn(runner, [planPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<number>((resolve, reject) => {
    lines.on('line', (l) => {
      stdout += `${l}\n`;
      const m = /^ready (\d+)$/.exec(l);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`the workload runner exited (${code}) before it was ready`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const pid = await ready;
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  const w = parseWorkload(c.workload);
  const ram: AddrRange = biggestRam();
  const extents = c.ops === 'paddr' ? w.processes[0].areas.map((a) => physicalExtents(physicalPages(pid, a.vstart, a.size))) : [];
  const hugeKiB = Number(/AnonHugePages:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);

  const client = new DamonClient(new RealFs(), { release: release() });
  await client.checkRoot();
  await resetKdamonds(client);
  const params = fidelityParams(c.ops, c.ops === 'paddr' ? { ram } : { pid });
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, params);
  const recorder = new DamoTraceRecorder(damoIntervalsOf(params.contexts[0].monitoring_attrs.intervals));
  const reader = await localTracefsReader({ events: ['damon_aggregated'] });
  if (!reader) throw new Error('no tracefs with DAMON events in the guest');
  // CLOCK_MONOTONIC, as process.hrtime and the runner use: snapshot times then count from "go".
  writeFileSync(TRACE_CLOCK, 'mono');
  await reader.start(recorder.onEvent);
  await client.start(0);
  await sleep(200);
  const goNs = Number(process.hrtime.bigint());
  child.stdin.write('go\n');
  await exited;
  await sleep(300);
  await reader.stop();
  await client.stop(0);
  await client.setNrKdamonds(0);
  writeFileSync(TRACE_CLOCK, 'local');
  const records = recorder.finish().map((r) => ({ ...r, snapshots: r.snapshots.filter((s) => s.end_time > goNs) }));
  const result: RealRun = { id: c.id, run, kernel: release(), pid, goNs, maps, ram, extents, hugeKiB, runnerOut: stdout, records };
  writeFileSync(join(dir, `${c.id}-${run}.json`), JSON.stringify(result));
  const snaps = records[0]?.snapshots ?? [];
  console.log(`fidelity guest: ${c.id} run ${run}: ${snaps.length} snapshots, AnonHugePages ${hugeKiB} KiB, ${stdout.trim().split('\n').filter((l) => l.startsWith('achieved')).length} rate lines`);
}

async function main(): Promise<void> {
  const [dir, runner, runsText, ...ids] = process.argv.slice(2);
  requireDamonTestVm();
  mkdirSync(dir, { recursive: true });
  const cases = ids.length > 0 ? FIDELITY_CASES.filter((c) => ids.includes(c.id)) : FIDELITY_CASES;
  for (const c of cases) for (let run = 0; run < Number(runsText); run++) await runOnce(c, run, runner, dir);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
