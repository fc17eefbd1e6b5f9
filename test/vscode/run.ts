// Entry of the extension-host suite: @vscode/test-electron's runTests, pointed at our stand-in
// executable, so the tests run in a real VS Code extension host (code-server) with no download.
import { runTests } from '@vscode/test-electron';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const resultFile = resolve(root, 'artifacts/vscode-result.txt');

async function main(): Promise<void> {
  process.env.EXT_TEST_RESULT = resultFile;
  let exitCode = 0;
  try {
    await runTests({
      vscodeExecutablePath: resolve(root, 'test/vscode/code-shim.js'),
      extensionDevelopmentPath: root,
      extensionTestsPath: resolve(root, 'out/test/vscode/index.js'),
      launchArgs: [resolve(root, 'test/fixtures/workspace')],
    });
  } catch (e) {
    console.error(String(e));
    exitCode = 1;
  }
  let summary = '0 passed, 1 failed';
  try {
    summary = readFileSync(resultFile, 'utf8').trim();
  } catch {
    // The host died before mocha wrote its summary: count the suite as one failure.
  }
  console.log(`vscode: ${summary}`);
  process.exit(exitCode);
}

void main();
