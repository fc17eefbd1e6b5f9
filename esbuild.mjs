// Builds every bundle DAMON Lens ships or tests:
//   dist/extension.js  the extension (Node, CommonJS, `vscode` external)
//   dist/webview.js    the dashboard app (browser, IIFE)
//   dist/<cli>.js      CLI, agent and read-pool worker entry points, when present
// and with --tests the test bundles under out/test/ (one file per test file).
// Flags: --watch (rebuild on change), --production (minified; external source maps,
// which .vscodeignore keeps out of the .vsix), --tests.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const common = {
  bundle: true,
  // Prefer ES modules: jsonc-parser's UMD build loads its parts with a require() esbuild cannot follow.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: production ? 'external' : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

const nodeEntries = [['extension', 'src/ui/extension.ts'], ['agent', 'src/sysfs/agent-main.ts'], ['cli', 'src/cli/main.ts'], ['read-worker', 'src/sysfs/read-worker.ts']]
  .filter(([, file]) => existsSync(file));

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: Object.fromEntries(nodeEntries),
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

if (args.has('--tests')) {
  // readdirSync's `recursive` rather than fs.globSync, which needs Node 22: `npm run build` and
  // `npm run package` also run on a machine's own Node 20 (Debian's), not only on the pinned Node 24.
  const tsUnder = (dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)) : []);
  const testEntries = [
    ...['unit', 'vscode', 'conformance', 'e2e', 'kernel', 'package', 'support', 'fidelity'].flatMap((d) => tsUnder(`test/${d}`)),
    ...tsUnder('bench'),
    ...tsUnder('scripts'),
  ];
  builds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: testEntries,
    outbase: '.',
    // Built aside and swapped in, so a test run reading out/ never sees it half-written.
    outdir: `out.tmp-${process.pid}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Resolved at run time from node_modules: mocha and playwright load files dynamically,
    // and `vscode` exists only inside the extension host.
    external: ['vscode', 'mocha', 'playwright-core', 'esbuild', 'typescript'],
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (args.has('--tests')) {
    rmSync('out', { recursive: true, force: true });
    renameSync(`out.tmp-${process.pid}`, 'out');
  }
}
