import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { DamonLensApi } from '../../../src/ui/extension';
import type { RecordPanelInfo } from '../../../src/ui/recordPanel';
import { lensApi, rendered } from './helpers';

/** test/fixtures/damo, from the bundled test under out/test/vscode/suite. */
const FIXTURES = resolve(__dirname, '../../../../test/fixtures/damo');
const MiB = 2 ** 20;

const painted = (p: RecordPanelInfo): boolean =>
  p.report !== undefined && p.report.canvases.length > 0 && p.report.canvases.every((c) => c.width > 0 && c.paintedPixels / (c.width * c.height) > 0.005);

describe('DAMON: Open damo Record', function () {
  this.timeout(90_000);
  let api: DamonLensApi;

  before(async () => {
    api = await lensApi();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens stairs.data read-only: the numbers of damo report wss, the heatmap, every chart drawn', async () => {
    const path = join(FIXTURES, 'stairs.data');
    await vscode.commands.executeCommand('damonLens.openDamoRecord', vscode.Uri.file(path));
    const p = await rendered(api, path, painted);
    assert.equal(p.title, 'damo: stairs.data');
    const u = p.update;
    assert.ok(u?.record);
    assert.deepEqual(u.record, { file: 'stairs.data', format: 'json_compressed', targets: 1, snapshots: 30, spanS: u.record.spanS, snapshot: 29 });
    assert.deepEqual(u.contexts.map((c) => c.label), ['kdamond 0 · context 0 · target 0']);
    assert.equal(u.rows.t.length, 30);
    assert.deepEqual(u.wssPercentiles.bytes, new Array(5).fill(2 * MiB), 'expects/wss-default.txt: 2.000 MiB at every percentile');
    assert.equal(u.snapshot?.regions.length, 12 * 4);
    assert.ok(u.heatmap && u.heatmap.heat.some((h) => h > 0), 'the heatmap has heat');
    // Read-only: the DAMOS stats and quota charts (and their controls) are not shown, and nothing paused.
    const ids = p.report?.canvases.map((c) => c.id) ?? [];
    assert.deepEqual(ids, ['strip-chart', 'heatmap-chart', 'wss-chart', 'wss-percentiles-chart', 'age-histogram-chart', 'frequency-histogram-chart', 'intervals-chart']);
    assert.equal(p.report?.pausedBanner, false);
    assert.equal(p.report?.regionsDrawn, 12);
    assert.deepEqual(p.report?.cspViolations, []);
  });

  it('opens real-7.3.data beside it and beside the live dashboard; the same file again is revealed, not duplicated', async () => {
    await vscode.commands.executeCommand('damonLens.openDashboard');
    const path = join(FIXTURES, 'real-7.3.data');
    await vscode.commands.executeCommand('damonLens.openDamoRecord', vscode.Uri.file(path));
    const p = await rendered(api, path, painted);
    const u = p.update;
    assert.equal(u?.record?.snapshots, 37);
    assert.deepEqual(u?.contexts.map((c) => c.label), ['target 0']);
    assert.equal(u?.wssPercentiles.snapshots, 17, 'past the 20 warm-up snapshots damo skips');
    assert.ok(u?.heatmap && Math.abs(u.heatmap.time.end - 8.711) < 0.001, 'the 8.711 s of expects/real-heatmap.txt');
    await vscode.commands.executeCommand('damonLens.openDamoRecord', vscode.Uri.file(path));
    assert.deepEqual(api.damoRecords().map((r) => r.title), ['damo: stairs.data', 'damo: real-7.3.data']);
    assert.ok(api.dashboardHtml(), 'the live dashboard is open too');
  });

  it('a file that is not a readable damo record opens nothing and says what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'damo-record-'));
    const stairs = readFileSync(join(FIXTURES, 'stairs.data'));
    const cases = [
      { name: 'truncated.data', bytes: stairs.subarray(0, stairs.length / 2), advice: /damaged or cut short/ },
      { name: 'perf.data', bytes: Buffer.concat([Buffer.from('PERFILE2'), Buffer.alloc(128)]), advice: /damo record --output_type json_compressed/ },
      { name: 'notes.json', bytes: Buffer.from('{"kdamonds": []}'), advice: /not the list of records/ },
    ];
    const before = api.damoRecords().length;
    for (const c of cases) {
      const path = join(dir, c.name);
      writeFileSync(path, c.bytes);
      await vscode.commands.executeCommand('damonLens.openDamoRecord', vscode.Uri.file(path));
      const shown = api.shownMessages().at(-1) ?? '';
      assert.ok(shown.includes(path), `the message names the file: ${shown}`);
      assert.match(shown, c.advice);
      assert.match(shown, /Nothing was opened/);
    }
    assert.equal(api.damoRecords().length, before, 'no panel was opened');
  });
});
