// How each DAMON sysfs file parses a write and prints its value, like its kernel show()/store()
// (mm/damon/sysfs*.c): numbers through kstrto*() (EINVAL for text, ERANGE past the type),
// booleans through kstrtobool() and read back as Y/N, keywords matched with sysfs_streq().
// Defaults are what a fresh directory reads (transcripts §A/§C: a new scheme's access_pattern
// reads 0 for every min and max, its action reads `stat`).

import { DamonError } from '../../damon/errno';
import { kstrtobool, kstrtoint, kstrtouint, kstrtoul } from '../../damon/kstrto';
import { DAMON_OPS, DAMOS_ACTIONS, DAMOS_CORE_FILTER_TYPES, DAMOS_OPS_FILTER_TYPES, DAMOS_QUOTA_GOAL_TUNERS, DAMOS_WMARK_METRICS } from '../../damon/params';
import { atLeast, type KernelGeneration } from '../../damon/sysfs-layout';

export type FileValue = number | boolean | string;

export interface FileFormat {
  /** Read-only files (0400) answer EACCES to writes. */
  readonly writable: boolean;
  readonly initial: FileValue;
  /** Parses a write as the file's store() does; throws DamonError. */
  parse(text: string, path: string): FileValue;
  /** The file's content as show() prints it. */
  format(value: FileValue): string;
}

const TWO_64 = 2n ** 64n;

/** Prints an unsigned long; ULONG_MAX is 2^64 as a JS number and prints as the kernel does. */
export function formatNumber(v: number): string {
  if (Number.isSafeInteger(v)) return String(v);
  if (!Number.isInteger(v)) return String(Math.trunc(v));
  const b = BigInt(v);
  return String(b >= TWO_64 ? TWO_64 - 1n : b);
}

const number = (parse: (text: string, path: string) => number, initial = 0, writable = true): FileFormat => ({
  writable,
  initial,
  parse,
  format: (v) => `${formatNumber(Number(v))}\n`,
});

const ulong = (initial = 0): FileFormat => number(kstrtoul, initial);
const uint = (): FileFormat => number(kstrtouint);
const int = (initial = 0): FileFormat => number(kstrtoint, initial);
const readOnly = (): FileFormat => number(kstrtoul, 0, false);

/** The simulator's stand-in for the kernel running out of memory allocating directories. */
const MAX_DIRS = 65536;

/** A `nr_*` count: kstrtoint(), then negative counts (and counts past `max`) are EINVAL. */
const count = (max = Infinity): FileFormat =>
  number((text, path) => {
    const n = kstrtoint(text, path);
    if (n < 0 || n > max) throw new DamonError('EINVAL', `${path}=${n}: out of range`);
    if (n > MAX_DIRS) throw new DamonError('ENOMEM', `${path}=${n}: the simulator allocates at most ${MAX_DIRS} directories`);
    return n;
  });

const bool = (): FileFormat => ({
  writable: true,
  initial: false,
  parse: kstrtobool,
  format: (v) => (v ? 'Y\n' : 'N\n'),
});

/** A keyword file: the written text (one trailing newline ignored, as sysfs_streq()) must be one of `words`. */
const keyword = (words: readonly string[], initial: string): FileFormat => ({
  writable: true,
  initial,
  parse(text, path) {
    const t = text.endsWith('\n') ? text.slice(0, -1) : text;
    if (!words.includes(t)) throw new DamonError('EINVAL', `${path}="${t}": not one of ${words.join(', ')}`);
    return t;
  },
  format: (v) => `${String(v)}\n`,
});

/** A path string (memcg_path, goal path), kept without its trailing newline. */
const text = (): FileFormat => ({
  writable: true,
  initial: '',
  parse: (t) => (t.endsWith('\n') ? t.slice(0, -1) : t),
  format: (v) => `${String(v)}\n`,
});

/** `target_metric` keywords by the kernel that added them. */
function goalMetrics(gen: KernelGeneration): string[] {
  const m = ['user_input', 'some_mem_psi_us'];
  if (atLeast(gen, '6.18')) m.push('node_mem_used_bp', 'node_mem_free_bp');
  if (atLeast(gen, '7.0')) m.push('node_memcg_used_bp', 'node_memcg_free_bp', 'active_mem_bp', 'inactive_mem_bp');
  return m;
}

/** Filter types a directory accepts: `filters/` any, `core_filters/` core ones, `ops_filters/` ops ones (6.15+). */
function filterTypes(dir: string, gen: KernelGeneration): string[] {
  const ops: string[] = atLeast(gen, '6.18') ? [...DAMOS_OPS_FILTER_TYPES] : ['anon', 'memcg', 'young'];
  if (dir === 'core_filters') return [...DAMOS_CORE_FILTER_TYPES];
  if (dir === 'ops_filters') return ops;
  return [...ops, ...DAMOS_CORE_FILTER_TYPES];
}

/** Formats of the files that have one name and one meaning wherever they are. */
const BY_NAME: Record<string, FileFormat> = {
  refresh_ms: uint(),
  addr_unit: number((t, path) => {
    const v = kstrtoul(t, path);
    if (!v) throw new DamonError('EINVAL', `${path}=0: addr_unit must not be zero`);
    return v;
  }, 1),
  pause: bool(),
  sample_us: ulong(5000),
  aggr_us: ulong(100000),
  update_us: ulong(60000000),
  access_bp: ulong(),
  aggrs: ulong(),
  min_sample_us: ulong(),
  max_sample_us: ulong(),
  nr_probes: count(4),
  nr_targets: count(),
  pid_target: int(),
  obsolete_target: bool(),
  nr_regions: count(),
  nr_schemes: count(),
  apply_interval_us: ulong(),
  target_nid: int(-1),
  ms: ulong(),
  bytes: ulong(),
  reset_interval_ms: ulong(),
  effective_bytes: readOnly(),
  goal_tuner: keyword(DAMOS_QUOTA_GOAL_TUNERS, 'consist'),
  fail_charge_num: uint(),
  fail_charge_denom: uint(),
  sz_permil: uint(),
  nr_accesses_permil: uint(),
  age_permil: uint(),
  nr_goals: count(),
  target_value: ulong(),
  current_value: ulong(),
  nid: int(),
  path: text(),
  metric: keyword(DAMOS_WMARK_METRICS, 'none'),
  interval_us: ulong(),
  high: ulong(),
  mid: ulong(),
  low: ulong(),
  nr_filters: count(),
  matching: bool(),
  allow: bool(),
  memcg_path: text(),
  addr_start: ulong(),
  addr_end: ulong(),
  damon_target_idx: int(),
  nr_dests: count(),
  id: uint(),
  weight: uint(),
  max_nr_snapshots: ulong(),
  total_bytes: readOnly(),
};

/** The format of a file, by its layout pattern (e.g. "kdamonds/N/contexts/N/pause"). */
export function formatOf(pattern: string, gen: KernelGeneration, availableOps: readonly string[]): FileFormat {
  const parts = pattern.split('/');
  const name = parts[parts.length - 1];
  const parent = parts[parts.length - 2] ?? '';
  const grand = parts[parts.length - 3] ?? '';
  if (grand === 'tried_regions' || parent === 'stats') return name === 'max_nr_snapshots' ? BY_NAME[name] : readOnly();
  switch (name) {
    case 'nr_kdamonds': return count();
    case 'nr_contexts': return count(1);
    // state and pid are read (and state written) live by sim-fs.ts.
    case 'state': return keyword(['on', 'off'], 'off');
    case 'pid': return number(kstrtoint, -1, false);
    case 'avail_operations': return { writable: false, initial: availableOps.join('\n'), parse: String, format: (v) => `${String(v)}\n` };
    case 'operations': return keyword(DAMON_OPS, 'vaddr');
    case 'action': return keyword(DAMOS_ACTIONS, 'stat');
    case 'target_metric': return keyword(goalMetrics(gen), 'user_input');
    case 'type': return keyword(filterTypes(grand, gen), 'anon');
    case 'min': case 'max': return parent === 'nr_regions' ? ulong(name === 'min' ? 10 : 1000) : ulong();
    case 'start': case 'end': return ulong();
  }
  const f = BY_NAME[name] as FileFormat | undefined;
  if (!f) throw new Error(`sim sysfs: no format for ${pattern}`);
  return f;
}
