// The dashboard app. It runs in the webview and talks to the host only through src/protocol.ts.
import { Chart } from 'chart.js';
import type { ContextRef, RecordInfo, RenderReport, ToWebviewMessage } from '../protocol';
import { element } from './card';
import { Dashboard } from './dashboard';
import { post, saveState } from './host';
import { onThemeChange } from './theme';

const cspViolations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

const banner = document.getElementById('banner') as HTMLElement;
const notice = document.getElementById('notice') as HTMLElement;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
const contextSelect = document.getElementById('context') as HTMLSelectElement;
const views = document.getElementById('views') as HTMLElement;
const dashboard = new Dashboard(views);

contextSelect.addEventListener('change', () => {
  saveState({ contextKey: contextSelect.value });
  post({ type: 'selectContext', key: contextSelect.value });
});
onThemeChange(() => dashboard.applyTheme());

function showContexts(contexts: readonly ContextRef[], selected: string): void {
  const keys = [...contextSelect.options].map((o) => o.value);
  if (keys.join('\n') !== contexts.map((c) => c.key).join('\n')) {
    contextSelect.replaceChildren(...contexts.map((c) => element('option', { value: c.key }, c.label)));
  }
  contextSelect.value = selected;
}

/** A damo record panel (or a record's what-if replays) says what it shows, and that no kernel is behind it. */
function showRecord(r: RecordInfo): void {
  const whatIf = r.comparison !== undefined;
  const title = whatIf ? r.file.replace(/^what-if: /, 'What-if replays of ') : `damo record: ${r.file}`;
  const heading = document.querySelector('h1');
  if (heading) heading.textContent = title;
  document.title = title;
  const label = contextSelect.parentElement?.firstChild;
  if (label?.nodeType === Node.TEXT_NODE) label.textContent = whatIf ? 'replay ' : 'target ';
  showBanner(whatIf
    ? `${r.targets} replay${r.targets === 1 ? '' : 's'} in the simulator of the workload derived from the record, ${r.spanS.toFixed(1)} s each. ` +
      'Heatmap and working set sizes as damo report heatmap and damo report wss compute them, for the replay picked above.'
    : `Read-only damo record ${r.file} (${r.format}): ${r.targets} target${r.targets === 1 ? '' : 's'}, ${r.snapshots} snapshots over ${r.spanS.toFixed(1)} s. ` +
      'No kernel is attached; heatmap and working set sizes as damo report heatmap and damo report wss compute them.', 'info');
}

function showBanner(text: string, kind: 'info' | 'paused' | 'none'): void {
  banner.textContent = text;
  banner.className = `banner ${kind}`;
}

/** Painted pixels of each chart canvas, so the host (and tests) can tell a blank chart. */
function renderReport(): RenderReport {
  const u = dashboard.lastUpdate;
  return {
    chartJsVersion: Chart.version,
    canvases: dashboard.canvases().map((canvas) => {
      let painted = 0;
      const ctx = canvas.width > 0 && canvas.height > 0 ? canvas.getContext('2d', { willReadFrequently: true }) : null;
      if (ctx) {
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
      }
      return { id: canvas.id, width: canvas.width, height: canvas.height, paintedPixels: painted };
    }),
    cspViolations: [...cspViolations],
    contextKey: u?.context.key,
    historyRows: dashboard.rowCount,
    lastT: u?.rows.t.at(-1) ?? Number.NaN,
    snapshotTimeUs: u?.snapshot?.timeUs ?? Number.NaN,
    regionsDrawn: dashboard.regionCount,
    heatmapHeatEnd: dashboard.heatEnd,
    pausedBanner: banner.classList.contains('paused'),
    phaseMarks: u?.phaseMarks?.length ?? 0,
    heatSource: u?.heatSource,
    heatNotice: u?.heatNotice,
  };
}

// Rendering happens once per frame however many messages arrived; reports at most every 250 ms,
// since counting pixels reads every canvas back.
let framePending = false;
let reportTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleRender(): void {
  if (framePending) return;
  framePending = true;
  requestAnimationFrame(() => {
    framePending = false;
    dashboard.render();
    // What was drawn, readable from the DOM by end-to-end tests.
    const u = dashboard.lastUpdate;
    views.dataset.rows = String(dashboard.rowCount);
    views.dataset.heatEnd = String(dashboard.heatEnd);
    views.dataset.kernelUs = String(u?.snapshot?.timeUs ?? '');
    views.dataset.pausedIntervals = String(u?.paused.length ?? 0);
    views.dataset.phaseMarks = String(u?.phaseMarks?.length ?? 0);
    reportTimer ??= setTimeout(() => {
      reportTimer = undefined;
      post({ type: 'rendered', report: renderReport() });
    }, 250);
  });
}

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'empty':
      showBanner(message.reason, 'info');
      dashboard.clear();
      break;
    case 'update': {
      showContexts(message.contexts, message.context.key);
      const since = message.paused.at(-1)?.start;
      if (message.record) showRecord(message.record);
      else if (message.pausedNow) {
        const phase = message.phase === undefined ? '' : ` (phase ${message.phase})`;
        showBanner(`Paused since ${since?.toFixed(1) ?? '?'} s${phase}. DAMON keeps its regions, ages and tuned values; nothing below advances until you resume.`, 'paused');
      } else showBanner('', 'none');
      saveState({ contextKey: message.context.key });
      dashboard.update(message);
      break;
    }
    case 'exported':
      // Feedback that the export went somewhere; the host logs it too.
      notice.textContent = message.path ? `Saved ${message.path}` : '';
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => (notice.textContent = ''), 6000);
      return;
  }
  scheduleRender();
});

post({ type: 'ready' });
