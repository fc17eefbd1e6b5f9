// "DAMON: Replay in Simulator…": what would other parameters have done on a recorded workload?
// The workload is derived from an open damo record (src/investigation/whatif/derive.ts) and
// replayed in the simulator; the replays of a record open beside it, in one what-if panel that
// compares them all with the record.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { DamonOps, KdamondParams } from '../damon/params';
import { parseDamoKdamonds } from '../damo/kdamondsJson';
import type { DamoRecord } from '../damo/record/record';
import { coldPageout } from '../investigation/backends/simConfig';
import { recordedColumn, replayColumn, whatIfRows, type WhatIfColumn } from '../investigation/whatif/compare';
import { deriveWorkload, guessOps, type DerivedWorkload } from '../investigation/whatif/derive';
import { bindToDerived, recordedParams } from '../investigation/whatif/params';
import { replay } from '../investigation/whatif/replay';
import type { WhatIfComparisonView } from '../protocol';
import type { ParamsDocuments } from './paramsDocuments';
import { recordFile, type RecordFile, type RecordSource } from './recordFeed';
import type { DamoRecordPanels } from './recordPanel';
import { UserError } from './targets';

/** What a command argument (a test, a walkthrough link) may preset: the record's path, the target's key, and the parameters. */
interface ReplayArg {
  readonly record?: string;
  readonly target?: string;
  /** 'recorded', 'pageout', 'edit', or the path of a damo kdamonds JSON. */
  readonly params?: string;
}

/** One record target's what-ifs: its derived workload, and the replays so far. */
interface Session {
  readonly key: string;
  readonly recordName: string;
  readonly derived: DerivedWorkload;
  readonly ops: DamonOps;
  readonly recorded: WhatIfColumn;
  readonly replays: { readonly name: string; readonly records: readonly DamoRecord[]; readonly column: WhatIfColumn }[];
  /** Each replay's panel source, kept so that the panel's figures of earlier replays are not recomputed. */
  readonly sources: RecordSource[];
  edits: number;
}

export class WhatIfs implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly records: DamoRecordPanels,
    private readonly params: ParamsDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async replayRecord(arg: unknown): Promise<void> {
    const given: ReplayArg = typeof arg === 'object' && arg !== null ? (arg as ReplayArg) : {};
    const open = this.records.openRecords();
    if (open.length === 0) throw new UserError('Open a damo record first ("DAMON: Open damo Record…"): the replay derives its workload from it.');
    const record = given.record !== undefined
      ? open.find((r) => r.path === given.record)
      : open.length === 1 ? open[0] : (await vscode.window.showQuickPick(open.map((r) => ({ label: basename(r.path), description: r.path, r })), { title: 'Replay in Simulator (1/2)', placeHolder: 'Replay the workload of which record?' }))?.r;
    if (!record) {
      if (given.record !== undefined) throw new UserError(`${given.record} is not an open damo record. Open it first.`);
      return;
    }
    const source = await this.pickSource(record.file, given.target);
    if (!source) return;
    const session = this.session(record.path, record.file, source);
    const choice = await this.pickParams(session, given.params);
    if (!choice) return;
    await this.run(session, choice.name, choice.kdamonds, choice.notes);
  }

  private async pickSource(file: RecordFile, key: string | undefined): Promise<RecordSource | undefined> {
    if (key !== undefined) {
      const s = file.sources.find((x) => x.key === key);
      if (!s) throw new UserError(`The record has no target ${key}.`);
      return s;
    }
    if (file.sources.length === 1) return file.sources[0];
    return (await vscode.window.showQuickPick(file.sources.map((s) => ({ label: s.label, s })), { title: 'Replay in Simulator', placeHolder: 'Replay which target of the record?' }))?.s;
  }

  private session(path: string, file: RecordFile, source: RecordSource): Session {
    const key = `whatif:${path}#${source.key}`;
    const known = this.sessions.get(key);
    if (known) return known;
    const record = source.records[0];
    const ops = guessOps(record);
    const derived = deriveWorkload(record, { physical: ops === 'paddr' });
    const session: Session = { key, recordName: file.name, derived, ops, recorded: recordedColumn(source.records), replays: [], sources: [], edits: 0 };
    this.sessions.set(key, session);
    this.log.info(`what-if: ${derived.areas.length} areas and ${derived.phases.length} phase(s) derived from ${derived.seconds.toFixed(1)} s of ${file.name} (${source.label}, ${ops})`);
    return session;
  }

  private async pickParams(s: Session, given: string | undefined): Promise<{ name: string; kdamonds: KdamondParams[]; notes: string[] } | undefined> {
    const recorded = recordedParams(s.derived, s.ops);
    const withPageout = (): KdamondParams => {
      const p = structuredClone(recorded);
      // Idle for 5 s, in aggregation intervals.
      p.contexts[0].schemes = [coldPageout(Math.max(1, Math.round(5e6 / p.contexts[0].monitoring_attrs.intervals.aggr_us)))];
      return p;
    };
    const items = [
      { id: 'recorded', label: '$(history) The record\'s own parameters', detail: 'Its intervals, 10..1000 regions, no scheme: how close the replay is to the record' },
      { id: 'pageout', label: '$(archive) The record\'s parameters with a pageout of cold memory', detail: 'Regions idle for 5 s paged out, 64 MiB and 10 ms per second at most, oldest first' },
      { id: 'file', label: '$(file) A damo kdamonds JSON file…', detail: 'damo args damon --format json, or the damon.data.kdamonds damo saves beside a record' },
      { id: 'edit', label: '$(edit) Edit a copy of the record\'s parameters…', detail: 'Opens them as a document: each save is validated like a commit, then replayed' },
    ];
    const id = given === undefined ? (await vscode.window.showQuickPick(items, { title: 'Replay in Simulator (2/2)', placeHolder: `Replay ${s.recordName} under which parameters?` }))?.id : ['recorded', 'pageout', 'edit'].includes(given) ? given : 'file';
    switch (id) {
      case undefined:
        return undefined;
      case 'recorded':
        return { name: 'recorded params', kdamonds: [recorded], notes: ['the record\'s intervals, no scheme'] };
      case 'pageout':
        return { name: 'pageout of cold memory', kdamonds: [withPageout()], notes: [] };
      case 'edit':
        await this.editCopy(s, recorded);
        return undefined;
      default: {
        const uri = given !== undefined ? vscode.Uri.file(given) : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'damo kdamonds JSON': ['json', 'kdamonds'] }, openLabel: 'Replay with these parameters' }))?.[0];
        if (!uri) return undefined;
        let kdamonds: KdamondParams[];
        try {
          kdamonds = parseDamoKdamonds(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))));
        } catch (e) {
          throw new UserError(`${uri.fsPath} is not damo's kdamonds JSON: ${e instanceof Error ? e.message : String(e)}. Nothing was replayed.`);
        }
        return { name: basename(uri.fsPath), kdamonds, notes: [] };
      }
    }
  }

  /** Opens the record's parameters as a document; each save that validates is replayed as "edited N". */
  private async editCopy(s: Session, start: KdamondParams): Promise<void> {
    let current = start;
    const id = `whatif-${this.disposables.length + 1}`;
    this.disposables.push(this.params.registerEditable(id, {
      label: `what-if of ${s.recordName}`,
      params: () => current,
      apply: async (edited) => {
        current = edited;
        s.edits++;
        await this.run(s, `edited ${s.edits}`, [edited], []);
      },
    }));
    await this.params.open(id, 0);
    void vscode.window.showInformationMessage(`Edit the parameters, then save to replay ${s.recordName} under them. A save is validated like a commit; a problem is marked on its value.`);
  }

  /** Replays the session's workload under kdamond 0 of `kdamonds`, with a progress notification that can cancel it; then shows the comparison. */
  private async run(s: Session, name: string, kdamonds: readonly KdamondParams[], extraNotes: readonly string[]): Promise<void> {
    const bound = bindToDerived(kdamonds, s.derived);
    const t0 = Date.now();
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Replaying ${s.recordName} under ${name}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
      let done = 0;
      try {
        return await replay(s.derived.spec, bound.params, s.derived.seconds, {
          seed: 1,
          signal: abort.signal,
          onProgress: (f) => {
            progress.report({ increment: (f - done) * 100, message: `${(f * s.derived.seconds).toFixed(1)} of ${s.derived.seconds.toFixed(1)} simulated s` });
            done = f;
          },
        });
      } finally {
        cancel.dispose();
      }
    }).then(undefined, (e: unknown) => {
      if (e instanceof vscode.CancellationError) {
        this.log.info(`what-if: the replay of ${s.recordName} under ${name} was cancelled; nothing was added`);
        return undefined;
      }
      throw e;
    });
    if (!result) return;
    this.log.info(`what-if: replayed ${s.recordName} under ${name}: ${s.derived.seconds.toFixed(1)} simulated s in ${Date.now() - t0} ms`);
    s.replays.push({ name, records: result.records, column: replayColumn(`${s.replays.length + 1}: ${name}`, result, [...extraNotes, ...bound.notes]) });
    this.show(s);
  }

  private show(s: Session): void {
    const records = s.replays.flatMap((r, i) => r.records.map((x) => ({ ...x, kdamond_idx: i, context_idx: 0 })));
    // The file's span and time origin are over every replay; each replay's source is made once.
    const base = recordFile(`what-if: ${s.recordName}`, 'json', records);
    const i = s.sources.length;
    const added = base.sources.find((src) => src.guide.kdamond_idx === i);
    if (added) s.sources.push({ ...added, label: `replay ${i + 1}: ${s.replays[i].name}` });
    const columns = [s.recorded, ...s.replays.map((r) => r.column)];
    const comparison: WhatIfComparisonView = {
      head: ['', ...columns.map((c) => c.name)],
      rows: whatIfRows(columns),
      notes: [
        `${s.derived.areas.length} areas and ${s.derived.phases.length} phase(s) derived from ${s.derived.seconds.toFixed(1)} s of the record (${s.ops})`,
        ...columns.flatMap((c) => (c.notes ?? []).map((n) => `${c.name}: ${n}`)),
        ...s.derived.notes.map((n) => `a record cannot tell ${n}`),
      ],
    };
    this.records.showWhatIf(s.key, `What-if: ${s.recordName}`, { ...base, sources: [...s.sources] }, comparison);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
