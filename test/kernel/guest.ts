// What the kernel tests set up inside the guest: a client of its DAMON, its RAM, and a paddr
// kdamond over it.
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import type { AddrRange, KdamondParams } from '../../src/damon/params';
import { DamonClient } from '../../src/sysfs/client';
import { RealFs } from '../../src/sysfs/real-fs';
import { paddrStat as sharedPaddrStat, resetKdamonds } from '../support/damonSetup';
import { RecordingFs } from '../support/recordingFs';
import { requireDamonTestVm } from './vm-guard';

/** The guest's DAMON sysfs through a client whose writes are recorded; refuses to run outside the guest. */
export async function guestClient(): Promise<{ fs: RecordingFs; client: DamonClient }> {
  requireDamonTestVm();
  const fs = new RecordingFs(new RealFs());
  const client = new DamonClient(fs, { release: release() });
  await client.checkRoot();
  return { fs, client };
}

/** The largest "System RAM" range of /proc/iomem, [start, end). */
export function biggestRam(): AddrRange {
  const ranges = readFileSync('/proc/iomem', 'utf8')
    .split('\n')
    .filter((l) => /^[0-9a-f]+-[0-9a-f]+ : System RAM$/.test(l.trim()))
    .map((l) => l.trim().split(' ')[0].split('-').map((h) => parseInt(h, 16)))
    .map(([s, e]) => ({ start: s, end: e + 1 }));
  return ranges.sort((a, b) => b.end - b.start - (a.end - a.start))[0];
}

/** The shared paddr `stat` kdamond (test/support/damonSetup.ts), by default over the biggest RAM range. */
export const paddrStat = (range: AddrRange = biggestRam()): KdamondParams => sharedPaddrStat(range);

/** Stops and removes every kdamond of a client that was set up; the guest is left as it booted. */
export async function resetGuest(client: DamonClient | undefined): Promise<void> {
  if (client) await resetKdamonds(client);
}
