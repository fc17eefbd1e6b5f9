// The fidelity suite's workloads: each runs on a real kernel (test/fidelity/workload-runner.c in a
// qemu guest) and in the simulator, with the same fixed monitoring attributes, and what DAMON
// learned is compared (test/fidelity/compare.ts). Sizes and rates are what a TCG guest sustains.
import { defaultContext, defaultTarget, type AddrRange, type DamonOps, type KdamondParams } from '../../src/damon/params';
import type { AreaSpec, WorkloadSpec } from '../../src/sim/workload';

export interface FidelityCase {
  readonly id: string;
  readonly ops: DamonOps;
  /** Seconds the workload runs (and DAMON records). */
  readonly seconds: number;
  readonly workload: WorkloadSpec;
}

const MiB = 2 ** 20;
/** Far from the runner's own mappings (binary at the PIE base, libraries and stack near 0x7f…). */
const AREA_BASE = 0x600000000000;

/** A process whose areas sit one after another from AREA_BASE, each 2 MiB aligned with a 2 MiB gap (so THP can back them). */
function program(name: string, areas: AreaSpec[]): WorkloadSpec {
  let next = AREA_BASE;
  const placed = areas.map((a) => {
    const start = next;
    next += Math.ceil(Number(a.size) / (2 * MiB)) * 2 * MiB + 2 * MiB;
    return { ...a, start };
  });
  return { name, memory: { size: 1024 * MiB }, processes: [{ pid: 4242, name: 'damon-workload', areas: placed }] };
}

const phases = (seconds: number, ...hz: number[]): AreaSpec['phases'] => hz.map((h) => ({ duration_s: seconds, access_hz: h }));

export const FIDELITY_CASES: readonly FidelityCase[] = [
  {
    // Buffers swept in address order, hot / warm / cold, that swap roles halfway.
    id: 'sweep-hot-warm-cold',
    ops: 'vaddr',
    seconds: 16,
    workload: program('sweep-hot-warm-cold', [
      { name: 'hot', size: 16 * MiB, pattern: 'sweep', loop: false, phases: phases(8, 200, 0.2) },
      { name: 'warm', size: 16 * MiB, pattern: 'sweep', loop: false, phases: phases(8, 5, 5) },
      { name: 'cold', size: 16 * MiB, pattern: 'sweep', loop: false, phases: phases(8, 0.2, 200) },
    ]),
  },
  {
    // Objects each used whole, at rates from every sample to once in ten seconds. Each is in the
    // working set of nearly every aggregation or of few, so that its median is steady from run to
    // run (it moves in steps of a whole object). The busy ones are busy enough (4 accesses an
    // aggregation and more) that DAMON never merges them with the idle gap beside them: at 30 Hz
    // (about 2) one real run in three merged obj-b away and halved the working set's median.
    id: 'coherent-objects',
    ops: 'vaddr',
    seconds: 12,
    workload: program('coherent-objects', [
      { name: 'obj-a', size: 4 * MiB, pattern: 'coherent', access_hz: 100 },
      { name: 'obj-b', size: 4 * MiB, pattern: 'coherent', access_hz: 60 },
      { name: 'obj-c', size: 4 * MiB, pattern: 'coherent', access_hz: 2 },
      { name: 'obj-d', size: 4 * MiB, pattern: 'coherent', access_hz: 0.5 },
      { name: 'obj-e', size: 4 * MiB, pattern: 'coherent', access_hz: 0.1 },
    ]),
  },
  {
    // masim's stairs: one area after another is swept hot, the others idle.
    id: 'stairs',
    ops: 'vaddr',
    seconds: 16,
    workload: program(
      'stairs',
      Array.from({ length: 4 }, (_, i): AreaSpec => ({
        name: `stair${i}`,
        size: 8 * MiB,
        pattern: 'sweep',
        loop: false,
        phases: [...(i > 0 ? [{ duration_s: i * 4, access_hz: 0 }] : []), { duration_s: 4, access_hz: 100 }, { duration_s: 16, access_hz: 0 }],
      })),
    ),
  },
  {
    // Random pages, each on its own: the case where regions do not merge.
    id: 'independent-random',
    ops: 'vaddr',
    seconds: 12,
    workload: program('independent-random', [
      { name: 'busy', size: 16 * MiB, pattern: 'independent', access_hz: 10 },
      { name: 'quiet', size: 16 * MiB, pattern: 'independent', access_hz: 1 },
    ]),
  },
  {
    // The same sparse random access on THP-backed and on 4 KiB-backed memory: one PMD Accessed
    // bit answers for 512 pages, so the THP area looks far hotter to DAMON.
    id: 'thp-next-to-4k',
    ops: 'vaddr',
    seconds: 12,
    workload: program('thp-next-to-4k', [
      { name: 'thp', size: 32 * MiB, hugepage: true, pattern: 'independent', access_hz: 0.5 },
      { name: 'small-pages', size: 32 * MiB, pattern: 'independent', access_hz: 0.5 },
    ]),
  },
  {
    // Physical address monitoring of THP-backed memory, randomly accessed (each 2 MiB page is
    // physically contiguous; a sweep would be replayed per physical extent, see plan.ts). Large
    // enough, and both clearly in the working set, that the rest of the guest's memory (page
    // cache, the kernel), which the replay leaves idle, does not decide the WSS.
    id: 'paddr-thp-random',
    ops: 'paddr',
    seconds: 12,
    workload: program('paddr-thp-random', [
      { name: 'busy', size: 128 * MiB, hugepage: true, pattern: 'independent', access_hz: 1 },
      { name: 'quiet', size: 128 * MiB, hugepage: true, pattern: 'independent', access_hz: 0.1 },
    ]),
  },
];

/** damo's default attributes, without interval tuning: sample 5 ms, aggr 100 ms, update 1 s, 10..1000 regions. */
export function fidelityParams(ops: DamonOps, target: { pid: number } | { ram: AddrRange }): KdamondParams {
  const ctx = defaultContext(ops);
  ctx.monitoring_attrs.intervals.sample_us = 5000;
  ctx.monitoring_attrs.intervals.aggr_us = 100_000;
  ctx.monitoring_attrs.intervals.update_us = 1_000_000;
  ctx.monitoring_attrs.nr_regions = { min: 10, max: 1000 };
  const t = defaultTarget('pid' in target ? target.pid : 0);
  if ('ram' in target) t.regions = [target.ram];
  ctx.targets = [t];
  ctx.schemes = [];
  return { refresh_ms: 0, contexts: [ctx] };
}
