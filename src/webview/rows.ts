// The webview's copy of the history rows: replaced when the host sends everything, appended to
// on each delta, and trimmed to the history length (the host's ring buffer's capacity).
import { STAT_NAMES, type HistoryRows, type SchemeRows, type StatName } from '../protocol';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function emptyScheme(action: string, nrGoals: number, length: number): SchemeRows {
  const nan = (): number[] => new Array<number>(length).fill(Number.NaN);
  const stats = (): Record<StatName, number[]> => Object.fromEntries(STAT_NAMES.map((n) => [n, nan()])) as Record<StatName, number[]>;
  return { action, totals: stats(), rates: stats(), effectiveBytes: nan(), goals: Array.from({ length: nrGoals }, () => ({ current: nan(), target: nan() })) };
}

export class RowsStore {
  rows: Mutable<HistoryRows> = { t: [], sampleUs: [], aggrUs: [], nrRegions: [], wss: [], schemes: [] };

  get length(): number {
    return this.rows.t.length;
  }

  replace(rows: HistoryRows, cap: number): void {
    this.rows = { ...rows, schemes: [...rows.schemes] };
    this.trim(cap);
  }

  /** Appends `rows`; returns how many rows were dropped from the front to stay within `cap`. */
  append(rows: HistoryRows, cap: number): number {
    const r = this.rows;
    const before = r.t.length;
    const schemes = [...r.schemes];
    // A scheme (or goal) that appeared mid-stream has no values for the older rows.
    rows.schemes.forEach((s, si) => {
      const old = schemes[si] ?? emptyScheme(s.action, s.goals.length, before);
      const goals = s.goals.map((_goal, gi) => old.goals[gi] ?? { current: new Array<number>(before).fill(Number.NaN), target: new Array<number>(before).fill(Number.NaN) });
      schemes[si] = {
        action: s.action,
        totals: concatStats(old.totals, s.totals),
        rates: concatStats(old.rates, s.rates),
        effectiveBytes: old.effectiveBytes.concat(s.effectiveBytes),
        goals: goals.map((g, gi) => ({ current: g.current.concat(s.goals[gi].current), target: g.target.concat(s.goals[gi].target) })),
      };
    });
    this.rows = {
      t: r.t.concat(rows.t),
      sampleUs: r.sampleUs.concat(rows.sampleUs),
      aggrUs: r.aggrUs.concat(rows.aggrUs),
      nrRegions: r.nrRegions.concat(rows.nrRegions),
      wss: r.wss.concat(rows.wss),
      schemes,
    };
    return this.trim(cap);
  }

  private trim(cap: number): number {
    const excess = this.rows.t.length - cap;
    if (excess <= 0) return 0;
    const r = this.rows;
    const cut = (a: number[]): number[] => a.slice(excess);
    this.rows = {
      t: cut(r.t), sampleUs: cut(r.sampleUs), aggrUs: cut(r.aggrUs), nrRegions: cut(r.nrRegions), wss: cut(r.wss),
      schemes: r.schemes.map((s) => ({
        action: s.action,
        totals: mapStats(s.totals, cut),
        rates: mapStats(s.rates, cut),
        effectiveBytes: cut(s.effectiveBytes),
        goals: s.goals.map((g) => ({ current: cut(g.current), target: cut(g.target) })),
      })),
    };
    return excess;
  }
}

function mapStats(stats: Readonly<Record<StatName, number[]>>, f: (a: number[]) => number[]): Record<StatName, number[]> {
  return Object.fromEntries(STAT_NAMES.map((n) => [n, f(stats[n])])) as Record<StatName, number[]>;
}

function concatStats(a: Readonly<Record<StatName, number[]>>, b: Readonly<Record<StatName, number[]>>): Record<StatName, number[]> {
  return Object.fromEntries(STAT_NAMES.map((n) => [n, a[n].concat(b[n])])) as Record<StatName, number[]>;
}
