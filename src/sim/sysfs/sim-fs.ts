// The simulated DAMON sysfs: a DamonFs over a SimKernel that presents one kernel generation's
// tree under the admin root (paths like "kdamonds/0/state", as RealFs takes them). Files are
// staging buffers; `nr_*` files rebuild their index dirs; `state` runs the commands.

import { DamonError } from '../../damon/errno';
import { FsError, toFsError, type DamonFs } from '../../damon/fs';
import type { KernelGeneration } from '../../damon/sysfs-layout';
import type { SimKernel } from '../kernel';
import { quirksOf, type Quirks } from './quirks';
import { writeState, type ExclusiveUser, type KdamondSlot, type StateHost } from './state';
import { lookup, makeDir, rebuildIndexed, SysDir, type SysFile, type TreeSpec } from './tree';

/**
 * How requests to the kdamond (commit, stats, walks) get served: 'self' advances the kernel's
 * virtual time until the request completes, as the writer blocks on a real kdamond; 'external'
 * waits for whoever drives the kernel (a Runner).
 */
export type SimDrive = 'self' | 'external';

export interface SimSysfsOptions {
  /** The provider owns the kernel's kdamond list (nr_kdamonds); it starts with none, so none may run. */
  kernel: SimKernel;
  generation: KernelGeneration;
  drive?: SimDrive;
  /** A module holding DAMON, so `on` gets EBUSY; damon_stat needs 6.18+. */
  exclusiveUser?: ExclusiveUser | null;
}

/** `nr_*` files other than nr_kdamonds: writing one rebuilds the index dirs beside it. */
const DIR_COUNTS = new Set(['nr_contexts', 'nr_targets', 'nr_regions', 'nr_schemes', 'nr_goals', 'nr_filters', 'nr_dests']);

/**
 * Only `state` and the `nr_*` files take `damon_sysfs_lock`, with mutex_trylock(): contention is
 * EBUSY. A state command holds it while it waits for the kdamond (KERNEL-NOTES §1.2, §1.3), and
 * state_show()/pid_show() trylock it too (mm/damon/sysfs.c, also in the stable kernels).
 */
function takesLock(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^kdamonds\/\d+\/state$/.test(path) || name === 'nr_kdamonds' || name === 'nr_probes' || DIR_COUNTS.has(name);
}
/** Virtual time a self-driven request may take before the write gives up (ETIMEDOUT). */
const MAX_REQUEST_US = 600e6;

/** A self-driven request that a real writer would still be blocked on. */
class RequestTimeout extends Error {}

export class SimSysfs implements DamonFs, StateHost {
  readonly kernel: SimKernel;
  readonly generation: KernelGeneration;
  readonly quirks: Quirks;
  readonly spec: TreeSpec;
  private readonly drive: SimDrive;
  private readonly root: SysDir;
  private slots: KdamondSlot[] = [];
  private holder: ExclusiveUser | null = null;
  private locked = false;

  constructor(opts: SimSysfsOptions) {
    this.kernel = opts.kernel;
    this.generation = opts.generation;
    this.quirks = quirksOf(opts.generation);
    this.spec = { generation: opts.generation, availableOps: opts.kernel.availableOps };
    this.drive = opts.drive ?? 'self';
    this.exclusiveUser = opts.exclusiveUser ?? null;
    this.root = makeDir('', this.spec);
    this.kernel.setNrKdamonds(0);
  }

  /** The module holding DAMON exclusively (null: none); set it to null to free DAMON. */
  get exclusiveUser(): ExclusiveUser | null {
    return this.holder;
  }

  set exclusiveUser(user: ExclusiveUser | null) {
    if (user === 'damon_stat' && !this.quirks.hasDamonStat) throw new RangeError(`Linux ${this.generation} has no damon_stat module`);
    this.holder = user;
  }

  async read(path: string): Promise<string> {
    return this.readNow(path);
  }

  /** Reads in one go: nothing moves between the reads, as on a paused kdamond. */
  async readMany(paths: readonly string[]): Promise<(string | FsError)[]> {
    return paths.map((p) => {
      try {
        return this.readNow(p);
      } catch (e) {
        return toFsError(e, 'read', p);
      }
    });
  }

  /** Whether `damon_sysfs_lock` is held: a `state` command is waiting for its kdamond. */
  get sysfsLocked(): boolean {
    return this.locked;
  }

  async write(path: string, value: string): Promise<void> {
    const node = lookup(this.root, path, 'write', value);
    if (node instanceof SysDir) throw new FsError('EISDIR', 'write', path, value);
    if (!node.format.writable) throw new FsError('EACCES', 'write', path, value);
    // sysfs_kf_write(): a zero-length write reaches no store().
    if (value.length === 0) return;
    const locks = takesLock(path);
    if (locks && this.locked) throw new FsError('EBUSY', 'write', path, value, 'damon_sysfs_lock is held by another state command');
    if (locks) this.locked = true;
    try {
      await this.store(path, node, value);
    } catch (e) {
      if (e instanceof RequestTimeout) throw new FsError('ETIMEDOUT', 'write', path, value, e.message);
      throw toFsError(e, 'write', path, value);
    } finally {
      if (locks) this.locked = false;
    }
  }

  async list(path: string): Promise<string[]> {
    const node = lookup(this.root, path, 'list');
    if (!(node instanceof SysDir)) throw new FsError('ENOTDIR', 'list', path);
    return [...node.children.keys()].sort();
  }

  async exists(path: string): Promise<boolean> {
    try {
      lookup(this.root, path, 'exists');
      return true;
    } catch {
      return false;
    }
  }

  async wait<T>(request: Promise<T>): Promise<T> {
    if (this.drive === 'external') return request;
    let settled = false;
    const watched = request.finally(() => {
      settled = true;
    });
    const limit = this.kernel.nowUs + MAX_REQUEST_US;
    while (!settled) {
      // Step whichever running kdamond is behind; requests are served inside its loop.
      const next = Math.min(...this.kernel.kdamonds.filter((k) => k.running).map((k) => k.nowUs));
      if (!(next < limit)) break;
      this.kernel.runUntil(next + 1);
      await Promise.resolve();
    }
    if (!settled) {
      watched.catch(() => undefined);
      throw new RequestTimeout(`the kdamond did not serve the request within ${MAX_REQUEST_US / 1e6} s of virtual time`);
    }
    return watched;
  }

  private readNow(path: string): string {
    const node = lookup(this.root, path, 'read');
    if (node instanceof SysDir) throw new FsError('EISDIR', 'read', path);
    const slot = this.slotOfLiveFile(path);
    if (slot && this.locked) throw new FsError('EBUSY', 'read', path, undefined, 'damon_sysfs_lock is held by a state command');
    if (slot && path.endsWith('/state')) return slot.kdamond.running ? 'on\n' : 'off\n';
    if (slot) return `${slot.kdamond.running ? slot.kdamond.pid : -1}\n`;
    return node.format.format(node.value);
  }

  /** The slot of `kdamonds/<K>/state` or `kdamonds/<K>/pid`, whose content is live. */
  private slotOfLiveFile(path: string): KdamondSlot | undefined {
    if (!path.endsWith('/state') && !path.endsWith('/pid')) return undefined;
    const m = /^kdamonds\/(\d+)\/(state|pid)$/.exec(path);
    return m ? this.slots[Number(m[1])] : undefined;
  }

  private async store(path: string, file: SysFile, value: string): Promise<void> {
    const slot = this.slotOfLiveFile(path);
    if (slot) return writeState(this, slot, value);
    const parsed = file.format.parse(value, path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name === 'nr_kdamonds') this.setNrKdamonds(Number(parsed));
    if (DIR_COUNTS.has(name)) {
      const parent = lookup(this.root, path.slice(0, path.lastIndexOf('/')), 'write', value) as SysDir;
      rebuildIndexed(parent, Number(parsed), this.spec);
    }
    file.value = parsed;
  }

  /** `nr_kdamonds`: EBUSY while any kdamond runs (`damon_sysfs_kdamonds_busy()`), else rebuild. */
  private setNrKdamonds(n: number): void {
    this.kernel.setNrKdamonds(n);
    const dir = this.root.dir('kdamonds');
    if (!dir) throw new DamonError('ENOENT', 'kdamonds: missing');
    rebuildIndexed(dir, n, this.spec);
    const dirs = dir.indexed();
    this.slots = this.kernel.kdamonds.map((kdamond, i) => ({ dir: dirs[i], kdamond, hasCtx: false, removeRefresh: null }));
  }
}
