// The agent's request handling, separate from process wiring (agent-main.ts) so that tests can
// drive it in-process. Each request is answered exactly once (streams: data chunks, then once).

import { constants } from 'node:fs';
import { access, open, readFile, readdir } from 'node:fs/promises';
import { toFsError, type FsOp } from '../damon/fs';
import { checkPath, checkPathSync, type AgentPolicy } from './agent-policy';
import { readFilesFast } from './fast-read';
import { streamFile, type PipeStream } from './pipe-reader';
import { AGENT_PROTOCOL, parseRequest, toReadItem, type AgentMessage, type AgentRequest, type AgentResult } from './agent-protocol';

export const DEFAULT_AGENT_TIMEOUT_MS = 60_000;

export class AgentServer {
  private readonly streams = new Map<number, PipeStream>();

  constructor(
    private readonly policy: AgentPolicy,
    private readonly send: (msg: AgentMessage) => void,
    private readonly defaultTimeoutMs = DEFAULT_AGENT_TIMEOUT_MS,
  ) {}

  hello(): void {
    this.send({
      hello: {
        protocol: AGENT_PROTOCOL,
        pid: process.pid,
        uid: typeof process.getuid === 'function' ? process.getuid() : -1,
        roots: [...this.policy.roots],
        files: [...this.policy.files],
      },
    });
  }

  /** Handles one request line. Never throws; bad lines get an error answer (id -1 if unknown). */
  async handleLine(line: string): Promise<void> {
    if (line.trim() === '') return;
    let req: AgentRequest;
    try {
      req = parseRequest(line);
    } catch (e) {
      const id = idOf(line);
      this.send({ id, ok: false, code: 'EINVAL', message: `bad request: ${(e as Error).message}` });
      return;
    }
    if (req.op === 'stream') return this.stream(req);
    if (req.op === 'cancel') {
      const s = req.target === undefined ? undefined : this.streams.get(req.target);
      if (s) await s.stop();
      this.send({ id: req.id, ok: true, result: s !== undefined });
      return;
    }
    const timeoutMs = req.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    });
    try {
      const result = await Promise.race([this.run(req), timeout]);
      this.send({ id: req.id, ok: true, result });
    } catch (e) {
      const err = toFsError(e, fsOp(req.op), req.path ?? '', req.value);
      this.send({ id: req.id, ok: false, code: err.code, message: err.detail ?? err.message });
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(req: AgentRequest): Promise<AgentResult> {
    switch (req.op) {
      case 'ping':
        return 'pong';
      case 'read':
        return readFile(await checkPath(req.path, this.policy, 'read'), 'utf8');
      case 'readMany': {
        // A path the allow-list refuses fails alone, like a file that cannot be read.
        const paths = req.paths ?? [];
        return (await readFilesFast(paths, (p) => checkPathSync(p, this.policy, 'read'))).map((r, i) => toReadItem(r, paths[i]));
      }
      case 'write': {
        const path = await checkPath(req.path, this.policy, 'write');
        const fh = await open(path, constants.O_WRONLY | constants.O_TRUNC);
        try {
          await fh.write(req.value ?? '', 0, 'utf8');
        } finally {
          await fh.close();
        }
        return null;
      }
      case 'list':
        return readdir(await checkPath(req.path, this.policy, 'list'));
      case 'exists': {
        const path = await checkPath(req.path, this.policy, 'exists');
        try {
          await access(path);
          return true;
        } catch (e) {
          const code = (e as { code?: unknown }).code;
          if (code === 'ENOENT' || code === 'ENOTDIR') return false;
          throw e;
        }
      }
      default:
        throw Object.assign(new Error(`op ${req.op} not handled here`), { code: 'EINVAL' });
    }
  }

  private async stream(req: AgentRequest): Promise<void> {
    let path: string;
    try {
      path = await checkPath(req.path, this.policy, 'read');
    } catch (e) {
      const err = toFsError(e, 'read', req.path ?? '');
      this.send({ id: req.id, ok: false, code: err.code, message: err.detail ?? err.message });
      return;
    }
    let s: PipeStream;
    try {
      s = streamFile(path, (chunk) => this.send({ id: req.id, data: chunk }));
    } catch (e) {
      const err = toFsError(e, 'read', req.path ?? '');
      this.send({ id: req.id, ok: false, code: err.code, message: err.detail ?? err.message });
      return;
    }
    this.streams.set(req.id, s);
    s.done.then(
      () => {
        this.streams.delete(req.id);
        this.send({ id: req.id, ok: true, result: null });
      },
      (e: unknown) => {
        this.streams.delete(req.id);
        const err = toFsError(e, 'read', req.path ?? '');
        this.send({ id: req.id, ok: false, code: err.code, message: err.detail ?? err.message });
      },
    );
  }

  /** Stops every stream (on stdin end). */
  close(): void {
    for (const s of this.streams.values()) void s.stop();
  }
}

function fsOp(op: AgentRequest['op']): FsOp {
  return op === 'write' || op === 'list' || op === 'exists' ? op : 'read';
}

function idOf(line: string): number {
  const m = /"id"\s*:\s*(-?\d+)/.exec(line);
  return m ? Number(m[1]) : -1;
}
