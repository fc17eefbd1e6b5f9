// Entry of the extension-host suite: @vscode/test-electron's runTests, pointed at our stand-in
// executable, so the tests run in a real VS Code extension host (code-server) with no download.
// Mocha writes "N passed, N failed" to EXT_TEST_RESULT for scripts/test.sh.
import { runTests } from '@vscode/test-electron';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

async function main(): Promise<number> {
  process.env.EXT_TEST_RESULT ??= resolve(root, 'artifacts/vscode-result.txt');
  try {
    await runTests({
      vscodeExecutablePath: resolve(root, 'test/vscode/code-shim.js'),
      extensionDevelopmentPath: root,
      extensionTestsPath: resolve(root, 'out/test/vscode/index.js'),
      launchArgs: [resolve(root, 'test/fixtures/workspace')],
    });
    return 0;
  } catch (e) {
    console.error(String(e));
    return 1;
  }
}

void main().then((code) => process.exit(code));
