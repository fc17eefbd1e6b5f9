// Kernel results written back into the files, as the sysfs update commands do: per-scheme
// stats, effective quotas, and the tuned intervals (written over the staged sample_us/aggr_us,
// `damon_sysfs_upd_tuned_intervals()`).

import type { SchemeStats, TunedIntervals } from '../../damon/status';
import type { SysDir } from './tree';

function schemeDirs(ctxDir: SysDir): SysDir[] {
  return ctxDir.dir('schemes')?.indexed() ?? [];
}

/** The running schemes map to the sysfs schemes by index; extra ones on either side are skipped. */
export function writeSchemeStats(ctxDir: SysDir, stats: readonly SchemeStats[]): void {
  schemeDirs(ctxDir).forEach((s, i) => {
    const st = stats[i];
    const d = s.dir('stats');
    if (!st || !d) return;
    d.set('nr_tried', st.nr_tried);
    d.set('sz_tried', st.sz_tried);
    d.set('nr_applied', st.nr_applied);
    d.set('sz_applied', st.sz_applied);
    d.set('sz_ops_filter_passed', st.sz_ops_filter_passed);
    d.set('qt_exceeds', st.qt_exceeds);
    d.set('nr_snapshots', st.nr_snapshots);
  });
}

export function writeEffectiveQuotas(ctxDir: SysDir, esz: readonly number[]): void {
  schemeDirs(ctxDir).forEach((s, i) => {
    if (esz[i] !== undefined) s.dir('quotas')?.set('effective_bytes', esz[i]);
  });
}

export function writeTunedIntervals(ctxDir: SysDir, t: TunedIntervals): void {
  const iv = ctxDir.dir('monitoring_attrs')?.dir('intervals');
  iv?.set('sample_us', t.sample_us);
  iv?.set('aggr_us', t.aggr_us);
}
