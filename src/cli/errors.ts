// Exit codes: 0 ok, 1 runtime error (DAMON or a file said no), 2 usage error (the command line).
export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

/** A bad command line: the message names the option and what to pass instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
