import * as vscode from 'vscode';
import type { DamonBackend } from '../investigation/backends/backend';
import type { BackendSnapshot } from '../investigation/backends/snapshot';
import type { Controller } from './controller';
import { contextRunState, type ContextRunState, type TreeNode } from './tree/nodes';

export interface KdamondTarget {
  readonly backend: DamonBackend;
  readonly snapshot: BackendSnapshot;
  readonly kdamond: number;
}

export interface ContextTarget extends KdamondTarget {
  readonly context: number;
  readonly state: ContextRunState;
}

/** A command's user-facing refusal: shown as is, nothing was written. */
export class UserError extends Error {}

function isTreeNode(arg: unknown): arg is TreeNode {
  return typeof arg === 'object' && arg !== null && 'ref' in arg && 'contextValue' in arg;
}

export function allContexts(controller: Controller): ContextTarget[] {
  return controller.all.flatMap((snapshot) => {
    const backend = controller.backend(snapshot.id);
    if (!backend) return [];
    return snapshot.kdamonds.flatMap((k) => k.params.contexts.map((_, context) => ({
      backend, snapshot, kdamond: k.index, context, state: contextRunState(k, context),
    })));
  });
}

function describeContext(t: ContextTarget): vscode.QuickPickItem & { target: ContextTarget } {
  const ops = t.snapshot.kdamonds[t.kdamond]?.params.contexts[t.context]?.operations ?? '';
  return { label: `kdamond ${t.kdamond} / context ${t.context}`, description: `${ops} · ${t.state}`, detail: t.snapshot.label, target: t };
}

/**
 * The context a command acts on: the tree item it was run from, else the only candidate, else
 * the user's pick. `none` says why there is nothing to act on.
 */
export async function pickContext(controller: Controller, arg: unknown, accept: (t: ContextTarget) => boolean, placeHolder: string, none: string): Promise<ContextTarget | undefined> {
  if (isTreeNode(arg) && arg.ref.kdamond !== undefined) {
    const fromTree = allContexts(controller).find((t) => t.backend.id === arg.ref.backend && t.kdamond === arg.ref.kdamond && t.context === (arg.ref.context ?? 0));
    if (!fromTree) throw new UserError('That context is gone; the view was refreshed.');
    return fromTree;
  }
  const candidates = allContexts(controller).filter(accept);
  if (candidates.length === 0) throw new UserError(none);
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(candidates.map(describeContext), { placeHolder });
  return picked?.target;
}

export async function pickKdamond(controller: Controller, arg: unknown, accept: (t: KdamondTarget & { state: 'on' | 'off' }) => boolean, placeHolder: string, none: string): Promise<KdamondTarget | undefined> {
  const all = controller.all.flatMap((snapshot) => {
    const backend = controller.backend(snapshot.id);
    return backend ? snapshot.kdamonds.map((k) => ({ backend, snapshot, kdamond: k.index, state: k.state })) : [];
  });
  if (isTreeNode(arg) && arg.ref.kdamond !== undefined) {
    const fromTree = all.find((t) => t.backend.id === arg.ref.backend && t.kdamond === arg.ref.kdamond);
    if (!fromTree) throw new UserError('That kdamond is gone; the view was refreshed.');
    return fromTree;
  }
  const candidates = all.filter(accept);
  if (candidates.length === 0) throw new UserError(none);
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: `kdamond ${t.kdamond}`, description: t.state, detail: t.snapshot.label, target: t })),
    { placeHolder },
  );
  return picked?.target;
}

export async function pickBackend(controller: Controller, arg: unknown, placeHolder: string): Promise<DamonBackend | undefined> {
  if (isTreeNode(arg)) return controller.backend(arg.ref.backend);
  const list = controller.backendList;
  if (list.length === 0) throw new UserError('No DAMON is being watched. Start a simulated kdamond or attach to the system DAMON first.');
  if (list.length === 1) return list[0];
  const picked = await vscode.window.showQuickPick(list.map((b) => ({ label: b.label, description: b.kind, backend: b })), { placeHolder });
  return picked?.backend;
}
