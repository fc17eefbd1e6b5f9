// What DAMOS actions do to the simulated pages (the ops layer's `apply_scheme`), with the
// ops filters evaluated per page class, and a modelled apply time for the time quota.
//
// Residency and LRU activeness are per page (machine.ts); youth follows from the access
// rate. Young and active are treated as independent, so the ops filters see four page
// classes per block piece, and that share of the piece's resident pages passes.

import { NUMA_NO_NODE, PAGE_SIZE, type DamonOps, type DamosAction, type DestParams, type FilterParams } from '../damon/params';
import { BLOCK_SZ, type AddressSpace, type Machine, type PlacedArea } from './machine';
import { hzToProbability } from './workload';

/** Modelled apply throughput per action, bytes per second (scan-only stat is cheapest). */
const THROUGHPUT_BPS: Record<DamosAction, number> = {
  willneed: 1 * 2 ** 30, cold: 8 * 2 ** 30, pageout: 512 * 2 ** 20, hugepage: 4 * 2 ** 30, nohugepage: 4 * 2 ** 30,
  lru_prio: 8 * 2 ** 30, lru_deprio: 8 * 2 ** 30, migrate_hot: 2 * 2 ** 30, migrate_cold: 2 * 2 ** 30, stat: 64 * 2 ** 30,
};
/** Fixed cost of one `apply_scheme` call. */
const APPLY_OVERHEAD_NS = 1000;

/** Actions each operations set implements; others apply nothing. */
const SUPPORTED: Record<DamonOps, ReadonlySet<DamosAction>> = {
  vaddr: new Set(['willneed', 'cold', 'pageout', 'hugepage', 'nohugepage', 'migrate_hot', 'migrate_cold', 'stat']),
  fvaddr: new Set(['willneed', 'cold', 'pageout', 'hugepage', 'nohugepage', 'migrate_hot', 'migrate_cold', 'stat']),
  paddr: new Set(['pageout', 'lru_prio', 'lru_deprio', 'migrate_hot', 'migrate_cold', 'stat']),
};

export interface ApplyRequest {
  ops: DamonOps;
  action: DamosAction;
  targetNid: number;
  dests: readonly DestParams[];
  opsFilters: readonly FilterParams[];
  opsFiltersDefaultReject: boolean;
  /** A core filter explicitly allowed the region: the ops filters are skipped. */
  coreFiltersAllowed: boolean;
  /** Window over which a page counts as young (the apply interval). */
  youngWindowUs: number;
}

export interface ApplyResult {
  /** Bytes the action took effect on (`sz_applied`). */
  applied: number;
  /** Resident bytes that passed the ops filters (`sz_ops_filter_passed`). */
  passed: number;
  /** Modelled time spent, for the time quota's throughput. */
  ns: number;
}

interface PageClass {
  young: boolean;
  active: boolean;
}

/** `damos_{pa,va}_filter_match()`: whether the filter's condition equals `matching`. */
function filterFires(f: FilterParams, a: PlacedArea, huge: boolean, c: PageClass): boolean {
  let cond: boolean;
  switch (f.type) {
    case 'anon': cond = a.anon; break;
    case 'memcg': cond = a.memcg === f.memcg_path; break;
    case 'young': cond = c.young; break;
    case 'active': cond = c.active; break;
    case 'unmapped': cond = !a.mapped; break;
    case 'hugepage_size': {
      const sz = huge ? BLOCK_SZ : 4096;
      cond = f.min <= sz && sz <= f.max;
      break;
    }
    default: return false;
  }
  return cond === f.matching;
}

/** `damos_pa_filter_out()`: first firing filter decides; none firing uses the default. */
function passesOpsFilters(req: ApplyRequest, a: PlacedArea, huge: boolean, c: PageClass): boolean {
  if (req.coreFiltersAllowed) return true;
  for (const f of req.opsFilters) if (filterFires(f, a, huge, c)) return f.allow;
  return !req.opsFiltersDefaultReject;
}

function destNid(req: ApplyRequest, block: number): number {
  if (req.dests.length === 0) return req.targetNid;
  const total = req.dests.reduce((s, d) => s + d.weight, 0);
  if (!total) return req.targetNid;
  // Spread blocks over the destinations by weight, deterministically.
  let pick = (Math.imul(block, 2654435761) >>> 0) % total;
  for (const d of req.dests) {
    if (pick < d.weight) return d.id;
    pick -= d.weight;
  }
  return req.targetNid;
}

/** Applies an action to [start, end) bytes of the space at time t. */
export function applyAction(m: Machine, space: AddressSpace, start: number, end: number, tUs: number, req: ApplyRequest): ApplyResult {
  const ns = APPLY_OVERHEAD_NS + Math.round(((end - start) / THROUGHPUT_BPS[req.action]) * 1e9);
  if (!SUPPORTED[req.ops].has(req.action)) return { applied: 0, passed: 0, ns };
  let applied = 0;
  let passed = 0;
  m.forEachPiece(space, start, end, tUs, (a, b, offset, bytes, hz) => {
    const pages = m.blockPages(a, b);
    const coverage = bytes / m.blockBytes(a, b);
    const p0 = Math.floor(offset / PAGE_SIZE);
    const p1 = Math.ceil((offset + bytes) / PAGE_SIZE);
    const whole = p0 === 0 && p1 === pages;
    const activeIn = whole ? m.active.count[b] : m.active.countIn(b, p0, p1);
    const huge = m.huge[b] === 1;
    let passFrac = 1;
    if (!req.coreFiltersAllowed && (req.opsFilters.length || req.opsFiltersDefaultReject)) {
      const y = hzToProbability(hz, req.youngWindowUs);
      const act = activeIn / (p1 - p0);
      passFrac = 0;
      for (let c = 0; c < 4; c++) {
        const young = c < 2;
        const active = (c & 1) === 0;
        const w = (young ? y : 1 - y) * (active ? act : 1 - act);
        if (w > 0 && passesOpsFilters(req, a, huge, { young, active })) passFrac += w;
      }
    }
    const residentIn = whole ? m.resident.count[b] : m.resident.countIn(b, p0, p1);
    const passPages = passFrac === 1 ? residentIn : m.roundCount(residentIn * passFrac);
    const pass = passPages * PAGE_SIZE;
    passed += pass;
    switch (req.action) {
      case 'stat':
        break;
      case 'pageout':
        applied += m.resident.clear(b, p0, p1, passPages) * PAGE_SIZE;
        break;
      case 'willneed':
        // madvise(MADV_WILLNEED) reads in the range regardless of the ops filters.
        m.resident.fill(b, p0, p1, p1 - p0);
        applied += bytes;
        break;
      case 'cold': case 'lru_deprio':
        m.active.clear(b, p0, p1, m.roundCount(activeIn * passFrac));
        applied += pass;
        break;
      case 'lru_prio':
        m.active.fill(b, p0, p1, m.roundCount((p1 - p0 - activeIn) * passFrac));
        applied += pass;
        break;
      case 'hugepage': case 'nohugepage': {
        const want = req.action === 'hugepage' ? 1 : 0;
        if (a.anon && coverage >= 0.5 && m.huge[b] !== want) {
          m.setHuge(b, want === 1);
          applied += pass;
        }
        break;
      }
      case 'migrate_hot': case 'migrate_cold': {
        const nid = destNid(req, b);
        if (nid !== NUMA_NO_NODE && nid >= 0 && nid < m.workload.nodes && coverage >= 0.5 && m.nid[b] !== nid) {
          m.nid[b] = nid;
          applied += pass;
        }
        break;
      }
    }
  });
  return { applied: Math.round(applied), passed: Math.round(passed), ns };
}
