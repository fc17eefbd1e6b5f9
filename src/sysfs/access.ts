// The client's view of the DAMON sysfs files: every read, write and listing goes through the
// kernel's damon_sysfs_lock discipline, and every failure becomes an actionable DamonSysfsError.
// It also remembers what feature detection found, which the error messages and the writes use.
import { toFsError, type DamonFs, type FsOp } from '../damon/fs';
import { FEATURE_BY_ID, atLeast, detectFeatures, type DetectedFeatures, type FeatureId, type KernelGeneration } from '../damon/sysfs-layout';
import { DamonSysfsError, explainError } from './errors';
import { SysfsLockedFs } from './sysfs-lock';
import { DEFAULT_CONCURRENCY } from './tree';

export interface ClientOptions {
  /** Parallel reads in flight (default 32). */
  concurrency?: number;
  /** The kernel release (uname -r) to disambiguate generations; none for the simulator's own. */
  release?: string;
  /** The sysfs root, for messages only. */
  root?: string;
  /** Whether the provider is the privileged agent (changes the EACCES advice). */
  viaAgent?: boolean;
}

export class SysfsAccess {
  readonly fs: DamonFs;
  readonly concurrency: number;
  private features: DetectedFeatures | undefined;

  constructor(
    fs: DamonFs,
    private readonly opts: ClientOptions = {},
  ) {
    // Every user of the client's files (the client, a backend's staged edits) keeps to the kernel's
    // damon_sysfs_lock discipline.
    this.fs = new SysfsLockedFs(fs);
    this.concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  }

  /** The actionable error for a failed operation. */
  explain(err: unknown, op: FsOp, path: string, value?: string): DamonSysfsError {
    if (err instanceof DamonSysfsError) return err;
    const fe = toFsError(err, op, path, value);
    return new DamonSysfsError(fe, explainError(fe, { generation: this.features?.generation, root: this.opts.root, viaAgent: this.opts.viaAgent }));
  }

  async read(path: string): Promise<string> {
    try {
      return await this.fs.read(path);
    } catch (e) {
      throw this.explain(e, 'read', path);
    }
  }

  async write(path: string, value: string): Promise<void> {
    try {
      await this.fs.write(path, value);
    } catch (e) {
      throw this.explain(e, 'write', path, value);
    }
  }

  async list(path: string): Promise<string[]> {
    try {
      return await this.fs.list(path);
    } catch (e) {
      throw this.explain(e, 'list', path);
    }
  }

  /** Detects features from the files present (cached; `refresh` re-probes, e.g. after creating a kdamond). */
  async detect(refresh = false): Promise<DetectedFeatures> {
    if (!this.features || refresh) this.features = await detectFeatures(this.fs, this.opts.release);
    return this.features;
  }

  /** Forgets what detection found: the directories it probed were rebuilt. */
  forgetFeatures(): void {
    this.features = undefined;
  }

  get generation(): KernelGeneration | undefined {
    return this.features?.generation;
  }

  /**
   * Whether a feature is there: decided from the probed file when one was seen, else from the
   * guessed generation.
   */
  async hasFeature(id: FeatureId): Promise<boolean> {
    const d = await this.detect();
    return d.features[id] ?? atLeast(d.generation, FEATURE_BY_ID[id].since);
  }
}
