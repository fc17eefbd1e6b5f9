// Decides when to re-read the backends: every `intervalMs` while someone is looking (the view or
// a dashboard is visible), and soon after a request (a command ran), with requests coalesced.
// One refresh at a time; a request that arrives during a refresh runs once it ends.

export interface RefreshSchedulerOptions {
  readonly intervalMs: number;
  /** Requests within this window are served by one refresh. */
  readonly debounceMs: number;
  readonly refresh: () => Promise<void>;
  readonly onError?: (e: unknown) => void;
}

export const REFRESH_INTERVAL_BOUNDS = { min: 100, max: 60_000 } as const;

export function clampInterval(ms: number): number {
  if (!Number.isFinite(ms)) return 1000;
  return Math.min(REFRESH_INTERVAL_BOUNDS.max, Math.max(REFRESH_INTERVAL_BOUNDS.min, Math.round(ms)));
}

export class RefreshScheduler {
  private intervalMs: number;
  private active = false;
  private periodic: ReturnType<typeof setTimeout> | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;

  constructor(private readonly opts: RefreshSchedulerOptions) {
    this.intervalMs = clampInterval(opts.intervalMs);
  }

  /** Periodic refreshes run only while active (something visible shows the data). */
  setActive(active: boolean): void {
    if (this.active === active || this.disposed) return;
    this.active = active;
    if (active) this.request();
    else this.clearPeriodic();
  }

  get isActive(): boolean {
    return this.active;
  }

  setInterval(ms: number): void {
    this.intervalMs = clampInterval(ms);
    if (this.active) this.schedulePeriodic();
  }

  /** Asks for a refresh soon, whether or not active: a command's effect must show. */
  request(): void {
    if (this.disposed || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.runNow();
    }, this.opts.debounceMs);
  }

  /** Refreshes now (or right after the refresh in flight) and resolves when done. */
  async runNow(): Promise<void> {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.clearPeriodic();
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.opts.refresh();
        } catch (e) {
          this.opts.onError?.(e);
        }
      } while (this.again && !this.disposed);
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
      if (this.active && !this.disposed) this.schedulePeriodic();
    }
  }

  private schedulePeriodic(): void {
    this.clearPeriodic();
    this.periodic = setTimeout(() => void this.runNow(), this.intervalMs);
  }

  private clearPeriodic(): void {
    if (this.periodic) clearTimeout(this.periodic);
    this.periodic = undefined;
  }

  /** Stops every timer; nothing runs after this. */
  dispose(): void {
    this.disposed = true;
    this.clearPeriodic();
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
  }
}
