// The record reader and reports against damo itself: every expects/<case>.args was run through
// damo 3.3.0 (make-fixtures.sh), and damon-lens must print byte for byte what damo printed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, runCli } from './capture';

const cases = readdirSync(join(FIXTURES, 'expects')).filter((f) => f.endsWith('.args')).map((f) => f.slice(0, -'.args'.length));

test('there are damo-made cases for wss, heatmap, nr_regions and access', () => {
  for (const kind of ['wss', 'heatmap', 'nr_regions', 'access']) assert.ok(cases.some((c) => c.startsWith(kind)), kind);
});

for (const name of cases) {
  test(`report ${name} prints what damo printed`, async () => {
    const args = readFileSync(join(FIXTURES, 'expects', `${name}.args`), 'utf8').trim().split(/\s+/);
    const input = args.indexOf('--input');
    args[input + 1] = join(FIXTURES, args[input + 1]);
    const expected = readFileSync(join(FIXTURES, 'expects', `${name}.txt`), 'utf8');
    const r = await runCli(['report', ...args]);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.equal(r.out, expected);
  });
}
