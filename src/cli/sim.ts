// `damon-lens sim`: runs the simulator headless, as fast as it can, and writes what it monitored
// as a damo record (json_compressed, or json for a *.json file, as damo picks by extension).
import { writeRecordFile } from '../damo/record/file';
import { formatForPath } from '../damo/record/record';
import { defaultSimKdamond } from '../investigation/backends/simConfig';
import { bindParams } from '../investigation/whatif/params';
import { replay } from '../investigation/whatif/replay';
import { flag, int, parseArgs, str } from './args';
import { seconds } from './dump';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { firstPid, loadWorkload, parseGeneration } from './simSource';
import { readKdamondsJson } from './whatifInput';

export const SIM_USAGE = `damon-lens sim --workload PRESET|FILE --seconds N [--record FILE] [--params KDAMONDS.json] [--kernel 7.3] [--seed S] [--json]
  Runs a simulated kdamond over the workload for N virtual seconds and writes its damon_aggregated
  snapshots as a damo record (json_compressed; json when FILE ends in .json). --params runs kdamond 0
  of a damo kdamonds JSON (damo args damon --format json, or damon.data.kdamonds), schemes included,
  its target bound to the workload's first process; it prints each scheme's stats at the end.`;

const SPECS = { workload: { nargs: 1 }, seconds: { nargs: 1 }, record: { nargs: 1 }, params: { nargs: 1 }, kernel: { nargs: 1 }, seed: { nargs: 1 }, json: { nargs: 0 } } as const;

export async function runSim(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseArgs(argv, SPECS, 'sim');
  const workloadArg = str(a, 'workload');
  if (workloadArg === undefined) throw new UsageError('sim: --workload PRESET|FILE is required');
  if (!flag(a, 'seconds')) throw new UsageError('sim: --seconds N is required');
  const secs = seconds(a);
  const workload = loadWorkload(workloadArg);
  const generation = parseGeneration(str(a, 'kernel') ?? '7.3');
  const paramsFile = str(a, 'params');
  const pid = firstPid(workload);
  const bound = paramsFile === undefined ? undefined : bindParams(readKdamondsJson(paramsFile, 'sim'), pid, { virtual: [], physical: [{ start: 0, end: workload.memBytes }] });
  const result = await replay(workload, bound?.params ?? defaultSimKdamond(pid, generation), secs, { seed: int(a, 'seed', 1), generation });
  const records = result.records;
  const schemes = bound ? result.schemes.map((s) => ({ action: s.action, ...s.stats })) : [];
  const path = str(a, 'record');
  const format = path === undefined ? undefined : formatForPath(path);
  // Whole or not at all: a failed or interrupted write leaves any earlier file at `path` as it was.
  if (path !== undefined && format !== undefined) await writeRecordFile(path, records, format);
  const summary = {
    workload: workload.name,
    kernel: generation,
    seconds: result.seconds,
    targets: records.length,
    snapshots: records.reduce((n, r) => n + r.snapshots.length, 0),
    record: path ?? null,
    format: format ?? null,
    ...(bound ? { params: paramsFile, notes: bound.notes, schemes } : {}),
  };
  if (flag(a, 'json')) io.out(JSON.stringify(summary, null, 2));
  else {
    io.out(`simulated ${summary.seconds} s of ${summary.workload} on Linux ${generation}: ${summary.snapshots} snapshots of ${summary.targets} target(s)`);
    if (path !== undefined) io.out(`wrote ${path} (${format})`);
    for (const n of bound?.notes ?? []) io.out(`# ${paramsFile}: ${n}`);
    schemes.forEach((st, i) => io.out(`scheme ${i} ${st.action}: nr_tried ${st.nr_tried} sz_tried ${st.sz_tried} nr_applied ${st.nr_applied} sz_applied ${st.sz_applied} qt_exceeds ${st.qt_exceeds}`));
  }
  return EXIT_OK;
}
