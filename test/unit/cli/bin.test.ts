// The built binary, as a user runs it: dist/cli.js in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

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
  const bad = run('report', 'wss', '--input', 'README.md');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /README\.md: not a damo record/);
});

test('dist/cli.js help lists the commands', () => {
  const r = run('help');
  assert.equal(r.status, 0);
  for (const c of ['damon-lens dump', 'damon-lens sim', 'damon-lens report']) assert.ok(r.stdout.includes(c), c);
});
