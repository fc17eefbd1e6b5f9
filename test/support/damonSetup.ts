// Kdamond set-ups the sysfs tests share, on any DAMON (simulated, a guest's real one).
import { defaultContext, defaultKdamond, defaultScheme, defaultTarget, type AddrRange, type KdamondParams } from '../../src/damon/params';
import type { DamonClient } from '../../src/sysfs/client';

/** One paddr context over `range` with a `stat` scheme whose pattern maxima are set (a fresh sysfs scheme has them all 0), so it matches every region. */
export function paddrStat(range: AddrRange): KdamondParams {
  const k = defaultKdamond();
  const c = defaultContext('paddr');
  c.targets = [defaultTarget(0)];
  c.targets[0].regions = [range];
  c.schemes = [defaultScheme('stat')];
  k.contexts = [c];
  return k;
}

/** Stops every kdamond and removes them: the state each test starts from and leaves. A failure to remove them is reported. */
export async function resetKdamonds(client: DamonClient): Promise<void> {
  for (const k of await client.kdamondIndices()) await client.stop(k).catch(() => undefined);
  await client.setNrKdamonds(0);
}
