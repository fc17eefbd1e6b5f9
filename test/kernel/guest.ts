// What the kernel tests set up inside the guest: the guest's RAM, and a paddr kdamond over it.
import { readFileSync } from 'node:fs';
import { defaultContext, defaultKdamond, defaultScheme, defaultTarget, type KdamondParams } from '../../src/damon/params';

export interface AddressRange {
  start: number;
  end: number;
}

/** The largest "System RAM" range of /proc/iomem, [start, end). */
export function biggestRam(): AddressRange {
  const ranges = readFileSync('/proc/iomem', 'utf8')
    .split('\n')
    .filter((l) => /^[0-9a-f]+-[0-9a-f]+ : System RAM$/.test(l.trim()))
    .map((l) => l.trim().split(' ')[0].split('-').map((h) => parseInt(h, 16)))
    .map(([s, e]) => ({ start: s, end: e + 1 }));
  return ranges.sort((a, b) => b.end - b.start - (a.end - a.start))[0];
}

/** One paddr context over `range` (default: the biggest RAM range) with a `stat` scheme that matches every region. */
export function paddrStat(range: AddressRange = biggestRam()): KdamondParams {
  const k = defaultKdamond();
  const c = defaultContext('paddr');
  c.targets = [defaultTarget(0)];
  c.targets[0].regions = [range];
  c.schemes = [defaultScheme('stat')];
  k.contexts = [c];
  return k;
}
