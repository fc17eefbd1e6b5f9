// Entry point of the privileged agent (bundled to dist/agent.js). Started by the user's
// damonLens.agentCommand, e.g. `sudo -n /usr/bin/node /path/to/dist/agent.js`.
// It speaks JSON lines on stdio (agent-protocol.ts) and touches only the allow-listed paths.
//
// Options (for tests): --root <dir> / --file <path> replace the default allow-list with the given
// directory trees and files. They are refused when the agent was elevated by sudo or pkexec
// (SUDO_UID / PKEXEC_UID set), so a configured sudo rule cannot be used to widen the allow-list.
// --timeout-ms <n> sets the default per-request timeout.

import { createInterface } from 'node:readline';
import { DEFAULT_POLICY, resolvePolicy, type AgentPolicy } from './agent-policy';
import { AgentServer, DEFAULT_AGENT_TIMEOUT_MS } from './agent-server';

function parseArgs(argv: string[]): { policy: AgentPolicy; timeoutMs: number } {
  const roots: string[] = [];
  const files: string[] = [];
  let timeoutMs = DEFAULT_AGENT_TIMEOUT_MS;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--root') roots.push(next());
    else if (a === '--file') files.push(next());
    else if (a === '--timeout-ms') timeoutMs = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (roots.length + files.length > 0) {
    if (process.env.SUDO_UID !== undefined || process.env.PKEXEC_UID !== undefined) {
      throw new Error('--root/--file are for tests and are refused when elevated by sudo or pkexec');
    }
    return { policy: { roots, files }, timeoutMs };
  }
  return { policy: DEFAULT_POLICY, timeoutMs };
}

async function main(): Promise<void> {
  let opts: { policy: AgentPolicy; timeoutMs: number };
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`damon-lens agent: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const policy = await resolvePolicy(opts.policy);
  const server = new AgentServer(policy, (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`), opts.timeoutMs);
  server.hello();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => void server.handleLine(line));
  rl.on('close', () => {
    server.close();
    // Let pending answers flush, then leave.
    setTimeout(() => process.exit(0), 50).unref();
  });
}

void main();
