// `damon-lens workload --from-record damon.data`: the workload (src/sim/workload.ts format) a damo
// record shows, for `sim --workload` and `whatif`. What a record cannot tell goes to stderr.
import { parseArgs } from './args';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { recordedTarget } from './whatifInput';

export const WORKLOAD_USAGE = `damon-lens workload --from-record FILE [--target N] [--ops vaddr|paddr] > workload.json
  Derives a workload from a damo record: its address ranges, each range's access rate per phase, the
  phases where the rates change, and the access pattern that explains how the kernel merged each range.`;

const SPECS = { 'from-record': { nargs: 1 }, target: { nargs: 1 }, ops: { nargs: 1, choices: ['vaddr', 'fvaddr', 'paddr'] } } as const;

export function runWorkload(argv: readonly string[], io: CliIo): number {
  const a = parseArgs(argv, SPECS, 'workload');
  if (!a.options.has('from-record')) throw new UsageError('workload: --from-record FILE is required');
  const { derived, ops } = recordedTarget(a, 'workload', 'from-record');
  io.out(JSON.stringify(derived.spec, null, 2));
  io.err(`# ${derived.areas.length} areas, ${derived.phases.length} phase(s) over ${derived.seconds.toFixed(1)} s, laid out for ${ops}`);
  for (const n of derived.notes) io.err(`# a record cannot tell: ${n}`);
  return EXIT_OK;
}
