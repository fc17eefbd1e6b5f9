import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DamonLensApi } from '../../../src/ui/extension';
import type { RenderReport } from '../../../src/protocol';

const EXTENSION_ID = 'damon-lens.damon-lens';

async function api(): Promise<DamonLensApi> {
  const extension = vscode.extensions.getExtension<DamonLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

/** Polls until `condition` holds: the workbench applies view changes asynchronously. */
async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function nextRender(lens: DamonLensApi, accept: (r: RenderReport) => boolean, timeoutMs = 20_000): Promise<RenderReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the dashboard did not report a render')), timeoutMs);
    const sub = lens.onDidRenderDashboard((report) => {
      if (!accept(report)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(report);
    });
  });
}

describe('DAMON Lens in a real extension host', () => {
  it('activates', async () => {
    await api();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command it contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string; title: string; category: string }[] };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands;
    assert.ok(contributed.length >= 2);
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'DAMON', `${c.command} is in the DAMON category`);
    }
  });

  it('shows the Kdamonds tree view in the DAMON container', async () => {
    const lens = await api();
    await vscode.commands.executeCommand('damonLens.kdamonds.focus');
    await until('the Kdamonds view is visible', () => lens.treeView.visible);
    console.log('@@screenshot tree-view');
    await new Promise((r) => setTimeout(r, 1500));
  });

  it('opens the dashboard: chart.js draws a non-blank canvas under a strict CSP', async () => {
    const lens = await api();
    const rendered = nextRender(lens, (r) => r.canvases.some((c) => c.width > 0));
    await vscode.commands.executeCommand('damonLens.openDashboard');
    const report = await rendered;
    assert.match(report.chartJsVersion, /^4\./, 'chart.js 4 loaded');
    const chart = report.canvases.find((c) => c.id === 'stats-chart');
    assert.ok(chart && chart.width >= 200 && chart.height >= 100, `canvas has a size (${chart?.width}x${chart?.height})`);
    const share = chart.paintedPixels / (chart.width * chart.height);
    assert.ok(share > 0.005, `canvas is not blank (${chart.paintedPixels} painted pixels, ${(share * 100).toFixed(2)}%)`);
    assert.deepEqual(report.cspViolations, []);

    const html = lens.dashboardHtml() ?? '';
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'script-src allows only a nonce');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes/);
    assert.equal(/script-src ([^;]+)/.exec(csp)?.[1], `'nonce-${nonce}'`, 'scripts only by nonce, from nowhere else');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attrs, body] of scripts) {
      assert.ok(attrs.includes(`nonce="${nonce}"`), 'every script carries the nonce');
      assert.ok(/\ssrc="/.test(attrs) && body.trim() === '', 'no inline script');
    }
    assert.doesNotMatch(html, /\sstyle="|<style/, 'no inline style');
    console.log('@@screenshot dashboard');
    await new Promise((r) => setTimeout(r, 1500));
  });
});
