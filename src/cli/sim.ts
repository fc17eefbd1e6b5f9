// `damon-lens sim`: runs the simulator headless, as fast as it can, and writes what it monitored
// as a damo record (json_compressed, or json for a *.json file, as damo picks by extension).
import { writeRecordFile } from '../damo/record/file';
import { formatForPath } from '../damo/record/record';
import { SimRecording } from '../investigation/simRecording';
import { flag, int, parseArgs, str } from './args';
import { seconds } from './dump';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { loadWorkload, parseGeneration, startSimulation } from './simSource';

export const SIM_USAGE = `damon-lens sim --workload PRESET|FILE --seconds N [--record FILE] [--kernel 7.3] [--seed S] [--json]
  Runs a simulated kdamond over the workload for N virtual seconds and writes its damon_aggregated
  snapshots as a damo record (json_compressed; json when FILE ends in .json).`;

const SPECS = { workload: { nargs: 1 }, seconds: { nargs: 1 }, record: { nargs: 1 }, kernel: { nargs: 1 }, seed: { nargs: 1 }, json: { nargs: 0 } } as const;

export async function runSim(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseArgs(argv, SPECS, 'sim');
  const workloadArg = str(a, 'workload');
  if (workloadArg === undefined) throw new UsageError('sim: --workload PRESET|FILE is required');
  if (!flag(a, 'seconds')) throw new UsageError('sim: --seconds N is required');
  const secs = seconds(a);
  const workload = loadWorkload(workloadArg);
  const generation = parseGeneration(str(a, 'kernel') ?? '7.3');
  const { kernel, client } = await startSimulation(workload, generation, int(a, 'seed', 1));
  const ctx = (await client.readKdamond(0)).params.contexts[0];
  const recording = new SimRecording(kernel, 0, 0, ctx.monitoring_attrs.intervals);
  const startUs = kernel.nowUs;
  kernel.advance(secs * 1e6);
  const records = recording.stop();
  const path = str(a, 'record');
  const format = path === undefined ? undefined : formatForPath(path);
  // Whole or not at all: a failed or interrupted write leaves any earlier file at `path` as it was.
  if (path !== undefined && format !== undefined) await writeRecordFile(path, records, format);
  const summary = {
    workload: workload.name,
    kernel: generation,
    seconds: (kernel.nowUs - startUs) / 1e6,
    targets: records.length,
    snapshots: records.reduce((n, r) => n + r.snapshots.length, 0),
    record: path ?? null,
    format: format ?? null,
  };
  if (flag(a, 'json')) io.out(JSON.stringify(summary, null, 2));
  else {
    io.out(`simulated ${summary.seconds} s of ${summary.workload} on Linux ${generation}: ${summary.snapshots} snapshots of ${summary.targets} target(s)`);
    if (path !== undefined) io.out(`wrote ${path} (${format})`);
  }
  return EXIT_OK;
}
