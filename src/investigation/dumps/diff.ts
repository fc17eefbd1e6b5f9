// What changed between two status dumps, field by field, as `path: old → new` lines. It proves
// that nothing moved while paused, or shows what a parameter commit changed. Timestamps are ignored.
import type { StatusDump } from './dump';

export interface DumpChange {
  /** Slash-separated, as the sysfs paths (e.g. `params/contexts/0/monitoring_attrs/intervals/sample_us`). */
  path: string;
  /** undefined: the field or element is absent on that side. */
  old: unknown;
  new: unknown;
}

/** Keys that differ between any two dumps, even of a frozen kdamond. */
const IGNORED = new Set(['taken_at']);

export function diffDumps(a: StatusDump, b: StatusDump): DumpChange[] {
  return diffValues(a, b);
}

/** The changes between any two plain-data values (parameters, dumps), `taken_at` ignored. */
export function diffValues(a: unknown, b: unknown): DumpChange[] {
  const out: DumpChange[] = [];
  walk(a, b, '', out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: DumpChange[]): void {
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push({ path: join(path, 'length'), old: a.length, new: b.length });
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], join(path, String(i)), out);
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!IGNORED.has(k)) walk(a[k], b[k], join(path, k), out);
    return;
  }
  out.push({ path, old: a, new: b });
}

/** One line per change; "no changes" when the dumps are equal. */
export function formatDumpDiff(changes: readonly DumpChange[]): string {
  if (changes.length === 0) return 'no changes (timestamps ignored)';
  return changes.map((c) => `${c.path}: ${show(c.old)} → ${show(c.new)}`).join('\n');
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}/${b}`;
}
