// `damon-lens diff`: two dumps of the same deterministic simulation differ only in taken_at.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DumpChange } from '../../../src/investigation/dumps/diff';
import { runCli } from '../damo/capture';

test('diff of two dumps: none for the same state, field changes otherwise, --exit-code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'damon-lens-diff-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dump = async (name: string, seconds: string): Promise<string> => {
    const r = await runCli(['dump', '--sim', 'hot-cold', '--seconds', seconds, '--pause']);
    assert.equal(r.code, 0, r.err);
    writeFileSync(join(dir, name), r.out);
    return join(dir, name);
  };
  const [a, b, c] = [await dump('a.json', '2'), await dump('b.json', '2'), await dump('c.json', '3')];
  const same = await runCli(['diff', a, b, '--exit-code']);
  assert.equal(same.code, 0);
  assert.equal(same.out, 'no changes (timestamps ignored)\n');
  const moved = await runCli(['diff', a, c, '--exit-code']);
  assert.equal(moved.code, 1);
  assert.match(moved.out, /^contexts\/0\/passed_sample_intervals: \d+ → \d+$/m);
  const json = JSON.parse((await runCli(['diff', a, c, '--json'])).out) as DumpChange[];
  assert.ok(json.some((ch) => ch.path === 'contexts/0/passed_sample_intervals'));
  const bad = await runCli(['diff', a, join(dir, 'missing.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /cannot read .*missing\.json as JSON/);
});
