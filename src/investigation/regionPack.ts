// Region snapshots are packed into flat Float64Arrays (no object per region): the history keeps
// thousands of them, and the heatmap and working set size walk them every refresh.

/** Values per region in a packed region snapshot (`ContextHistory.latestRegions`, `HeatSnapshot.regions`): start, end, nr_accesses, age. */
export const REGION_STRIDE = 4;
