// A kdamond's state: the keywords `kdamonds/<K>/state` takes, reading state and pid, and noticing
// a kdamond that stopped by itself (its target process exited, or a failed commit on 6.12 killed it).
import type { KdamondState } from '../damon/status';
import type { SysfsAccess } from './access';
import { chomp, numericEntries, parseNum } from './format';
import { kdamondPath } from './paths';

/** `kdamonds/<K>/state` keywords, in `damon_sysfs_cmd_strs` order. */
export const STATE_COMMANDS = [
  'on',
  'off',
  'commit',
  'commit_schemes_quota_goals',
  'update_schemes_stats',
  'update_schemes_tried_bytes',
  'update_schemes_tried_regions',
  'clear_schemes_tried_regions',
  'update_schemes_effective_quotas',
  'update_tuned_intervals',
] as const;
export type StateCommand = (typeof STATE_COMMANDS)[number];

/** A kdamond that was on and is now off without the client turning it off. */
export interface StoppedKdamond {
  index: number;
  /** The pid it had while running. */
  lastPid: number;
}

export async function readState(files: SysfsAccess, k: number): Promise<KdamondState> {
  return chomp(await files.read(`${kdamondPath(k)}/state`)).trim() === 'on' ? 'on' : 'off';
}

export async function readPid(files: SysfsAccess, k: number): Promise<number> {
  return parseNum(await files.read(`${kdamondPath(k)}/pid`));
}

/** Index directories under kdamonds/, sorted numerically. */
export async function readKdamondIndices(files: SysfsAccess): Promise<number[]> {
  return numericEntries(await files.list('kdamonds'));
}

/** The kdamonds believed running, with their pid (-1 until known), to notice those that stop by themselves. */
export class RunningKdamonds {
  private readonly running = new Map<number, number>();

  constructor(private readonly files: SysfsAccess) {}

  get pids(): ReadonlyMap<number, number> {
    return this.running;
  }

  set(k: number, pid: number): void {
    this.running.set(k, pid);
  }

  forget(k: number): void {
    this.running.delete(k);
  }

  /** A kdamond seen on by a read: remembered, or its pid learnt. */
  observe(k: number, state: KdamondState, pid: number): void {
    if (state === 'on' && !this.running.has(k)) this.running.set(k, pid);
    else if (state === 'on' && this.running.get(k) === -1) this.running.set(k, pid);
  }

  /** The stop of a kdamond believed running, reported once. */
  takeStopped(k: number): StoppedKdamond | undefined {
    const lastPid = this.running.get(k);
    if (lastPid === undefined) return undefined;
    this.running.delete(k);
    return { index: k, lastPid };
  }

  /**
   * Reads the state of every kdamond and reports those that were on (started by this client,
   * or seen on) and are now off without stop(): for example, their target process exited, or a
   * failed commit on 6.12 killed them. Each stop is reported once.
   */
  async poll(): Promise<StoppedKdamond[]> {
    const idx = new Set(await readKdamondIndices(this.files));
    const out: StoppedKdamond[] = [];
    for (const k of [...this.running.keys()]) {
      if (!idx.has(k)) {
        this.running.delete(k);
        continue;
      }
      if ((await readState(this.files, k)) === 'off') {
        const s = this.takeStopped(k);
        if (s) out.push(s);
      }
    }
    for (const k of idx) {
      if (this.running.has(k)) continue;
      const st = await readState(this.files, k).catch(() => 'off' as const);
      if (st === 'on') this.running.set(k, await readPid(this.files, k).catch(() => -1));
    }
    return out;
  }
}
