// The kernel error codes DAMON's sysfs interface answers with (include/uapi/asm-generic/errno*.h).

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  ENOMEM: 12,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  EINVAL: 22,
  ERANGE: 34,
  ECANCELED: 125,
} as const;

export type ErrnoName = keyof typeof ERRNO;

/** A kernel error: the errno plus a message naming the offending parameter and value. */
export class DamonError extends Error {
  readonly errno: ErrnoName;

  constructor(errno: ErrnoName, message: string) {
    super(`${errno}: ${message}`);
    this.name = 'DamonError';
    this.errno = errno;
  }

  /** The positive errno number, e.g. 22 for EINVAL. */
  get code(): number {
    return ERRNO[this.errno];
  }
}

export function isDamonError(e: unknown): e is DamonError {
  return e instanceof DamonError;
}
