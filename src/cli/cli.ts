// damon-lens: the headless CLI. Race-free status dumps and their diffs, the simulator writing damo records, and
// damo's reports over record files. Exit codes: 0 ok, 1 runtime error, 2 usage error.
import { RecordFormatError } from '../damo/record/record';
import { WorkloadError } from '../sim';
import { DamonSysfsError, UnsupportedFeatureError } from '../sysfs/client';
import { DIFF_USAGE, runDiff } from './diff';
import { DUMP_USAGE, runDump } from './dump';
import { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, UsageError } from './errors';
import { processIo, type CliIo } from './io';
import { REPORT_USAGE, runReport } from './report';
import { runSim, SIM_USAGE } from './sim';
import { runWhatIf, WHATIF_USAGE } from './whatif';
import { runWorkload, WORKLOAD_USAGE } from './workload';

export const USAGE = `usage: damon-lens <command> [options]

${DUMP_USAGE}

${DIFF_USAGE}

${SIM_USAGE}

${REPORT_USAGE}

${WORKLOAD_USAGE}

${WHATIF_USAGE}`;

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'dump':
        return await runDump(rest, io);
      case 'diff':
        return runDiff(rest, io);
      case 'sim':
        return await runSim(rest, io);
      case 'report':
        return await runReport(rest, io);
      case 'workload':
        return runWorkload(rest, io);
      case 'whatif':
        return await runWhatIf(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return EXIT_OK;
      default:
        throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`damon-lens: ${e.message}\nrun "damon-lens help" for the commands and options`);
      return EXIT_USAGE;
    }
    const known = e instanceof DamonSysfsError || e instanceof UnsupportedFeatureError || e instanceof RecordFormatError || e instanceof WorkloadError;
    io.err(`damon-lens: ${known ? (e as Error).message : String((e as Error).stack ?? e)}`);
    return EXIT_RUNTIME;
  }
}
