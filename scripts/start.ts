// `npm start`: a real VS Code (code-server) on 127.0.0.1 with DAMON Lens installed from the
// freshly built .vsix and the demo workspace open. Runs until Ctrl-C.
// env: PORT (default 8734), DAMON_LENS_PROFILE (default .profile/, kept between runs).
import { resolve } from 'node:path';
import { installExtension, startCodeServer } from './host/codeServer';

const root = resolve(__dirname, '../..');

async function main(): Promise<void> {
  const profileDir = resolve(root, process.env.DAMON_LENS_PROFILE ?? '.profile');
  const port = Number(process.env.PORT ?? 8734);
  const workspace = resolve(root, 'demo/workspace');
  installExtension(profileDir, resolve(root, 'damon-lens.vsix'));
  const server = await startCodeServer({ profileDir, port });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`\nDAMON Lens is running in VS Code at:\n\n  ${url}\n\nOpen the DAMON view in the activity bar. Log: ${server.logPath}. Press Ctrl-C to stop.`);
  const stop = (): void => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30); // keep running until a signal
}

main().catch((e: unknown) => {
  console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
