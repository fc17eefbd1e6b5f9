// Checks the .vsix that `npm run package` built: small, and holding only what the extension runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '../../..');
const VSIX = join(ROOT, 'damon-lens.vsix');

function packagedFiles(): string[] {
  const out = execFileSync(join(ROOT, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

test('the .vsix is under 2 MB', () => {
  const size = statSync(VSIX).size;
  assert.ok(size < 2 * 1024 * 1024, `${VSIX} is ${size} bytes`);
});

test('the .vsix holds only built output, media, README, LICENSE and CHANGELOG', () => {
  const files = packagedFiles();
  const allowed = /^(dist\/[^/]+\.js|media\/.+|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
  assert.deepEqual(files.filter((f) => !allowed.test(f)), []);
  for (const required of ['dist/extension.js', 'dist/webview.js', 'dist/agent.js', 'dist/read-worker.js', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    assert.ok(files.includes(required), `${required} is packaged`);
  }
  assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps');
});
