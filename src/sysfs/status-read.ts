// Reads a kdamond's status files: scheme stats, effective quotas, the (tuned) intervals and the
// tried regions. The state commands that refresh them are the client's; these only read.
import { emptySchemeStats, type SchemeStats, type TriedRegion, type TriedRegions, type TunedIntervals } from '../damon/status';
import type { SysfsAccess } from './access';
import { numericEntries, parseNum } from './format';
import { contextPath, kdamondPath, schemePath } from './paths';
import { readPaths } from './tree';

/** Scheme indices per context of a kdamond: [context][scheme]. */
export async function schemeIndices(files: SysfsAccess, k: number): Promise<number[][]> {
  const ctxs = numericEntries(await files.list(`${kdamondPath(k)}/contexts`));
  return Promise.all(ctxs.map(async (c) => numericEntries(await files.list(`${contextPath(k, c)}/schemes`))));
}

/** Reads the stats files of every scheme (without a refresh command). */
export async function readSchemeStats(files: SysfsAccess, k: number): Promise<SchemeStats[][]> {
  const idx = await schemeIndices(files, k);
  const keys = Object.keys(emptySchemeStats()) as (keyof SchemeStats)[];
  const paths = idx.flatMap((ss, c) => ss.flatMap((s) => keys.map((key) => `${schemePath(k, c, s)}/stats/${key}`)));
  const res = await readPaths(files.fs, paths, files.concurrency);
  let i = 0;
  return idx.map((ss) =>
    ss.map(() => {
      const st = emptySchemeStats();
      for (const key of keys) {
        const r = res[i++];
        if (typeof r === 'string') st[key] = parseNum(r);
        else if (r.code === 'EACCES' || r.code === 'EPERM') throw files.explain(r, 'read', r.path);
      }
      return st;
    }),
  );
}

/** The sample_us/aggr_us files of every context (the tuned values after update_tuned_intervals). */
export async function readIntervals(files: SysfsAccess, k: number): Promise<TunedIntervals[]> {
  const ctxs = numericEntries(await files.list(`${kdamondPath(k)}/contexts`));
  return Promise.all(
    ctxs.map(async (c) => {
      const iv = `${contextPath(k, c)}/monitoring_attrs/intervals`;
      const [s, a] = await Promise.all([files.read(`${iv}/sample_us`), files.read(`${iv}/aggr_us`)]);
      return { sample_us: parseNum(s), aggr_us: parseNum(a) };
    }),
  );
}

/**
 * Reads schemes/<S>/tried_regions: lists the directory and sorts the region directories
 * numerically (6.18-7.1 name them non-contiguously, e.g. 1 3 5 ... or 12 14 ...).
 */
export async function readTriedRegions(files: SysfsAccess, k: number, c: number, s: number): Promise<TriedRegions> {
  const dir = `${schemePath(k, c, s)}/tried_regions`;
  const names = await files.list(dir);
  const idx = numericEntries(names);
  const fields = ['start', 'end', 'nr_accesses', 'age', 'sz_filter_passed'] as const;
  let present: readonly string[] = fields;
  if (idx.length > 0) {
    const first = new Set(await files.list(`${dir}/${idx[0]}`));
    present = fields.filter((f) => first.has(f));
  }
  const paths = [`${dir}/total_bytes`, ...idx.flatMap((i) => present.map((f) => `${dir}/${i}/${f}`))];
  const res = await readPaths(files.fs, paths, files.concurrency);
  const val = (j: number): number => {
    const r = res[j];
    if (typeof r === 'string') return parseNum(r);
    if (r.code === 'ENOENT') return 0; // the kernel dropped it meanwhile
    throw files.explain(r, 'read', r.path);
  };
  const regions: TriedRegion[] = [];
  let j = 1;
  for (let n = 0; n < idx.length; n++) {
    const r: TriedRegion = { start: 0, end: 0, nr_accesses: 0, age: 0, sz_filter_passed: 0 };
    for (const f of present) r[f as keyof TriedRegion] = val(j++);
    regions.push(r);
  }
  return { total_bytes: val(0), regions };
}

/** quotas/effective_bytes of every scheme: [context][scheme]. */
export async function readEffectiveBytes(files: SysfsAccess, k: number): Promise<number[][]> {
const idx = await schemeIndices(files, k);
return Promise.all(idx.map((ss, c) => Promise.all(ss.map(async (s) => parseNum(await files.read(`${schemePath(k, c, s)}/quotas/effective_bytes`))))));
}
