// A simulated kdamond: kdamond_fn()'s main loop as a step machine over virtual time, with
// the damon_call() request queue and damos_walk(). One step runs up to and including one
// sleep of the kernel loop (a sample, a paused sample, or a watermarks wait), so a caller can
// interleave requests exactly where the kernel would see them.
//
// Iteration order (mm/damon/core.c kdamond_fn(), Linux 7.2+):
//   1. kdamond_wait_activation()        watermarks; sleeps, serves calls, cancels walks
//   2. prepare_access_checks, usleep(sample), passed_sample_intervals++
//   3. check_accesses
//   4. at the aggregation boundary: merge, apply_min_nr_regions
//   5. kdamond_call()                   commit, stats, tuned intervals, ...
//   6. while (pause): walk cancel, usleep(sample), kdamond_call(), stop checks
//   7. apply DAMOS (or cancel the walk when there are no schemes)
//   8. at the aggregation boundary: tune intervals, reset aggregated, split
//   9. at the update boundary: ops.update

import { DamonError } from '../damon/errno';
import type { ContextParams, KdamondParams } from '../damon/params';
import type { ContextStatus, KdamondStatus, SchemeStats, TriedRegions, TunedIntervals } from '../damon/status';
import { validateContext, validateKdamond, type ValidationEnv } from '../damon/validate';
import type { SplitState } from './adjust';
import { DamonCtx, WalkCanceled } from './context';
import { activationWaitUs, applySchemes } from './damos';
import type { Machine } from './machine';
import { TraceEmitter } from './trace';

/** What a kdamond needs from the simulated kernel it runs in. */
export interface KernelEnv {
  readonly machine: Machine;
  readonly splitState: SplitState;
  readonly nowUs: number;
  validationEnv(nrCommittedTargets: number): ValidationEnv;
  allocPid(): number;
  seedFor(kdamondIndex: number): number;
}

interface CallRequest {
  fn: () => void;
  reject: (e: Error) => void;
}

type Phase = 'off' | 'top' | 'wait' | 'paused';

const canceled = (what: string): DamonError => new DamonError('ECANCELED', `${what}: the kdamond is not running`);

export class Kdamond {
  /** The context; kept after the kdamond stops so the last results stay readable. */
  ctx: DamonCtx | null = null;
  pid = -1;
  /** This kdamond's virtual clock (µs); a step advances it by one sleep. */
  nowUs = 0;
  refreshMs = 0;
  readonly trace = new TraceEmitter();
  private phase: Phase = 'off';
  private calls: CallRequest[] = [];
  private readonly repeatCalls = new Set<() => void>();
  private shouldStop = false;
  private szLimit = 0;
  /** kdamond_fn() reads these at the top of each iteration and uses them for the whole iteration. */
  private it = { nextAggregationSis: 0, nextOpsUpdateSis: 0, sampleUs: 0 };

  constructor(private readonly env: KernelEnv, readonly index: number) {}

  get running(): boolean {
    return this.phase !== 'off';
  }

  get paused(): boolean {
    return this.phase === 'paused';
  }

  // ---- state commands ----

  /** `on`: validate, build a fresh context and start the loop (EBUSY if running). */
  start(params: KdamondParams | ContextParams): void {
    if (this.running) throw new DamonError('EBUSY', 'state=on: the kdamond is already running');
    const ctxParams = 'contexts' in params ? params.contexts[0] : params;
    const env = this.env.validationEnv(0);
    const err = 'contexts' in params ? validateKdamond(params, env) : validateContext(ctxParams, env);
    if (err) throw err;
    if ('contexts' in params) this.refreshMs = params.refresh_ms;
    this.nowUs = this.env.nowUs;
    const ctx = new DamonCtx(ctxParams, this.env.machine, this.trace, this.env.splitState, this.env.seedFor(this.index));
    ctx.nowUs = this.nowUs;
    this.ctx = ctx;
    this.shouldStop = false;
    this.pid = this.env.allocPid();
    this.szLimit = ctx.init();
    this.phase = 'top';
  }

  /** `off`: EINVAL if never started; otherwise stop (at once: the loop checks at each step). */
  stop(): void {
    if (!this.ctx) throw new DamonError('EINVAL', 'state=off: the kdamond was never started');
    if (!this.running) return;
    this.shouldStop = true;
    while (this.running) this.step();
  }

  /** Queues fn for the next kdamond_call() point (`damon_call()`). */
  call<T>(what: string, fn: (ctx: DamonCtx) => T): Promise<T> {
    const ctx = this.ctx;
    if (!ctx) return Promise.reject(new DamonError('EINVAL', `${what}: the kdamond was never started`));
    if (!this.running) return Promise.reject(canceled(what));
    return new Promise<T>((resolve, reject) => {
      this.calls.push({
        fn: () => {
          try {
            resolve(fn(ctx));
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        },
        reject,
      });
    });
  }

  /** A repeating damon_call (what sysfs installs for refresh_ms). Returns a remover. */
  addRepeatCall(fn: () => void): () => void {
    this.repeatCalls.add(fn);
    return () => this.repeatCalls.delete(fn);
  }

  /** `commit`: validated on the kdamond thread against the running context, then committed. */
  commit(params: KdamondParams | ContextParams): Promise<void> {
    return this.call('state=commit', (ctx) => {
      const env = this.env.validationEnv(ctx.targets.length);
      const p = 'contexts' in params ? params.contexts[0] : params;
      const err = 'contexts' in params ? validateKdamond(params, env) : validateContext(p, env);
      if (err) throw err;
      ctx.commit(p);
    });
  }

  /** `commit_schemes_quota_goals`: only the goals of each scheme (user_input current values). */
  commitSchemesQuotaGoals(params: ContextParams): Promise<void> {
    return this.call('state=commit_schemes_quota_goals', (ctx) => {
      ctx.schemes.forEach((s, i) => {
        const goals = params.schemes[i]?.quotas.goals ?? [];
        for (const [gi, g] of goals.entries()) {
          if (!g.target_value) throw new DamonError('EINVAL', `schemes/${i}/quotas/goals/${gi}/target_value=0: a quota goal needs a non-zero target_value`);
        }
        s.p.quotas.goals = structuredClone(goals);
        s.goals = goals.map((g, gi) => ({ params: { ...g }, current_value: g.target_metric === 'user_input' ? g.current_value : s.goals[gi]?.current_value ?? 0, lastPsiTotal: null }));
      });
    });
  }

  updateSchemesStats(): Promise<SchemeStats[]> {
    return this.call('state=update_schemes_stats', (ctx) => ctx.schemes.map((s) => ({ ...s.stats, max_nr_snapshots: s.p.max_nr_snapshots })));
  }

  updateSchemesEffectiveQuotas(): Promise<number[]> {
    return this.call('state=update_schemes_effective_quotas', (ctx) => ctx.schemes.map((s) => s.quota.esz));
  }

  updateTunedIntervals(): Promise<TunedIntervals> {
    return this.call('state=update_tuned_intervals', (ctx) => ({ sample_us: ctx.attrs.sample_us, aggr_us: ctx.attrs.aggr_us }));
  }

  /**
   * `update_schemes_tried_regions` (and `_tried_bytes`): a damos_walk() over one apply interval
   * of every scheme. EBUSY if a walk is pending; ECANCELED while paused, without schemes,
   * while deactivated by watermarks, or when the kdamond stops.
   */
  updateSchemesTriedRegions(what = 'state=update_schemes_tried_regions'): Promise<TriedRegions[]> {
    const ctx = this.ctx;
    if (!ctx) return Promise.reject(new DamonError('EINVAL', `${what}: the kdamond was never started`));
    if (!this.running) return Promise.reject(canceled(what));
    if (ctx.walk) return Promise.reject(new DamonError('EBUSY', `${what}: another walk is pending`));
    return new Promise<TriedRegions[]>((resolve, reject) => {
      ctx.walk = {
        tried: ctx.schemes.map(() => ({ total_bytes: 0, regions: [] })),
        resolve,
        reject: (e) => reject(e instanceof WalkCanceled ? new DamonError('ECANCELED', `${what}: the walk was canceled (paused, no schemes, deactivated, or stopped)`) : e),
      };
    });
  }

  /** `update_schemes_tried_bytes`: the same walk, keeping only each scheme's total_bytes. */
  async updateSchemesTriedBytes(): Promise<number[]> {
    const tried = await this.updateSchemesTriedRegions('state=update_schemes_tried_bytes');
    return tried.map((t) => t.total_bytes);
  }

  // ---- the loop ----

  private sleep(us: number): void {
    // usleep of 0 still takes time; never let virtual time stand still.
    this.nowUs += Math.max(us, 1);
    if (this.ctx) this.ctx.nowUs = this.nowUs;
  }

  /** `kdamond_need_stop()`: asked to stop, or (for ops with target_valid) no valid target left. */
  private needStop(ctx: DamonCtx): boolean {
    if (this.shouldStop) return true;
    if (!ctx.ops.hasTargetValid) return false;
    for (let t = 0; t < ctx.targets.length; t++) if (ctx.targetValid(t)) return false;
    return true;
  }

  /** `kdamond_call()`: serve queued requests (or cancel them when stopping), then the repeating ones. */
  private kdamondCall(cancel: boolean): void {
    const calls = this.calls;
    if (calls.length) this.calls = [];
    for (const c of calls) {
      if (cancel) c.reject(canceled('damon_call'));
      else c.fn();
    }
    if (!cancel) for (const fn of this.repeatCalls) fn();
  }

  /** Runs the loop up to and including its next sleep. */
  step(): void {
    const ctx = this.ctx;
    if (!ctx || this.phase === 'off') return;
    if (this.phase === 'paused') {
      this.pausedStep(ctx);
      return;
    }
    if (this.phase === 'top') {
      if (this.needStop(ctx)) return this.done(ctx);
      this.it.nextAggregationSis = ctx.nextAggregationSis;
      this.it.nextOpsUpdateSis = ctx.nextOpsUpdateSis;
      this.it.sampleUs = ctx.attrs.sample_us;
      this.phase = 'wait';
    }
    // kdamond_wait_activation()
    if (this.needStop(ctx)) return this.done(ctx);
    const wait = activationWaitUs(ctx);
    if (wait) {
      this.sleep(wait);
      this.kdamondCall(false);
      ctx.walkCancel();
      return;
    }
    this.sleep(this.it.sampleUs);
    ctx.passed++;
    ctx.sample();
    if (ctx.passed >= this.it.nextAggregationSis) {
      ctx.merge(this.szLimit);
      this.szLimit = ctx.applyMinNrRegions();
    }
    this.kdamondCall(false);
    if (ctx.pause) {
      this.phase = 'paused';
      return;
    }
    this.afterPause(ctx);
  }

  /** One iteration of the pause loop; on resume, continue at DAMOS of the same iteration. */
  private pausedStep(ctx: DamonCtx): void {
    ctx.walkCancel();
    this.sleep(ctx.attrs.sample_us);
    this.kdamondCall(false);
    if (this.needStop(ctx)) return this.done(ctx);
    if (!ctx.pause) this.afterPause(ctx);
  }

  private afterPause(ctx: DamonCtx): void {
    if (ctx.schemes.length) applySchemes(ctx);
    else ctx.walkCancel();
    let sample = ctx.attrs.sample_us || 1;
    if (ctx.passed >= this.it.nextAggregationSis) {
      if (ctx.attrs.intervals_goal.aggrs && ctx.passed >= ctx.nextIntervalsTuneSis) {
        // A commit may have moved next_aggregation_sis; damon_set_attrs() must see the boundary.
        ctx.nextAggregationSis = this.it.nextAggregationSis;
        ctx.nextIntervalsTuneSis += ctx.attrs.aggr_samples * ctx.attrs.intervals_goal.aggrs;
        ctx.tuneIntervals();
        sample = ctx.attrs.sample_us || 1;
      }
      ctx.nextAggregationSis = this.it.nextAggregationSis + Math.floor(ctx.attrs.aggr_us / sample);
      ctx.resetAggregated();
      ctx.split();
    }
    if (ctx.passed >= this.it.nextOpsUpdateSis) {
      ctx.nextOpsUpdateSis = this.it.nextOpsUpdateSis + Math.floor(ctx.attrs.update_us / sample);
      ctx.opsUpdate();
    }
    this.phase = 'top';
  }

  /** The `done:` label: destroy targets, cancel pending calls and the walk. */
  private done(ctx: DamonCtx): void {
    ctx.destroyTargets();
    this.phase = 'off';
    this.pid = -1;
    this.kdamondCall(true);
    ctx.walkCancel();
  }

  // ---- readout ----

  contextStatus(): ContextStatus | null {
    const ctx = this.ctx;
    if (!ctx) return null;
    return {
      operations: ctx.ops.name,
      pause: ctx.pause,
      tuned_intervals: { sample_us: ctx.attrs.sample_us, aggr_us: ctx.attrs.aggr_us },
      passed_sample_intervals: ctx.passed,
      next_aggregation_sis: ctx.nextAggregationSis,
      next_ops_update_sis: ctx.nextOpsUpdateSis,
      targets: ctx.targets.map((tg, t) => ({
        pid_target: tg.pid,
        valid: ctx.targetValid(t),
        regions: ctx.regions.status(t, (i) => ctx.bp(i)),
      })),
      schemes: ctx.schemes.map((s) => ({
        stats: { ...s.stats, max_nr_snapshots: s.p.max_nr_snapshots },
        effective_bytes: s.quota.esz,
        wmarks_activated: s.wmarksActivated,
        goals: s.goals.map((g) => ({ current_value: g.current_value })),
      })),
    };
  }

  /** A consistent dump of the kdamond, as drgn would read it. */
  status(): KdamondStatus {
    const c = this.contextStatus();
    return { state: this.running ? 'on' : 'off', pid: this.pid, contexts: c ? [c] : [] };
  }
}
