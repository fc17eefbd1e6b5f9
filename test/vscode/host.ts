// Runs an extension test module (exports `run()`) inside code-server's real extension host, with
// headless chromium as the workbench renderer. Exit code 0 when every test passed.
// usage: node out/test/vscode/host.js <extensionDevelopmentPath> <extensionTestsPath> [workspace]
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, startCodeServer } from '../../scripts/host/codeServer';

const [extensionDevelopmentPath, extensionTestsPath, workspaceArg] = process.argv.slice(2).map((p) => resolve(p));
const workspace = workspaceArg ?? extensionDevelopmentPath;
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
// The workbench logs much that is not ours; show only lines from the tests, unless VERBOSE.
const NOISE = /AgentHost|ChatModelSelection|ENOTFOUND|Canceled|AccountPolicyGate|authentication provider/;
const t0 = Date.now();
const lap = (m: string): void => console.log(`[vscode-host ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

async function main(): Promise<number> {
  // Without enable-smoke-test-driver the workbench ignores the test payload.
  const server = await startCodeServer({ extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
  lap(`code-server up at ${server.url}; log ${server.logPath}`);
  const browser = await launchChromium(server.profileDir);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => console.log('[renderer pageerror]', e.message));
    const exitCode = new Promise<number>((resolveExit) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        const line = format(...(args ?? []));
        // A test asks for a screenshot of the live workbench by logging "@@screenshot <name>".
        const shot = /^@@screenshot (\S+)/.exec(line);
        if (shot) {
          const dir = process.env.SHOT_DIR ?? 'artifacts/screenshots/vscode';
          mkdirSync(dir, { recursive: true });
          void page.screenshot({ path: join(dir, `${shot[1]}.png`) }).then(() => lap(`screenshot ${shot[1]}`));
          return;
        }
        if (process.env.VERBOSE || !NOISE.test(line)) console.log(line.split('\n').filter((l) => process.env.VERBOSE || !/^\s+at /.test(l)).join('\n'));
      });
      void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    });
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['extensionTestsPath', remote(extensionTestsPath)],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(remote(workspace))}&payload=${encodeURIComponent(payload)}`);
    lap('workbench opened; the extension host runs the tests');
    const code = await Promise.race([exitCode, new Promise<number>((r) => setTimeout(() => r(-1), timeoutMs))]);
    lap(code === -1 ? `timed out after ${timeoutMs} ms` : `extension host exited with ${code}`);
    if (code !== 0) await page.screenshot({ path: 'artifacts/vscode-host-failure.png' }).catch(() => undefined);
    return code === 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('vscode-host harness failed:', e);
    process.exit(2);
  },
);
