import * as assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { DamonLensApi } from '../../../src/ui/extension';
import type { RecordPanelInfo } from '../../../src/ui/recordPanel';
import { lensApi, rendered, until } from './helpers';

/** test/fixtures/damo, from the bundled test under out/test/vscode/suite. */
const FIXTURES = resolve(__dirname, '../../../../test/fixtures/damo');
const RECORD = join(FIXTURES, 'real-7.3.data');

/** The what-if panel of real-7.3.data once it shows `columns` runs (the record included). */
function whatIf(api: DamonLensApi, columns: number): Promise<RecordPanelInfo> {
  const key = api.damoRecords().find((p) => p.kind === 'whatif')?.path ?? `whatif:${RECORD}#0 0 null 0`;
  return rendered(api, key, (p) => p.kind === 'whatif' && (p.update?.record?.comparison?.head.length ?? 0) === columns + 1 && p.report !== undefined, 60_000);
}

const row = (p: RecordPanelInfo, figure: string): readonly string[] => p.update?.record?.comparison?.rows.find((r) => r[0] === figure) ?? [];

describe('DAMON: Replay in Simulator', function () {
  this.timeout(120_000);
  let api: DamonLensApi;

  before(async () => {
    api = await lensApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('without an open record, says to open one first and replays nothing', async () => {
    await vscode.commands.executeCommand('damonLens.replayRecord', { params: 'recorded' });
    assert.match(api.shownMessages().at(-1) ?? '', /Open a damo record first/);
    assert.equal(api.damoRecords().filter((p) => p.kind === 'whatif').length, 0);
  });

  it('replays an open record beside it, and compares every replay with the record in one panel', async () => {
    await vscode.commands.executeCommand('damonLens.openDamoRecord', vscode.Uri.file(RECORD));
    await rendered(api, RECORD, (p) => p.report !== undefined);
    await vscode.commands.executeCommand('damonLens.replayRecord', { record: RECORD, params: 'pageout' });
    const one = await whatIf(api, 2);
    assert.equal(one.title, 'What-if: real-7.3.data');
    assert.deepEqual(one.update?.record?.comparison?.head, ['', 'recorded', '1: pageout of cold memory']);
    assert.deepEqual(row(one, 'scheme 0 action'), ['scheme 0 action', '-', 'pageout']);
    assert.deepEqual(one.update?.contexts.map((c) => c.label), ['replay 1: pageout of cold memory']);
    assert.ok((one.update?.rows.t.length ?? 0) > 10, 'the replay has its snapshots, heatmap and WSS');
    assert.ok(one.update?.heatmap?.heat.some((h) => h > 0), 'the replay\'s heatmap has heat');
    assert.deepEqual(one.report?.cspViolations, []);
    // Beside the record: the record's tab and the what-if's are in different editor groups.
    const groupOf = (label: string): number | undefined => vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.label === label))?.viewColumn;
    assert.notEqual(groupOf('What-if: real-7.3.data'), groupOf('damo: real-7.3.data'));

    await vscode.commands.executeCommand('damonLens.replayRecord', { record: RECORD, params: join(FIXTURES, 'kdamonds.json') });
    const two = await whatIf(api, 3);
    assert.deepEqual(two.update?.record?.comparison?.head, ['', 'recorded', '1: pageout of cold memory', '2: kdamonds.json']);
    assert.deepEqual(two.update?.contexts.map((c) => c.label), ['replay 1: pageout of cold memory', 'replay 2: kdamonds.json']);
    assert.ok(two.update?.record?.comparison?.notes.some((n) => /2: kdamonds\.json: the context was paused in the JSON: it runs in the replay/.test(n)));
    assert.equal(api.damoRecords().filter((p) => p.kind === 'whatif').length, 1, 'one what-if panel per record');
  });

  it('Edit a copy: a save that fails validation is marked and replays nothing; a valid save is replayed', async () => {
    await vscode.commands.executeCommand('damonLens.replayRecord', { record: RECORD, params: 'edit' });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.scheme === 'damon-params', `the parameters document is open: ${editor?.document.uri.toString()}`);
    const doc = editor.document;
    const edit = async (change: (p: { contexts: { monitoring_attrs: { nr_regions: { min: number } } }[] }) => void): Promise<boolean> => {
      const p = JSON.parse(doc.getText()) as { contexts: { monitoring_attrs: { nr_regions: { min: number } } }[] };
      change(p);
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), `${JSON.stringify(p, null, 2)}\n`));
      return doc.save();
    };
    assert.equal(await edit((p) => (p.contexts[0].monitoring_attrs.nr_regions.min = 2)), false, 'min_nr_regions 2 is refused');
    await until('the problem is marked', () => vscode.languages.getDiagnostics(doc.uri).length > 0, 10_000);
    assert.match(vscode.languages.getDiagnostics(doc.uri)[0].message, /min/);
    assert.equal(await edit((p) => (p.contexts[0].monitoring_attrs.nr_regions.min = 20)), true);
    const three = await whatIf(api, 4);
    assert.equal(three.update?.record?.comparison?.head.at(-1), '3: edited 1');
    assert.equal(vscode.languages.getDiagnostics(doc.uri).length, 0);
  });
});
