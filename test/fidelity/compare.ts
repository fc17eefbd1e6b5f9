// The fidelity table of one case: each figure on the real kernel (mean of its runs, and the
// spread between them) against the simulator's (mean of its replays), and whether it is within
// bounds:
//   - nr_regions p50 within 2x, or within 10 regions, whichever is wider;
//   - an area's mean nr_accesses within 20% of the real value, or within 0.5 samples when the
//     real value is under 2.5;
//   - WSS p50 within 15%.
// The other figures (percentiles around them, ages) are shown for the reader, not judged.
import type { RunMetrics } from './metrics';

export interface FidelityRow {
  readonly figure: string;
  readonly real: number;
  /** max - min of the real runs: the kernel's own run-to-run spread. */
  readonly spread: number;
  readonly sim: number;
  /** The bound, as text; undefined for a figure shown but not judged. */
  readonly bound?: string;
  readonly ok?: boolean;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const spreadOf = (xs: readonly number[]): number => Math.max(...xs) - Math.min(...xs);

function row(figure: string, real: readonly number[], sim: readonly number[], judge?: (real: number, sim: number) => { bound: string; ok: boolean }): FidelityRow {
  const r = mean(real);
  const s = mean(sim);
  return { figure, real: r, spread: spreadOf(real), sim: s, ...(judge ? judge(r, s) : {}) };
}

export function nrRegionsBound(real: number, sim: number): { bound: string; ok: boolean } {
  const lo = Math.min(real / 2, real - 10);
  const hi = Math.max(real * 2, real + 10);
  return { bound: `${lo.toFixed(1)}..${hi.toFixed(1)}`, ok: sim >= lo && sim <= hi };
}

export function nrAccessesBound(real: number, sim: number): { bound: string; ok: boolean } {
  const tol = real < 2.5 ? 0.5 : 0.2 * real;
  return { bound: `±${tol.toFixed(2)}`, ok: Math.abs(sim - real) <= tol };
}

export function wssBound(real: number, sim: number): { bound: string; ok: boolean } {
  const tol = 0.15 * real;
  return { bound: `±15% (${(tol / 2 ** 20).toFixed(2)} MiB)`, ok: Math.abs(sim - real) <= tol };
}

export function fidelityRows(areas: readonly string[], real: readonly RunMetrics[], sim: readonly RunMetrics[]): FidelityRow[] {
  const rows: FidelityRow[] = [];
  const pick = (f: (m: RunMetrics) => number): [number[], number[]] => [real.map(f), sim.map(f)];
  rows.push(row('nr_regions p10', ...pick((m) => m.nrRegions.p10)));
  rows.push(row('nr_regions p50', ...pick((m) => m.nrRegions.p50), nrRegionsBound));
  rows.push(row('nr_regions p90', ...pick((m) => m.nrRegions.p90)));
  rows.push(row('wss p25 (MiB)', ...pick((m) => m.wss.p25 / 2 ** 20)));
  rows.push(row('wss p50 (MiB)', ...pick((m) => m.wss.p50 / 2 ** 20), (r, s) => wssBound(r * 2 ** 20, s * 2 ** 20)));
  rows.push(row('wss p75 (MiB)', ...pick((m) => m.wss.p75 / 2 ** 20)));
  const windows = real[0]?.nrAccesses.length ?? 0;
  for (let w = 0; w < windows; w++) {
    areas.forEach((name, a) => rows.push(row(`${name} nr_accesses, phase ${w + 1}`, ...pick((m) => m.nrAccesses[w][a]), nrAccessesBound)));
  }
  for (let w = 0; w < windows; w++) {
    areas.forEach((name, a) => rows.push(row(`${name} age at end of phase ${w + 1}`, ...pick((m) => m.age[w][a]))));
  }
  return rows;
}

export function formatRows(rows: readonly FidelityRow[]): string {
  const num = (x: number): string => (Number.isNaN(x) ? '-' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  const cells = rows.map((r) => [r.figure, num(r.real), num(r.spread), num(r.sim), r.bound ?? '', r.ok === undefined ? '' : r.ok ? 'pass' : 'FAIL']);
  const head = ['figure', 'real', 'real spread', 'simulated', 'bound', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]): string => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}
