// The fidelity table of one case: each figure on the real kernel (mean of its runs, and the
// spread between them) against the simulator's (mean of its replays). A judged row fails outside
// the outer bound:
//   - nr_regions p50 within 2x, or within 10 regions, whichever is wider;
//   - an area's mean nr_accesses within 20% of the real value, or within 0.5 samples when the
//     real value is under 2.5;
//   - WSS p50 within 15%.
// Each judged row also says whether it meets a tighter bound, where the real kernel's own
// run-to-run spread allows one: 30% (or 5 regions) for nr_regions, 15% for nr_accesses, 10% for
// WSS, or that spread when it is wider (a bound tighter than the kernel's own spread cannot be met
// honestly). The other figures (percentiles around them, ages) are shown, not judged.
import type { RunMetrics } from './metrics';

export interface FidelityRow {
  readonly figure: string;
  readonly real: number;
  /** max - min of the real runs: the kernel's own run-to-run spread. */
  readonly spread: number;
  readonly sim: number;
  /** The outer bound, as text, and whether the row is within it; undefined for a figure shown but not judged. */
  readonly bound?: string;
  readonly ok?: boolean;
  /** The tighter bound the real spread allows, and whether the row meets it. */
  readonly tight?: string;
  readonly tightOk?: boolean;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const spreadOf = (xs: readonly number[]): number => Math.max(...xs) - Math.min(...xs);

type Verdict = { bound: string; ok: boolean; tight: string; tightOk: boolean };
type Judge = (real: number, sim: number, spread: number) => Verdict;

function row(figure: string, real: readonly number[], sim: readonly number[], judge?: Judge): FidelityRow {
  const r = mean(real);
  const s = mean(sim);
  const spread = spreadOf(real);
  return { figure, real: r, spread, sim: s, ...(judge ? judge(r, s, spread) : {}) };
}

/** |sim - real| within the outer tolerance; and within the tight one or the spread, whichever is wider (never past the outer). */
function within(real: number, sim: number, spread: number, tight: number, outer: number, show: (tol: number) => string): Verdict {
  const t = Math.min(outer, Math.max(tight, spread));
  const d = Math.abs(sim - real);
  return { bound: show(outer), ok: d <= outer, tight: show(t), tightOk: d <= t };
}

/** 2x is real / 2 below the real value and real above it. */
export const nrRegionsBound: Judge = (real, sim, spread) =>
  within(real, sim, spread, Math.max(0.3 * real, 5), Math.max(sim < real ? real / 2 : real, 10), (t) => `±${t.toFixed(1)}`);

export const nrAccessesBound: Judge = (real, sim, spread) =>
  real < 2.5 ? within(real, sim, spread, 0.5, 0.5, (t) => `±${t.toFixed(2)}`) : within(real, sim, spread, 0.15 * real, 0.2 * real, (t) => `±${t.toFixed(2)}`);

export const wssBound: Judge = (real, sim, spread) => within(real, sim, spread, 0.1 * real, 0.15 * real, (t) => `±${t.toFixed(2)}`);

export function fidelityRows(areas: readonly string[], real: readonly RunMetrics[], sim: readonly RunMetrics[]): FidelityRow[] {
  const rows: FidelityRow[] = [];
  const pick = (f: (m: RunMetrics) => number): [number[], number[]] => [real.map(f), sim.map(f)];
  rows.push(row('nr_regions p10', ...pick((m) => m.nrRegions.p10)));
  rows.push(row('nr_regions p50', ...pick((m) => m.nrRegions.p50), nrRegionsBound));
  rows.push(row('nr_regions p90', ...pick((m) => m.nrRegions.p90)));
  rows.push(row('wss p25 (MiB)', ...pick((m) => m.wss.p25 / 2 ** 20)));
  rows.push(row('wss p50 (MiB)', ...pick((m) => m.wss.p50 / 2 ** 20), wssBound));
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
  const verdict = (ok: boolean | undefined, pass: string, fail: string): string => (ok === undefined ? '' : ok ? pass : fail);
  const cells = rows.map((r) => [r.figure, num(r.real), num(r.spread), num(r.sim), r.bound ?? '', verdict(r.ok, 'pass', 'FAIL'), r.tight ?? '', verdict(r.tightOk, 'met', 'missed')]);
  const head = ['figure', 'real', 'real spread', 'simulated', 'bound', '', 'tight bound', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]): string => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}
