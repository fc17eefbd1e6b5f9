// The built binary, as a user runs it: dist/cli.js in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { defaultContext, defaultScheme, defaultTarget } from '../../../src/damon/params';
import { PRESETS } from '../../../src/sim';
import { createSimulatedDamon } from '../../../src/sim/sysfs';
import { DamonClient } from '../../../src/sysfs/client';
import { mirrorSysfs } from '../../support/mirrorSysfs';

const ROOT = resolve(__dirname, '../../../..');
const BIN = join(ROOT, 'dist/cli.js');
const FIXTURES = join(ROOT, 'test/fixtures/damo');

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: FIXTURES });

test('dist/cli.js is built, with a shebang', () => {
  assert.ok(existsSync(BIN), 'run node esbuild.mjs first');
  assert.ok(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node'));
});

test('dist/cli.js report wss prints what damo printed, exit 0', () => {
  const r = run('report', 'wss', '--input', 'stairs.data');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(join(FIXTURES, 'expects/wss-default.txt'), 'utf8'));
});

test('dist/cli.js exits 2 on a usage error and 1 on a bad record', () => {
  const usage = run('report', 'wss', '--input', 'stairs.data', '--acc_thres', 'many');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--acc_thres: "many" is not an integer/);
  const range = run('report', 'heatmap', '--input', 'stairs.data', '--time_range', 'soon', '5');
  assert.equal(range.status, 2, 'a bad option value is a usage error');
  assert.match(range.stderr, /report heatmap: --time_range soon: not a number of ns/);
  assert.equal(range.stdout, '');
  const bad = run('report', 'wss', '--input', 'README.md');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /README\.md: not a damo record/);
});

test('dist/cli.js help lists the commands', () => {
  const r = run('help');
  assert.equal(r.status, 0);
  for (const c of ['damon-lens dump', 'damon-lens sim', 'damon-lens report']) assert.ok(r.stdout.includes(c), c);
});

test('dist/cli.js dump --sysfs reads a large tree through its read-pool workers and exits by itself', async () => {
  // A mirrored simulated sysfs with thousands of tried regions: enough for worker batches.
  const { fs } = createSimulatedDamon({ workload: PRESETS['hot-cold'](), generation: '7.3' });
  const client = new DamonClient(fs);
  const ctx = defaultContext('paddr');
  ctx.monitoring_attrs.nr_regions = { min: 2000, max: 2000 };
  ctx.targets = [{ ...defaultTarget(), regions: [{ start: 0, end: 2 ** 30 }] }];
  ctx.schemes = [defaultScheme('stat')];
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, { refresh_ms: 0, contexts: [ctx] });
  await client.start(0);
  const tried = (await client.updateTriedRegions(0))[0][0].regions.length;
  const dir = mkdtempSync(join(tmpdir(), 'damon-lens-bin-'));
  try {
    await mirrorSysfs(fs, dir);
    const r = spawnSync(process.execPath, [BIN, 'dump', '--sysfs', dir], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const dump = JSON.parse(r.stdout) as { contexts: { schemes: { tried_regions?: { regions: unknown[] } }[] }[] };
    assert.ok(tried > 1000, `${tried} tried regions`);
    assert.equal(dump.contexts[0].schemes[0].tried_regions?.regions.length, tried);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
