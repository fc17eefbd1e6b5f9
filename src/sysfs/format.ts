// DAMON sysfs file formats: what the kernel prints and what it parses.

import { ULONG_MAX } from '../damon/params';

/** A file's content without the trailing newline the kernel prints. */
export function chomp(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/**
 * Parses an integer file. "18446744073709551615" becomes ULONG_MAX (which, as a JS number, is
 * 2^64). Returns NaN for text that is not an integer.
 */
export function parseNum(text: string): number {
  const t = chomp(text).trim();
  if (!/^-?\d+$/.test(t)) return NaN;
  return Number(t);
}

/**
 * Formats a number the way the kernel parses it: decimal digits, exact for integers beyond 2^53
 * (ULONG_MAX prints as 18446744073709551615, not 18446744073709552000).
 */
export function formatNum(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (n >= ULONG_MAX) return '18446744073709551615';
  if (Number.isSafeInteger(n)) return String(n);
  return BigInt(Math.trunc(n)).toString();
}

/** Parses Y/N (and the other spellings kstrtobool takes). */
export function parseBool(text: string): boolean {
  const c = chomp(text).trim()[0];
  return c === 'Y' || c === 'y' || c === '1' || chomp(text).trim().toLowerCase() === 'on';
}

export function formatBool(b: boolean): 'Y' | 'N' {
  return b ? 'Y' : 'N';
}

/** `avail_operations`: one name per line (some tools show them joined with "|"). */
export function parseList(text: string): string[] {
  return chomp(text)
    .split(/[\s|]+/)
    .filter((s) => s.length > 0);
}

/** Directory entries that are index directories, sorted numerically ("2" before "10"). */
export function numericEntries(names: readonly string[]): number[] {
  return names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}
