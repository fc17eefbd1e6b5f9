// `damon-lens dump`: a status dump of one kdamond as JSON on stdout, optionally taken with the
// context paused, and the previous pause state put back after (also on error and Ctrl-C).
import { release } from 'node:os';
import type { KdamondStatus } from '../damon/status';
import { takeDump, type StatusDump } from '../investigation/dumps/dump';
import { holdPause, pauseNotice } from '../investigation/dumps/pauseAndDump';
import { DamonClient } from '../sysfs/client';
import { RealFs } from '../sysfs/real-fs';
import { flag, int, parseArgs, str, type ParsedArgs } from './args';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { loadWorkload, parseGeneration, startSimulation } from './simSource';

export const DUMP_USAGE = `damon-lens dump [--sysfs ROOT | --sim PRESET|FILE [--kernel 7.3] [--seconds N]] [--pause] [--kdamond K]
  Dumps kdamond K's status (parameters, tuned intervals, effective quotas, stats, regions where
  visible, tried regions) as JSON. --pause pauses its context for the dump (Linux 7.2+) and
  restores the previous pause state after, also on error and Ctrl-C.`;

const SPECS = {
  sysfs: { nargs: 1 },
  sim: { nargs: 1 },
  kernel: { nargs: 1 },
  seconds: { nargs: 1 },
  pause: { nargs: 0 },
  kdamond: { nargs: 1 },
} as const;

export const DEFAULT_SYSFS_ROOT = '/sys/kernel/mm/damon/admin';

/** Where the dump reads from: the client, and the kernel's live view where there is one. */
export interface DumpSource {
  client: DamonClient;
  liveStatus?: (kdamond: number) => KdamondStatus | undefined;
}

export interface DumpDeps {
  /** Opens the source the options name (tests pass a prepared one). */
  open?: (a: ParsedArgs) => Promise<DumpSource>;
  take?: typeof takeDump;
  /** Ends the process after Ctrl-C, once the pause state is restored. */
  exit?: (code: number) => void;
}

export async function runDump(argv: readonly string[], io: CliIo, deps: DumpDeps = {}): Promise<number> {
  const a = parseArgs(argv, SPECS, 'dump');
  if (flag(a, 'sysfs') && flag(a, 'sim')) throw new UsageError('dump: give --sysfs ROOT or --sim PRESET|FILE, not both');
  const k = int(a, 'kdamond', 0);
  const source = await (deps.open ?? openSource)(a);
  const indices = await source.client.kdamondIndices();
  if (!indices.includes(k)) throw new UsageError(`dump: --kdamond ${k}: no such kdamond; this DAMON has ${indices.length === 0 ? 'none' : indices.join(', ')}`);
  const hold = flag(a, 'pause') ? await holdPause(source.client, k) : undefined;
  const notice = hold && pauseNotice(hold.outcome, k);
  if (notice) io.err(`damon-lens: ${notice}`);
  const removeInterrupt = io.onInterrupt(() => {
    void (hold?.restore() ?? Promise.resolve()).finally(() => {
      io.err('damon-lens: interrupted; the pause state is restored');
      (deps.exit ?? process.exit)(130);
    });
  });
  let dump: StatusDump;
  try {
    dump = await (deps.take ?? takeDump)(source.client, k, { liveStatus: source.liveStatus });
  } finally {
    removeInterrupt();
    await hold?.restore();
  }
  io.out(JSON.stringify(dump, null, 2));
  return EXIT_OK;
}

async function openSource(a: ParsedArgs): Promise<DumpSource> {
  const sim = str(a, 'sim');
  if (sim === undefined) {
    for (const o of ['kernel', 'seconds'] as const) if (flag(a, o)) throw new UsageError(`dump: --${o} applies to --sim only`);
    const root = str(a, 'sysfs') ?? DEFAULT_SYSFS_ROOT;
    const client = new DamonClient(new RealFs(root), { root, release: release() });
    await client.checkRoot();
    return { client };
  }
  const { kernel, client } = await startSimulation(loadWorkload(sim), parseGeneration(str(a, 'kernel') ?? '7.3'));
  kernel.advance(seconds(a) * 1e6);
  return { client, liveStatus: (k) => kernel.kdamonds[k]?.status() };
}

/** --seconds: virtual seconds to run the simulator (default 10). */
export function seconds(a: ParsedArgs): number {
  const v = str(a, 'seconds');
  const n = v === undefined ? 10 : Number(v);
  if (!(n >= 0 && n <= 86400)) throw new UsageError(`--seconds ${v}: give virtual seconds between 0 and 86400`);
  return n;
}
