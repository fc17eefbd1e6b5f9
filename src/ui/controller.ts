import * as vscode from 'vscode';
import type { DamonBackend } from '../investigation/backends/backend';
import { RefreshScheduler } from '../investigation/backends/refresh';
import type { BackendSnapshot } from '../investigation/backends/snapshot';
import { settings } from './settings';

/**
 * Owns the backends and their latest snapshots. Refreshes them on the scheduler's beat (only
 * while the view or a dashboard is visible) and right after every command, and tells the tree,
 * the status bar and the dashboards.
 */
export class Controller implements vscode.Disposable {
  private readonly backends = new Map<string, { backend: DamonBackend; subscription: { dispose(): void } }>();
  private readonly snapshots = new Map<string, BackendSnapshot>();
  private readonly refreshEmitter = new vscode.EventEmitter<readonly BackendSnapshot[]>();
  readonly onDidRefresh = this.refreshEmitter.event;
  private readonly scheduler: RefreshScheduler;
  private readonly watchers = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.scheduler = new RefreshScheduler({
      intervalMs: settings().refreshIntervalMs,
      debounceMs: 15,
      refresh: () => this.refreshAll(),
      onError: (e) => this.log.error(`refresh failed: ${String(e)}`),
    });
    void this.updateContextKeys();
  }

  /** The latest snapshot of every backend, in the order they were added. */
  get all(): readonly BackendSnapshot[] {
    return [...this.backends.keys()].flatMap((id) => this.snapshots.get(id) ?? []);
  }

  backend(id: string): DamonBackend | undefined {
    return this.backends.get(id)?.backend;
  }

  get backendList(): readonly DamonBackend[] {
    return [...this.backends.values()].map((b) => b.backend);
  }

  snapshot(id: string): BackendSnapshot | undefined {
    return this.snapshots.get(id);
  }

  async add(backend: DamonBackend): Promise<BackendSnapshot> {
    const subscription = backend.onDidChange(() => this.scheduler.request());
    this.backends.set(backend.id, { backend, subscription });
    this.log.info(`added backend ${backend.label} (${backend.kind})`);
    await this.refreshNow();
    return this.snapshots.get(backend.id) as BackendSnapshot;
  }

  remove(id: string): void {
    const entry = this.backends.get(id);
    if (!entry) return;
    entry.subscription.dispose();
    entry.backend.dispose();
    this.backends.delete(id);
    this.snapshots.delete(id);
    this.log.info(`removed backend ${entry.backend.label}`);
    this.refreshEmitter.fire(this.all);
    void this.updateContextKeys();
  }

  /** Something that shows live data became visible (or hidden): only then do we poll. */
  setWatching(who: string, watching: boolean): void {
    if (watching) this.watchers.add(who);
    else this.watchers.delete(who);
    this.scheduler.setActive(this.watchers.size > 0);
  }

  setRefreshInterval(ms: number): void {
    this.scheduler.setInterval(ms);
  }

  /** Refreshes every backend now and resolves once the tree and status bar have the result. */
  refreshNow(): Promise<void> {
    return this.scheduler.runNow();
  }

  private async refreshAll(): Promise<void> {
    await Promise.all(
      this.backendList.map(async (b) => {
        try {
          const snapshot = await b.snapshot();
          this.snapshots.set(b.id, snapshot);
          for (const k of snapshot.stoppedByItself ?? []) this.reportStopped(snapshot.label, k);
        } catch (e) {
          const previous = this.snapshots.get(b.id);
          const error = e instanceof Error ? e.message : String(e);
          this.log.warn(`${b.label}: refresh failed: ${error}`);
          if (previous) this.snapshots.set(b.id, { ...previous, error, takenAt: Date.now() });
        }
      }),
    );
    this.refreshEmitter.fire(this.all);
    await this.updateContextKeys();
  }

  /** A kdamond stops by itself when, for example, its target process exits: say so once. */
  private reportStopped(label: string, k: number): void {
    const message = `${label}: kdamond ${k} stopped by itself (for vaddr, its target process may have exited). What it learned is gone; start it again to monitor anew.`;
    this.log.warn(message);
    void vscode.window.showWarningMessage(message, 'Show Log').then((choice) => choice && this.log.show());
  }

  private async updateContextKeys(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'damonLens.hasBackends', this.backends.size > 0);
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const { backend, subscription } of this.backends.values()) {
      subscription.dispose();
      backend.dispose();
    }
    this.backends.clear();
    this.refreshEmitter.dispose();
  }
}
