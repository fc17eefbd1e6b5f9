// Enforces the layers of DESIGN.md: which folder of src/ may import which.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { importsOf, sourceFiles, SRC } from './support/sourceImports';

/** Which of our own layers each layer may import (DESIGN.md, "Layers"). */
const ALLOWED: Record<string, readonly string[]> = {
  damon: ['damon'],
  damo: ['damon', 'damo'],
  sim: ['damon', 'sim'],
  sysfs: ['damon', 'sysfs'],
  investigation: ['damon', 'damo', 'sysfs', 'sim', 'investigation'],
  cli: ['damon', 'damo', 'sysfs', 'sim', 'investigation', 'cli'],
  ui: ['damon', 'damo', 'sysfs', 'sim', 'investigation', 'ui', 'protocol.ts', 'webview-html.ts'],
  webview: ['webview', 'protocol.ts'],
};

/** The top-level entry of src/ that a relative import lands in, e.g. "sim" or "protocol.ts". */
function layerOfImport(file: string, spec: string): string {
  const absolute = resolve(dirname(file), spec);
  const target = relative(SRC, absolute);
  const top = target.split(sep)[0];
  // `../sim` names the folder (its index.ts); `../protocol` names the file protocol.ts.
  const isFolder = existsSync(absolute) && statSync(absolute).isDirectory();
  return target.includes(sep) || isFolder ? top : `${top.replace(/\.ts$/, '')}.ts`;
}

const files = sourceFiles(SRC);

test('src/ has source files to check', () => {
  assert.ok(files.length > 0);
});

test('only src/ui imports vscode', () => {
  const offenders = files
    .filter((f) => !relative(SRC, f).startsWith(`ui${sep}`))
    .filter((f) => importsOf(f).includes('vscode'))
    .map((f) => relative(SRC, f));
  assert.deepEqual(offenders, []);
});

test('each layer imports only the layers DESIGN.md allows', () => {
  const violations: string[] = [];
  for (const file of files) {
    const rel = relative(SRC, file);
    const layer = rel.includes(sep) ? rel.split(sep)[0] : rel;
    const allowed = ALLOWED[layer] ?? [];
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) {
        // Packages: the webview may use only chart.js; nothing else in a pure layer may reach vscode.
        if (layer === 'webview' && !spec.startsWith('chart.js')) violations.push(`${rel} imports package ${spec}`);
        continue;
      }
      const target = layerOfImport(file, spec);
      if (layer.endsWith('.ts')) continue; // protocol.ts and friends at the root are shared leaves
      if (!allowed.includes(target)) violations.push(`${rel} imports ${spec} (layer ${target})`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the import scanner sees the kinds of import we write', () => {
  const sample = join(SRC, 'ui', 'x.ts');
  assert.equal(layerOfImport(sample, '../sim/kdamond'), 'sim');
  assert.equal(layerOfImport(sample, '../protocol'), 'protocol.ts');
  assert.equal(layerOfImport(sample, './tree'), 'ui');
  assert.equal(layerOfImport(sample, '../sim'), 'sim', 'a folder import lands in that folder');
});
