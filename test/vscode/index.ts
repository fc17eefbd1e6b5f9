// Loaded by the extension host (extensionTestsPath): runs the mocha suites inside it.
import Mocha from 'mocha';
import { globSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function run(): Promise<void> {
  // MOCHA_GREP runs only the matching tests, e.g. MOCHA_GREP=System npm test -- vscode.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', grep: process.env.MOCHA_GREP });
  for (const file of globSync(join(__dirname, 'suite', '**', '*.test.js'))) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const summary = `${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? failures} failed`;
      const out = process.env.EXT_TEST_RESULT;
      if (out) {
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, `${summary}\n`);
      }
      console.log(summary);
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
  });
}
