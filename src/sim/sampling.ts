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

/** The regions sampled one drawn address at a time, and the shared draws of the current sample. */
export class CorrelatedSampler {
  private idx = new Int32Array(16);
  private tgt = new Int32Array(16);
  private count = 0;
  private sampleNo = 0;
  private readonly areaStamp: Int32Array;
  private readonly areaHit: Uint8Array;
  private readonly blockStamp: Int32Array;
  private readonly blockHit: Uint8Array;

  constructor(private readonly machine: Machine) {
    this.areaStamp = new Int32Array(machine.areas.length);
    this.areaHit = new Uint8Array(machine.areas.length);
    this.blockStamp = new Int32Array(machine.huge.length);
    this.blockHit = new Uint8Array(machine.huge.length);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  add(region: number, target: number): void {
    if (this.count === this.idx.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.idx = grow(this.idx);
      this.tgt = grow(this.tgt);
    }
    this.idx[this.count] = region;
    this.tgt[this.count++] = target;
  }

  /**
   * One sample of every correlated region over the interval that ends at `nowUs`. `addrUnit`:
   * bytes per core address unit (paddr's addr_unit), to place addresses in 2 MiB blocks.
   */
  sample(rs: RegionStore, segs: readonly AccessSegments[], rng: Prng, nowUs: number, sampleUs: number, addrUnit: number): void {
    if (this.count === 0) return;
    const m = this.machine;
    const stamp = ++this.sampleNo;
    const fromUs = nowUs - sampleUs;
    const draw = (p: number): number => (rng.u32() < p * TWO32 ? 1 : 0);
    for (let k = 0; k < this.count; k++) {
      const i = this.idx[k];
      const seg = segs[this.tgt[k]];
      const addr = rs.start[i] + Math.floor((rng.u32() * (rs.end[i] - rs.start[i])) / TWO32);
      const j = segmentAt(seg, addr);
      if (j < 0) continue; // an unmapped address is never accessed
      const hz = seg.hz[j];
      if (hz <= 0) continue;
      const ai = seg.area[j];
      const a = m.areas[ai];
      const off = (addr - seg.start[j]) * addrUnit;
      const block = a.blockBase + Math.floor(off / BLOCK_SZ);
      const huge = seg.huge[j] === 1 && m.isHugeBlock(a, block);
      const pattern = seg.pattern[j];
      let hit = 0;
      if (pattern === COHERENT) {
        if (this.areaStamp[ai] !== stamp) {
          this.areaStamp[ai] = stamp;
          this.areaHit[ai] = draw(hzToProbability(hz, sampleUs));
        }
        hit = this.areaHit[ai];
      } else if (pattern === SWEEP) {
        const len = (hz * sampleUs * a.size) / 1e6;
        const head = ((((fromUs - seg.sinceUs[j]) * hz) / 1e6) % 1) * a.size;
        const x0 = huge ? (block - a.blockBase) * BLOCK_SZ : Math.floor(off / PAGE_SIZE) * PAGE_SIZE;
        hit = meetsWindow(x0, x0 + (huge ? BLOCK_SZ : PAGE_SIZE), head, len, a.size) ? 1 : 0;
      } else if (huge) {
        if (this.blockStamp[block] !== stamp) {
          this.blockStamp[block] = stamp;
          // Any of the block's pages, each its own Poisson process of rate hz.
          this.blockHit[block] = draw(hzToProbability(hz * m.blockPages(a, block), sampleUs));
        }
        hit = this.blockHit[block];
      } else if (pattern === INDEPENDENT) {
        hit = draw(hzToProbability(hz, sampleUs));
      }
      rs.nrAccesses[i] += hit;
    }
  }
}

/** The segment holding addr, or -1 (segments are sorted and disjoint). */
function segmentAt(seg: AccessSegments, addr: number): number {
  let lo = 0;
  let hi = seg.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seg.end[mid] <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo < seg.start.length && seg.start[lo] <= addr ? lo : -1;
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
  const p = new Float64Array(nSeg);
  for (let j = 0; j < nSeg; j++) p[j] = hzToProbability(seg.hz[j], Math.max(sampleUs, 1));
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
    if (independent) rs.thr[i] = (weighted / (e - s)) * TWO32;
    else {
      rs.thr[i] = 0;
      correlated.add(i, t);
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
