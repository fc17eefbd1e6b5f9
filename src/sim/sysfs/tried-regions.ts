// schemes/<S>/tried_regions/: cleared and refilled by update_schemes_tried_{regions,bytes},
// cleared by clear_schemes_tried_regions.
//
// Directory names (transcripts §F): 6.12 and 7.2+ name them 0..N-1. On 6.18–7.1 the name comes
// from a per-directory counter that grows by 2 for each region added and drops by 1 for each
// directory removed, so three successive updates of 11 regions give `0 2 … 20`, `11 13 … 31`,
// `22 24 … 42` (7.0.13 exactly; 7.1.13 likewise from 10 regions first; 6.18.15's run started at 1).

import type { TriedRegions } from '../../damon/status';
import type { Quirks } from './quirks';
import { addIndexed, removeIndexed, type SysDir, type TreeSpec } from './tree';

const counters = new WeakMap<SysDir, number>();

/** Removes the region directories of one tried_regions dir. */
export function clearTriedRegions(dir: SysDir): void {
  const removed = removeIndexed(dir);
  counters.set(dir, Math.max(0, (counters.get(dir) ?? 0) - removed));
}

/** Fills a (cleared) tried_regions dir with a walk's result; `bytesOnly` sets total_bytes alone. */
export function fillTriedRegions(dir: SysDir, tried: TriedRegions, bytesOnly: boolean, spec: TreeSpec, quirks: Quirks): void {
  dir.set('total_bytes', tried.total_bytes);
  if (bytesOnly) return;
  let counter = counters.get(dir) ?? 0;
  tried.regions.forEach((r, i) => {
    let name = i;
    if (quirks.triedRegionsNaming === 'shifting') {
      name = counter;
      counter += 2;
    }
    const d = addIndexed(dir, name, spec);
    d.set('start', r.start);
    d.set('end', r.end);
    d.set('nr_accesses', r.nr_accesses);
    d.set('age', r.age);
    d.set('sz_filter_passed', r.sz_filter_passed);
  });
  counters.set(dir, counter);
}

/** The tried_regions dirs of a context's sysfs schemes, by scheme index. */
export function triedRegionsDirs(ctxDir: SysDir): SysDir[] {
  return (ctxDir.dir('schemes')?.indexed() ?? []).flatMap((s) => s.dir('tried_regions') ?? []);
}
