// The kernel's feedback-loop tuners (mm/damon/core.c): the input tuner shared by the
// quota-goal `consist` tuner and the monitoring-intervals auto-tuner. Integer arithmetic
// as the kernel's unsigned long.

export const ULONG_MAX_N = 2 ** 64 - 1;

/**
 * `damon_feed_loop_next_input()`: next input to reach score 10,000, assuming input and score
 * are proportional. next = last +- last * |10000 - score| / 10000, at least 10,000; a score
 * of 20,000 or more drops straight to 10,000.
 */
export function feedLoopNextInput(lastInput: number, score: number): number {
  const goal = 10000;
  const minInput = 10000;
  if (score === goal) return lastInput;
  if (score >= goal * 2) return minInput;
  const diff = score > goal ? score - goal : goal - score;
  const compensation = lastInput < ULONG_MAX_N / diff
    ? Math.floor((lastInput * diff) / goal)
    : Math.floor(lastInput / goal) * diff;
  if (score > goal) return Math.max(lastInput - compensation, minInput);
  return lastInput < ULONG_MAX_N - compensation ? lastInput + compensation : ULONG_MAX_N;
}

/** `damon_get_intervals_score()`: observed access events vs the access_bp goal, in bp. */
export function intervalsScoreBp(accessEvents: number, maxAccessEvents: number, accessBp: number): number {
  const target = Math.floor((maxAccessEvents * accessBp) / 10000) || 1;
  return Math.floor((accessEvents * 10000) / target);
}

/**
 * `damon_get_intervals_adaptation_bp()`: the factor (bp) to scale sample_us by. Values up to
 * 10,000 are rescaled to [5000, 10000] so an interval at most halves per tuning.
 */
export function intervalsAdaptationBp(scoreBp: number): number {
  const adaptation = Math.floor(feedLoopNextInput(100000000, scoreBp) / 10000);
  return adaptation <= 10000 ? 5000 + Math.floor(adaptation / 2) : adaptation;
}

/** `kdamond_tune_intervals()`: the new sample_us, clamped to [min_sample_us, max_sample_us]. */
export function tunedSampleUs(sampleUs: number, adaptationBp: number, minSampleUs: number, maxSampleUs: number): number {
  return Math.max(minSampleUs, Math.min(maxSampleUs, Math.floor((sampleUs * adaptationBp) / 10000)));
}
