// The tracefs reader for real kernels: enables the DAMON trace events (damon:damon_aggregated
// and the others the kernel has), streams trace_pipe, parses each line into the typed events the
// simulator emits, and on stop disables the events it enabled (leaving alone those that someone
// else had enabled).

import type { DamonFs } from '../damon/fs';
import { DAMON_TRACE_EVENTS, eventOf, splitTraceLine, type DamonTraceEvent, type DamonTraceEventName } from '../damon/trace-events';
import type { AgentFs } from './agent-client';
import { streamFile, type PipeStream } from './pipe-reader';
import { RealFs } from './real-fs';

/** Where tracefs is mounted, newest first. */
export const TRACEFS_ROOTS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'] as const;

/** Opens trace_pipe and calls onData with its text as it comes. */
export type OpenPipe = (onData: (chunk: string) => void) => PipeStream;

/** trace_pipe read directly (root). */
export function directPipe(root: string = TRACEFS_ROOTS[0]): OpenPipe {
  return (onData) => streamFile(`${root}/trace_pipe`, onData);
}

/** trace_pipe read through the privileged agent. */
export function agentPipe(agent: AgentFs, root: string = TRACEFS_ROOTS[0]): OpenPipe {
  return (onData) => agent.streamAbsolute(`${root}/trace_pipe`, onData);
}

/** The first tracefs root with DAMON events, or undefined (no tracefs, or a kernel without them). */
export async function findTracefs(exists: (absPath: string) => Promise<boolean>): Promise<string | undefined> {
  for (const root of TRACEFS_ROOTS) if (await exists(`${root}/events/damon`)) return root;
  return undefined;
}

export interface TracefsReaderOptions {
  /** The tracing root as a DamonFs (paths like "events/damon/damon_aggregated/enable"). */
  fs: DamonFs;
  openPipe: OpenPipe;
  /** The events to enable (default: every DAMON event the kernel has). */
  events?: readonly DamonTraceEventName[];
  log?: (line: string) => void;
}

/**
 * Receives each parsed event with the pid of the task that emitted it: the events carry no
 * kdamond index, but each kdamond is its own task (`kdamond.<K>`, whose pid is `kdamonds/<K>/pid`).
 */
export type TraceEventListener = (e: DamonTraceEvent, pid: number) => void;

export class TracefsReader {
  private pipe: PipeStream | undefined;
  private enabledByUs: DamonTraceEventName[] = [];
  private partial = '';
  /** Lines that were not DAMON events (other tracers writing to the same buffer). */
  skippedLines = 0;

  constructor(private readonly opts: TracefsReaderOptions) {}

  /** The DAMON events this kernel has, of those we parse. */
  async availableEvents(): Promise<DamonTraceEventName[]> {
    const names = new Set(await this.opts.fs.list('events/damon'));
    return DAMON_TRACE_EVENTS.filter((e) => names.has(e));
  }

  get running(): boolean {
    return this.pipe !== undefined;
  }

  /**
   * Enables the events and streams them to onEvent. Returns the events enabled. The pipe is
   * opened first, so no event is lost between enabling and reading.
   */
  async start(onEvent: TraceEventListener): Promise<DamonTraceEventName[]> {
    if (this.pipe) throw new Error('the tracefs reader is already running');
    const available = await this.availableEvents();
    const wanted = this.opts.events ? available.filter((e) => this.opts.events!.includes(e)) : available;
    this.partial = '';
    this.pipe = this.opts.openPipe((chunk) => this.feed(chunk, onEvent));
    this.pipe.done.catch((e: unknown) => this.opts.log?.(`trace_pipe: ${e instanceof Error ? e.message : String(e)}`));
    try {
      for (const e of wanted) {
        const enable = `events/damon/${e}/enable`;
        if ((await this.opts.fs.read(enable)).trim() === '1') continue;
        await this.opts.fs.write(enable, '1');
        this.enabledByUs.push(e);
      }
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.opts.log?.(`tracefs: streaming ${wanted.join(', ')}`);
    return wanted;
  }

  private feed(chunk: string, onEvent: TraceEventListener): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      // Split once: the pid says which kdamond emitted the event.
      const l = splitTraceLine(line);
      const e = l && eventOf(l);
      if (e) onEvent(e, l.pid);
      else this.skippedLines++;
    }
  }

  /** Disables the events it enabled and closes the pipe. */
  async stop(): Promise<void> {
    const enabled = this.enabledByUs;
    this.enabledByUs = [];
    for (const e of enabled) {
      try {
        await this.opts.fs.write(`events/damon/${e}/enable`, '0');
      } catch (err) {
        this.opts.log?.(`tracefs: could not disable ${e}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const pipe = this.pipe;
    this.pipe = undefined;
    await pipe?.stop();
  }
}

/** A reader over the local tracefs (needs root), or undefined when the kernel has no DAMON events. */
export async function localTracefsReader(opts: Omit<TracefsReaderOptions, 'fs' | 'openPipe'> = {}): Promise<TracefsReader | undefined> {
  const probe = new RealFs('/');
  const root = await findTracefs((p) => probe.exists(p.slice(1)));
  if (!root) return undefined;
  return new TracefsReader({ ...opts, fs: new RealFs(root), openPipe: directPipe(root) });
}
