// The kernel's global damon_sysfs_lock. `state` writes, `pid` reads and every `nr_*` write only
// try it (mutex_trylock in mm/damon/sysfs*.c) and answer EBUSY when it is held, and a state
// command holds it until the kdamond has served the request (damon_call). A client that reads
// and writes in parallel would race itself across kdamonds; this wrapper runs such operations
// one at a time and retries a momentary EBUSY (another holder: damo, a second window). A failed
// trylock changed nothing, so a retry is safe; an EBUSY that is the answer (`on` while DAMON is
// held, `nr_kdamonds` while one runs) comes back the same and is reported.

import { toFsError, type DamonFs, type FsError } from '../damon/fs';

/** Whether the kernel takes damon_sysfs_lock for this file operation. */
export function takesSysfsLock(path: string, op: 'read' | 'write'): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'state' || (op === 'read' && name === 'pid')) return /^kdamonds\/\d+\/(state|pid)$/.test(path);
  return op === 'write' && name.startsWith('nr_');
}

/** Waits between retries of an operation that met EBUSY on damon_sysfs_lock (ms). */
const RETRY_MS = [5, 20, 50] as const;

export class SysfsLockedFs implements DamonFs {
  /** The end of the queue of operations that take the lock. */
  private tail: Promise<unknown> = Promise.resolve();
  readonly readMany?: (paths: readonly string[]) => Promise<(string | FsError)[]>;

  constructor(readonly inner: DamonFs) {
    if (inner.readMany) this.readMany = (paths) => this.readManyLocked(inner.readMany!.bind(inner), paths);
  }

  read(path: string): Promise<string> {
    return takesSysfsLock(path, 'read') ? this.locked(() => this.inner.read(path)) : this.inner.read(path);
  }

  write(path: string, value: string): Promise<void> {
    return takesSysfsLock(path, 'write') ? this.locked(() => this.inner.write(path, value)) : this.inner.write(path, value);
  }

  list(path: string): Promise<string[]> {
    return this.inner.list(path);
  }

  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }

  /** A batch without the lock-taking paths, which are read one at a time in the queue; results in order. */
  private async readManyLocked(readMany: (paths: readonly string[]) => Promise<(string | FsError)[]>, paths: readonly string[]): Promise<(string | FsError)[]> {
    const lockIdx = paths.flatMap((p, i) => (takesSysfsLock(p, 'read') ? [i] : []));
    if (lockIdx.length === 0) return readMany(paths);
    const free = paths.filter((p) => !takesSysfsLock(p, 'read'));
    const out: (string | FsError)[] = new Array(paths.length);
    const freeResults = free.length > 0 ? await readMany(free) : [];
    let j = 0;
    for (let i = 0; i < paths.length; i++) if (!takesSysfsLock(paths[i], 'read')) out[i] = freeResults[j++];
    for (const i of lockIdx) out[i] = await this.read(paths[i]).catch((e: unknown) => toFsError(e, 'read', paths[i]));
    return out;
  }

  private locked<T>(op: () => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      for (let i = 0; ; i++) {
        try {
          return await op();
        } catch (e) {
          if (i >= RETRY_MS.length || toFsError(e, 'read', '').code !== 'EBUSY') throw e;
          await new Promise((r) => setTimeout(r, RETRY_MS[i]));
        }
      }
    };
    const run = this.tail.then(attempt, attempt);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
