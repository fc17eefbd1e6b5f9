// Starts a real VS Code (code-server from npm, on Node 24) on 127.0.0.1 and Debian's chromium
// (through playwright-core) to render its workbench. Shared by the extension-host runner, the
// end-to-end harness and `npm start`, so it lives with the scripts, not in test/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export interface CodeServerOptions {
  /** A folder for this server's profile (user data, extensions, XDG dirs); a fresh one if absent. */
  readonly profileDir?: string;
  readonly port?: number;
  /** Extra code-server flags, e.g. `--vscode-option enable-smoke-test-driver`. */
  readonly extraArgs?: readonly string[];
  /** User settings added to the defaults of a new profile, e.g. the colour theme. */
  readonly userSettings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly profileDir: string;
  readonly logPath: string;
  stop(): void;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/env.sh (npm test / npm start do this)`);
  return value;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', () => resolve(0));
  });
}

/** Environment that keeps code-server and chromium out of $HOME. */
function profileEnv(profileDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(profileDir, 'cfg'),
    XDG_DATA_HOME: join(profileDir, 'data'),
    XDG_CACHE_HOME: join(profileDir, 'cache'),
  };
}

function profileArgs(profileDir: string): string[] {
  return ['--user-data-dir', join(profileDir, 'user-data'), '--extensions-dir', join(profileDir, 'extensions')];
}

/** Installs a .vsix into the profile the way a user would (`code --install-extension`). */
export function installExtension(profileDir: string, vsix: string): void {
  const result = spawnSync(requiredEnv('CODE_SERVER'), [...profileArgs(profileDir), '--install-extension', vsix, '--force'], {
    env: profileEnv(profileDir),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
}

/** A calm workbench: no chat side bar, no welcome page, no update or telemetry traffic. */
const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.openRepositoryInParentFolders': 'never',
};

function writeUserSettings(profileDir: string, extra: Record<string, unknown>): void {
  const dir = join(profileDir, 'user-data', 'User');
  const file = join(dir, 'settings.json');
  if (existsSync(file)) return; // keep what the user changed in a persistent profile
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...USER_SETTINGS, ...extra }, null, 2)}\n`);
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'damon-lens-vscode-'));
  writeUserSettings(profileDir, options.userSettings ?? {});
  const port = options.port ?? (await freePort());
  const logPath = join(profileDir, 'code-server.log');
  const server: ChildProcess = spawn(
    requiredEnv('CODE_SERVER'),
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      ...profileArgs(profileDir),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...(options.extraArgs ?? []),
    ],
    { env: profileEnv(profileDir), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const log = createWriteStream(logPath);
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  const stop = (): void => {
    try {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if ((await httpStatus(`${url}/healthz`)) === 200) return { url, port, profileDir, logPath, stop };
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`code-server did not start on ${url}; see ${logPath}`);
}

/** Headless Debian chromium, with the flags this closed network needs. */
export async function launchChromium(profileDir: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: profileEnv(profileDir),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
