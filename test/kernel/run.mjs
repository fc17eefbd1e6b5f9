#!/usr/bin/env node
// Runs compiled node:test files inside a qemu guest for each real kernel in a list, through
// scripts/kernel-vm.sh. The guest runs this host's /usr/bin/node (v20; the compiled tests are
// node20 CommonJS), with the project directory shared read-write at the same path.
//
//   node test/kernel/run.mjs [--kernels 6.12,7.3] [--timeout 900] [--] out/test/kernel/smoke.test.js [...]
//
// Environment: KERNELS (same as --kernels), GUEST_NODE (default /usr/bin/node), and whatever
// scripts/kernel-vm.sh reads (WORK, MEM, TIMEOUT, ...).
// The test files and dist/ are copied into the run's own directory before booting (the guest sees
// it as /tmp/out/snap), so a concurrent rebuild of out/ or dist/ in the working tree cannot pull
// them away mid-run; paths relative to the test file (../../../dist/agent.js) still resolve.
// For each kernel it prints the node:test spec output, then `kernel-<ver>: N passed, N failed`.
// Exits 0 only if every kernel ran and no test failed.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = join(ROOT, 'scripts/kernel-vm.sh');
const WORK = process.env.WORK || '/tmp/damon-lens-vm';

function parseArgs(argv) {
  const opts = { kernels: (process.env.KERNELS || '6.12,7.3').split(','), timeout: process.env.TIMEOUT || '900', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--kernels') opts.kernels = argv[++i].split(',');
    else if (a.startsWith('--kernels=')) opts.kernels = a.slice(10).split(',');
    else if (a === '--timeout') opts.timeout = argv[++i];
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--') opts.files.push(...argv.slice(i + 1)), (i = argv.length);
    else opts.files.push(a);
  }
  opts.kernels = opts.kernels.map((k) => k.trim()).filter(Boolean);
  return opts;
}

const shq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** Counts from a node:test TAP stream: the closing "# pass N" / "# fail N" lines. */
export function tapCounts(tap) {
  const num = (key) => {
    const m = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap);
    return m ? Number(m[1]) : undefined;
  };
  return { tests: num('tests'), pass: num('pass'), fail: num('fail'), skipped: num('skipped'), todo: num('todo'), cancelled: num('cancelled') };
}

function runKernel(kernel, files, timeout) {
  mkdirSync(join(WORK, 'runs'), { recursive: true });
  const out = mkdtempSync(join(WORK, 'runs', `run-${kernel}-`));
  const node = process.env.GUEST_NODE || '/usr/bin/node';
  for (const f of files) cpSync(join(ROOT, f), join(out, 'snap', f));
  if (existsSync(join(ROOT, 'dist'))) cpSync(join(ROOT, 'dist'), join(out, 'snap', 'dist'), { recursive: true });
  const cmd = [
    node, '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', '--test-reporter-destination=/tmp/out/result.tap',
    ...files.map((f) => `/tmp/out/snap/${f}`),
  ].map(shq).join(' ');
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn('bash', [SCRIPT, ROOT, cmd], {
      env: { ...process.env, KERNEL: kernel, OUT: out, TIMEOUT: String(timeout), QUIET: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('close', (code, signal) => {
      const log = existsSync(join(out, 'run.log')) ? readFileSync(join(out, 'run.log'), 'utf8') : '';
      const tap = existsSync(join(out, 'result.tap')) ? readFileSync(join(out, 'result.tap'), 'utf8') : '';
      resolvePromise({ kernel, code: code ?? (signal ? 128 : 1), log, tap, out, ms: Date.now() - started });
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help || opts.files.length === 0) {
    console.error('usage: node test/kernel/run.mjs [--kernels 6.12,7.3] [--timeout seconds] <compiled test file>...');
    process.exit(opts.help ? 0 : 2);
  }
  if (process.getuid && process.getuid() !== 0) {
    console.error('run.mjs: scripts/kernel-vm.sh needs root (qemu with 9p shares, apt for qemu and kernels)');
    process.exit(2);
  }
  const files = opts.files.map((f) => {
    const abs = resolve(f);
    if (!existsSync(abs)) {
      console.error(`run.mjs: no such file ${f} (build the tests first: node esbuild.mjs --tests)`);
      process.exit(2);
    }
    const rel = relative(ROOT, abs);
    if (rel.startsWith('..')) {
      console.error(`run.mjs: ${f} is outside the project directory ${ROOT}, which is all the guest sees read-write`);
      process.exit(2);
    }
    return rel;
  });

  const summary = [];
  for (const kernel of opts.kernels) {
    console.log(`\n===== kernel ${kernel}: ${files.join(' ')}`);
    const r = await runKernel(kernel, files, opts.timeout);
    process.stdout.write(r.log);
    const c = tapCounts(r.tap);
    const kver = (/^export DAMON_KERNEL=(.*)$/m.exec(readFileSafe(join(r.out, 'run.sh'))) || [])[1] || '?';
    const pass = c.pass ?? 0;
    let fail = c.fail ?? 0;
    let note = '';
    if (c.pass === undefined) {
      note = ` (no test results: exit code ${r.code}; see ${r.out})`;
      fail = Math.max(fail, 1);
    } else if (r.code !== 0 && fail === 0) {
      note = ` (exit code ${r.code})`;
      fail = 1;
    }
    const extra = [c.skipped ? `${c.skipped} skipped` : '', c.todo ? `${c.todo} todo` : '', c.cancelled ? `${c.cancelled} cancelled` : '']
      .filter(Boolean).join(', ');
    console.log(`kernel ${kernel} = ${kver}, ${(r.ms / 1000).toFixed(1)} s${extra ? `, ${extra}` : ''}${note}`);
    console.log(`kernel-${kernel}: ${pass} passed, ${fail} failed`);
    summary.push({ kernel, kver, pass, fail, ms: r.ms });
  }
  if (summary.length > 1) {
    console.log('\n===== summary');
    for (const s of summary) console.log(`kernel-${s.kernel}: ${s.pass} passed, ${s.fail} failed  (${s.kver}, ${(s.ms / 1000).toFixed(1)} s)`);
  }
  process.exit(summary.every((s) => s.fail === 0 && s.pass > 0) ? 0 : 1);
}

function readFileSafe(p) {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
