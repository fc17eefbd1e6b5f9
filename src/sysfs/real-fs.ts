// The real provider: fs/promises under a root (by default the kernel's DAMON sysfs admin tree).
// Writing needs root; a non-root VS Code writes through the privileged agent (agent-client.ts).

import { constants } from 'node:fs';
import { open, readFile, readdir, access } from 'node:fs/promises';
import { FsError, toFsError, type DamonFs } from '../damon/fs';
import { sharedReadPool, type ReadPool } from './read-pool';

export const DAMON_SYSFS_ROOT = '/sys/kernel/mm/damon/admin';

/** Rejects paths that would leave the root: absolute paths and ".." segments. */
export function checkRelativePath(path: string): void {
  if (path.startsWith('/') || path.split('/').some((s) => s === '..')) {
    throw new TypeError(`DAMON sysfs path must be relative to the root, without "..": ${path}`);
  }
}

export interface RealFsOptions {
  /** The read-pool worker bundle; by default dist/read-worker.js beside the running bundle. */
  readonly readWorker?: string;
}

export class RealFs implements DamonFs {
  readonly root: string;
  private readonly pool: ReadPool;

  constructor(root: string = DAMON_SYSFS_ROOT, options: RealFsOptions = {}) {
    this.root = root.replace(/\/+$/, '') || '/';
    this.pool = sharedReadPool(options.readWorker);
  }

  /** The absolute path of a root-relative path. */
  resolve(path: string): string {
    checkRelativePath(path);
    return path === '' ? this.root : `${this.root === '/' ? '' : this.root}/${path}`;
  }

  async read(path: string): Promise<string> {
    const abs = this.resolve(path);
    try {
      return await readFile(abs, 'utf8');
    } catch (e) {
      throw toFsError(e, 'read', path);
    }
  }

  /**
   * One write(2) of the whole value, as `echo value > file` does (sysfs stores per write).
   * O_WRONLY|O_TRUNC without O_CREAT: a missing file answers ENOENT (a shell's O_CREAT gets EACCES).
   */
  async write(path: string, value: string): Promise<void> {
    const abs = this.resolve(path);
    let fh;
    try {
      fh = await open(abs, constants.O_WRONLY | constants.O_TRUNC);
      await fh.write(value, 0, 'utf8');
    } catch (e) {
      throw toFsError(e, 'write', path, value);
    } finally {
      await fh?.close().catch(() => undefined);
    }
  }

  async list(path: string): Promise<string[]> {
    const abs = this.resolve(path);
    try {
      return await readdir(abs);
    } catch (e) {
      throw toFsError(e, 'list', path);
    }
  }

  async exists(path: string): Promise<boolean> {
    const abs = this.resolve(path);
    try {
      await access(abs);
      return true;
    } catch (e) {
      const err = toFsError(e, 'exists', path);
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return false;
      throw err;
    }
  }

  /** Batch read on the read pool's worker threads (read-pool.ts), one result per path. */
  async readMany(paths: readonly string[]): Promise<(string | FsError)[]> {
    const abs = paths.map((p) => this.resolve(p));
    const res = await this.pool.read(abs);
    return res.map((r, i) => (typeof r === 'string' ? r : toFsError(r, 'read', paths[i])));
  }
}
