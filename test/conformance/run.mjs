#!/usr/bin/env node
// The conformance table: every case on the simulated sysfs of each emulated generation (on this
// host) and on real Debian kernels booted under qemu (scripts/kernel-vm.sh, as root), then the
// comparison: a case that passes on a real kernel and fails on the simulated one of the same
// generation (or the reverse) is a mismatch.
//
//   node esbuild.mjs --tests && node test/conformance/run.mjs [--kernels 6.12,7.3] [--sim-only]
//
// Exits non-zero on any failure or mismatch. Prints the wall time.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SIM = 'out/test/unit/sysfs/conformance-sim.test.js';
const REAL = 'out/test/conformance/real.test.js';

const argv = process.argv.slice(2);
const simOnly = argv.includes('--sim-only');
const ki = argv.indexOf('--kernels');
const kernels = (ki >= 0 ? argv[ki + 1] : process.env.KERNELS || '6.12,7.3').split(',').filter(Boolean);

function run(cmd, args, env) {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => res({ code: code ?? 1, out }));
  });
}

function collect(out) {
  const cols = [];
  for (const m of out.matchAll(/^CONFORMANCE-RESULT (.*)$/gm)) cols.push(JSON.parse(m[1]));
  return cols;
}

/** "real-7.3.4+deb13" -> "7.3"; "sim-6.18" -> "6.18". */
function generationOf(column) {
  const m = /^(?:real|sim)-(\d+)\.(\d+)/.exec(column);
  if (!m) return undefined;
  const gens = ['6.12', '6.18', '7.0', '7.1', '7.2', '7.3'];
  const v = Number(m[1]) * 1000 + Number(m[2]);
  let found;
  for (const g of gens) {
    const [a, b] = g.split('.').map(Number);
    if (a * 1000 + b <= v) found = g;
  }
  return found;
}

function table(columns, ids) {
  const w0 = Math.max(4, ...ids.map((i) => i.length));
  const ws = columns.map((c) => Math.max(4, c.column.length));
  const row = (cells) => cells.map((s, i) => String(s).padEnd(i === 0 ? w0 : ws[i - 1])).join(' | ');
  const lines = [row(['case', ...columns.map((c) => c.column)]), row(['-'.repeat(w0), ...ws.map((w) => '-'.repeat(w))])];
  for (const id of ids) {
    lines.push(row([id, ...columns.map((c) => {
      const o = c.results.find((r) => r.id === id)?.outcome;
      return o === undefined ? '-' : o === 'fail' ? 'FAIL' : o;
    })]));
  }
  return lines.join('\n');
}

const t0 = Date.now();
for (const f of [SIM, ...(simOnly ? [] : [REAL])]) {
  if (!existsSync(join(ROOT, f))) {
    console.error(`conformance: ${f} is missing; build the tests first: node esbuild.mjs --tests`);
    process.exit(2);
  }
}
console.log('===== conformance: simulated kernels');
const sim = await run(process.execPath, ['--test', '--test-reporter=spec', SIM], { CONFORMANCE_RESULTS: '1', CONFORMANCE_TABLE: '0' });
const columns = collect(sim.out);
let ok = sim.code === 0 && columns.length > 0;
if (!simOnly) {
  console.log(`\n===== conformance: real kernels ${kernels.join(', ')} (qemu)`);
  const real = await run(process.execPath, [join(ROOT, 'test/kernel/run.mjs'), '--kernels', kernels.join(','), REAL]);
  const realCols = collect(real.out);
  ok = ok && real.code === 0 && realCols.length === kernels.length;
  if (realCols.length !== kernels.length) console.error(`conformance: results from ${realCols.length} of ${kernels.length} real kernels`);
  columns.push(...realCols);
}

const ids = [];
for (const c of columns) for (const r of c.results) if (!ids.includes(r.id)) ids.push(r.id);
console.log(`\n===== conformance table (case x kernel)\n${table(columns, ids)}`);

const mismatches = [];
for (const real of columns.filter((c) => c.column.startsWith('real-'))) {
  const simCol = columns.find((c) => c.column === `sim-${generationOf(real.column)}`);
  if (!simCol) {
    mismatches.push(`${real.column}: no simulated column for generation ${generationOf(real.column)}`);
    continue;
  }
  for (const r of real.results) {
    const s = simCol.results.find((x) => x.id === r.id);
    if (!s || s.outcome !== r.outcome) {
      mismatches.push(`${r.id}: ${real.column} ${r.outcome}${r.error ? ` (${r.error})` : ''} vs ${simCol.column} ${s?.outcome ?? 'missing'}${s?.error ? ` (${s.error})` : ''}`);
    }
  }
}
const failures = columns.flatMap((c) => c.results.filter((r) => r.outcome === 'fail').map((r) => `${c.column} ${r.id}: ${r.error}`));
for (const f of failures) console.log(`FAIL ${f}`);
for (const m of mismatches) console.log(`MISMATCH ${m}`);
const passedCells = columns.reduce((n, c) => n + c.results.filter((r) => r.outcome === 'pass').length, 0);
console.log(`\nconformance: ${failures.length} failed, ${mismatches.length} mismatches between simulated and real kernels; wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
// The closing line scripts/test.sh reads: passing cells of the table, and failures plus mismatches.
console.log(`conformance: ${passedCells} passed, ${failures.length + mismatches.length} failed`);
process.exit(ok && failures.length === 0 && mismatches.length === 0 ? 0 : 1);
