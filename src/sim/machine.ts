// The simulated machine behind the ops: physical memory split into NUMA nodes, processes
// with mapped areas, and page state: residency and LRU activeness per 4 KiB page, and per
// 2 MiB block the THP flag and node. It answers the true access rate at any address and
// time, and the memory metrics DAMOS watermarks and quota goals read.

import { PAGE_SIZE } from '../damon/params';
import { Prng } from './prng';
import { PageBitmap } from './pagebits';
import { ACCESS_PATTERNS, areaHzAt, areaNextChangeUs, areaPhaseAt, hzToProbability, parseWorkload, type Area, type Process, type Workload, type WorkloadSpec } from './workload';

export const BLOCK_SZ = 2 * 2 ** 20;
/** Stall a refault costs, for the some_mem_psi_us goal source. */
export const REFAULT_STALL_US = 50;
/** How fast LRU activeness drifts back to what the access rate implies. */
const LRU_TAU_US = 30e6;

/** A placed area: the workload area plus its physical location and block range. */
export interface PlacedArea extends Area {
  pid: number;
  memcg: string;
  pstart: number;
  blockBase: number;
  nBlocks: number;
  /** Its index in Machine.areas. */
  index: number;
}

/** Where a DAMON target's addresses live: a process's virtual space, or physical memory. */
export type AddressSpace = { kind: 'virtual'; pid: number } | { kind: 'physical' };

/** Address-sorted access-rate segments of a space at one time: [start, end) at hz, one per mapped area. */
export interface AccessSegments {
  start: Float64Array;
  end: Float64Array;
  hz: Float64Array;
  /** Index of the area's pattern in ACCESS_PATTERNS (0: independent). */
  pattern: Uint8Array;
  /** When the area's current phase began (a sweep's pass starts at the area's first page then). */
  sinceUs: Float64Array;
  /** The area, as an index into Machine.areas. */
  area: Int32Array;
  /** Whether any of the area's 2 MiB blocks is THP-backed. */
  huge: Uint8Array;
}

export class Machine {
  readonly workload: Workload;
  readonly nodeBytes: number;
  readonly areas: PlacedArea[] = [];
  private readonly byPid = new Map<number, PlacedArea[]>();
  private readonly byPhys: PlacedArea[];
  readonly resident: PageBitmap;
  readonly active: PageBitmap;
  /** Per 2 MiB block: THP-backed (workload `hugepage`, or DAMOS hugepage / nohugepage). */
  readonly huge: Uint8Array;
  /** Bumped at every change of `huge`, which changes what sampling sees. */
  hugeVersion = 0;
  readonly nid: Uint8Array;
  private syncedUs = 0;
  /** Cumulative memory stall (µs), the `some` memory PSI total. */
  psiTotalUs = 0;
  refaultBytes = 0;
  /** Rounds expected page counts stochastically, so small rates still refault. */
  private readonly rng: Prng;

  constructor(spec: WorkloadSpec | Workload, seed = 1) {
    this.rng = new Prng(seed ^ 0x5eed);
    this.workload = 'memBytes' in spec ? spec : parseWorkload(spec);
    const w = this.workload;
    this.nodeBytes = Math.floor(w.memBytes / w.nodes / PAGE_SIZE) * PAGE_SIZE;
    const cursor = Array.from({ length: w.nodes }, (_, k) => k * this.nodeBytes);
    cursor[0] += Math.ceil(w.reservedBytes / PAGE_SIZE) * PAGE_SIZE;
    let blocks = 0;
    for (const p of w.processes) {
      const list: PlacedArea[] = [];
      for (const a of p.areas) {
        const node = a.node ?? this.roomiestNode(cursor);
        const pstart = cursor[node];
        cursor[node] += a.size;
        const nBlocks = Math.ceil(a.size / BLOCK_SZ);
        const placed: PlacedArea = { ...a, pid: p.pid, memcg: p.memcg, pstart, blockBase: blocks, nBlocks, index: this.areas.length };
        blocks += nBlocks;
        list.push(placed);
        this.areas.push(placed);
      }
      this.byPid.set(p.pid, list.sort((x, y) => x.vstart - y.vstart));
    }
    this.byPhys = [...this.areas].sort((x, y) => x.pstart - y.pstart);
    this.resident = new PageBitmap(blocks);
    this.active = new PageBitmap(blocks);
    this.huge = new Uint8Array(blocks);
    this.nid = new Uint8Array(blocks);
    for (const a of this.areas) {
      const hz = areaHzAt(a, 0);
      for (let b = 0; b < a.nBlocks; b++) {
        const i = a.blockBase + b;
        const pages = this.blockPages(a, i);
        this.resident.fill(i, 0, pages, Math.round(a.resident * pages));
        if (hz >= 1) this.active.fill(i, 0, pages, pages);
        this.huge[i] = a.hugepage ? 1 : 0;
        this.nid[i] = Math.min(Math.floor((a.pstart + b * BLOCK_SZ) / this.nodeBytes), w.nodes - 1);
      }
    }
  }

  private roomiestNode(cursor: number[]): number {
    let best = 0;
    for (let k = 1; k < cursor.length; k++) {
      if ((k + 1) * this.nodeBytes - cursor[k] > (best + 1) * this.nodeBytes - cursor[best]) best = k;
    }
    if (cursor[best] > (best + 1) * this.nodeBytes) throw new RangeError('workload areas do not fit the NUMA nodes');
    return best;
  }

  process(pid: number): Process | undefined {
    return this.workload.processes.find((p) => p.pid === pid);
  }

  /** Whether a pid names a live process at time t (`find_get_pid()`, `damon_va_target_valid()`). */
  processAlive(pid: number, tUs: number): boolean {
    const p = this.process(pid);
    return p !== undefined && tUs < p.exitUs;
  }

  /** The mapped areas of a process at time t, by address (its VMAs). */
  vmas(pid: number, tUs: number): PlacedArea[] {
    return (this.byPid.get(pid) ?? []).filter((a) => areaHzAt(a, tUs) >= 0);
  }

  /** The System RAM span, in bytes. */
  physRange(): { start: number; end: number } {
    return { start: 0, end: this.nodeBytes * this.workload.nodes };
  }

  private areasOf(space: AddressSpace): PlacedArea[] {
    return space.kind === 'virtual' ? this.byPid.get(space.pid) ?? [] : this.byPhys;
  }

  private base(space: AddressSpace, a: PlacedArea): number {
    return space.kind === 'virtual' ? a.vstart : a.pstart;
  }

  /** The true access rates of a space at time t (unmapped areas left out: rate 0). */
  segments(space: AddressSpace, tUs: number): AccessSegments {
    const list = this.areasOf(space).flatMap((a) => {
      const phase = areaPhaseAt(a, tUs);
      return phase ? [{ a, phase }] : [];
    });
    const n = list.length;
    const seg: AccessSegments = {
      start: new Float64Array(n),
      end: new Float64Array(n),
      hz: new Float64Array(n),
      pattern: new Uint8Array(n),
      sinceUs: new Float64Array(n),
      area: new Int32Array(n),
      huge: new Uint8Array(n),
    };
    list.forEach(({ a, phase }, i) => {
      seg.start[i] = this.base(space, a);
      seg.end[i] = seg.start[i] + a.size;
      seg.hz[i] = phase.hz;
      seg.pattern[i] = ACCESS_PATTERNS.indexOf(phase.pattern);
      seg.sinceUs[i] = phase.sinceUs;
      seg.area[i] = a.index;
      for (let b = a.blockBase; b < a.blockBase + a.nBlocks && !seg.huge[i]; b++) seg.huge[i] = this.isHugeBlock(a, b) ? 1 : 0;
    });
    return seg;
  }

  /** Whether block b of area a is mapped by a THP: flagged, and a whole 2 MiB (a PMD maps no less). */
  isHugeBlock(a: PlacedArea, block: number): boolean {
    return this.huge[block] === 1 && this.blockBytes(a, block) === BLOCK_SZ;
  }

  /** Sets or clears a block's THP flag (DAMOS hugepage / nohugepage). */
  setHuge(block: number, huge: boolean): void {
    this.huge[block] = huge ? 1 : 0;
    this.hugeVersion++;
  }

  /** The ground truth: the access frequency (Hz) of the page at addr (bytes) at time t; 0 if unmapped. */
  accessHzAt(space: AddressSpace, addr: number, tUs: number): number {
    for (const a of this.areasOf(space)) {
      const base = this.base(space, a);
      if (addr >= base && addr < base + a.size) return Math.max(areaHzAt(a, tUs), 0);
    }
    return 0;
  }

  /** When the access rates or mappings change next after t. */
  nextChangeUs(tUs: number): number {
    let next = Infinity;
    for (const a of this.areas) next = Math.min(next, areaNextChangeUs(a, tUs));
    for (const p of this.workload.processes) if (p.exitUs > tUs) next = Math.min(next, p.exitUs);
    return next;
  }

  /** Calls fn for each (area, block, byte offset in the block, bytes) piece of [start, end) in the space. */
  forEachPiece(space: AddressSpace, start: number, end: number, tUs: number, fn: (a: PlacedArea, block: number, offset: number, bytes: number, hz: number) => void): void {
    const list = this.areasOf(space);
    // Areas are sorted and disjoint: binary-search the first one ending after start.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.base(space, list[mid]) + list[mid].size <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < list.length && this.base(space, list[k]) < end; k++) {
      const a = list[k];
      const s = Math.max(start, this.base(space, a));
      const e = Math.min(end, this.base(space, a) + a.size);
      if (s >= e) continue;
      const hz = areaHzAt(a, tUs);
      if (hz < 0) continue;
      const off0 = s - this.base(space, a);
      const off1 = e - this.base(space, a);
      for (let b = Math.floor(off0 / BLOCK_SZ); b * BLOCK_SZ < off1; b++) {
        const from = Math.max(off0, b * BLOCK_SZ);
        fn(a, a.blockBase + b, from - b * BLOCK_SZ, Math.min(off1, (b + 1) * BLOCK_SZ) - from, hz);
      }
    }
  }

  blockBytes(a: PlacedArea, block: number): number {
    return Math.min(BLOCK_SZ, a.size - (block - a.blockBase) * BLOCK_SZ);
  }

  blockPages(a: PlacedArea, block: number): number {
    return this.blockBytes(a, block) / PAGE_SIZE;
  }

  /** An expected count rounded up or down at random, so it is right on average. */
  roundCount(x: number): number {
    const f = Math.floor(x);
    return f + (this.rng.u32() / 4294967296 < x - f ? 1 : 0);
  }

  /** Advances page state to time t: non-resident pages that get accessed refault; LRU activeness drifts. */
  syncTo(tUs: number): void {
    const dt = tUs - this.syncedUs;
    if (dt <= 0) return;
    this.syncedUs = tUs;
    const drift = 1 - Math.exp(-dt / LRU_TAU_US);
    for (const a of this.areas) {
      const hz = areaHzAt(a, tUs);
      if (hz < 0) continue;
      const fault = hzToProbability(hz, dt);
      const natural = hzToProbability(hz, 1e6);
      for (let b = a.blockBase; b < a.blockBase + a.nBlocks; b++) {
        const pages = this.blockPages(a, b);
        const missing = pages - this.resident.count[b];
        const add = missing && fault ? this.resident.fill(b, 0, pages, this.roundCount(missing * fault)) : 0;
        if (add) {
          this.refaultBytes += add * PAGE_SIZE;
          this.psiTotalUs += add * REFAULT_STALL_US;
        }
        const towards = (natural * pages - this.active.count[b]) * drift;
        if (towards > 0) this.active.fill(b, 0, pages, this.roundCount(towards));
        else this.active.clear(b, 0, pages, this.roundCount(-towards));
      }
    }
  }

  private sumResident(tUs: number, pick: (a: PlacedArea, block: number) => number): number {
    let sum = 0;
    for (const a of this.areas) {
      if (areaHzAt(a, tUs) < 0) continue;
      for (let b = a.blockBase; b < a.blockBase + a.nBlocks; b++) sum += this.resident.count[b] * PAGE_SIZE * pick(a, b);
    }
    return sum;
  }

  nodeUsedBytes(nid: number, tUs: number): number {
    const reserved = nid === 0 ? this.workload.reservedBytes : 0;
    return reserved + this.sumResident(tUs, (_, b) => (this.nid[b] === nid ? 1 : 0));
  }

  /** `free_mem_rate`: free pages * 1000 / total pages. */
  freeMemRate(tUs: number): number {
    let used = 0;
    for (let n = 0; n < this.workload.nodes; n++) used += this.nodeUsedBytes(n, tUs);
    const total = this.nodeBytes * this.workload.nodes;
    return Math.floor((Math.max(total - used, 0) / PAGE_SIZE) * 1000 / (total / PAGE_SIZE));
  }

  memcgNodeBytes(path: string, nid: number, tUs: number): number {
    return this.sumResident(tUs, (a, b) => (a.memcg === path && this.nid[b] === nid ? 1 : 0));
  }

  /** LRU-active and inactive resident bytes. */
  lruBytes(tUs: number): { active: number; inactive: number } {
    // Activeness and residency are taken as independent within a block.
    const active = this.sumResident(tUs, (a, b) => this.active.count[b] / this.blockPages(a, b));
    return { active, inactive: this.sumResident(tUs, () => 1) - active };
  }
}
