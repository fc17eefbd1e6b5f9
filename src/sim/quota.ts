// DAMOS quota formulas (mm/damon/core.c, mm/damon/ops-common.c): effective quota,
// goal score, prioritisation scores and the min_score cut.

import type { DamosAction, Quotas } from '../damon/params';
import { feedLoopNextInput, ULONG_MAX_N } from './feedloop';

export const DAMOS_MAX_SCORE = 99;
const DAMON_MAX_SUBSCORE = 100;
const DAMON_MAX_AGE_IN_LOG = 32;
/** Throughput assumed before anything was charged: PAGE_SIZE * 1024 bytes per ms. */
export const DEFAULT_THROUGHPUT_B_PER_MS = 4096 * 1024;

/** `damos_quota_score()`: the highest current/target ratio (bp) among goals; the least aggressive wins. */
export function goalScoreBp(goals: readonly { current_value: number; target_value: number }[]): number {
  let best = 0;
  for (const g of goals) best = Math.max(best, Math.floor((g.current_value * 10000) / g.target_value));
  return best;
}

/** Internal quota state the effective-quota computation reads and updates. */
export interface QuotaTuneState {
  eszBp: number;
  totalChargedSz: number;
  totalChargedNs: number;
}

/**
 * `damos_set_effective_quota()` with the `consist` (feed loop) and `temporal` goal tuners.
 * `score` is the goal score, computed only when goals exist.
 */
export function effectiveQuota(q: Quotas, st: QuotaTuneState, score: number, minRegionSz: number): number {
  if (!q.ms && q.goals.length === 0) return q.bytes;
  let esz = ULONG_MAX_N;
  if (q.goals.length) {
    if (q.goal_tuner === 'consist') st.eszBp = feedLoopNextInput(Math.max(st.eszBp, 10000), score);
    else st.eszBp = score >= 10000 ? 0 : q.bytes ? q.bytes * 10000 : ULONG_MAX_N;
    esz = Math.floor(st.eszBp / 10000);
  }
  if (q.ms) {
    const throughput = st.totalChargedNs
      ? Math.floor((st.totalChargedSz * 1000000) / st.totalChargedNs)
      : DEFAULT_THROUGHPUT_B_PER_MS;
    esz = Math.min(esz, Math.max(throughput * q.ms, minRegionSz));
  }
  if (q.bytes && q.bytes < esz) esz = q.bytes;
  return esz;
}

/** `damon_hot_score()`: weighted access-frequency and age subscores, scaled to [0, 99]. */
export function hotScore(nrAccesses: number, maxNrAccesses: number, age: number, aggrUs: number, w: Quotas['weights']): number {
  const freqSubscore = Math.floor((nrAccesses * DAMON_MAX_SUBSCORE) / maxNrAccesses);
  let ageInSec = Math.floor((age * aggrUs) / 1000000);
  let ageInLog = 0;
  for (; ageInLog < DAMON_MAX_AGE_IN_LOG && ageInSec; ageInLog++) ageInSec = Math.floor(ageInSec / 2);
  // If frequency is 0, higher age means colder.
  if (freqSubscore === 0) ageInLog = -ageInLog;
  ageInLog += DAMON_MAX_AGE_IN_LOG;
  const ageSubscore = Math.trunc((ageInLog * DAMON_MAX_SUBSCORE) / DAMON_MAX_AGE_IN_LOG / 2);
  let hotness = w.nr_accesses_permil * freqSubscore + w.age_permil * ageSubscore;
  if (w.nr_accesses_permil + w.age_permil) hotness = Math.trunc(hotness / (w.nr_accesses_permil + w.age_permil));
  return Math.trunc((hotness * DAMOS_MAX_SCORE) / DAMON_MAX_SUBSCORE);
}

/**
 * `get_scheme_score` of vaddr/paddr: cold score (99 - hot) for actions that demote, hot score
 * for those that promote, DAMOS_MAX_SCORE for the rest. vaddr scores only pageout and migrate_*.
 */
export function schemeScore(ops: 'vaddr' | 'fvaddr' | 'paddr', action: DamosAction, hot: () => number): number {
  const cold = (): number => DAMOS_MAX_SCORE - hot();
  switch (action) {
    case 'pageout': case 'migrate_cold': return cold();
    case 'migrate_hot': return hot();
    case 'lru_deprio': return ops === 'paddr' ? cold() : DAMOS_MAX_SCORE;
    case 'lru_prio': return ops === 'paddr' ? hot() : DAMOS_MAX_SCORE;
    default: return DAMOS_MAX_SCORE;
  }
}

/**
 * The min_score cut of `damos_adjust_quota()`: walking scores down from the highest seen,
 * the first score at which the cumulated bytes reach esz (or 0).
 */
export function minScoreFor(histogram: Float64Array, maxScore: number, esz: number): number {
  let cumulated = 0;
  let score = maxScore;
  for (;; score--) {
    cumulated += histogram[score];
    if (cumulated >= esz || !score) break;
  }
  return score;
}
