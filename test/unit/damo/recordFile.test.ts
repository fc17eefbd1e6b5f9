// writeRecordFile: the whole record or nothing; never a partial file or a leftover temporary one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseRecords, type DamoRecord } from '../../../src/damo/record/record';
import { writeRecordFile } from '../../../src/damo/record/file';

const RECORD: DamoRecord = {
  kdamond_idx: 0,
  context_idx: 0,
  scheme_idx: null,
  target_id: 0,
  intervals: { sample_us: 5000, aggr_us: 100000, ops_update_us: 1000000, goal: { access_bp: 0, aggrs: 0, min_sample_us: 0, max_sample_us: 0 } },
  snapshots: [{ start_time: 0, end_time: 100e6, sample_interval_us: null, regions: [{ start: 4096, end: 8192, nr_accesses: 3, age: 2, sz_filter_passed: 0 }] }],
};

test('writeRecordFile replaces the file whole, in either format', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'damo-record-file-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'damon.data');
  writeFileSync(path, 'an older record');
  for (const format of ['json_compressed', 'json'] as const) {
    const n = await writeRecordFile(path, [RECORD], format);
    const bytes = readFileSync(path);
    assert.equal(bytes.length, n);
    assert.deepEqual(parseRecords(bytes), [RECORD]);
  }
  assert.deepEqual(readdirSync(dir), ['damon.data']);
});

test('writeRecordFile that fails leaves the target as it was and no temporary file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'damo-record-file-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const target = join(dir, 'a-directory');
  mkdirSync(target);
  await assert.rejects(writeRecordFile(target, [RECORD], 'json'), /EISDIR|ENOTDIR|EEXIST|EPERM/);
  assert.deepEqual(readdirSync(dir), ['a-directory']);
  assert.deepEqual(readdirSync(target), []);
  await assert.rejects(writeRecordFile(join(dir, 'missing', 'damon.data'), [RECORD], 'json'), /ENOENT/);
  assert.deepEqual(readdirSync(dir), ['a-directory']);
});
