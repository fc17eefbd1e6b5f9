// The small filesystem-shaped interface that every DAMON sysfs provider implements: the real
// kernel (src/sysfs/real-fs.ts, or through the privileged agent), and the simulated kernel
// (src/sim). The client (src/sysfs/client.ts) drives DAMON only through it.
//
// Paths are relative to the provider's root (normally /sys/kernel/mm/damon/admin), '/'-separated,
// with no leading '/', e.g. "kdamonds/0/state". The empty path is the root itself.
//
// Errors: every failure is an FsError whose `code` is the errno name, as in Node's fs errors
// ("EINVAL", "EBUSY", ...). Providers may throw a Node fs error or a DamonError instead;
// toFsError() turns any of them into an FsError.

import { ERRNO, isDamonError, type ErrnoName } from './errno';

/** The errno names a provider can answer with. */
export type FsErrno =
  | ErrnoName
  | 'ENOTDIR'
  | 'EISDIR'
  | 'EIO'
  | 'ENODEV'
  | 'ENXIO'
  | 'EAGAIN'
  | 'EFAULT'
  | 'ENOSPC'
  | 'EROFS'
  | 'ETIMEDOUT'
  | 'ENOTCONN';

/** Operations on the interface, as named in FsError.syscall. */
export type FsOp = 'read' | 'write' | 'list' | 'exists';

const EXTRA_ERRNO: Record<Exclude<FsErrno, ErrnoName>, number> = {
  ENXIO: 6,
  EAGAIN: 11,
  EFAULT: 14,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  ENOSPC: 28,
  EROFS: 30,
  ETIMEDOUT: 110,
  ENOTCONN: 107,
  EIO: 5,
};

/** The positive errno number of a code, e.g. 22 for EINVAL. */
export function errnoNumber(code: FsErrno): number {
  return (ERRNO as Record<string, number>)[code] ?? EXTRA_ERRNO[code as Exclude<FsErrno, ErrnoName>];
}

const KNOWN = new Set<string>([...Object.keys(ERRNO), ...Object.keys(EXTRA_ERRNO)]);

export function isFsErrno(code: unknown): code is FsErrno {
  return typeof code === 'string' && KNOWN.has(code);
}

/** A failed filesystem operation. `code` is the errno name, as in Node's fs errors. */
export class FsError extends Error {
  readonly code: FsErrno;
  /** Negative errno number, as Node's fs errors carry it. */
  readonly errno: number;
  readonly syscall: FsOp;
  /** The path relative to the provider root. */
  readonly path: string;
  /** The value of a failed write. */
  readonly value: string | undefined;
  /** The provider's own explanation (a DamonError message, or Node's), if any. */
  readonly detail: string | undefined;

  constructor(code: FsErrno, syscall: FsOp, path: string, value?: string, detail?: string) {
    const what = value === undefined ? path : `${path} <- ${JSON.stringify(value.replace(/\n$/, ''))}`;
    super(`${code}: ${syscall} ${what}${detail ? ` (${detail})` : ''}`);
    this.name = 'FsError';
    this.code = code;
    this.errno = -errnoNumber(code);
    this.syscall = syscall;
    this.path = path;
    this.value = value;
    this.detail = detail;
  }
}

export function isFsError(e: unknown): e is FsError {
  return e instanceof FsError;
}

/** Whether an error (FsError, Node fs error, DamonError) carries the given errno name. */
export function hasErrno(e: unknown, code: FsErrno): boolean {
  if (e instanceof FsError) return e.code === code;
  if (isDamonError(e)) return e.errno === code;
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}

/**
 * Normalises what a provider threw into an FsError: FsError as is; a DamonError (errno name in
 * `.errno`); a Node fs error (errno name in `.code`); anything else becomes EIO.
 */
export function toFsError(e: unknown, syscall: FsOp, path: string, value?: string): FsError {
  if (e instanceof FsError) return e;
  if (isDamonError(e)) return new FsError(e.errno, syscall, path, value, e.message);
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  if (isFsErrno(code)) return new FsError(code, syscall, path, value, message);
  return new FsError('EIO', syscall, path, value, message);
}

/** A DAMON sysfs tree: read, write, list, exists. */
export interface DamonFs {
  /** The whole content of a file, as the kernel returns it (usually with a trailing newline). */
  read(path: string): Promise<string>;
  /** One write of `value` to a file (the kernel sees exactly these bytes). */
  write(path: string, value: string): Promise<void>;
  /** The entry names of a directory, in the provider's order (callers sort). */
  list(path: string): Promise<string[]>;
  /** Whether a file or directory exists. Never throws for ENOENT. */
  exists(path: string): Promise<boolean>;
  /**
   * Optional batch read: one result per path, in order, with an FsError in place of a failed
   * read. Providers with a costly round trip (the agent) or a cheap synchronous path (the real
   * fs) implement it; the client falls back to parallel read() calls.
   */
  readMany?(paths: readonly string[]): Promise<(string | FsError)[]>;
}

/** Joins sysfs path segments: joinPath('kdamonds', 0, 'state') === 'kdamonds/0/state'. */
export function joinPath(...parts: (string | number)[]): string {
  return parts
    .map(String)
    .filter((p) => p.length > 0)
    .join('/');
}
