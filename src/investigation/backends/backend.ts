// A backend is one DAMON the extension watches: a simulated kernel, or the system's sysfs.
// Both are driven through the same sysfs client; this is the surface the UI uses.
import type { KdamondParams } from '../../damon/params';
import type { StatusDump } from '../dumps/dump';
import type { TraceSource } from '../trace/liveTrace';
import type { PhaseBinding } from '../phases/phases';
import type { BackendKind, BackendSnapshot } from './snapshot';

export interface DamonBackend {
  readonly id: string;
  readonly kind: BackendKind;
  readonly label: string;
  /** Named phases, one kdamond each, when the backend knows them (see phases.ts). */
  readonly phases?: readonly PhaseBinding[];
  /** Reads everything the tree and dashboards show. Never writes. */
  snapshot(): Promise<BackendSnapshot>;
  /** Writes `pause` (Y or N) and commits it (Linux 7.2+). */
  setPause(kdamond: number, context: number, pause: boolean): Promise<void>;
  /** Writes `on` / `off` to the kdamond's `state`. */
  start(kdamond: number): Promise<void>;
  stop(kdamond: number): Promise<void>;
  /** Commits the staged parameter files (`commit`). */
  commit(kdamond: number): Promise<void>;
  /** Stages `params` into the kdamond's files, then commits them if it is on. All or nothing. */
  apply(kdamond: number, params: KdamondParams): Promise<void>;
  /** A consistent status dump of a kdamond (race-free while its context is paused). */
  dump(kdamond: number): Promise<StatusDump>;
  /**
   * A reader of the kernel's damon:damon_aggregated trace (real kernels only). Throws, with the
   * reason, when this backend cannot trace (no privilege, no tracefs, not the kernel's own sysfs).
   */
  openTrace?(): Promise<TraceSource>;
  /** Subscribes to changes the backend notices by itself (a kdamond that stopped, a simulated step). */
  onDidChange(listener: () => void): { dispose(): void };
  dispose(): void;
}

/** A DAMON error worth showing as is: it names what was wrong and what to do. */
export class BackendError extends Error {
  constructor(
    message: string,
    /** A command id that fixes the problem, offered next to "Show Log". */
    readonly fix?: { readonly title: string; readonly command: string },
  ) {
    super(message);
    this.name = 'BackendError';
  }
}
