// Drives a SimKernel from the event loop: paced to the wall clock times a speed factor, or as
// fast as possible. Work happens in slices of at most `sliceMs` (≤ 10 ms) so the host's
// event loop stays responsive; pending damon_call() promises settle between slices.

import type { SimKernel } from './kernel';

export type RunnerSpeed = number | 'max';

export interface RunnerOptions {
  /** Virtual seconds per wall second, or 'max'. Default 1. */
  speed?: RunnerSpeed;
  /** Wall-clock budget of one slice; capped at 10 ms. Default 8. */
  sliceMs?: number;
  /** Called after each slice (e.g. to push a status refresh). */
  onSlice?: (kernel: SimKernel) => void;
}

const MAX_SLICE_MS = 10;
/** When paced and this far behind (wall ms), stop trying to catch up. */
const MAX_LAG_MS = 1000;

const defer: (fn: () => void) => unknown = typeof setImmediate === 'function' ? setImmediate : (fn) => setTimeout(fn, 0);

export class Runner {
  private speed: RunnerSpeed;
  private readonly sliceMs: number;
  private active = false;
  private wallAnchor = 0;
  private virtAnchor = 0;

  constructor(private readonly kernel: SimKernel, private readonly opts: RunnerOptions = {}) {
    this.speed = opts.speed ?? 1;
    this.sliceMs = Math.min(opts.sliceMs ?? 8, MAX_SLICE_MS);
  }

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.anchor();
    defer(this.tick);
  }

  stop(): void {
    this.active = false;
  }

  setSpeed(speed: RunnerSpeed): void {
    this.speed = speed;
    this.anchor();
  }

  private anchor(): void {
    this.wallAnchor = performance.now();
    this.virtAnchor = this.kernel.nowUs;
  }

  private readonly tick = (): void => {
    if (!this.active) return;
    if (this.speed === 'max') {
      // With nothing running there is nothing to fast-forward; keep virtual time still.
      if (this.kernel.kdamonds.some((k) => k.running)) this.kernel.runUntil(this.kernel.nowUs + 3600e6, this.sliceMs);
    } else {
      const now = performance.now();
      const target = this.virtAnchor + (now - this.wallAnchor) * 1000 * this.speed;
      const reached = this.kernel.runUntil(target, this.sliceMs);
      if (!reached && (target - this.kernel.nowUs) / (1000 * this.speed) > MAX_LAG_MS) this.anchor();
    }
    this.opts.onSlice?.(this.kernel);
    if (!this.active) return;
    if (this.speed === 'max') defer(this.tick);
    else setTimeout(this.tick, 2);
  };
}
