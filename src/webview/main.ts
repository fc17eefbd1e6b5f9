// The dashboard app. It runs in the webview and talks to the host only through src/protocol.ts.
import { Chart } from 'chart.js';
import type { DashboardState, FromWebviewMessage, RenderReport, ToWebviewMessage } from '../protocol';
import { applyTheme, createRegionChart, showSnapshot } from './regionChart';
import { onThemeChange, readTheme } from './theme';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): DashboardState | undefined;
  setState(state: DashboardState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const cspViolations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

const canvas = document.getElementById('regions-chart') as HTMLCanvasElement;
const summary = document.getElementById('regions-summary') as HTMLElement;
const banner = document.getElementById('banner') as HTMLElement;
const chart = createRegionChart(canvas, readTheme());
let regionsDrawn = 0;

onThemeChange(() => applyTheme(chart, readTheme()));

/** Counts painted pixels of the chart canvas so the host (and tests) can tell a blank chart. */
function renderReport(): RenderReport {
  const ctx = canvas.getContext('2d');
  let painted = 0;
  if (ctx && canvas.width > 0 && canvas.height > 0) {
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  }
  return { chartJsVersion: Chart.version, canvasWidth: canvas.width, canvasHeight: canvas.height, paintedPixels: painted, cspViolations: [...cspViolations], regionsDrawn };
}

function report(): void {
  // Wait a frame so the report reflects what is on screen.
  requestAnimationFrame(() => vscode.postMessage({ type: 'rendered', report: renderReport() }));
}

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'empty':
      banner.textContent = message.reason;
      summary.textContent = '';
      regionsDrawn = 0;
      chart.data.datasets[0].data = [];
      chart.update('none');
      break;
    case 'snapshot': {
      const { snapshot } = message;
      banner.textContent = '';
      const bytes = snapshot.regions.reduce((sum, r) => sum + (r.end - r.start), 0);
      summary.textContent = `${snapshot.kdamond} / context ${snapshot.context}: ${snapshot.regions.length} regions over ${(bytes / 1048576).toFixed(1)} MiB`;
      regionsDrawn = snapshot.regions.length;
      showSnapshot(chart, snapshot);
      vscode.setState({ kdamond: snapshot.kdamond, context: snapshot.context });
      break;
    }
  }
  report();
});

vscode.postMessage({ type: 'ready' });
