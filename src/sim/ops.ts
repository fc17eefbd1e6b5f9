// The operations sets (mm/damon/vaddr.c, paddr.c) over the simulated machine: what a
// target's addresses are, its initial regions, `update`, `target_valid`.

import { alignDown, alignUp, PAGE_SIZE, type AddrRange, type DamonOps } from '../damon/params';
import type { AccessSegments, AddressSpace, Machine } from './machine';
import type { RegionInit } from './regions';

/**
 * `__damon_va_three_regions()`: the mapped span minus its two biggest gaps, as three ranges
 * aligned up to the page size. Null (the kernel's -EINVAL) when there are fewer than two gaps.
 */
export function threeRegions(vmas: readonly AddrRange[]): AddrRange[] | null {
  let first = { start: 0, end: 0 };
  let second = { start: 0, end: 0 };
  for (let i = 1; i < vmas.length; i++) {
    const gap = { start: vmas[i - 1].end, end: vmas[i].start };
    const sz = gap.end - gap.start;
    if (sz > first.end - first.start) {
      second = first;
      first = gap;
    } else if (sz > second.end - second.start) {
      second = gap;
    }
  }
  if (first.end === first.start || second.end === second.start) return null;
  if (first.start > second.start) [first, second] = [second, first];
  const a = (x: number): number => alignUp(x, PAGE_SIZE);
  return [
    { start: a(vmas[0].start), end: a(first.start) },
    { start: a(first.end), end: a(second.start) },
    { start: a(second.end), end: a(vmas[vmas.length - 1].end) },
  ];
}

/**
 * `__damon_va_init_regions()`: each of the three regions evenly split
 * (`damon_va_evenly_split_region()`) into pieces of about total / min_nr_regions; the last
 * piece takes the rounding remainder.
 */
export function vaInitRegions(three: readonly AddrRange[], minNrRegions: number): RegionInit[] {
  let sz = three.reduce((s, r) => s + r.end - r.start, 0);
  if (minNrRegions) sz = Math.floor(sz / minNrRegions);
  sz = Math.max(sz, PAGE_SIZE);
  const out: RegionInit[] = [];
  for (const r of three) {
    const nrPieces = Math.floor((r.end - r.start) / sz);
    const piece = nrPieces > 1 ? alignDown(Math.floor((r.end - r.start) / nrPieces), PAGE_SIZE) : 0;
    if (!piece) {
      out.push({ start: r.start, end: r.end });
      continue;
    }
    for (let k = 0; k < nrPieces; k++) {
      out.push({ start: r.start + k * piece, end: k === nrPieces - 1 ? r.end : r.start + (k + 1) * piece });
    }
  }
  return out;
}

export interface Ops {
  readonly name: DamonOps;
  space(pid: number): AddressSpace;
  /** Whether the ops has `target_valid`; without it (paddr) kdamond_need_stop() never stops for targets. */
  readonly hasTargetValid: boolean;
  /** `ops.target_valid`. */
  targetValid(m: Machine, pid: number, tUs: number): boolean;
  /** `ops.init` for a target with no regions; null keeps it empty. */
  initRegions(m: Machine, pid: number, minNrRegions: number, tUs: number): RegionInit[] | null;
  /** `ops.update`: the ranges to fit the target's regions to, or null to leave them. */
  updateRanges(m: Machine, pid: number, tUs: number): AddrRange[] | null;
  /** The true access rates of the target's space in core address units. */
  segments(m: Machine, pid: number, tUs: number, addrUnit: number): AccessSegments;
}

function vmaRanges(m: Machine, pid: number, tUs: number): AddrRange[] {
  return m.vmas(pid, tUs).map((a) => ({ start: a.vstart, end: a.vstart + a.size }));
}

const virtualOps = (name: 'vaddr' | 'fvaddr'): Ops => ({
  name,
  hasTargetValid: true,
  space: (pid) => ({ kind: 'virtual', pid }),
  targetValid: (m, pid, tUs) => m.processAlive(pid, tUs),
  initRegions(m, pid, minNrRegions, tUs) {
    if (name === 'fvaddr') return null;
    const three = threeRegions(vmaRanges(m, pid, tUs));
    return three && vaInitRegions(three, minNrRegions);
  },
  updateRanges: (m, pid, tUs) => (name === 'vaddr' ? threeRegions(vmaRanges(m, pid, tUs)) : null),
  segments: (m, pid, tUs) => m.segments({ kind: 'virtual', pid }, tUs),
});

const paddrOps: Ops = {
  name: 'paddr',
  hasTargetValid: false,
  space: () => ({ kind: 'physical' }),
  targetValid: () => true,
  initRegions: () => null,
  updateRanges: () => null,
  segments(m, _pid, tUs, addrUnit) {
    const seg = m.segments({ kind: 'physical' }, tUs);
    if (addrUnit !== 1) {
      for (let i = 0; i < seg.start.length; i++) {
        seg.start[i] /= addrUnit;
        seg.end[i] /= addrUnit;
      }
    }
    return seg;
  },
};

export const OPS: Record<DamonOps, Ops> = { vaddr: virtualOps('vaddr'), fvaddr: virtualOps('fvaddr'), paddr: paddrOps };
