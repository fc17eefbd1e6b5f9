// Access sampling (ops `prepare_access_checks` + `check_accesses`).
//
// The kernel picks one random address per region each sample, clears that page's Accessed bit
// (the PMD's, for a THP), and after one sample interval reads whether it was set again.
//
// Fast path: a region whose pages are all independent 4 KiB Poisson processes. Picking a uniform
// address and then drawing with the rate there has exactly the probability of the size-weighted
// mean rate over the region, so each such region keeps that mean as a 2^32-scaled threshold,
// recomputed whenever regions, rates or the sample interval change: one PRNG step, one compare
// and one increment per region per sample.
//
// Correlated path: a region that overlaps a sweep, a coherent area or a THP block. Neighbouring
// regions' outcomes are then not independent (one scan passes them all, one object is used
// whole, one PMD bit answers for 512 pages), so the address is drawn and answered as the kernel
// would: the page's (or its huge page's) Accessed bit over the last sample interval.
//   - sweep: the pass moves through the area in address order at access_hz passes per second;
//     a page was accessed iff the pass crossed it during the interval;
//   - coherent: one draw per area per sample, 1 - exp(-hz * interval), shared by every region;
//   - THP: the block's one bit, set if any of its 512 pages was accessed; drawn once per block
//     per sample, so two regions sampling the same huge page see the same answer, as the kernel's
//     last-folio shortcut in damon_va_check_accesses() / damon_pa_check_accesses() gives them.

import { PAGE_SIZE } from '../damon/params';
import { BLOCK_SZ, type AccessSegments, type Machine } from './machine';
import type { Prng } from './prng';
import type { RegionStore } from './regions';
import { ACCESS_PATTERNS, hzToProbability } from './workload';

const TWO32 = 4294967296;
// Reciprocals of powers of two: multiplying by them is exact, and cheaper than dividing.
const INV_TWO32 = 1 / TWO32;
const INV_BLOCK = 1 / BLOCK_SZ;
const INV_PAGE = 1 / PAGE_SIZE;
const INDEPENDENT = ACCESS_PATTERNS.indexOf('independent');
const SWEEP = ACCESS_PATTERNS.indexOf('sweep');
const COHERENT = ACCESS_PATTERNS.indexOf('coherent');

/** Whether a page range [x0, x1) of an area of `size` bytes meets the circular window [head, head + len). */
export function meetsWindow(x0: number, x1: number, head: number, len: number, size: number): boolean {
  if (len >= size) return true;
  const end = head + len;
  if (x0 < Math.min(end, size) && x1 > head) return true;
  return end > size && x0 < end - size;
}

/** Whether the circular window [head, head + len) of an area of `size` bytes holds all of [x0, x1). */
export function windowHolds(x0: number, x1: number, head: number, len: number, size: number): boolean {
  if (len >= size) return true;
  const end = head + len;
  return (x0 >= head && x1 <= Math.min(end, size)) || (end > size && x1 <= end - size);
}

/** What correlated sampling needs of one target's segments, fixed while the thresholds hold. */
interface SegmentPlan {
  readonly seg: AccessSegments;
  /** 2^32-scaled chance of a sample seeing one page accessed (independent pattern), or a coherent area's event. */
  readonly pPage: Float64Array;
  /** 2^32-scaled chance of a sample seeing a whole THP block accessed: any of its 512 pages. */
  readonly pBlock: Float64Array;
  /** Bytes a sweep's pass covers in one sample. */
  readonly sweepLen: Float64Array;
  readonly size: Float64Array;
  readonly blockBase: Int32Array;
  /** The first block past the area's whole 2 MiB blocks (a PMD maps no less than 2 MiB). */
  readonly fullBlocksEnd: Int32Array;
  /** Where each sweep's pass is at the start of the current sample (bytes into its area). */
  readonly head: Float64Array;
  /** The segments that sweep, and those that are coherent. */
  readonly sweeps: readonly number[];
  readonly coherents: readonly number[];
}

function planOf(m: Machine, seg: AccessSegments, sampleUs: number): SegmentPlan {
  const n = seg.start.length;
  const plan: SegmentPlan = {
    seg,
    pPage: new Float64Array(n),
    pBlock: new Float64Array(n),
    sweepLen: new Float64Array(n),
    size: new Float64Array(n),
    blockBase: new Int32Array(n),
    fullBlocksEnd: new Int32Array(n),
    head: new Float64Array(n),
    sweeps: [],
    coherents: [],
  };
  for (let j = 0; j < n; j++) {
    const a = m.areas[seg.area[j]];
    const hz = Math.max(seg.hz[j], 0);
    plan.pPage[j] = hzToProbability(hz, sampleUs) * TWO32;
    plan.pBlock[j] = hzToProbability(hz * (BLOCK_SZ / PAGE_SIZE), sampleUs) * TWO32;
    plan.sweepLen[j] = (hz * sampleUs * a.size) / 1e6;
    plan.size[j] = a.size;
    plan.blockBase[j] = a.blockBase;
    plan.fullBlocksEnd[j] = a.blockBase + Math.floor(a.size / BLOCK_SZ);
    if (seg.pattern[j] === SWEEP) (plan.sweeps as number[]).push(j);
    if (seg.pattern[j] === COHERENT) (plan.coherents as number[]).push(j);
  }
  return plan;
}

/** Regions of one kind to sample: the region, its target, and a segment (or area) each. */
class EntryList {
  // At least 64 bytes each: V8 keeps smaller typed arrays on the heap, and a column that moves
  // from one kind to the other makes the sampling loops' element loads polymorphic.
  region = new Int32Array(64);
  target = new Int32Array(64);
  segment = new Int32Array(64);
  n = 0;

  push(region: number, target: number, segment: number): void {
    if (this.n === this.region.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.region = grow(this.region);
      this.target = grow(this.target);
      this.segment = grow(this.segment);
    }
    this.region[this.n] = region;
    this.target[this.n] = target;
    this.segment[this.n++] = segment;
  }
}

/**
 * The regions sampled by what their pages' accesses share, and the shared draws of a sample. Three
 * lists, each a tight loop: regions inside one coherent area (the area's event answers, wherever
 * the address falls), regions inside one 4 KiB-page sweep (decided by where the pass is, the
 * address drawn only where the pass meets part of the region), and the rest (THP, regions that
 * meet several areas), whose address is drawn and answered page by page or block by block.
 */
export class CorrelatedSampler {
  private readonly whole = new EntryList();
  private readonly swept = new EntryList();
  private readonly general = new EntryList();
  private plans: SegmentPlan[] = [];
  private sampleNo = 0;
  private readonly areaHit: Uint8Array;
  private readonly blockStamp: Int32Array;
  private readonly blockHit: Uint8Array;

  constructor(private readonly machine: Machine) {
    this.areaHit = new Uint8Array(machine.areas.length);
    this.blockStamp = new Int32Array(machine.huge.length);
    this.blockHit = new Uint8Array(machine.huge.length);
  }

  get size(): number {
    return this.whole.n + this.swept.n + this.general.n;
  }

  clear(): void {
    this.whole.n = this.swept.n = this.general.n = 0;
    this.plans = [];
  }

  /** Target t's segments at the current sample interval (setThresholds calls this first). */
  plan(t: number, seg: AccessSegments, sampleUs: number): SegmentPlan {
    this.plans[t] = planOf(this.machine, seg, Math.max(sampleUs, 1));
    return this.plans[t];
  }

  /** A region of target t whose first segment is `first`, lying inside it or reaching outside it. */
  add(region: number, target: number, first: number, spans: boolean): void {
    const seg = this.plans[target].seg;
    if (!spans && seg.pattern[first] === COHERENT) this.whole.push(region, target, seg.area[first]);
    else if (!spans && seg.pattern[first] === SWEEP && seg.huge[first] === 0) this.swept.push(region, target, first);
    else this.general.push(region, target, first);
  }

  /**
   * One sample of every correlated region over the interval that ends at `nowUs`. `addrUnit`:
   * bytes per core address unit (paddr's addr_unit), to place addresses in 2 MiB blocks.
   */
  sample(rs: RegionStore, rng: Prng, nowUs: number, sampleUs: number, addrUnit: number): void {
    if (this.size === 0) return;
    const fromUs = nowUs - sampleUs;
    const areaHit = this.areaHit;
    // xorshift32, kept in a local as checkAccesses() does.
    let x = rng.state | 0;
    // The sample's shared facts: each coherent area's event, each sweep's position.
    for (const plan of this.plans) {
      const seg = plan.seg;
      for (const j of plan.coherents) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        areaHit[seg.area[j]] = x >>> 0 < plan.pPage[j] ? 1 : 0;
      }
      for (const j of plan.sweeps) {
        // The fraction of the current pass done (x - floor(x), not x % 1: V8 calls fmod for that).
        const passes = ((fromUs - seg.sinceUs[j]) * seg.hz[j]) / 1e6;
        plan.head[j] = (passes - Math.floor(passes)) * plan.size[j];
      }
    }
    const start = rs.start;
    const end = rs.end;
    const nr = rs.nrAccesses;

    const w = this.whole;
    for (let k = 0; k < w.n; k++) nr[w.region[k]] += areaHit[w.segment[k]];

    const sw = this.swept;
    for (let k = 0; k < sw.n; k++) {
      const i = sw.region[k];
      const j = sw.segment[k];
      const plan = this.plans[sw.target[k]];
      const base = plan.seg.start[j];
      const head = plan.head[j];
      const len = plan.sweepLen[j];
      const size = plan.size[j];
      const a0 = (start[i] - base) * addrUnit;
      const a1 = (end[i] - base) * addrUnit;
      if (!meetsWindow(a0, a1, head, len, size)) continue;
      if (windowHolds(a0, a1, head, len, size)) {
        nr[i]++;
        continue;
      }
      // The pass meets part of the region: is the sampled page in it?
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const x0 = Math.floor((a0 + (x >>> 0) * (a1 - a0) * INV_TWO32) * INV_PAGE) * PAGE_SIZE;
      if (meetsWindow(x0, x0 + PAGE_SIZE, head, len, size)) nr[i]++;
    }

    x = this.sampleGeneral(rs, x, addrUnit);
    rng.state = x >>> 0;
  }

  /** The general list: the address drawn, its area found, and answered by its pattern, page or THP block. */
  private sampleGeneral(rs: RegionStore, x: number, addrUnit: number): number {
    const g = this.general;
    const huge = this.machine.huge;
    const { areaHit, blockStamp, blockHit } = this;
    const stamp = ++this.sampleNo;
    for (let k = 0; k < g.n; k++) {
      const i = g.region[k];
      const plan = this.plans[g.target[k]];
      const seg = plan.seg;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const addr = rs.start[i] + Math.floor((x >>> 0) * (rs.end[i] - rs.start[i]) * INV_TWO32);
      // Walk from the region's first segment: a region meets few.
      let j = g.segment[k];
      const nSeg = seg.start.length;
      while (j < nSeg && seg.end[j] <= addr) j++;
      if (j === nSeg || seg.start[j] > addr || seg.hz[j] <= 0) continue; // unmapped or idle: never accessed
      const off = (addr - seg.start[j]) * addrUnit;
      const block = plan.blockBase[j] + Math.floor(off * INV_BLOCK);
      const thp = seg.huge[j] === 1 && block < plan.fullBlocksEnd[j] && huge[block] === 1;
      const pattern = seg.pattern[j];
      if (pattern === COHERENT) {
        rs.nrAccesses[i] += areaHit[seg.area[j]];
      } else if (pattern === SWEEP) {
        const x0 = thp ? (block - plan.blockBase[j]) * BLOCK_SZ : Math.floor(off * INV_PAGE) * PAGE_SIZE;
        if (meetsWindow(x0, x0 + (thp ? BLOCK_SZ : PAGE_SIZE), plan.head[j], plan.sweepLen[j], plan.size[j])) rs.nrAccesses[i]++;
      } else if (thp) {
        // One PMD Accessed bit for the block's 512 pages, each its own Poisson process.
        if (blockStamp[block] !== stamp) {
          blockStamp[block] = stamp;
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          blockHit[block] = x >>> 0 < plan.pBlock[j] ? 1 : 0;
        }
        rs.nrAccesses[i] += blockHit[block];
      } else {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        if (x >>> 0 < plan.pPage[j]) rs.nrAccesses[i]++;
      }
    }
    return x;
  }
}

/**
 * Sets the thresholds of target t's regions from address-sorted rate segments (in core
 * address units). A page with rate hz is seen accessed within a sample with probability
 * 1 - exp(-hz * sample). Regions that meet a sweep, a coherent area or a THP-backed area go to
 * `correlated` instead, with a threshold of 0.
 */
export function setThresholds(rs: RegionStore, t: number, seg: AccessSegments, sampleUs: number, correlated: CorrelatedSampler): void {
  let k = 0;
  const nSeg = seg.start.length;
  // 2^32-scaled chance per sample of each segment's pages, computed once for both paths.
  const p = correlated.plan(t, seg, sampleUs).pPage;
  for (let i = rs.tOff[t]; i < rs.tOff[t + 1]; i++) {
    const s = rs.start[i];
    const e = rs.end[i];
    while (k < nSeg && seg.end[k] <= s) k++;
    let weighted = 0;
    let independent = true;
    for (let j = k; j < nSeg && seg.start[j] < e; j++) {
      if (seg.pattern[j] !== INDEPENDENT || seg.huge[j]) independent = false;
      weighted += (Math.min(e, seg.end[j]) - Math.max(s, seg.start[j])) * p[j];
    }
    if (independent) rs.thr[i] = weighted / (e - s);
    else {
      rs.thr[i] = 0;
      correlated.add(i, t, k, !(seg.start[k] <= s && seg.end[k] >= e));
    }
  }
}

/** Zeroes the thresholds of target t (an invalid target sees no access). */
export function clearThresholds(rs: RegionStore, t: number): void {
  rs.thr.fill(0, rs.tOff[t], rs.tOff[t + 1]);
}

/** One sample of every fast-path region: xorshift32 inlined over the typed columns. */
export function checkAccesses(rs: RegionStore, rng: Prng): void {
  const thr = rs.thr;
  const nr = rs.nrAccesses;
  const n = rs.n;
  let x = rng.state | 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    if (x >>> 0 < thr[i]) nr[i]++;
  }
  rng.state = x >>> 0;
}

/** The largest nr_accesses, which `check_accesses` returns as the merge threshold base. */
export function maxRegionNrAccesses(rs: RegionStore): number {
  let max = 0;
  for (let i = 0; i < rs.n; i++) if (rs.nrAccesses[i] > max) max = rs.nrAccesses[i];
  return max;
}
