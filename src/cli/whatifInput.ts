// What `workload --from-record` and `whatif` share: the record's target to derive a workload from,
// its address space kind, and damo kdamonds JSON files to replay it under.
import { readFileSync } from 'node:fs';
import type { DamonOps, KdamondParams } from '../damon/params';
import { DamoJsonError, parseDamoKdamonds } from '../damo/kdamondsJson';
import type { DamoRecord } from '../damo/record/record';
import { deriveWorkload, guessOps, type DerivedWorkload } from '../investigation/whatif/derive';
import { int, str, type ParsedArgs } from './args';
import { UsageError } from './errors';
import { readRecords } from './reportInput';

export interface RecordedTarget {
  readonly record: DamoRecord;
  readonly ops: DamonOps;
  readonly derived: DerivedWorkload;
}

/** The record of --target (default: the first), its ops (--ops, else told from its addresses), and the workload derived from it. */
export function recordedTarget(a: ParsedArgs, command: string, option: string): RecordedTarget {
  const records = readRecords(a, command, option);
  const tid = int(a, 'target', records[0]?.target_id ?? 0);
  const record = records.find((r) => r.target_id === tid && r.snapshots.length > 0);
  if (!record) throw new UsageError(`${command}: the record has no target ${tid} with snapshots; targets: ${[...new Set(records.map((r) => r.target_id))].join(', ')}`);
  const ops = (str(a, 'ops') as DamonOps | undefined) ?? guessOps(record);
  return { record, ops, derived: deriveWorkload(record, { physical: ops === 'paddr' }) };
}

/** A damo kdamonds JSON file (`damo args damon --format json`, or the damon.data.kdamonds damo saves beside a record). */
export function readKdamondsJson(path: string, command: string): KdamondParams[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${command}: cannot read --params ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass a damo kdamonds JSON file`);
  }
  try {
    return parseDamoKdamonds(JSON.parse(text));
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof DamoJsonError) throw new UsageError(`${command}: --params ${path} is not damo's kdamonds JSON (${e.message})`);
    throw e;
  }
}
