// `damon-lens whatif --record damon.data --params a.json [--params b.json ...]`: the record's
// workload replayed in the simulator under each configuration, side by side with the record.
import { basename } from 'node:path';
import { bindToDerived, recordedParams } from '../investigation/whatif/params';
import { formatWhatIf, recordedColumn, replayColumn, type WhatIfColumn } from '../investigation/whatif/compare';
import { replay } from '../investigation/whatif/replay';
import { flag, int, parseArgs } from './args';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { readKdamondsJson, recordedTarget } from './whatifInput';

export const WHATIF_USAGE = `damon-lens whatif --record FILE --params KDAMONDS.json [--params ...] [--target N] [--ops vaddr|paddr] [--seed S] [--json]
  Derives the recorded workload (see workload), replays it with the record's own parameters and with
  each damo kdamonds JSON, and compares: WSS p50/p90, nr_regions, each scheme's sz_tried, sz_applied,
  nr_applied and qt_exceeds, bytes paged out and the refaults they caused, and region samples/s.`;

const SPECS = {
  record: { nargs: 1 },
  params: { nargs: 1, repeat: true },
  target: { nargs: 1 },
  ops: { nargs: 1, choices: ['vaddr', 'fvaddr', 'paddr'] },
  seed: { nargs: 1 },
  json: { nargs: 0 },
} as const;

export async function runWhatIf(argv: readonly string[], io: CliIo): Promise<number> {
  const a = parseArgs(argv, SPECS, 'whatif');
  if (!a.options.has('record')) throw new UsageError('whatif: --record FILE is required');
  const files = (a.options.get('params') ?? []).map((v) => v[0]);
  if (files.length === 0) throw new UsageError('whatif: give at least one --params KDAMONDS.json to compare with the record');
  // Read every input before the first replay: a bad file fails at once.
  const configs = files.map((f) => ({ name: basename(f), kdamonds: readKdamondsJson(f, 'whatif') }));
  const { record, derived, ops } = recordedTarget(a, 'whatif', 'record');
  const seed = int(a, 'seed', 1);
  const runs = [
    { name: 'replay (recorded params)', params: recordedParams(derived, ops), notes: ['the record\'s intervals, 10..1000 regions, no scheme'] },
    ...configs.map((c) => {
      const bound = bindToDerived(c.kdamonds, derived);
      const theirs = bound.params.contexts[0].operations;
      const differ = (theirs === 'paddr') !== (ops === 'paddr');
      return { name: c.name, params: bound.params, notes: differ ? [...bound.notes, `${theirs} on a workload derived from a ${ops} record: it sees the simulated machine, not the recorded addresses`] : bound.notes };
    }),
  ];
  const columns: WhatIfColumn[] = [recordedColumn([record])];
  for (const run of runs) {
    const result = await replay(derived.spec, run.params, derived.seconds, { seed });
    columns.push(replayColumn(run.name, result, run.notes));
  }
  if (flag(a, 'json')) {
    io.out(JSON.stringify({ record: { target: record.target_id, ops, seconds: derived.seconds, areas: derived.areas.length, phases: derived.phases.length }, columns }, null, 2));
  } else {
    io.out(`# ${derived.areas.length} areas and ${derived.phases.length} phase(s) derived from ${derived.seconds.toFixed(1)} s of target ${record.target_id} (${ops}); each replayed for as long`);
    io.out(formatWhatIf(columns));
  }
  return EXIT_OK;
}
