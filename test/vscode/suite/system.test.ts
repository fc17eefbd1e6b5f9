import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PRESETS, PRESET_PID } from '../../../src/sim';
import { createSimulatedDamon } from '../../../src/sim/sysfs';
import { DamonClient } from '../../../src/sysfs/client';
import { defaultSimKdamond } from '../../../src/investigation/backends/simConfig';
import type { DamonLensApi } from '../../../src/ui/extension';
import { mirrorSysfs } from '../../support/mirrorSysfs';
import { lensApi, node, removeAll, until } from './helpers';

/** Every file under dir with its content, to prove that nothing was written. */
function contents(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel))) {
    const path = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, path)).isDirectory()) Object.assign(out, contents(dir, path));
    else out[path] = readFileSync(join(dir, path), 'utf8');
  }
  return out;
}

describe('System DAMON (a sysfs tree in a temporary directory)', function () {
  this.timeout(60_000);
  let api: DamonLensApi;
  let root: string;

  before(async () => {
    api = await lensApi();
    // A running 7.3 kdamond, captured as files: what a real /sys/kernel/mm/damon/admin holds.
    const { fs } = createSimulatedDamon({ workload: PRESETS['hot-cold'](), generation: '7.3' });
    const client = new DamonClient(fs);
    await client.setNrKdamonds(1);
    await client.writeKdamond(0, defaultSimKdamond(PRESET_PID, '7.3'));
    await client.start(0);
    root = mkdtempSync(join(tmpdir(), 'damon-lens-admin-'));
    assert.ok((await mirrorSysfs(fs, root)) >= 100, "the whole kdamond tree is mirrored");
    await vscode.workspace.getConfiguration('damonLens').update('sysfsRoot', root, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    removeAll(api);
    await vscode.workspace.getConfiguration('damonLens').update('sysfsRoot', undefined, vscode.ConfigurationTarget.Global);
    rmSync(root, { recursive: true, force: true });
  });

  it('attaches read-only, shows the running kdamond, and writes nothing when asked to pause', async () => {
    const before = contents(root);
    await vscode.commands.executeCommand('damonLens.attachSystem');
    await api.controller.refreshNow();
    const backend = node(api, 'system');
    assert.equal(backend.label, 'System DAMON');
    assert.match(backend.description ?? '', /read-only/);
    assert.match(backend.contextValue, /^backend system readonly pausable/);
    const kd = node(api, 'system/kdamonds/0');
    assert.match(kd.description ?? '', /^on · pid \d+/);
    const ctx = node(api, 'system/kdamonds/0/contexts/0');
    assert.equal(ctx.contextValue, 'context running pausable readonly');
    assert.equal(ctx.description, 'vaddr · running', 'no region count: real sysfs has no region files');

    await vscode.commands.executeCommand('damonLens.pauseContext', ctx);
    assert.match(api.shownMessages().at(-1) ?? '', /attached read-only, so nothing was written/);
    assert.deepEqual(contents(root), before, 'not one file changed');
  });

  it('the dashboard on a system kdamond falls back to sysfs snapshots with a one-line notice when it cannot trace', async () => {
    const before = contents(root);
    await vscode.commands.executeCommand('damonLens.openDashboard', node(api, 'system/kdamonds/0/contexts/0'));
    // Attached read-only: enabling a trace event would be a write, so there is none.
    await until('the read-only notice', () => /Live trace is off while System DAMON is attached read-only: run "DAMON: Take Control of System DAMON"/.test(api.dashboardReport()?.heatNotice ?? ''), 20_000, 100);
    const report = api.dashboardReport();
    assert.equal(report?.contextKey, 'system/0/0');
    assert.equal(report?.heatSource, 'snapshots');
    assert.ok((report?.historyRows ?? 0) >= 1, 'the rest of the dashboard still runs');
    assert.deepEqual(contents(root), before, 'not one file changed');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a workspace setting cannot move the sysfs root (machine scope)', () => {
    const inspected = vscode.workspace.getConfiguration('damonLens').inspect<string>('sysfsRoot');
    assert.equal(inspected?.globalValue, root);
    assert.equal(inspected?.workspaceValue, undefined);
  });
});
