// The configuration a new simulated kdamond starts with, the way a DAMON user would set it up
// with damo: vaddr over the workload's first process, auto-tuned intervals, a `stat` scheme that
// sees every region and a quota-limited `pageout` of cold memory.
import { defaultContext, defaultScheme, defaultTarget, UINT_MAX, ULONG_MAX, type KdamondParams, type SchemeParams } from '../../damon/params';
import { atLeast, type KernelGeneration } from '../../damon/sysfs-layout';

export function defaultSimKdamond(pid: number, generation: KernelGeneration): KdamondParams {
  const ctx = defaultContext('vaddr');
  ctx.monitoring_attrs.intervals.update_us = 1_000_000;
  if (atLeast(generation, '6.18')) {
    // damo's --monitoring_intervals_goal default: 4% of max accesses over 3 aggregations, 5 ms..10 s.
    ctx.monitoring_attrs.intervals.intervals_goal = { access_bp: 400, aggrs: 3, min_sample_us: 5000, max_sample_us: 10_000_000 };
  }
  ctx.targets = [defaultTarget(pid)];
  const stat = defaultScheme('stat');
  ctx.schemes = [stat, coldPageout(50)];
  return { refresh_ms: 0, contexts: [ctx] };
}

/** A quota-limited pageout (10 ms and 64 MiB per second, oldest first) of regions idle for `minAge` aggregations. */
export function coldPageout(minAge: number): SchemeParams {
  const pageout = defaultScheme('pageout');
  pageout.access_pattern = { sz: { min: 4096, max: ULONG_MAX }, nr_accesses: { min: 0, max: 0 }, age: { min: minAge, max: UINT_MAX } };
  pageout.quotas = { ...pageout.quotas, ms: 10, bytes: 64 * 2 ** 20, reset_interval_ms: 1000, weights: { sz_permil: 0, nr_accesses_permil: 0, age_permil: 1000 } };
  return pageout;
}
