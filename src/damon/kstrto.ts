// The kernel's sysfs number and bool parsers (lib/kstrtox.c), with their errno answers:
// EINVAL for text that is not a number, ERANGE for a number that does not fit the type.
// A trailing newline is accepted, as `echo` writes one.

import { DamonError } from './errno';

function body(text: string, path: string): string {
  const t = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (t.length === 0) throw new DamonError('EINVAL', `${path}: empty value`);
  return t;
}

/** kstrtoull with base 0: decimal, 0x hex or 0 octal, optional leading '+'. */
function parseUnsigned(text: string, path: string, max: bigint): number {
  const t = body(text, path).replace(/^\+/, '');
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(t);
  if (!m) throw new DamonError('EINVAL', `${path}="${t}": not a number`);
  const v = t.length > 1 && t[0] === '0' && !/^0[xX]/.test(t) ? BigInt(`0o${t.slice(1)}`) : BigInt(t);
  if (v > max) throw new DamonError('ERANGE', `${path}=${t}: out of range (max ${max})`);
  return Number(v);
}

export function kstrtoul(text: string, path = 'value'): number {
  return parseUnsigned(text, path, 2n ** 64n - 1n);
}

export function kstrtouint(text: string, path = 'value'): number {
  return parseUnsigned(text, path, 2n ** 32n - 1n);
}

export function kstrtoint(text: string, path = 'value'): number {
  const t = body(text, path);
  const neg = t.startsWith('-');
  const v = parseUnsigned(neg ? t.slice(1) : t, path, neg ? 2n ** 31n : 2n ** 31n - 1n);
  return neg ? -v : v;
}

/** kstrtobool: y/Y/1/on/n/N/0/off (only the first characters matter, as the kernel does). */
export function kstrtobool(text: string, path = 'value'): boolean {
  const t = body(text, path);
  switch (t[0]) {
    case 'y': case 'Y': case '1': return true;
    case 'n': case 'N': case '0': return false;
    case 'o': case 'O':
      if (t[1] === 'n' || t[1] === 'N') return true;
      if (t[1] === 'f' || t[1] === 'F') return false;
  }
  throw new DamonError('EINVAL', `${path}="${t}": not a boolean (y/n/1/0/on/off)`);
}
