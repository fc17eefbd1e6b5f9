// What each kernel generation answers where they differ, as probed on real Debian kernels
// (../shared/damon/real-kernel-transcripts.txt, summarised in recipes/damon-vm/FINDINGS.md §3).

import { atLeast, type KernelGeneration } from '../../damon/sysfs-layout';

/** `kdamonds/<K>/state` keywords, in `damon_sysfs_cmd_strs` order. */
export const STATE_KEYWORDS = [
  'on', 'off', 'commit', 'commit_schemes_quota_goals', 'update_schemes_stats', 'update_schemes_tried_bytes',
  'update_schemes_tried_regions', 'clear_schemes_tried_regions', 'update_schemes_effective_quotas', 'update_tuned_intervals',
] as const;
export type StateKeyword = (typeof STATE_KEYWORDS)[number];

export interface Quirks {
  readonly generation: KernelGeneration;
  /** The `state` keywords the kernel knows; others are EINVAL (6.12 lacks update_tuned_intervals, §C). */
  readonly keywords: ReadonlySet<StateKeyword>;
  /** `off` on a stopped kdamond: ok on 7.3, EPERM before (`__damon_stop()`; §A vs §C, §D). */
  readonly offWhileStopped: 'ok' | 'EPERM';
  /** damon_call()-based commands on a stopped kdamond: ECANCELED on 7.2+, EINVAL before (§A, §C, §E). */
  readonly stoppedCallErrno: 'ECANCELED' | 'EINVAL';
  /**
   * 6.12 commits inside a kdamond callback whose error is not returned to the writer: the write
   * succeeds and the kdamond terminates (§C "3. online commit"). Later kernels validate first.
   */
  readonly invalidCommitKills: boolean;
  /** 6.12 passes every command but on/off to the running kdamond, so clearing tried regions needs it running. */
  readonly clearNeedsRunning: boolean;
  /**
   * tried_regions dir names: 0..N-1, or (6.18–7.1) a counter that each region adds 2 to and
   * each removed dir takes 1 from, so names are non-contiguous and shift (§F).
   */
  readonly triedRegionsNaming: 'contiguous' | 'shifting';
  /** The damon_stat module exists (6.17+), and Debian enables it by default (FINDINGS §3). */
  readonly hasDamonStat: boolean;
}

export function quirksOf(gen: KernelGeneration): Quirks {
  const shifting = atLeast(gen, '6.18') && !atLeast(gen, '7.2');
  return {
    generation: gen,
    keywords: new Set(atLeast(gen, '6.18') ? STATE_KEYWORDS : STATE_KEYWORDS.filter((k) => k !== 'update_tuned_intervals')),
    offWhileStopped: atLeast(gen, '7.3') ? 'ok' : 'EPERM',
    stoppedCallErrno: atLeast(gen, '7.2') ? 'ECANCELED' : 'EINVAL',
    invalidCommitKills: !atLeast(gen, '6.18'),
    clearNeedsRunning: !atLeast(gen, '6.18'),
    triedRegionsNaming: shifting ? 'shifting' : 'contiguous',
    hasDamonStat: atLeast(gen, '6.18'),
  };
}
