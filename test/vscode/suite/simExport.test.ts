import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseRecords } from '../../../src/damo/record/record';
import type { DamonLensApi } from '../../../src/ui/extension';
import { runCli } from '../../unit/damo/capture';
import { lensApi, node, removeAll, startSim } from './helpers';

describe('Export Simulation as damo Record', function () {
  this.timeout(60_000);
  let api: DamonLensApi;
  const dir = mkdtempSync(join(tmpdir(), 'damon-lens-export-'));

  before(async () => {
    api = await lensApi();
  });

  afterEach(() => removeAll(api));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is offered on running simulated kdamond and context rows only', () => {
    const ext = vscode.extensions.all.find((e) => e.id === 'damon-lens.damon-lens');
    assert.ok(ext);
    const menus = (ext.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus;
    const item = menus['view/item/context'].find((m) => m.command === 'damonLens.exportSimRecord');
    const re = /viewItem =~ \/(.+)\//.exec(item?.when ?? '');
    assert.ok(re, 'a viewItem clause');
    const shown = (contextValue: string): boolean => new RegExp(re[1]).test(contextValue);
    assert.ok(shown('context running pausable simulated'));
    assert.ok(shown('kdamond on simulated'));
    assert.ok(!shown('context paused pausable simulated'));
    assert.ok(!shown('context running pausable readonly'), 'not on the system DAMON');
    assert.ok(menus.commandPalette.some((m) => m.command === 'damonLens.exportSimRecord'));
  });

  it('records the running simulation and writes a record damon-lens report wss/heatmap/access reads', async () => {
    const sim = await startSim(api, '7.3', 20, 'stairs');
    await api.controller.refreshNow();
    const ctx = node(api, `${sim.id}/kdamonds/0/contexts/0`);
    for (const [name, format, first] of [['damon.data', 'json_compressed', 0x78], ['damon.json', 'json', '['.charCodeAt(0)]] as const) {
      const file = vscode.Uri.file(join(dir, name));
      const written = (await vscode.commands.executeCommand('damonLens.exportSimRecord', { target: ctx, file, format, seconds: 1 })) as vscode.Uri | undefined;
      assert.equal(written?.fsPath, file.fsPath, api.shownMessages().at(-1));
      const bytes = readFileSync(file.fsPath);
      assert.equal(bytes[0], first, format);
      const [rec] = parseRecords(bytes);
      assert.equal(rec.kdamond_idx, 0);
      assert.equal(rec.context_idx, 0);
      assert.equal(rec.intervals?.aggr_us, 100_000);
      // 1 s of wall clock at 20× is about 20 s of virtual time: many aggregations.
      assert.ok(rec.snapshots.length >= 20, `${rec.snapshots.length} snapshots`);
      assert.ok(rec.snapshots.some((s) => s.regions.some((r) => r.nr_accesses > 0)));
      const wss = await runCli(['report', 'wss', '--input', file.fsPath, '--exclude_samples', '0']);
      assert.equal(wss.code, 0, wss.err);
      assert.match(wss.out, /^# target_id\t0\n# <percentile> <wss>\n# avr:\t\d/);
      const heatmap = await runCli(['report', 'heatmap', '--input', file.fsPath, '--output', 'raw', '--resol', '4', '4']);
      assert.equal(heatmap.code, 0, heatmap.err);
      assert.equal(heatmap.out.trim().split('\n').length, 16);
      const access = await runCli(['report', 'access', '--input', file.fsPath, '--snapshot_idx', '0', '0']);
      assert.equal(access.code, 0, access.err);
      assert.match(access.out, /^heatmap: .*\n# min\/max temperatures: .*\nintervals: sample .*\n0 +addr /);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('a file it cannot write is an error naming it; nothing, not even a temporary file, is left', async () => {
    const sim = await startSim(api, '7.3', 20);
    await api.controller.refreshNow();
    const ctx = node(api, `${sim.id}/kdamonds/0/contexts/0`);
    // A directory where the file should go: the rename fails after the temporary file was written.
    const target = join(dir, 'is-a-directory');
    mkdirSync(target);
    const result = await vscode.commands.executeCommand('damonLens.exportSimRecord', { target: ctx, file: vscode.Uri.file(target), format: 'json', seconds: 1 });
    assert.equal(result, undefined);
    assert.match(api.shownMessages().at(-1) ?? '', new RegExp(`cannot write ${target} \\(.*\\); nothing was written`));
    assert.deepEqual(readdirSync(target), []);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });

  it('refuses a paused context, which produces no snapshot, and writes nothing', async () => {
    const sim = await startSim(api, '7.3', 20);
    await api.controller.refreshNow();
    const ctxId = `${sim.id}/kdamonds/0/contexts/0`;
    await vscode.commands.executeCommand('damonLens.pauseContext', node(api, ctxId));
    await api.controller.refreshNow();
    const file = join(dir, 'paused.data');
    await vscode.commands.executeCommand('damonLens.exportSimRecord', { target: node(api, ctxId), file: vscode.Uri.file(file), format: 'json_compressed', seconds: 1 });
    assert.match(api.shownMessages().at(-1) ?? '', /kdamond 0 \/ context 0 is paused, so it produces no snapshot: resume or start it first\. Nothing was written\./);
    assert.equal(existsSync(file), false);
  });
});
