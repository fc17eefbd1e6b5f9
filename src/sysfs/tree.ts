// Reading many sysfs files at once: bounded-concurrency parallel reads (or the provider's batch
// read), and a breadth-first walk of a whole subtree.

import { FsError, joinPath, toFsError, type DamonFs } from '../damon/fs';
import { layoutEntry } from '../damon/sysfs-layout';

export const DEFAULT_CONCURRENCY = 32;
/** Paths per readMany batch. */
export const BATCH = 512;

/** Runs fn over items with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * Reads many files: through the provider's readMany in batches when it has one (one agent round
 * trip per batch), otherwise with parallel read() calls, at most `concurrency` at a time.
 * One result per path, an FsError in place of a failed read.
 */
export async function readPaths(fs: DamonFs, paths: readonly string[], concurrency = DEFAULT_CONCURRENCY): Promise<(string | FsError)[]> {
  if (paths.length === 0) return [];
  if (fs.readMany) {
    const batches: string[][] = [];
    for (let i = 0; i < paths.length; i += BATCH) batches.push(paths.slice(i, i + BATCH));
    const results = await mapLimit(batches, Math.max(1, Math.ceil(concurrency / 8)), (b) => fs.readMany!(b));
    return results.flat();
  }
  return mapLimit(paths, concurrency, async (p) => {
    try {
      return await fs.read(p);
    } catch (e) {
      return toFsError(e, 'read', p);
    }
  });
}

export interface TreeSnapshot {
  /** File path -> content, for every file read. */
  files: Map<string, string>;
  /** Directory path -> entry names, for every directory listed. */
  dirs: Map<string, string[]>;
  /** Paths that could not be read or listed. */
  errors: Map<string, FsError>;
}

/**
 * Reads a whole subtree breadth first: each level's directories are listed and files read in
 * parallel (bounded). The sysfs layout says which entries are directories; unknown entries are
 * read, and listed when the read says EISDIR. `skip` prunes paths (e.g. tried_regions).
 */
export async function readTree(
  fs: DamonFs,
  root: string,
  opts: { concurrency?: number; skip?: (path: string) => boolean } = {},
): Promise<TreeSnapshot> {
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const snap: TreeSnapshot = { files: new Map(), dirs: new Map(), errors: new Map() };
  let frontier = [root];
  while (frontier.length > 0) {
    const listed = await mapLimit(frontier, concurrency, async (d) => {
      try {
        return await fs.list(d);
      } catch (e) {
        snap.errors.set(d, toFsError(e, 'list', d));
        return undefined;
      }
    });
    const nextDirs: string[] = [];
    const toRead: string[] = [];
    frontier.forEach((d, i) => {
      const names = listed[i];
      if (!names) return;
      snap.dirs.set(d, names);
      for (const name of names) {
        const p = joinPath(d, name);
        if (opts.skip?.(p)) continue;
        const kind = layoutEntry(p)?.kind;
        if (kind === 'dir') nextDirs.push(p);
        else toRead.push(p);
      }
    });
    const contents = await readPaths(fs, toRead, concurrency);
    toRead.forEach((p, i) => {
      const c = contents[i];
      if (typeof c === 'string') snap.files.set(p, c);
      else if (c.code === 'EISDIR' && layoutEntry(p) === undefined) nextDirs.push(p);
      else snap.errors.set(p, c);
    });
    frontier = nextDirs;
  }
  return snap;
}
