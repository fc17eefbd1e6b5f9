// The simulated kernel: one machine (workload), the kdamonds, and a scheduler that advances
// virtual time by stepping whichever running kdamond is furthest behind.

import { DamonError } from '../damon/errno';
import { DAMON_OPS, type DamonOps } from '../damon/params';
import type { ValidationEnv } from '../damon/validate';
import type { SplitState } from './adjust';
import { Kdamond, type KernelEnv } from './kdamond';
import { Machine } from './machine';
import type { Workload, WorkloadSpec } from './workload';

export interface SimKernelOptions {
  workload: WorkloadSpec | Workload;
  /** Seed of every random choice; equal seeds give identical runs. */
  seed?: number;
  /** Registered operations sets (`avail_operations`); all three by default. */
  availableOps?: readonly DamonOps[];
}

export class SimKernel implements KernelEnv {
  readonly machine: Machine;
  readonly kdamonds: Kdamond[] = [];
  /** `kdamond_split_regions()`'s function-static last_nr_regions, shared by all contexts. */
  readonly splitState: SplitState = { lastNrRegions: 0 };
  readonly availableOps: readonly DamonOps[];
  readonly seed: number;
  /** Virtual time of the machine (µs). */
  nowUs = 0;
  private nextPid: number;
  private starts = 0;

  constructor(opts: SimKernelOptions) {
    this.seed = opts.seed ?? 1;
    this.machine = new Machine(opts.workload, this.seed);
    this.availableOps = opts.availableOps ?? DAMON_OPS;
    this.nextPid = Math.max(1000, ...this.machine.workload.processes.map((p) => p.pid + 1));
  }

  validationEnv(nrCommittedTargets: number): ValidationEnv {
    return {
      availableOps: this.availableOps,
      pidExists: (pid) => this.machine.processAlive(pid, this.nowUs),
      nrCommittedTargets,
    };
  }

  allocPid(): number {
    return this.nextPid++;
  }

  seedFor(kdamondIndex: number): number {
    return (Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(kdamondIndex + 1, 0x85ebca6b) ^ Math.imul(++this.starts, 0xc2b2ae35)) >>> 0;
  }

  /** `nr_kdamonds`: rebuilds the kdamond list; EBUSY while any kdamond runs. */
  setNrKdamonds(n: number): void {
    if (n < 0 || !Number.isInteger(n)) throw new DamonError('EINVAL', `nr_kdamonds=${n}: not a valid count`);
    if (this.kdamonds.some((k) => k.running)) throw new DamonError('EBUSY', `nr_kdamonds=${n}: a kdamond is running`);
    this.kdamonds.length = 0;
    for (let i = 0; i < n; i++) this.kdamonds.push(new Kdamond(this, i));
  }

  /** Adds one kdamond and returns it. */
  addKdamond(): Kdamond {
    const k = new Kdamond(this, this.kdamonds.length);
    this.kdamonds.push(k);
    return k;
  }

  private behind(): Kdamond | null {
    let next: Kdamond | null = null;
    for (const k of this.kdamonds) if (k.running && (!next || k.nowUs < next.nowUs)) next = k;
    return next;
  }

  /**
   * Advances every running kdamond to virtual time `untilUs` (each stops at the first sleep
   * reaching it). With a wall-clock budget, returns false if it ran out first.
   */
  runUntil(untilUs: number, budgetMs = Infinity): boolean {
    const deadline = budgetMs === Infinity ? Infinity : performance.now() + budgetMs;
    let n = 0;
    for (;;) {
      const k = this.behind();
      if (!k || k.nowUs >= untilUs) break;
      k.step();
      this.nowUs = Math.max(this.nowUs, Math.min(k.nowUs, untilUs));
      if ((++n & 3) === 0 && performance.now() >= deadline) return false;
    }
    this.nowUs = Math.max(this.nowUs, untilUs);
    return true;
  }

  /** Advances virtual time by `us`. */
  advance(us: number): void {
    this.runUntil(this.nowUs + us);
  }
}
