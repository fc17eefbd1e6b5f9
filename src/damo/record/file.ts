// Writes a damo record file whole or not at all: the bytes go to a temporary file next to the
// target, which is renamed over it only once written, so a failure never leaves half a record.
import { randomBytes } from 'node:crypto';
import { rm, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { serializeRecords, type DamoRecord, type DamoRecordFormat } from './record';

export async function writeRecordFile(path: string, records: readonly DamoRecord[], format: DamoRecordFormat): Promise<number> {
  const bytes = serializeRecords(records, format);
  // Same directory, so the rename stays on one filesystem and is atomic.
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return bytes.length;
}
