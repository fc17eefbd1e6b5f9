// The client side of the privileged agent: a DamonFs that sends every operation to the agent
// process (dist/agent.js) started through the user's command prefix (damonLens.agentCommand,
// e.g. `sudo -n` or `pkexec`). The agent is started on first use and restarted if it dies;
// its stderr goes to the log callback.

import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import { FsError, isFsErrno, type DamonFs, type FsOp } from '../damon/fs';
import { parseMessage, type AgentOp, type AgentRequest, type AgentResult } from './agent-protocol';
import { DAMON_SYSFS_ROOT, checkRelativePath } from './real-fs';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptionsWithoutStdio) => ChildProcessWithoutNullStreams;

export interface AgentFsOptions {
  /** Command prefix from damonLens.agentCommand, e.g. "sudo -n" or "pkexec"; "" runs the agent directly. */
  command: string;
  /** The agent script (dist/agent.js). */
  agentScript: string;
  /**
   * The node binary that runs the agent. Default: process.execPath; inside Electron (desktop
   * VS Code's extension host) that binary runs as node only with ELECTRON_RUN_AS_NODE=1, which
   * sudo and pkexec strip from the environment, so the agent is then started through
   * `env ELECTRON_RUN_AS_NODE=1 <execPath>`.
   */
  nodePath?: string;
  /** Extra agent arguments (tests: --root <dir>). */
  agentArgs?: readonly string[];
  /** The DAMON sysfs root the relative paths resolve against (default /sys/kernel/mm/damon/admin). */
  root?: string;
  /** Per-request timeout (default 30 s); the agent enforces it too. */
  timeoutMs?: number;
  /** Receives the agent's stderr lines and lifecycle notes. */
  log?: (line: string) => void;
  /** Restarts allowed within restartWindowMs before giving up (default 5 in 60 s). */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Replaceable for tests. */
  spawn?: SpawnFn;
  env?: NodeJS.ProcessEnv;
}

interface Pending {
  op: AgentOp;
  path: string;
  value?: string;
  resolve: (r: AgentResult | undefined) => void;
  reject: (e: FsError) => void;
  timer?: NodeJS.Timeout;
  onData?: (chunk: string) => void;
}

/** Splits a command line into words, honouring single and double quotes and backslashes. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) cur += command[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      cur += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in command: ${command}`);
  if (inWord) words.push(cur);
  return words;
}

/** The command words that run a node script: the given node, or this process's runtime. */
export function agentRuntime(nodePath?: string, versions: NodeJS.ProcessVersions = process.versions, execPath = process.execPath): string[] {
  if (nodePath) return [nodePath];
  if ((versions as NodeJS.ProcessVersions & { electron?: string }).electron) return ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', execPath];
  return [execPath];
}

/** A handle on a running trace_pipe stream. */
export interface AgentStream {
  /** Resolves when the stream ends (after stop(), or when the agent ends it). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export class AgentFs implements DamonFs {
  readonly root: string;
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private restarts: number[] = [];
  private starts = 0;
  private closed = false;
  private readonly log: (line: string) => void;
  private readonly timeoutMs: number;

  constructor(private readonly opts: AgentFsOptions) {
    this.root = (opts.root ?? DAMON_SYSFS_ROOT).replace(/\/+$/, '');
    this.log = opts.log ?? (() => undefined);
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** How many times the agent process was started. */
  get startCount(): number {
    return this.starts;
  }

  /** The agent's pid (of the command prefix, e.g. sudo), when running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private abs(path: string): string {
    checkRelativePath(path);
    return path === '' ? this.root : `${this.root}/${path}`;
  }

  private ensureStarted(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    if (this.closed) throw new FsError('ENOTCONN', 'read', '', undefined, 'the agent client is closed');
    const now = Date.now();
    const window = this.opts.restartWindowMs ?? 60_000;
    this.restarts = this.restarts.filter((t) => now - t < window);
    if (this.starts > 0 && this.restarts.length >= (this.opts.maxRestarts ?? 5)) {
      throw new FsError('ENOTCONN', 'read', '', undefined, `the agent died ${this.restarts.length} times within ${window / 1000} s; not restarting it`);
    }
    if (this.starts > 0) this.restarts.push(now);
    const words = splitCommand(this.opts.command);
    const argv = [...words, ...agentRuntime(this.opts.nodePath), this.opts.agentScript, ...(this.opts.agentArgs ?? [])];
    const [cmd, ...args] = argv;
    this.log(`agent: starting ${argv.join(' ')}${this.starts > 0 ? ` (restart ${this.starts})` : ''}`);
    const spawnFn: SpawnFn = this.opts.spawn ?? spawn;
    const child = spawnFn(cmd, args, { stdio: 'pipe', env: this.opts.env ?? process.env });
    this.starts++;
    this.child = child;
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => this.log(`agent stderr: ${line}`));
    child.on('error', (e) => {
      this.log(`agent: could not start ${cmd}: ${e.message}`);
      this.onExit(child, `could not start: ${e.message}`);
    });
    child.on('exit', (code, signal) => {
      this.log(`agent: exited (${signal ?? `code ${code}`})`);
      this.onExit(child, `exited (${signal ?? `code ${code}`})`);
    });
    child.stdin.on('error', () => undefined); // EPIPE when it died; handled by 'exit'
    return child;
  }

  private onExit(child: ChildProcessWithoutNullStreams, why: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new FsError('ENOTCONN', fsOpOf(p.op), p.path, p.value, `the privileged agent ${why}`));
    }
  }

  private onLine(line: string): void {
    const msg = parseMessage(line);
    if (!msg) {
      this.log(`agent stdout: ${line}`);
      return;
    }
    if ('hello' in msg) {
      this.log(`agent: ready (pid ${msg.hello.pid}, uid ${msg.hello.uid}, protocol ${msg.hello.protocol})`);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // answered after a timeout
    if ('data' in msg) {
      p.onData?.(msg.data);
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new FsError(isFsErrno(msg.code) ? msg.code : 'EIO', fsOpOf(p.op), p.path, p.value, msg.message));
  }

  private request(
    op: AgentOp,
    path: string,
    value?: string,
    paths?: readonly string[],
  ): { id: number; result: Promise<AgentResult | undefined> } {
    const id = this.nextId++;
    const result = new Promise<AgentResult | undefined>((resolve, reject) => {
      let child: ChildProcessWithoutNullStreams;
      try {
        child = this.ensureStarted();
      } catch (e) {
        reject(e instanceof FsError ? new FsError(e.code, fsOpOf(op), path, value, e.detail) : e);
        return;
      }
      const p: Pending = { op, path, value, resolve, reject };
      const req: AgentRequest =
        op === 'readMany'
          ? { id, op, paths: (paths ?? []).map((x) => this.abs(x)) }
          : { id, op, path: op === 'ping' ? undefined : this.abs(path), value };
      req.timeoutMs = this.timeoutMs;
      p.timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FsError('ETIMEDOUT', fsOpOf(op), path, value, `the privileged agent did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs + 1000);
      this.pending.set(id, p);
      child.stdin.write(`${JSON.stringify(req)}\n`);
    });
    return { id, result };
  }

  async read(path: string): Promise<string> {
    return String((await this.request('read', path).result) ?? '');
  }

  async write(path: string, value: string): Promise<void> {
    await this.request('write', path, value).result;
  }

  async list(path: string): Promise<string[]> {
    const r = await this.request('list', path).result;
    const names: string[] = [];
    if (Array.isArray(r)) for (const x of r) if (typeof x === 'string') names.push(x);
    return names;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.request('exists', path).result) === true;
  }

  /** One round trip for many reads. */
  async readMany(paths: readonly string[]): Promise<(string | FsError)[]> {
    for (const p of paths) checkRelativePath(p);
    const r = await this.request('readMany', paths[0] ?? '', undefined, paths).result;
    if (!Array.isArray(r) || r.length !== paths.length) throw new FsError('EIO', 'read', paths[0] ?? '', undefined, 'malformed readMany answer from the agent');
    return r.map((item, i) =>
      typeof item === 'string' ? item : new FsError(isFsErrno(item.code) ? item.code : 'EIO', 'read', paths[i], undefined, item.message),
    );
  }

  /** Round trip to the agent (starts it if needed). */
  async ping(): Promise<void> {
    await this.request('ping', '').result;
  }

  /**
   * Streams a file the agent allows for streaming (an absolute path, such as
   * /sys/kernel/tracing/trace_pipe), chunk by chunk, until stop().
   */
  streamAbsolute(absPath: string, onData: (chunk: string) => void): AgentStream {
    const id = this.nextId++;
    let child: ChildProcessWithoutNullStreams;
    const done = new Promise<void>((resolve, reject) => {
      try {
        child = this.ensureStarted();
      } catch (e) {
        reject(e);
        return;
      }
      this.pending.set(id, { op: 'stream', path: absPath, resolve: () => resolve(), reject, onData });
      child.stdin.write(`${JSON.stringify({ id, op: 'stream', path: absPath } satisfies AgentRequest)}\n`);
    });
    return {
      done,
      stop: async () => {
        if (!this.pending.has(id) || !this.child) return;
        const cancelId = this.nextId++;
        this.child.stdin.write(`${JSON.stringify({ id: cancelId, op: 'cancel', target: id } satisfies AgentRequest)}\n`);
        await done.catch(() => undefined);
      },
    };
  }

  /** Stops the agent (closes its stdin, then kills it if it lingers). */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGTERM');
        resolve();
      }, 2000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      child.stdin.end();
    });
  }

  /** Kills the agent process (tests; the next request starts a new one). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }
}

function fsOpOf(op: AgentOp): FsOp {
  return op === 'write' || op === 'list' || op === 'exists' ? op : 'read';
}
