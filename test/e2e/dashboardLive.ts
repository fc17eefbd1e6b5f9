// Shared steps of the dashboard end-to-end tests: a simulated kdamond, the dashboard on it, and
// what the dashboard drew (its canvases and the figures it writes to #views' data attributes).
import assert from 'node:assert/strict';
import type { Workbench } from './workbench';

export const CHART_CANVASES = [
  'stats-chart', 'quota-chart', 'strip-chart', 'heatmap-chart', 'wss-chart', 'wss-percentiles-chart', 'age-histogram-chart', 'frequency-histogram-chart', 'intervals-chart',
] as const;

/** Fast simulated time and 5 refreshes a second, so the charts fill within seconds. */
export const LIVE_SETTINGS = { 'damonLens.simulation.speed': 10, 'damonLens.refreshIntervalMs': 200 };

/** Runs a DAMON command from the palette, retrying while the extension is still activating. */
export async function runDamonCommand(workbench: Workbench, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await workbench.runCommand(title);
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
      await workbench.page.keyboard.press('Escape');
      await workbench.page.waitForTimeout(2000);
    }
  }
}

export async function startSimulation(workbench: Workbench, preset = 'hot-cold'): Promise<void> {
  await runDamonCommand(workbench, 'DAMON: Start Simulated Kdamond');
  await workbench.pick('Start Simulated Kdamond (1/2)', preset);
  await workbench.pick('Start Simulated Kdamond (2/2)', '7.3');
}

export interface Drawn {
  readonly rows: number;
  readonly heatEnd: number;
  readonly kernelUs: number;
  readonly pausedIntervals: number;
  readonly phaseMarks: number;
}

export async function drawn(workbench: Workbench): Promise<Drawn> {
  const d = await workbench.webview().locator('#views').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  return { rows: Number(d.rows ?? 0), heatEnd: Number(d.heatEnd ?? 0), kernelUs: Number(d.kernelUs || 0), pausedIntervals: Number(d.pausedIntervals ?? 0), phaseMarks: Number(d.phaseMarks ?? 0) };
}

export async function waitForDrawn(workbench: Workbench, what: string, accept: (d: Drawn) => boolean, timeoutMs = 60_000): Promise<Drawn> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await drawn(workbench).catch(() => undefined);
    if (d && accept(d)) return d;
    if (Date.now() > deadline) {
      // What the workbench showed, for the artifacts of a failed run.
      const shot = await workbench.screenshot(`failed-${what.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => 'none');
      const text = await workbench.webview().locator('body').innerText({ timeout: 2000 }).catch(() => '(no webview)');
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(d)}; webview text: ${JSON.stringify(text.slice(0, 300))}; screenshot: ${shot}`);
    }
    await workbench.page.waitForTimeout(200);
  }
}

/** Every chart canvas (or those named) has a size and paints at least 0.5% of its pixels. */
export async function assertChartsPainted(workbench: Workbench, ids: readonly string[] = CHART_CANVASES): Promise<void> {
  for (const id of ids) {
    const { painted, total } = await workbench.canvasPaintedPixels(`#${id}`);
    assert.ok(total > 0 && painted / total > 0.005, `#${id} is drawn (${painted} of ${total} pixels painted)`);
  }
}

/** Scrolls the dashboard so that a card is at the top, for a screenshot. */
export async function scrollToCard(workbench: Workbench, id: string): Promise<void> {
  await workbench.webview().locator(`#${id}-card`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await workbench.page.waitForTimeout(300);
}
