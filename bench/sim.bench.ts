// Benchmarks of the simulated kdamond. Prints one JSON object.
//   node esbuild.mjs --tests && node out/bench/sim.bench.js
// Targets (issue 3): >= 50 M region-samples/s, >= 50% of the baseline loop, one simulated
// hour of a 1,000-region kdamond at default intervals in <= 15 s, < 5 MB for 10,000 regions;
// all for the independent pattern. The same figures for the sweep and coherent patterns, whose
// regions are sampled by drawing their address (src/sim/sampling.ts), are reported beside them.

import { defaultContext, defaultTarget, type ContextParams } from '../src/damon/params';
import { accessError } from '../src/sim/accuracy';
import { SimKernel } from '../src/sim/kernel';
import { hotCold, PRESET_PID, zipfian } from '../src/sim/presets';
import { Prng } from '../src/sim/prng';
import type { AccessPattern, WorkloadSpec } from '../src/sim/workload';

/** At least n regions (min_nr_regions), up to 2n, so split and merge run as usual. */
function ctxWithRegions(n: number): ContextParams {
  const c = defaultContext('vaddr');
  c.targets.push(defaultTarget(PRESET_PID));
  c.monitoring_attrs.nr_regions = { min: n, max: 2 * n };
  return c;
}

/** The best of three runs: other processes on the machine only ever slow a run down. */
function best<T>(run: () => T, score: (r: T) => number): T {
  const runs = [run(), run(), run()];
  return runs.reduce((a, b) => (score(b) > score(a) ? b : a));
}

/** The zipfian preset over 256 chunks with every area's pattern set to one. */
function zipfianAs(pattern: AccessPattern): WorkloadSpec {
  const w = zipfian({ chunks: 256, chunkMiB: 16 });
  return { ...w, processes: w.processes.map((p) => ({ ...p, areas: p.areas.map((a) => ({ ...a, pattern })) })) };
}

function boot(ctx: ContextParams, workload: WorkloadSpec = zipfianAs('independent')) {
  const kernel = new SimKernel({ workload, seed: 1 });
  const kd = kernel.addKdamond();
  kd.start(ctx);
  return { kernel, kd };
}

/** The full kdamond (sampling, aggregation, merge, split): region-samples per wall second. */
function kdamondRate(nRegions: number, simSeconds: number, pattern: AccessPattern = 'independent') {
  const { kernel, kd } = boot(ctxWithRegions(nRegions), zipfianAs(pattern));
  kernel.advance(1e6); // settle
  const ctx = kd.ctx;
  if (!ctx) throw new Error('no context');
  let regionSamples = 0;
  let samples = 0;
  const t0 = performance.now();
  const until = kernel.nowUs + simSeconds * 1e6;
  while (kd.nowUs < until) {
    const before = ctx.passed;
    const n = ctx.regions.n;
    kd.step();
    regionSamples += (ctx.passed - before) * n;
    samples += ctx.passed - before;
  }
  const wallS = (performance.now() - t0) / 1000;
  return {
    regions_avg: Math.round(regionSamples / samples),
    region_samples_per_s: Math.round(regionSamples / wallS),
    sim_s_per_wall_s: simSeconds / wallS,
    thresholds: ctx.regions.thr.slice(0, ctx.regions.n),
  };
}

/**
 * The cheapest per-region sample: PRNG, threshold lookup, increment, over typed arrays, on
 * the same per-region access probabilities the kdamond had (best of three runs).
 */
function baselineRate(thr: Float64Array, samples: number): number {
  let best = 0;
  for (let run = 0; run < 3; run++) best = Math.max(best, baselineOnce(thr, samples));
  return best;
}

function baselineOnce(thr: Float64Array, samples: number): number {
  const nRegions = thr.length;
  const nr = new Uint32Array(nRegions);
  let x = new Prng(3).u32() | 0;
  const t0 = performance.now();
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < nRegions; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      if (x >>> 0 < thr[i]) nr[i]++;
    }
  }
  const wallS = (performance.now() - t0) / 1000;
  if (nr[0] < 0) console.log(nr[0]); // keep the loop observable
  return Math.round((nRegions * samples) / wallS);
}

function simulatedHour(pattern: AccessPattern = 'independent') {
  const { kernel, kd } = boot(ctxWithRegions(1000), zipfianAs(pattern));
  const t0 = performance.now();
  kernel.advance(3600e6);
  return { wall_s: (performance.now() - t0) / 1000, regions_at_end: kd.ctx?.regions.n ?? 0 };
}

function memoryFor10k() {
  const before = process.memoryUsage();
  const { kd } = boot(ctxWithRegions(10000));
  const after = process.memoryUsage();
  return {
    regions: kd.ctx?.regions.n ?? 0,
    region_state_bytes: kd.ctx?.regions.byteLength ?? 0,
    array_buffers_delta_bytes: after.arrayBuffers - before.arrayBuffers,
  };
}

function accuracy() {
  const c = defaultContext('vaddr');
  c.targets.push(defaultTarget(PRESET_PID));
  const { kernel, kd } = boot(c, hotCold());
  kernel.advance(10e6);
  return { preset: 'hot-cold', simulated_s: 10, size_weighted_access_error: Number(accessError(kd).toFixed(4)), regions: kd.ctx?.regions.n ?? 0 };
}

const k1 = best(() => kdamondRate(1000, 30), (r) => r.region_samples_per_s);
const k10 = best(() => kdamondRate(10000, 5), (r) => r.region_samples_per_s);
const base1 = baselineRate(k1.thresholds, 50000);
const base10 = baselineRate(k10.thresholds, 5000);
const hour = simulatedHour();
// Measured in the same run as the independent figures: compare them as ratios.
const correlated = (['sweep', 'coherent'] as const).map((pattern) => {
  const k = best(() => kdamondRate(1000, 30, pattern), (r) => r.region_samples_per_s);
  return [pattern, {
    region_samples_per_s_1000: k.region_samples_per_s,
    regions_avg: k.regions_avg,
    ratio_to_independent: Number((k.region_samples_per_s / k1.region_samples_per_s).toFixed(3)),
    simulated_hour_1000_regions_wall_s: Number(simulatedHour(pattern).wall_s.toFixed(2)),
  }] as const;
});
const mem = memoryFor10k();
const acc = accuracy();

const result = {
  region_samples_per_s: { regions_1000: k1.region_samples_per_s, regions_10000: k10.region_samples_per_s },
  regions_avg: { regions_1000: k1.regions_avg, regions_10000: k10.regions_avg },
  baseline_region_samples_per_s: { regions_1000: base1, regions_10000: base10 },
  ratio_to_baseline: { regions_1000: Number((k1.region_samples_per_s / base1).toFixed(3)), regions_10000: Number((k10.region_samples_per_s / base10).toFixed(3)) },
  sim_s_per_wall_s_default_attrs_1000_regions: Number(k1.sim_s_per_wall_s.toFixed(1)),
  simulated_hour_1000_regions_wall_s: Number(hour.wall_s.toFixed(2)),
  patterns: Object.fromEntries(correlated),
  memory_10000_regions: mem,
  accuracy: acc,
  targets: {
    region_samples_per_s_min: 50e6,
    ratio_to_baseline_min: 0.5,
    simulated_hour_wall_s_max: 15,
    state_bytes_10000_regions_max: 5e6,
  },
  met: {
    region_samples_per_s: Math.min(k1.region_samples_per_s, k10.region_samples_per_s) >= 50e6,
    ratio_to_baseline: Math.min(k1.region_samples_per_s / base1, k10.region_samples_per_s / base10) >= 0.5,
    simulated_hour: hour.wall_s <= 15,
    memory: mem.region_state_bytes < 5e6,
  },
};
console.log(JSON.stringify(result, null, 2));
