// Address ranges joined where they touch or overlap: the spans a record's regions covered.
import type { AddrRange } from '../../damon/params';

export function mergeRanges(ranges: readonly AddrRange[]): AddrRange[] {
  const out: AddrRange[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}
