// The privileged agent's wire protocol: JSON lines on stdio, one object per line.
//
// client -> agent   {"id":1,"op":"read","path":"/sys/kernel/mm/damon/admin/kdamonds/nr_kdamonds","timeoutMs":30000}
//                   {"id":2,"op":"write","path":".../kdamonds/0/state","value":"on"}
//                   {"id":3,"op":"list","path":"..."}   {"id":4,"op":"exists","path":"..."}
//                   {"id":5,"op":"stream","path":"/sys/kernel/tracing/trace_pipe"}   {"id":6,"op":"cancel","target":5}
//                   {"id":7,"op":"ping"}   {"id":8,"op":"readMany","paths":["...","..."]}
// agent -> client   {"hello":{"protocol":1,"pid":123,"uid":0,"roots":[...],"files":[...]}}   (once, at start)
//                   {"id":1,"ok":true,"result":"0\n"}
//                   {"id":2,"ok":false,"code":"EBUSY","message":"..."}
//                   {"id":5,"data":"..."}  (stream chunks, until a final {"id":5,"ok":true} or error)
//                   {"id":8,"ok":true,"result":["5000\n",{"code":"ENOENT","message":"..."}]}  (readMany: one item per path)
//
// Paths are absolute. The agent refuses (EACCES) every path outside its allow-list.

import { toFsError } from '../damon/fs';

export const AGENT_PROTOCOL = 1;

export type AgentOp = 'read' | 'readMany' | 'write' | 'list' | 'exists' | 'stream' | 'cancel' | 'ping';

export interface AgentRequest {
  id: number;
  op: AgentOp;
  path?: string;
  /** For readMany. */
  paths?: string[];
  value?: string;
  /** For cancel: the id of the stream to stop. */
  target?: number;
  /** The agent answers ETIMEDOUT if the operation takes longer (it may still complete). */
  timeoutMs?: number;
}

/** A failed item of a readMany answer. */
export interface AgentItemError {
  code: string;
  message: string;
}

/** A batch read's result as it crosses a process or thread boundary: the content, or the failure's errno code and message. */
export function toReadItem(r: string | Error, path: string): string | AgentItemError {
  if (typeof r === 'string') return r;
  const err = toFsError(r, 'read', path);
  return { code: err.code, message: err.detail ?? err.message };
}

export type AgentResult = string | string[] | boolean | null | (string | AgentItemError)[];

export interface AgentOk {
  id: number;
  ok: true;
  result?: AgentResult;
}

export interface AgentFail {
  id: number;
  ok: false;
  code: string;
  message: string;
}

export interface AgentData {
  id: number;
  data: string;
}

export interface AgentHello {
  hello: { protocol: number; pid: number; uid: number; roots: string[]; files: string[] };
}

export type AgentResponse = AgentOk | AgentFail | AgentData;
export type AgentMessage = AgentResponse | AgentHello;

const OPS: readonly string[] = ['read', 'readMany', 'write', 'list', 'exists', 'stream', 'cancel', 'ping'];

/** Parses and checks one request line; throws a TypeError describing what is wrong. */
export function parseRequest(line: string): AgentRequest {
  const v: unknown = JSON.parse(line);
  if (typeof v !== 'object' || v === null) throw new TypeError('request is not an object');
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) throw new TypeError('request id must be an integer');
  if (typeof r.op !== 'string' || !OPS.includes(r.op)) throw new TypeError(`unknown op ${String(r.op)}`);
  if (r.path !== undefined && typeof r.path !== 'string') throw new TypeError('path must be a string');
  if (r.value !== undefined && typeof r.value !== 'string') throw new TypeError('value must be a string');
  if (r.paths !== undefined && !(Array.isArray(r.paths) && r.paths.every((p) => typeof p === 'string'))) throw new TypeError('paths must be an array of strings');
  if (r.target !== undefined && typeof r.target !== 'number') throw new TypeError('target must be a number');
  if (r.timeoutMs !== undefined && (typeof r.timeoutMs !== 'number' || !(r.timeoutMs > 0))) throw new TypeError('timeoutMs must be a positive number');
  return r as unknown as AgentRequest;
}

/** Parses one line from the agent; undefined for a line that is not a protocol message. */
export function parseMessage(line: string): AgentMessage | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.hello === 'object' && r.hello !== null) return r as unknown as AgentHello;
  if (typeof r.id !== 'number') return undefined;
  if (r.ok === true || r.ok === false || typeof r.data === 'string') return r as unknown as AgentResponse;
  return undefined;
}
