// Workload presets. Each process looks like a real one to vaddr's three-regions rule:
// code and heap near the PIE base, anonymous mappings near 0x7f.., the stack at the top,
// with the two biggest gaps between those clusters. Each area touches its pages the way a real
// program's data of that kind does (the workload format's "pattern"): arrays and buffers are
// swept in address order, objects and caches are used whole, code and lookup structures are
// hit page by page at random.

import type { AreaSpec, ProcessSpec, WorkloadSpec } from './workload';
import { Prng } from './prng';

const MiB = 2 ** 20;
const CODE_BASE = 0x555555554000;
const MMAP_BASE = 0x7f0000000000;
const STACK_BASE = 0x7ffffff00000;

export const PRESET_PID = 4242;

/** Code (file) + heap at the PIE base, `mmap` areas contiguous from MMAP_BASE, and a small stack. */
function process(pid: number, heap: AreaSpec[], mmap: AreaSpec[], extra: Partial<ProcessSpec> = {}): ProcessSpec {
  // Instruction fetches land on scattered functions: pages on their own.
  const code: AreaSpec = { name: 'code', start: CODE_BASE, size: 8 * MiB, type: 'file', access_hz: 20, pattern: 'independent' };
  let next = CODE_BASE + 8 * MiB + 4096;
  const heapAreas = heap.map((a) => {
    const placed = { ...a, start: next };
    next += Number(a.size) + 4096;
    return placed;
  });
  next = MMAP_BASE;
  const mmapAreas = mmap.map((a) => {
    const placed = { ...a, start: next };
    next += Number(a.size);
    return placed;
  });
  // The top of the stack is used by every call: one object.
  const stack: AreaSpec = { name: 'stack', start: STACK_BASE, size: MiB, type: 'anon', access_hz: 100, pattern: 'coherent' };
  return { pid, name: 'app', memcg: '/app', ...extra, areas: [code, ...heapAreas, ...mmapAreas, stack] };
}

/** 10% of the data hot (a THP-backed heap, its pages hit at random, 30 times a second each), 90% idle. */
export function hotCold(): WorkloadSpec {
  return {
    name: 'hot-cold',
    memory: { size: 4096 * MiB, nodes: 1, reserved: 256 * MiB },
    processes: [process(PRESET_PID, [{ name: 'hot', size: 100 * MiB, hugepage: true, access_hz: 30, pattern: 'independent' }], [{ name: 'cold', size: 900 * MiB, access_hz: 0 }])],
  };
}

/** 64 chunks with zipfian popularity (rank k gets maxHz / k^s), placed in shuffled order; each chunk is a cache slab read whole. */
export function zipfian(opts: { chunks?: number; chunkMiB?: number; s?: number; maxHz?: number; seed?: number } = {}): WorkloadSpec {
  const { chunks = 64, chunkMiB = 16, s = 1, maxHz = 400, seed = 1 } = opts;
  const rng = new Prng(seed);
  const ranks = Array.from({ length: chunks }, (_, i) => i + 1);
  for (let i = ranks.length - 1; i > 0; i--) {
    const j = rng.rand(0, i + 1);
    [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
  }
  const areas = ranks.map((k): AreaSpec => ({ name: `rank${k}`, size: chunkMiB * MiB, access_hz: maxHz / k ** s, pattern: 'coherent' }));
  return { name: 'zipfian', memory: { size: 2 * chunks * chunkMiB * MiB + 1024 * MiB, nodes: 2 }, processes: [process(PRESET_PID, [], areas)] };
}

/** masim-like stairs: `steps` areas; during step i only area i is swept. */
export function stairs(opts: { steps?: number; stepMiB?: number; durationS?: number; hz?: number } = {}): WorkloadSpec {
  const { steps = 8, stepMiB = 64, durationS = 5, hz = 200 } = opts;
  const areas = Array.from({ length: steps }, (_, i): AreaSpec => ({
    name: `stair${i}`,
    size: stepMiB * MiB,
    pattern: 'sweep',
    phases: [
      ...(i > 0 ? [{ duration_s: i * durationS, access_hz: 0 }] : []),
      { duration_s: durationS, access_hz: hz },
      ...(i < steps - 1 ? [{ duration_s: (steps - 1 - i) * durationS, access_hz: 0 }] : []),
    ],
  }));
  return { name: 'stairs', memory: { size: steps * stepMiB * MiB + 1024 * MiB, nodes: 1 }, processes: [process(PRESET_PID, areas, [])] };
}

/** A working set that grows by one chunk every `everyS` seconds and then stays hot (swept, as a growing array is). */
export function growingWorkingSet(opts: { chunks?: number; chunkMiB?: number; everyS?: number; hz?: number } = {}): WorkloadSpec {
  const { chunks = 16, chunkMiB = 64, everyS = 10, hz = 100 } = opts;
  const areas = Array.from({ length: chunks }, (_, i): AreaSpec => ({
    name: `ws${i}`,
    size: chunkMiB * MiB,
    pattern: 'sweep',
    loop: false,
    phases: [...(i > 0 ? [{ duration_s: i * everyS, access_hz: 0 }] : []), { duration_s: everyS, access_hz: hz }],
  }));
  return { name: 'growing-working-set', memory: { size: chunks * chunkMiB * MiB + 1024 * MiB, nodes: 1 }, processes: [process(PRESET_PID, [], areas)] };
}

/** An Android-like app: UI and render buffers hot in the foreground, a sync cache hot in the background; switching every `switchS` s. */
export function androidApp(opts: { switchS?: number } = {}): WorkloadSpec {
  const { switchS = 10 } = opts;
  const fgBg = (fg: number, bg: number): AreaSpec['phases'] => [
    { duration_s: switchS, access_hz: fg },
    { duration_s: switchS, access_hz: bg },
  ];
  return {
    name: 'android-app',
    memory: { size: 3072 * MiB, nodes: 1, reserved: 512 * MiB },
    processes: [
      process(PRESET_PID, [
        // Objects allocated and used together; the GC's marking walks them in address order.
        { name: 'java-heap', size: 256 * MiB, pattern: 'sweep', phases: fgBg(60, 0.5) },
        { name: 'native-heap', size: 128 * MiB, pattern: 'independent', phases: fgBg(30, 1) },
      ], [
        // Frame buffers written top to bottom, one frame after another.
        { name: 'gfx-buffers', size: 96 * MiB, pattern: 'sweep', phases: fgBg(250, 0) },
        // A database file read whole on each sync.
        { name: 'sync-cache', size: 64 * MiB, type: 'file', pattern: 'coherent', phases: fgBg(0.2, 40) },
        { name: 'dex', size: 160 * MiB, type: 'file', pattern: 'independent', phases: fgBg(15, 0.1) },
      ], { name: 'com.example.app', memcg: '/apps/com.example.app' }),
    ],
  };
}

export const PRESETS: Record<string, () => WorkloadSpec> = {
  'hot-cold': hotCold,
  zipfian: () => zipfian(),
  stairs: () => stairs(),
  'growing-working-set': () => growingWorkingSet(),
  'android-app': () => androidApp(),
};
