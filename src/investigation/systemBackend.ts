// The system's DAMON: real sysfs, read directly (as root) or through the privileged agent.
import { release as osRelease } from 'node:os';
import type { DamonFs } from '../damon/fs';
import { AgentFs } from '../sysfs/agent-client';
import { DamonClient } from '../sysfs/client';
import { RealFs } from '../sysfs/real-fs';
import { SysfsBackend } from './sysfsBackend';

export interface SystemBackendOptions {
  readonly id: string;
  readonly root: string;
  /** `damonLens.agentCommand`; empty: read and write directly (needs root). */
  readonly agentCommand: string;
  readonly agentScript: string;
  readonly log: (line: string) => void;
  /** The kernel release, to tell kernel generations apart (default: this machine's). */
  readonly release?: string;
}

export async function createSystemBackend(opts: SystemBackendOptions): Promise<SysfsBackend> {
  const viaAgent = opts.agentCommand.trim() !== '';
  const fs: DamonFs = viaAgent
    ? new AgentFs({ command: opts.agentCommand, agentScript: opts.agentScript, root: opts.root, log: opts.log })
    : new RealFs(opts.root);
  const client = new DamonClient(fs, { root: opts.root, viaAgent, release: opts.release ?? osRelease() });
  try {
    await client.checkRoot();
  } catch (e) {
    if (fs instanceof AgentFs) await fs.close();
    throw e;
  }
  const release = (): void => {
    if (fs instanceof AgentFs) void fs.close();
  };
  return new SysfsBackend({ id: opts.id, label: "System DAMON", kind: 'system', client, readOnly: true, release });
}
