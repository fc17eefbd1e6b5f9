// The agent's allow-list. The agent runs as root, so it touches nothing but the DAMON sysfs
// admin tree, the DAMON trace events and the trace pipe. A path is allowed only if it is
// absolute, lies inside an allowed root (or is an allowed file) after lexical normalisation,
// and still does after resolving symlinks with realpath (of the path, or of its parent when the
// path does not exist).

import { realpathSync } from 'node:fs';
import { isAbsolute, posix } from 'node:path';
import { FsError, type FsOp } from '../damon/fs';

export interface AgentPolicy {
  /** Directory trees the agent may read, write and list. */
  roots: readonly string[];
  /** Single files the agent may read or stream (trace_pipe). */
  files: readonly string[];
}

export const DEFAULT_POLICY: AgentPolicy = {
  roots: [
    '/sys/kernel/mm/damon/admin',
    '/sys/kernel/tracing/events/damon',
    '/sys/kernel/debug/tracing/events/damon',
  ],
  files: ['/sys/kernel/tracing/trace_pipe', '/sys/kernel/debug/tracing/trace_pipe'],
};

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

function lexicallyAllowed(path: string, policy: AgentPolicy): boolean {
  return policy.roots.some((r) => inside(path, r)) || policy.files.includes(path);
}

function realOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/** The allow-list with every root and file resolved through realpath (done once, at agent start). */
export async function resolvePolicy(policy: AgentPolicy): Promise<AgentPolicy> {
  return {
    roots: policy.roots.map((r) => realOrSelf(posix.normalize(r))),
    files: policy.files.map((f) => realOrSelf(posix.normalize(f))),
  };
}

function refuse(op: FsOp, path: string, why: string): FsError {
  return new FsError('EACCES', op, path, undefined, `refused by the DAMON Lens agent: ${why}`);
}

/**
 * Checks a requested path against the (resolved) policy and returns the real path to operate on.
 * Throws FsError EACCES for anything outside the allow-list: relative paths, `..` escapes,
 * symlinks that lead elsewhere, absolute paths elsewhere.
 */
export async function checkPath(requested: unknown, policy: AgentPolicy, op: FsOp = 'read'): Promise<string> {
  return checkPathSync(requested, policy, op);
}

/** checkPath, synchronously (one realpath(3) call for an existing path). */
export function checkPathSync(requested: unknown, policy: AgentPolicy, op: FsOp = 'read'): string {
  if (typeof requested !== 'string' || requested.length === 0) throw refuse(op, String(requested), 'no path');
  if (requested.includes('\0')) throw refuse(op, requested, 'NUL in path');
  if (!isAbsolute(requested)) throw refuse(op, requested, 'path is not absolute');
  const normal = posix.normalize(requested).replace(/(.)\/+$/, '$1');
  if (!lexicallyAllowed(normal, policy)) throw refuse(op, requested, 'outside the DAMON sysfs and tracing trees');
  let real: string;
  try {
    real = realpathSync.native(normal);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT' && (e as { code?: unknown }).code !== 'ENOTDIR') throw e;
    // A missing path: its existing ancestor must resolve inside, then the operation answers ENOENT.
    let parent = posix.dirname(normal);
    let realParent: string | undefined;
    while (realParent === undefined) {
      try {
        realParent = realpathSync.native(parent);
      } catch {
        if (parent === '/') throw refuse(op, requested, 'no existing ancestor');
        parent = posix.dirname(parent);
      }
    }
    if (!policy.roots.some((r) => inside(realParent, r))) throw refuse(op, requested, `resolves outside the allowed trees (${realParent})`);
    return normal;
  }
  if (!lexicallyAllowed(real, policy)) throw refuse(op, requested, `resolves outside the allowed trees (${real})`);
  // Allowed single files are for reading and streaming only.
  if (!policy.roots.some((r) => inside(real, r)) && op !== 'read' && op !== 'exists') throw refuse(op, requested, `${op} not allowed on ${real}`);
  return real;
}
