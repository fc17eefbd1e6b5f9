// The --input of every `report`: a damo record file (json or json_compressed), damon.data by default as in damo.
import { readFileSync } from 'node:fs';
import { parseRecords, RecordFormatError, type DamoRecord } from '../investigation/damoRecord';
import { str, type ParsedArgs } from './args';
import { UsageError } from './errors';

export function readRecords(a: ParsedArgs, command: string): DamoRecord[] {
  const path = str(a, 'input') ?? 'damon.data';
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${command}: cannot read --input ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass a damo record file`);
  }
  try {
    return parseRecords(data);
  } catch (e) {
    if (e instanceof RecordFormatError) throw new RecordFormatError(`${path}: ${e.message}`, e.problem);
    throw e;
  }
}
