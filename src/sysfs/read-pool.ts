// Reads batches of small files on worker threads. A sysfs read is a few microseconds of system
// call; a snapshot of 10,000 tried regions is 50,000 of them, which on one thread blocks the
// extension host for a quarter of a second. Worker threads take that off the host's event loop
// and read on every core. Workers start on first use and end after a short idle time.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AgentItemError } from './agent-protocol';
import { readFilesFast } from './fast-read';

export interface ReadRequest {
  readonly id: number;
  readonly paths: readonly string[];
}

export interface ReadAnswer {
  readonly id: number;
  readonly results: readonly (string | AgentItemError)[];
}

/** An Error with the errno code of a failed read, as node:fs throws. */
function errnoError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** Below this many paths a batch is read on the calling thread: a worker round trip costs more. */
export const MIN_WORKER_BATCH = 64;
/** Workers end after this long without work, so an idle extension holds no threads. */
const IDLE_MS = 10_000;

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (a: ReadAnswer) => void; reject: (e: Error) => void }>;
}

export class ReadPool {
  private slots: Slot[] = [];
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  /**
   * @param script the worker's bundle (dist/read-worker.js); without one, every batch is read on
   *   the calling thread.
   * @param size the number of worker threads.
   */
  constructor(
    readonly script: string | undefined,
    readonly size: number = Math.max(1, Math.min(4, availableParallelism())),
  ) {}

  /** Reads each path whole; a failed read yields its errno Error in place. */
  async read(paths: readonly string[]): Promise<(string | Error)[]> {
    if (this.script === undefined || paths.length < MIN_WORKER_BATCH) return readFilesFast(paths);
    clearTimeout(this.idleTimer);
    const slot = this.leastBusy();
    const id = this.nextId++;
    try {
      const answer = await new Promise<ReadAnswer>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        // A busy worker keeps the process alive: a CLI awaiting its answer must not exit.
        slot.worker.ref();
        slot.worker.postMessage({ id, paths } satisfies ReadRequest);
      });
      return answer.results.map((r) => (typeof r === 'string' ? r : errnoError(r.code, r.message)));
    } catch {
      // The worker died (out of memory, killed): this batch is read here instead.
      return readFilesFast(paths);
    } finally {
      this.touch();
    }
  }

  /** Ends every worker; the next read starts new ones. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private leastBusy(): Slot {
    if (this.slots.length < this.size && this.slots.every((s) => s.pending.size > 0)) return this.spawn();
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Slot {
    const worker = new Worker(this.script!);
    // Idle workers must not keep a CLI or test process alive.
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    const fail = (e: Error): void => {
      this.slots = this.slots.filter((s) => s !== slot);
      for (const p of slot.pending.values()) p.reject(e);
      slot.pending.clear();
    };
    worker.on('message', (a: ReadAnswer) => {
      const p = slot.pending.get(a.id);
      slot.pending.delete(a.id);
      if (slot.pending.size === 0) worker.unref();
      p?.resolve(a);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`read worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.slots.some((s) => s.pending.size > 0)) return;
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.idleTimer.unref();
  }
}

/** The worker bundle next to the running bundle (dist/read-worker.js beside dist/extension.js), if built. */
let bundled: { script: string | undefined } | undefined;
function bundledReadWorker(): string | undefined {
  bundled ??= { script: existsSync(join(__dirname, 'read-worker.js')) ? join(__dirname, 'read-worker.js') : undefined };
  return bundled.script;
}

const pools = new Map<string | undefined, ReadPool>();

/**
 * The process's pool for a worker bundle (by default the bundled one): every RealFs shares it, so
 * short-lived providers (a tracefs probe, a second attach) start no workers of their own.
 */
export function sharedReadPool(script: string | undefined = bundledReadWorker()): ReadPool {
  let pool = pools.get(script);
  if (!pool) pools.set(script, (pool = new ReadPool(script)));
  return pool;
}
