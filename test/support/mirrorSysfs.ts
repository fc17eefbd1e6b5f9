// Mirrors a simulated DAMON sysfs into a plain directory tree: a realistic stand-in for
// /sys/kernel/mm/damon/admin that tests can attach to without touching this machine's DAMON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DamonFs } from '../../src/damon/fs';

export async function mirrorSysfs(fs: DamonFs, dir: string, rel = ''): Promise<number> {
  let files = 0;
  mkdirSync(join(dir, rel), { recursive: true });
  for (const name of await fs.list(rel)) {
    const path = rel === '' ? name : `${rel}/${name}`;
    try {
      const content = await fs.read(path);
      writeFileSync(join(dir, path), content);
      files++;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EISDIR') throw e;
      files += await mirrorSysfs(fs, dir, path);
    }
  }
  return files;
}
