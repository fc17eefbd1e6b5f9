// Monitoring regions of one context, struct-of-arrays so the sampling loop runs over typed
// arrays. All targets' regions are concatenated; target t owns [tOff[t], tOff[t + 1]).
// One region costs 48 bytes (6 float64/uint32 columns plus the sampling threshold).

import type { RegionStatus } from '../damon/status';

/** A region as plain data, for the rare whole-target operations. */
export interface RegionInit {
  start: number;
  end: number;
  nr_accesses?: number;
  last_nr_accesses?: number;
  age?: number;
  /** Moving-sum offset (see RegionStore.bpOff); fresh regions start at 0. */
  bpOff?: number;
}

export class RegionStore {
  n = 0;
  start: Float64Array;
  end: Float64Array;
  nrAccesses: Uint32Array;
  lastNrAccesses: Uint32Array;
  age: Uint32Array;
  /** nr_accesses_bp minus nr_accesses*10000, as of the context's `bpSis` (see kdamond.ts). */
  bpOff: Float64Array;
  /** Ops-private: probability of an access seen per sample, scaled by 2^32. */
  thr: Float64Array;
  /** Region index ranges per target. */
  tOff: number[] = [0];
  /** Bumped whenever regions are added, removed or resized, so derived data can be recomputed. */
  version = 0;

  constructor(capacity = 64) {
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.nrAccesses = new Uint32Array(capacity);
    this.lastNrAccesses = new Uint32Array(capacity);
    this.age = new Uint32Array(capacity);
    this.bpOff = new Float64Array(capacity);
    this.thr = new Float64Array(capacity);
  }

  get nrTargets(): number {
    return this.tOff.length - 1;
  }

  nrRegionsOf(t: number): number {
    return this.tOff[t + 1] - this.tOff[t];
  }

  sz(i: number): number {
    return this.end[i] - this.start[i];
  }

  /** Bytes of heap the region columns hold. */
  get byteLength(): number {
    return this.start.length * 48;
  }

  private grow(need: number): void {
    if (need <= this.start.length) return;
    const cap = Math.max(need, this.start.length * 2);
    const re = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.start = re(this.start, (k) => new Float64Array(k));
    this.end = re(this.end, (k) => new Float64Array(k));
    this.nrAccesses = re(this.nrAccesses, (k) => new Uint32Array(k));
    this.lastNrAccesses = re(this.lastNrAccesses, (k) => new Uint32Array(k));
    this.age = re(this.age, (k) => new Uint32Array(k));
    this.bpOff = re(this.bpOff, (k) => new Float64Array(k));
    this.thr = re(this.thr, (k) => new Float64Array(k));
  }

  private columns(): (Float64Array | Uint32Array)[] {
    return [this.start, this.end, this.nrAccesses, this.lastNrAccesses, this.age, this.bpOff, this.thr];
  }

  /** Opens `count` uninitialised slots at index i, inside target t. */
  private open(t: number, i: number, count: number): void {
    this.version++;
    this.grow(this.n + count);
    for (const c of this.columns()) c.copyWithin(i + count, i, this.n);
    this.n += count;
    for (let k = t + 1; k < this.tOff.length; k++) this.tOff[k] += count;
  }

  /** Removes `count` regions from index i of target t. */
  remove(t: number, i: number, count: number): void {
    this.version++;
    for (const c of this.columns()) c.copyWithin(i, i + count, this.n);
    this.n -= count;
    for (let k = t + 1; k < this.tOff.length; k++) this.tOff[k] -= count;
  }

  copy(from: number, to: number): void {
    this.start[to] = this.start[from];
    this.end[to] = this.end[from];
    this.nrAccesses[to] = this.nrAccesses[from];
    this.lastNrAccesses[to] = this.lastNrAccesses[from];
    this.age[to] = this.age[from];
    this.bpOff[to] = this.bpOff[from];
    this.thr[to] = this.thr[from];
  }

  private scratchBuf = new Float64Array(0);

  /** A reusable zero-filled buffer of at least n doubles, for per-aggregation temporaries. */
  scratch(n: number): Float64Array {
    if (this.scratchBuf.length < n) this.scratchBuf = new Float64Array(Math.max(n, this.scratchBuf.length * 2));
    const b = this.scratchBuf.subarray(0, n);
    b.fill(0);
    return b;
  }

  /** `damon_split_region_at()`: region i of target t keeps sz_r bytes; the rest becomes region i+1 with the same counters. */
  splitAt(t: number, i: number, szR: number): void {
    this.open(t, i + 1, 1);
    this.copy(i, i + 1);
    this.start[i + 1] = this.start[i] + szR;
    this.end[i] = this.start[i + 1];
  }

  /**
   * Splits regions in place: region i is cut at `counts[i]` offsets from its start, taken in
   * order from `offsets` (ascending within a region). Pieces inherit every counter. Moves
   * back to front, so it is O(n + cuts).
   */
  expand(counts: ArrayLike<number>, offsets: ArrayLike<number>): void {
    const oldN = this.n;
    let extra = 0;
    const newOff = this.tOff.slice();
    for (let t = 0; t < this.nrTargets; t++) {
      let add = 0;
      for (let i = this.tOff[t]; i < this.tOff[t + 1]; i++) add += counts[i];
      newOff[t + 1] = newOff[t] + this.nrRegionsOf(t) + add;
      extra += add;
    }
    if (!extra) return;
    this.version++;
    this.grow(oldN + extra);
    this.n = oldN + extra;
    let w = this.n - 1;
    let o = extra; // offsets of regions < i end here
    for (let i = oldN - 1; i >= 0; i--) {
      const s = this.start[i];
      let hi = this.end[i];
      for (let k = counts[i] - 1; k >= 0; k--) {
        const lo = s + offsets[o - counts[i] + k];
        this.putPiece(i, w--, lo, hi);
        hi = lo;
      }
      this.putPiece(i, w--, s, hi);
      o -= counts[i];
    }
    this.tOff = newOff;
  }

  private putPiece(from: number, to: number, start: number, end: number): void {
    if (to !== from) this.copy(from, to);
    this.start[to] = start;
    this.end[to] = end;
  }

  addTarget(regions: readonly RegionInit[] = []): void {
    this.tOff.push(this.n);
    this.setTarget(this.nrTargets - 1, regions);
  }

  removeTarget(t: number): void {
    this.remove(t, this.tOff[t], this.nrRegionsOf(t));
    this.tOff.splice(t + 1, 1);
  }

  /** Replaces every region of target t. */
  setTarget(t: number, regions: readonly RegionInit[]): void {
    this.remove(t, this.tOff[t], this.nrRegionsOf(t));
    const i0 = this.tOff[t];
    this.open(t, i0, regions.length);
    regions.forEach((r, k) => {
      const i = i0 + k;
      this.start[i] = r.start;
      this.end[i] = r.end;
      this.nrAccesses[i] = r.nr_accesses ?? 0;
      this.lastNrAccesses[i] = r.last_nr_accesses ?? 0;
      this.age[i] = r.age ?? 0;
      this.bpOff[i] = r.bpOff ?? 0;
      this.thr[i] = 0;
    });
  }

  regionsOf(t: number): RegionInit[] {
    const out: RegionInit[] = [];
    for (let i = this.tOff[t]; i < this.tOff[t + 1]; i++) {
      out.push({
        start: this.start[i], end: this.end[i], nr_accesses: this.nrAccesses[i],
        last_nr_accesses: this.lastNrAccesses[i], age: this.age[i], bpOff: this.bpOff[i],
      });
    }
    return out;
  }

  status(t: number, bp: (i: number) => number): RegionStatus[] {
    const out: RegionStatus[] = [];
    for (let i = this.tOff[t]; i < this.tOff[t + 1]; i++) {
      out.push({
        start: this.start[i], end: this.end[i], nr_accesses: this.nrAccesses[i],
        last_nr_accesses: this.lastNrAccesses[i], nr_accesses_bp: bp(i), age: this.age[i],
      });
    }
    return out;
  }

  totalSz(): number {
    let sz = 0;
    for (let i = 0; i < this.n; i++) sz += this.end[i] - this.start[i];
    return sz;
  }
}
