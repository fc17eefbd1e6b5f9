// The region snapshot the dashboard draws, from a backend snapshot. Pure (no vscode import).
import { maxNrAccesses } from '../damon/units';
import type { RegionSnapshotView } from '../protocol';
import type { BackendSnapshot } from '../investigation/snapshot';

/**
 * The regions of the first context whose regions the backend can see, with the access counts of
 * the last finished aggregation (`last_nr_accesses`, what damo's snapshots show).
 */
export function regionSnapshotOf(snapshots: readonly BackendSnapshot[]): RegionSnapshotView | undefined {
  for (const b of snapshots) {
    for (const k of b.kdamonds) {
      if (!k.regionsKnown || !k.status) continue;
      for (const [ci, c] of k.status.contexts.entries()) {
        const iv = c.tuned_intervals;
        return {
          kdamond: `${b.label} · kdamond ${k.index}`,
          context: String(ci),
          timeUs: c.passed_sample_intervals * iv.sample_us,
          maxNrAccesses: maxNrAccesses(iv.sample_us, iv.aggr_us),
          regions: c.targets.flatMap((t) => t.regions.map((r) => ({ start: r.start, end: r.end, nrAccesses: r.last_nr_accesses, age: r.age }))),
        };
      }
    }
  }
  return undefined;
}
