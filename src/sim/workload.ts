// The declarative workload format: a simulated machine (memory, NUMA nodes) and processes
// with mapped areas whose pages are accessed at a known rate, optionally in phases.
//
// {
//   "name": "hot-cold",
//   "memory": { "size": "8 GiB", "nodes": 2, "reserved": "256 MiB" },
//   "processes": [{ "pid": 4242, "memcg": "/app", "exit_s": 600, "areas": [
//     { "name": "heap", "start": "0x555555554000", "size": "512 MiB", "type": "anon", "access_hz": 200 },
//     { "size": "64 MiB", "type": "file", "phases": [{ "duration_s": 5, "access_hz": 50 }, { "duration_s": 5, "access_probability": 0 }] }
//   ] }]
// }
//
// access_hz is each page's access frequency; access_probability is the chance a page is
// accessed within 5 ms. "pattern" (on an area or a phase) says how the accesses of its pages
// relate to each other, which is what decides how DAMON's regions merge:
//   "independent" (default): every page is its own Poisson process of rate access_hz;
//   "sweep": the pages are touched in address order, one full pass every 1/access_hz seconds,
//            as a loop over an array does;
//   "coherent": all pages are touched together at each event of a Poisson process of rate
//            access_hz, as an object used as a whole is.
// "hugepage": true backs the area with THP: DAMON then sees each 2 MiB block's one Accessed bit.
// Sizes take bytes or "4 KiB"-style text; addresses take numbers or "0x..." text. A bad or
// unknown field throws WorkloadError naming it.

import { PAGE_SIZE } from '../damon/params';
import { parseBytes } from '../damon/units';

/** How the accesses of an area's pages relate to each other (see the format above). */
export type AccessPattern = 'independent' | 'sweep' | 'coherent';
export const ACCESS_PATTERNS: readonly AccessPattern[] = ['independent', 'sweep', 'coherent'];

export interface AccessSpec {
  access_hz?: number;
  access_probability?: number;
  pattern?: AccessPattern;
}

export interface PhaseSpec extends AccessSpec {
  duration_s: number;
}

export interface AreaSpec extends AccessSpec {
  name?: string;
  size: number | string;
  /** Virtual start address; default: right after the previous area, one page apart. */
  start?: number | string;
  type?: 'anon' | 'file';
  /** File pages only: false for page cache not mapped by the process. */
  mapped?: boolean;
  node?: number;
  /** Fraction of pages resident at start (default 1). */
  resident?: number;
  hugepage?: boolean;
  phases?: PhaseSpec[];
  /** Whether phases repeat (default true); otherwise the last phase lasts. */
  loop?: boolean;
  /** The area is mapped during [start_s, end_s). */
  start_s?: number;
  end_s?: number;
}

export interface ProcessSpec {
  pid: number;
  name?: string;
  memcg?: string;
  exit_s?: number;
  areas: AreaSpec[];
}

export interface WorkloadSpec {
  name?: string;
  memory: { size: number | string; nodes?: number; reserved?: number | string };
  processes: ProcessSpec[];
}

export class WorkloadError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'WorkloadError';
  }
}

export interface Phase {
  durationUs: number;
  hz: number;
  pattern: AccessPattern;
}

/** What an area does at one moment: its rate, its pattern, and when that phase began. */
export interface AreaPhase {
  hz: number;
  pattern: AccessPattern;
  sinceUs: number;
}

export interface Area {
  name: string;
  /** Sum of the phase durations (Infinity for a constant rate). */
  periodUs: number;
  size: number;
  vstart: number;
  anon: boolean;
  mapped: boolean;
  node: number | null;
  resident: number;
  hugepage: boolean;
  phases: Phase[];
  loop: boolean;
  startUs: number;
  endUs: number;
}

export interface Process {
  pid: number;
  name: string;
  memcg: string;
  exitUs: number;
  areas: Area[];
}

export interface Workload {
  name: string;
  memBytes: number;
  nodes: number;
  reservedBytes: number;
  processes: Process[];
}

/** The window access_probability refers to. */
export const PROBABILITY_WINDOW_US = 5000;

export function probabilityToHz(p: number): number {
  return p >= 1 ? Infinity : -Math.log(1 - p) / (PROBABILITY_WINDOW_US / 1e6);
}

/** Probability that a page with access frequency hz is accessed within `us`. */
export function hzToProbability(hz: number, us: number): number {
  return hz === Infinity ? 1 : 1 - Math.exp((-hz * us) / 1e6);
}

function obj(v: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WorkloadError(field, `expected an object, got ${JSON.stringify(v)}`);
  // A misspelt field would otherwise be ignored silently, and the workload would not be what was meant.
  for (const k of Object.keys(v)) if (!keys.includes(k)) throw new WorkloadError(`${field}.${k}`, `unknown field; known: ${keys.join(', ')}`);
  return v as Record<string, unknown>;
}

const ACCESS_KEYS = ['access_hz', 'access_probability', 'pattern'];
const PHASE_KEYS = ['duration_s', ...ACCESS_KEYS];
const AREA_KEYS = ['name', 'size', 'start', 'type', 'mapped', 'node', 'resident', 'hugepage', 'phases', 'loop', 'start_s', 'end_s', ...ACCESS_KEYS];
const PROCESS_KEYS = ['pid', 'name', 'memcg', 'exit_s', 'areas'];
const WORKLOAD_KEYS = ['name', 'memory', 'processes'];
const MEMORY_KEYS = ['size', 'nodes', 'reserved'];

function pattern(v: unknown, field: string): AccessPattern {
  if (!ACCESS_PATTERNS.includes(v as AccessPattern)) throw new WorkloadError(field, `expected one of ${ACCESS_PATTERNS.map((p) => `"${p}"`).join(', ')}, got ${JSON.stringify(v)}`);
  return v as AccessPattern;
}

function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new WorkloadError(field, `expected an array, got ${JSON.stringify(v)}`);
  return v;
}

function numberIn(v: unknown, field: string, min: number, max = Infinity): number {
  if (typeof v !== 'number' || Number.isNaN(v) || v < min || v > max) {
    throw new WorkloadError(field, `expected a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

function bytes(v: unknown, field: string): number {
  try {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    if (typeof v === 'string') return /^0x[0-9a-f]+$/i.test(v.trim()) ? Number(BigInt(v.trim())) : parseBytes(v);
  } catch {
    // fall through to the error naming the field
  }
  throw new WorkloadError(field, `expected bytes (a number, "0x..." or "4 KiB"), got ${JSON.stringify(v)}`);
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new WorkloadError(field, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

function optional<T>(o: Record<string, unknown>, key: string, field: string, parse: (v: unknown, f: string) => T, dflt: T): T {
  return o[key] === undefined ? dflt : parse(o[key], `${field}.${key}`);
}

function accessHz(o: Record<string, unknown>, field: string, required: boolean): number | undefined {
  if (o.access_hz !== undefined && o.access_probability !== undefined) {
    throw new WorkloadError(field, 'give access_hz or access_probability, not both');
  }
  if (o.access_hz !== undefined) return numberIn(o.access_hz, `${field}.access_hz`, 0);
  if (o.access_probability !== undefined) return probabilityToHz(numberIn(o.access_probability, `${field}.access_probability`, 0, 1));
  if (required) throw new WorkloadError(field, 'needs access_hz, access_probability or phases');
  return undefined;
}

const pageAlign = (x: number): number => Math.ceil(x / PAGE_SIZE) * PAGE_SIZE;

function parseArea(v: unknown, field: string, nodes: number, defaultStart: number): Area {
  const o = obj(v, field, AREA_KEYS);
  const size = pageAlign(bytes(o.size, `${field}.size`));
  if (size === 0) throw new WorkloadError(`${field}.size`, 'must be at least one page');
  const type = optional(o, 'type', field, (x, f) => {
    if (x !== 'anon' && x !== 'file') throw new WorkloadError(f, `expected "anon" or "file", got ${JSON.stringify(x)}`);
    return x;
  }, 'anon');
  const areaPattern = optional(o, 'pattern', field, pattern, 'independent');
  const phases = optional(o, 'phases', field, (x, f) => arr(x, f).map((p, i): Phase => {
    const po = obj(p, `${f}[${i}]`, PHASE_KEYS);
    return {
      durationUs: numberIn(po.duration_s, `${f}[${i}].duration_s`, 0) * 1e6,
      hz: accessHz(po, `${f}[${i}]`, true) ?? 0,
      pattern: optional(po, 'pattern', `${f}[${i}]`, pattern, areaPattern),
    };
  }), [] as Phase[]);
  const hz = accessHz(o, field, phases.length === 0);
  if (phases.length === 0) phases.push({ durationUs: Infinity, hz: hz ?? 0, pattern: areaPattern });
  if (phases.length && phases.every((p) => p.durationUs === 0)) throw new WorkloadError(`${field}.phases`, 'phases need a non-zero total duration');
  const startUs = optional(o, 'start_s', field, (x, f) => numberIn(x, f, 0), 0) * 1e6;
  const endUs = optional(o, 'end_s', field, (x, f) => numberIn(x, f, 0), Infinity) * 1e6;
  if (endUs <= startUs) throw new WorkloadError(`${field}.end_s`, `must be after start_s (${startUs / 1e6})`);
  const vstart = optional(o, 'start', field, bytes, defaultStart);
  if (vstart % PAGE_SIZE) throw new WorkloadError(`${field}.start`, `must be page aligned, got ${vstart}`);
  return {
    periodUs: phases.reduce((sum, p) => sum + p.durationUs, 0),
    name: optional(o, 'name', field, (x, f) => {
      if (typeof x !== 'string') throw new WorkloadError(f, 'expected a string');
      return x;
    }, ''),
    size,
    vstart,
    anon: type === 'anon',
    mapped: optional(o, 'mapped', field, bool, true),
    node: optional(o, 'node', field, (x, f) => numberIn(x, f, 0, nodes - 1), null as number | null),
    resident: optional(o, 'resident', field, (x, f) => numberIn(x, f, 0, 1), 1),
    hugepage: optional(o, 'hugepage', field, bool, false),
    phases,
    loop: optional(o, 'loop', field, bool, true),
    startUs,
    endUs,
  };
}

/** The first virtual address a process's areas start at when none is given (x86-64 PIE base). */
export const DEFAULT_VADDR_BASE = 0x555555554000;

/** Parses and checks a workload; throws WorkloadError naming the first bad field. */
export function parseWorkload(spec: unknown): Workload {
  const o = obj(spec, 'workload', WORKLOAD_KEYS);
  const mem = obj(o.memory, 'memory', MEMORY_KEYS);
  const memBytes = bytes(mem.size, 'memory.size');
  if (memBytes < PAGE_SIZE) throw new WorkloadError('memory.size', 'must be at least one page');
  const nodes = optional(mem, 'nodes', 'memory', (x, f) => Math.floor(numberIn(x, f, 1, 64)), 1);
  const reservedBytes = optional(mem, 'reserved', 'memory', bytes, 0);
  const pids = new Set<number>();
  const processes = arr(o.processes, 'processes').map((p, pi) => {
    const f = `processes[${pi}]`;
    const po = obj(p, f, PROCESS_KEYS);
    const pid = numberIn(po.pid, `${f}.pid`, 1, 2 ** 22);
    if (!Number.isInteger(pid) || pids.has(pid)) throw new WorkloadError(`${f}.pid`, `must be a unique integer, got ${pid}`);
    pids.add(pid);
    let next = DEFAULT_VADDR_BASE;
    const areas = arr(po.areas, `${f}.areas`).map((a, ai) => {
      const area = parseArea(a, `${f}.areas[${ai}]`, nodes, next);
      next = area.vstart + area.size + PAGE_SIZE;
      return area;
    });
    const sorted = [...areas].sort((a, b) => a.vstart - b.vstart);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i - 1].vstart + sorted[i - 1].size > sorted[i].vstart) {
        throw new WorkloadError(`${f}.areas[${areas.indexOf(sorted[i])}].start`, 'overlaps another area');
      }
    }
    return {
      pid,
      name: typeof po.name === 'string' ? po.name : `proc${pid}`,
      memcg: typeof po.memcg === 'string' ? po.memcg : '/',
      exitUs: optional(po, 'exit_s', f, (x, ff) => numberIn(x, ff, 0), Infinity) * 1e6,
      areas,
    };
  });
  const total = processes.reduce((s, p) => s + p.areas.reduce((t, a) => t + a.size, 0), 0);
  if (total + reservedBytes > memBytes) {
    throw new WorkloadError('memory.size', `${memBytes} bytes cannot hold the ${total} bytes of areas plus ${reservedBytes} reserved`);
  }
  return { name: typeof o.name === 'string' ? o.name : 'workload', memBytes, nodes, reservedBytes, processes };
}

/** What an area does at time t (its rate, pattern and phase start), or undefined while it is unmapped. */
export function areaPhaseAt(a: Area, tUs: number): AreaPhase | undefined {
  if (tUs < a.startUs || tUs >= a.endUs) return undefined;
  const total = a.periodUs;
  let tt = tUs - a.startUs;
  let base = a.startUs;
  const last = a.phases[a.phases.length - 1];
  if (total !== Infinity) {
    if (a.loop) {
      base += Math.floor(tt / total) * total;
      tt %= total;
    } else if (tt >= total) return { hz: last.hz, pattern: last.pattern, sinceUs: a.startUs + total - last.durationUs };
  }
  for (const p of a.phases) {
    if (tt < p.durationUs) return { hz: p.hz, pattern: p.pattern, sinceUs: base };
    tt -= p.durationUs;
    base += p.durationUs;
  }
  return { hz: last.hz, pattern: last.pattern, sinceUs: base - last.durationUs };
}

/** The access frequency (Hz) of an area's pages at time t, or -1 while it is unmapped. */
export function areaHzAt(a: Area, tUs: number): number {
  return areaPhaseAt(a, tUs)?.hz ?? -1;
}

/** The next time after t when the area's mapping or rate may change. */
export function areaNextChangeUs(a: Area, tUs: number): number {
  if (tUs < a.startUs) return a.startUs;
  if (tUs >= a.endUs) return Infinity;
  const total = a.periodUs;
  let next = a.endUs;
  if (a.phases.length > 1 && total !== Infinity) {
    const rel = tUs - a.startUs;
    if (a.loop || rel < total) {
      const base = a.startUs + Math.floor(rel / total) * total;
      let acc = base;
      for (const p of a.phases) {
        acc += p.durationUs;
        if (acc > tUs) {
          next = Math.min(next, acc);
          break;
        }
      }
    }
  }
  return next;
}
