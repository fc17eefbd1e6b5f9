// Region snapshots are packed into flat Float64Arrays (no object per region): the history keeps
// thousands of them, and the heatmap and working set size walk them every refresh.

/** Values per region in a packed region snapshot (`ContextHistory.latestRegions`, `HeatSnapshot.regions`): start, end, nr_accesses, age. */
export const REGION_STRIDE = 4;

/** Packs regions into one flat array, REGION_STRIDE values each: start, end, the nr_accesses `nrAccessesOf` picks, age. */
export function packRegions<R extends { start: number; end: number; age: number }>(regions: readonly R[], nrAccessesOf: (r: R) => number): Float64Array {
  const flat = new Float64Array(regions.length * REGION_STRIDE);
  for (let i = 0, o = 0; i < regions.length; i++, o += REGION_STRIDE) {
    const r = regions[i];
    flat[o] = r.start;
    flat[o + 1] = r.end;
    flat[o + 2] = nrAccessesOf(r);
    flat[o + 3] = r.age;
  }
  return flat;
}
