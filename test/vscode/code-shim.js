#!/usr/bin/env node
// Stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }):
// maps its command-line flags onto our code-server host runner (out/test/vscode/host.js).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

let dev, tests, workspace;
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('--extensionDevelopmentPath=')) dev = arg.slice(arg.indexOf('=') + 1);
  else if (arg.startsWith('--extensionTestsPath=')) tests = arg.slice(arg.indexOf('=') + 1);
  else if (!arg.startsWith('-')) workspace = arg;
}
const host = path.join(__dirname, '..', '..', 'out', 'test', 'vscode', 'host.js');
const result = spawnSync(process.execPath, [host, dev, tests, workspace || dev], { stdio: 'inherit' });
process.exit(result.status === null ? 1 : result.status);
