// The system's DAMON: real sysfs, read directly (as root) or through the privileged agent.
import { release as osRelease } from 'node:os';
import type { DamonFs } from '../../damon/fs';
import { AgentFs } from '../../sysfs/agent-client';
import { DamonClient } from '../../sysfs/client';
import { DAMON_SYSFS_ROOT, RealFs } from '../../sysfs/real-fs';
import { agentPipe, localTracefsReader, TracefsReader, TRACEFS_ROOTS } from '../../sysfs/tracefs';
import type { TraceSource } from '../trace/liveTrace';
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
  return new SysfsBackend({ id: opts.id, label: "System DAMON", kind: 'system', client, readOnly: true, release, openTrace: () => openSystemTrace(opts) });
}

/** Thrown as the kernel would answer an unprivileged tracefs write, without trying one. */
function notPrivileged(): Error {
  return Object.assign(new Error('tracefs is writable by root only'), { code: 'EACCES' });
}

/**
 * damon:damon_aggregated of this machine's kernel, directly as root or through the agent (which
 * allows the DAMON trace events and trace_pipe only). Only for the kernel's own DAMON sysfs: a
 * sysfsRoot elsewhere (a copy, a test tree) has no trace, and this machine's must not be touched.
 */
export async function openSystemTrace(opts: SystemBackendOptions): Promise<TraceSource> {
  const root = opts.root.replace(/\/+$/, '');
  if (root !== DAMON_SYSFS_ROOT) throw new Error(`the live trace follows the kernel's own DAMON sysfs, and damonLens.sysfsRoot is ${root}`);
  const events = ['damon_aggregated'] as const;
  if (opts.agentCommand.trim() !== '') {
    const agent = new AgentFs({ command: opts.agentCommand, agentScript: opts.agentScript, root: TRACEFS_ROOTS[0], log: opts.log });
    const reader = new TracefsReader({ fs: agent, openPipe: agentPipe(agent), events, log: opts.log });
    return {
      start: (onEvent) => reader.start(onEvent),
      stop: async () => {
        await reader.stop();
        await agent.close();
      },
    };
  }
  if (process.getuid?.() !== 0) throw notPrivileged();
  const reader = await localTracefsReader({ events, log: opts.log });
  if (!reader) throw new Error('this kernel has no tracefs with DAMON events (/sys/kernel/tracing/events/damon)');
  return reader;
}
