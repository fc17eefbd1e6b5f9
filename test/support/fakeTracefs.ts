// A stand-in for /sys/kernel/tracing: a directory with the DAMON events' enable files, and a
// trace_pipe the test writes lines into, formatted as the kernel prints damon_aggregated.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DamonFs } from '../../src/damon/fs';
import { RealFs } from '../../src/sysfs/real-fs';
import type { OpenPipe } from '../../src/sysfs/tracefs';

export class FakeTracefs {
  readonly dir = mkdtempSync(join(tmpdir(), 'damon-lens-tracing-'));
  readonly fs: DamonFs = new RealFs(this.dir);
  private feed: ((chunk: string) => void) | undefined;
  pipeOpen = false;

  constructor(events: readonly string[] = ['damon_aggregated', 'damos_before_apply']) {
    for (const e of events) {
      mkdirSync(join(this.dir, 'events/damon', e), { recursive: true });
      writeFileSync(join(this.dir, 'events/damon', e, 'enable'), '0\n');
    }
  }

  readonly openPipe: OpenPipe = (onData) => {
    this.feed = onData;
    this.pipeOpen = true;
    let end: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (end = resolve));
    return {
      done,
      stop: async () => {
        this.pipeOpen = false;
        this.feed = undefined;
        end();
      },
    };
  };

  enabled(event = 'damon_aggregated'): boolean {
    return readFileSync(join(this.dir, 'events/damon', event, 'enable'), 'utf8').trim() === '1';
  }

  /** One aggregation of kdamond `pid`: a damon_aggregated line per region, all at trace time `tsS` (s). */
  aggregate(pid: number, tsS: number, regions: readonly (readonly [number, number, number, number])[], targetId = 0): void {
    const lines = regions.map(([start, end, nr, age]) =>
      `       kdamond.0-${pid}     [001] d..1.  ${tsS.toFixed(6)}: damon_aggregated: target_id=${targetId} nr_regions=${regions.length} ${start}-${end}: ${nr} ${age}\n`);
    this.feed?.(lines.join(''));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
