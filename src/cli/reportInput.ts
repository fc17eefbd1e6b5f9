// What every `report` reads: its --input, a damo record file (json or json_compressed; damon.data
// by default as in damo), and option values in damo's units.
import { readFileSync } from 'node:fs';
import { num, parseRecords, RecordFormatError, type DamoRecord } from '../damo/record/record';
import { str, type ParsedArgs } from './args';
import { UsageError } from './errors';

export function readRecords(a: ParsedArgs, command: string, option = 'input'): DamoRecord[] {
  const path = str(a, option) ?? 'damon.data';
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${command}: cannot read --${option} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass a damo record file`);
  }
  try {
    return parseRecords(data);
  } catch (e) {
    if (e instanceof RecordFormatError) throw new RecordFormatError(`${path}: ${e.message}`, e.problem);
    throw e;
  }
}

/** An option value in damo's units ("4 KiB", "1,024", "1.5 s"), or a usage error naming the option. */
export function optionNum(command: string, v: string, kind: 'bytes' | 'ns' | 'percent', option: string): number {
  try {
    return num(v, kind, option);
  } catch {
    throw new UsageError(`${command}: ${option} ${v}: not a number${kind === 'percent' ? '' : ` of ${kind}`}`);
  }
}
