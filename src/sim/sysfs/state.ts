// `kdamonds/<K>/state` writes: the ten keywords with each generation's errno answers
// (mm/damon/sysfs.c `damon_sysfs_handle_cmd()`; answers from the transcripts, see quirks.ts).

import { DamonError } from '../../damon/errno';
import { validateKdamond } from '../../damon/validate';
import type { Kdamond } from '../kdamond';
import type { SimKernel } from '../kernel';
import { buildContext, buildKdamond } from './build';
import { STATE_KEYWORDS, type Quirks, type StateKeyword } from './quirks';
import { writeEffectiveQuotas, writeSchemeStats, writeTunedIntervals } from './readback';
import type { SysDir, TreeSpec } from './tree';
import { clearTriedRegions, fillTriedRegions, triedRegionsDirs } from './tried-regions';

/** A module that starts DAMON exclusively, so sysfs `on` gets EBUSY (`damon_start()`; FINDINGS §3). */
export type ExclusiveUser = 'damon_stat' | 'damon_reclaim';

/** One kdamond directory and the simulated kdamond behind it. */
export interface KdamondSlot {
  readonly dir: SysDir;
  readonly kdamond: Kdamond;
  /** `kdamond->damon_ctx != NULL`: set by a successful `on`, dropped by the next `on` attempt. */
  hasCtx: boolean;
  /** Removes the refresh_ms repeat call of the last `on`. */
  removeRefresh: (() => void) | null;
}

/** What the state commands need from the provider. */
export interface StateHost {
  readonly kernel: SimKernel;
  readonly quirks: Quirks;
  readonly spec: TreeSpec;
  readonly exclusiveUser: ExclusiveUser | null;
  /** `damon_sysfs_lock` is held (the refresh_ms call skips a round then, as its trylock fails). */
  readonly sysfsLocked: boolean;
  /** Waits for a damon_call()/damos_walk() request, the way the writer blocks on the kdamond. */
  wait<T>(request: Promise<T>): Promise<T>;
}

function isKeyword(word: string): word is StateKeyword {
  return (STATE_KEYWORDS as readonly string[]).includes(word);
}

function onlyContext(slot: KdamondSlot, word: string): SysDir {
  const contexts = slot.dir.dir('contexts')?.indexed() ?? [];
  if (contexts.length !== 1) throw new DamonError('EINVAL', `state=${word}: contexts/nr_contexts is ${contexts.length}, the command needs exactly one context`);
  return contexts[0];
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/**
 * refresh_ms (6.17+): a repeating damon_call that, at most every refresh_ms (read live, as
 * the kernel reads the sysfs field), refreshes tuned intervals, scheme stats and effective quotas.
 */
function installRefresh(host: StateHost, slot: KdamondSlot): void {
  slot.removeRefresh?.();
  slot.removeRefresh = null;
  if (!slot.dir.file('refresh_ms')) return;
  const kd = slot.kdamond;
  let last = kd.nowUs;
  slot.removeRefresh = kd.addRepeatCall(() => {
    const ms = num(slot.dir.value('refresh_ms'));
    if (!ms || kd.nowUs - last < ms * 1000 || host.sysfsLocked) return;
    last = kd.nowUs;
    const ctxDir = slot.dir.dir('contexts')?.indexed()[0];
    const st = kd.contextStatus();
    if (!ctxDir || !st) return;
    writeTunedIntervals(ctxDir, st.tuned_intervals);
    writeSchemeStats(ctxDir, st.schemes.map((s) => s.stats));
    writeEffectiveQuotas(ctxDir, st.schemes.map((s) => s.effective_bytes));
  });
}

/** `damon_sysfs_turn_damon_on()`: EBUSY if running, then build (errors as they are), then `damon_start()`. */
function turnOn(host: StateHost, slot: KdamondSlot): void {
  const kd = slot.kdamond;
  if (kd.running) throw new DamonError('EBUSY', 'state=on: the kdamond is already running');
  onlyContext(slot, 'on');
  slot.hasCtx = false;
  const params = buildKdamond(slot.dir);
  const err = validateKdamond(params, host.kernel.validationEnv(0));
  if (err) throw err;
  if (host.exclusiveUser) throw new DamonError('EBUSY', `state=on: ${host.exclusiveUser} is running DAMON exclusively`);
  kd.start(params);
  slot.hasCtx = true;
  installRefresh(host, slot);
}

/** `damon_sysfs_turn_damon_off()`: EINVAL without a context; a stopped one is ok on 7.3, EPERM before. */
function turnOff(host: StateHost, slot: KdamondSlot): void {
  const kd = slot.kdamond;
  if (!slot.hasCtx) throw new DamonError('EINVAL', 'state=off: the kdamond was never started');
  if (!kd.running) {
    if (host.quirks.offWhileStopped === 'EPERM') throw new DamonError('EPERM', 'state=off: the kdamond is not running');
    return;
  }
  kd.stop();
}

async function commit(host: StateHost, slot: KdamondSlot): Promise<void> {
  const kd = slot.kdamond;
  const params = buildKdamond(slot.dir);
  if (host.quirks.invalidCommitKills && validateKdamond(params, host.kernel.validationEnv(kd.ctx?.targets.length ?? 0))) {
    // 6.12: the commit fails inside the kdamond's callback; the write returns 0 and the kdamond terminates.
    kd.stop();
    return;
  }
  await host.wait(kd.commit(params));
}

async function updateTriedRegions(host: StateHost, kd: Kdamond, ctxDir: SysDir, bytesOnly: boolean): Promise<void> {
  const dirs = triedRegionsDirs(ctxDir);
  for (const d of dirs) {
    clearTriedRegions(d);
    d.set('total_bytes', 0);
  }
  const tried = await host.wait(kd.updateSchemesTriedRegions());
  dirs.forEach((d, i) => {
    if (tried[i]) fillTriedRegions(d, tried[i], bytesOnly, host.spec, host.quirks);
  });
}

/** One write to `state`. */
export async function writeState(host: StateHost, slot: KdamondSlot, text: string): Promise<void> {
  const word = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (!isKeyword(word) || !host.quirks.keywords.has(word)) throw new DamonError('EINVAL', `state="${word}": unknown command`);
  if (word === 'on') return turnOn(host, slot);
  if (word === 'off') return turnOff(host, slot);
  const ctxDir = onlyContext(slot, word);
  const kd = slot.kdamond;
  if (word === 'clear_schemes_tried_regions' && !host.quirks.clearNeedsRunning) {
    triedRegionsDirs(ctxDir).forEach(clearTriedRegions);
    return;
  }
  if (!slot.hasCtx) throw new DamonError('EINVAL', `state=${word}: the kdamond was never started`);
  if (!kd.running) throw new DamonError(host.quirks.stoppedCallErrno, `state=${word}: the kdamond is not running`);
  switch (word) {
    case 'commit':
      return commit(host, slot);
    case 'commit_schemes_quota_goals':
      return host.wait(kd.commitSchemesQuotaGoals(buildContext(ctxDir)));
    case 'update_schemes_stats':
      return writeSchemeStats(ctxDir, await host.wait(kd.updateSchemesStats()));
    case 'update_schemes_tried_bytes':
    case 'update_schemes_tried_regions':
      return updateTriedRegions(host, kd, ctxDir, word === 'update_schemes_tried_bytes');
    case 'clear_schemes_tried_regions':
      return triedRegionsDirs(ctxDir).forEach(clearTriedRegions);
    case 'update_schemes_effective_quotas':
      return writeEffectiveQuotas(ctxDir, await host.wait(kd.updateSchemesEffectiveQuotas()));
    case 'update_tuned_intervals':
      return writeTunedIntervals(ctxDir, await host.wait(kd.updateTunedIntervals()));
  }
}
