// Temporary directory trees shaped like DAMON sysfs, for tests of the real provider and the agent.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TmpTree {
  dir: string;
  /** dir/admin: the DAMON sysfs root. */
  admin: string;
  /** dir/tracing: a stand-in for /sys/kernel/tracing. */
  tracing: string;
  write(rel: string, content: string): string;
  cleanup(): void;
}

export function makeTmpTree(files: Record<string, string> = {}): TmpTree {
  const dir = mkdtempSync(join(tmpdir(), 'damon-lens-sysfs-'));
  const t: TmpTree = {
    dir,
    admin: join(dir, 'admin'),
    tracing: join(dir, 'tracing'),
    write(rel, content) {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const [rel, content] of Object.entries(files)) t.write(rel, content);
  return t;
}
