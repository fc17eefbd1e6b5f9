// damo's distribution printing (_damo_dist.fmt_dists): the average, then the value at each
// percentile with a bar, or every value with --all_wss.

export interface DistOptions {
  percentiles: readonly number[];
  all: boolean;
  raw: boolean;
  /** Columns of the bar; 0 for none. */
  nrColsBar: number;
}

/** damo's percentile pick: the element at int(p / 100 × n), the last one for p = 100. */
export function percentileIndex(p: number, n: number): number {
  const idx = Math.trunc((p / 100) * n);
  return idx === n ? idx - 1 : idx;
}

export function formatDists(metric: string, dists: readonly number[], format: (v: number, raw: boolean) => string, o: DistOptions): string {
  const lines = [`# <percentile> <${metric}>`];
  if (dists.length === 0) return [...lines, '# no snapshot'].join('\n');
  lines.push(`# avr:\t${format(dists.reduce((a, b) => a + b, 0) / dists.length, o.raw)}`);
  if (o.all) return [...lines, ...dists.map((v, i) => `${i} ${format(v, o.raw)}`)].join('\n');
  let perCol = 1;
  if (o.nrColsBar > 0) {
    const max = Math.max(0, ...o.percentiles.map((p) => dists[percentileIndex(p, dists.length)]));
    if (max > 0) perCol = max / o.nrColsBar;
  }
  for (const p of o.percentiles) {
    const v = dists[percentileIndex(p, dists.length)];
    let line = `${String(p).padStart(3)} ${format(v, o.raw).padStart(15)}`;
    if (o.nrColsBar > 0) {
      const cols = Math.trunc(v / perCol);
      line += ` |${'*'.repeat(cols)}${' '.repeat(o.nrColsBar - cols)}|`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Python's range(start, stop, step). */
export function pyRange(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else if (step < 0) for (let i = start; i > stop; i += step) out.push(i);
  return out;
}
