import { findNodeAtLocation, parseTree, type ParseError, printParseErrorCode, type Node as JsonNode } from 'jsonc-parser';
import * as vscode from 'vscode';
import { isDamonError } from '../damon/errno';
import { DAMON_OPS, type KdamondParams } from '../damon/params';
import { validateKdamond } from '../damon/validate';
import type { Controller } from './controller';

export const PARAMS_SCHEME = 'damon-params';

/** Parameters edited for something other than a watched kdamond (a what-if replay): a save hands them to `apply`. */
export interface EditableParams {
  readonly label: string;
  params(): KdamondParams;
  apply(params: KdamondParams): Promise<void>;
}

/**
 * "Edit Parameters": a kdamond's parameters as a JSON document (`damon-params:/<backend>/kdamond-<K>.json`).
 * Saving validates it like the kernel's commit does; a problem becomes a diagnostic on the
 * offending value and the save fails, leaving the kdamond and its sysfs files unchanged.
 */
export class ParamsDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changeEmitter.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('damon-params');
  /** When each document was last read or written: a changing mtime would look like an outside edit to the workbench's save. */
  private readonly mtimes = new Map<string, number>();
  private readonly editables = new Map<string, EditableParams>();

  constructor(
    private readonly controller: Controller,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  static uri(backendId: string, kdamond: number): vscode.Uri {
    return vscode.Uri.from({ scheme: PARAMS_SCHEME, path: `/${backendId}/kdamond-${kdamond}.json` });
  }

  /** Serves `damon-params:/<id>/kdamond-0.json` for `e` until disposed. */
  registerEditable(id: string, e: EditableParams): vscode.Disposable {
    this.editables.set(id, e);
    return new vscode.Disposable(() => this.editables.delete(id));
  }

  async open(backendId: string, kdamond: number): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(ParamsDocuments.uri(backendId, kdamond));
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc);
  }

  private locate(uri: vscode.Uri): { backendId: string; kdamond: number } {
    const m = /^\/([^/]+)\/kdamond-(\d+)\.json$/.exec(uri.path);
    if (!m) throw vscode.FileSystemError.FileNotFound(uri);
    return { backendId: m[1], kdamond: Number(m[2]) };
  }

  private current(uri: vscode.Uri): KdamondParams {
    const { backendId, kdamond } = this.locate(uri);
    const editable = this.editables.get(backendId);
    if (editable) return editable.params();
    const params = this.controller.snapshot(backendId)?.kdamonds[kdamond]?.params;
    if (!params) throw vscode.FileSystemError.FileNotFound(uri);
    return params;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    // `/<backend>` is a directory of the kdamonds' documents; the workbench stats it when saving.
    if (/^\/[^/]+\/?$/.test(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const size = this.text(uri).length;
    return { type: vscode.FileType.File, ctime: 0, mtime: this.mtimes.get(uri.toString()) ?? 0, size };
  }

  private text(uri: vscode.Uri): string {
    return `${JSON.stringify(this.current(uri), null, 2)}\n`;
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const bytes = new TextEncoder().encode(this.text(uri));
    if (!this.mtimes.has(uri.toString())) this.mtimes.set(uri.toString(), Date.now());
    return bytes;
  }

  /**
   * Validates the text as the kernel's commit would, then applies it: a watched kdamond's
   * backend stages and commits it, an editable document (a what-if) replays it. A problem
   * becomes a diagnostic on its value and the save fails, changing nothing.
   */
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { backendId, kdamond } = this.locate(uri);
    const editable = this.editables.get(backendId);
    const backend = editable ? undefined : this.controller.backend(backendId);
    if (!editable && !backend) throw vscode.FileSystemError.Unavailable(`${backendId} is no longer watched`);
    const text = new TextDecoder().decode(content);
    const parsed = this.parse(uri, text);
    // Pids are left to the backend's commit (a what-if binds them to its workload's process).
    const problem = validateKdamond(parsed, { availableOps: DAMON_OPS, pidExists: () => true, nrCommittedTargets: 0 });
    if (problem) this.reject(uri, text, problem.message, pathOf(problem.message));
    try {
      if (editable) await editable.apply(parsed);
      else await backend?.apply(kdamond, parsed);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.reject(uri, text, message, isDamonError(e) ? pathOf(message) : undefined);
    }
    this.diagnostics.delete(uri);
    this.mtimes.set(uri.toString(), Date.now());
    if (backend) {
      this.log.info(`applied edited parameters of ${backend.label} kdamond ${kdamond}`);
      await this.controller.refreshNow();
    }
    this.changeEmitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** JSON syntax and shape: the same keys and value types as the current parameters. */
  private parse(uri: vscode.Uri, text: string): KdamondParams {
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: false });
    if (errors.length > 0 || !root) {
      const e = errors[0];
      const range = e ? rangeOf(text, e.offset, e.length) : new vscode.Range(0, 0, 0, 0);
      this.fail(uri, [new vscode.Diagnostic(range, `JSON: ${e ? printParseErrorCode(e.error) : 'empty document'}`, vscode.DiagnosticSeverity.Error)]);
    }
    const value = JSON.parse(text) as unknown;
    const shapeError = sameShape(value, this.current(uri), []);
    if (shapeError) this.reject(uri, text, shapeError.message, shapeError.path);
    return value as KdamondParams;
  }

  /** Marks `path` (or the whole document) with `message` and fails the save. */
  private reject(uri: vscode.Uri, text: string, message: string, path?: (string | number)[]): never {
    const root = parseTree(text);
    const node: JsonNode | undefined = root && path ? findNodeAtLocation(root, path) : undefined;
    const range = node ? rangeOf(text, node.offset, node.length) : new vscode.Range(0, 0, 0, 1);
    this.fail(uri, [new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error)]);
  }

  private fail(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): never {
    for (const d of diagnostics) d.source = 'DAMON';
    this.diagnostics.set(uri, diagnostics);
    this.log.warn(`rejected parameters ${uri.path}: ${diagnostics.map((d) => d.message).join('; ')}`);
    throw vscode.FileSystemError.NoPermissions(`Not committed, nothing changed: ${diagnostics[0].message}`);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('parameters documents have no directories');
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions('parameters documents cannot be deleted');
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('parameters documents cannot be renamed');
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.changeEmitter.dispose();
  }
}

function rangeOf(text: string, offset: number, length: number): vscode.Range {
  const pos = (o: number): vscode.Position => {
    const before = text.slice(0, o).split('\n');
    return new vscode.Position(before.length - 1, before[before.length - 1].length);
  };
  return new vscode.Range(pos(offset), pos(offset + Math.max(length, 1)));
}

/** "EINVAL: monitoring_attrs/nr_regions/min=2: ..." → ['contexts', 0, 'monitoring_attrs', 'nr_regions', 'min']. */
function pathOf(message: string): (string | number)[] | undefined {
  const m = /^(?:E[A-Z]+: )?([a-z_]+(?:\/[a-z_0-9]+)*)=/.exec(message);
  if (!m) return undefined;
  const parts = m[1].split('/').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return parts[0] === 'contexts' ? parts : ['contexts', 0, ...parts];
}

/** Where `value` leaves the shape of `model` (keys and types; arrays may change length). */
function sameShape(value: unknown, model: unknown, path: (string | number)[]): { message: string; path: (string | number)[] } | undefined {
  const where = path.length > 0 ? path.join('/') : 'the document';
  if (Array.isArray(model)) {
    if (!Array.isArray(value)) return { message: `${where}: expected an array`, path };
    const sample = model[0];
    if (sample === undefined) return undefined; // an empty list in the current parameters: nothing to compare with
    for (const [i, v] of value.entries()) {
      const e = sameShape(v, sample, [...path, i]);
      if (e) return e;
    }
    return undefined;
  }
  if (typeof model === 'object' && model !== null) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { message: `${where}: expected an object`, path };
    const v = value as Record<string, unknown>;
    const m = model as Record<string, unknown>;
    for (const key of Object.keys(v)) if (!(key in m)) return { message: `${[...path, key].join('/')}: unknown parameter "${key}"`, path: [...path, key] };
    for (const key of Object.keys(m)) {
      if (!(key in v)) return { message: `${where}: missing "${key}"`, path };
      const e = sameShape(v[key], m[key], [...path, key]);
      if (e) return e;
    }
    return undefined;
  }
  if (typeof value !== typeof model) return { message: `${where}: expected a ${typeof model}, not ${JSON.stringify(value)}`, path };
  return undefined;
}
