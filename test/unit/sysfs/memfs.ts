// A tiny in-memory DamonFs for unit tests: a map of file paths to contents; directories are implied.
import { FsError, type DamonFs } from '../../../src/damon/fs';

export class MemFs implements DamonFs {
  readonly files = new Map<string, string>();
  readonly writes: [string, string][] = [];
  reads = 0;
  /** Called on every write; may throw an FsError to mimic the kernel, or change the tree. */
  onWrite?: (path: string, value: string, fs: MemFs) => void;

  constructor(files: Record<string, string> = {}) {
    for (const [p, v] of Object.entries(files)) this.files.set(p, v);
  }

  private isDir(path: string): boolean {
    if (path === '') return true;
    for (const p of this.files.keys()) if (p.startsWith(`${path}/`)) return true;
    return false;
  }

  async read(path: string): Promise<string> {
    this.reads++;
    const v = this.files.get(path);
    if (v === undefined) throw new FsError(this.isDir(path) ? 'EISDIR' : 'ENOENT', 'read', path);
    return v;
  }

  async write(path: string, value: string): Promise<void> {
    if (!this.files.has(path)) throw new FsError(this.isDir(path) ? 'EISDIR' : 'ENOENT', 'write', path, value);
    this.writes.push([path, value]);
    if (this.onWrite) this.onWrite(path, value, this);
    else this.files.set(path, value.endsWith('\n') ? value : `${value}\n`);
  }

  async list(path: string): Promise<string[]> {
    if (this.files.has(path)) throw new FsError('ENOTDIR', 'list', path);
    if (!this.isDir(path)) throw new FsError('ENOENT', 'list', path);
    const prefix = path === '' ? '' : `${path}/`;
    const names = new Set<string>();
    for (const p of this.files.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    return [...names];
  }

  async exists(path: string): Promise<boolean> {
    return this.files.has(path) || this.isDir(path);
  }

  /** Removes a directory subtree. */
  removeTree(path: string): void {
    for (const p of [...this.files.keys()]) if (p === path || p.startsWith(`${path}/`)) this.files.delete(p);
  }
}
