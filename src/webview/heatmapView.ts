// Zoom and pan over the heatmap: the wheel zooms time (with Shift, addresses) about the pointer,
// dragging pans, double-click or "0" goes back to following the whole history live. The host
// rebins the cells for the asked ranges, as damo's --time_range and --address_range do.
import type { HeatmapRequest, HeatmapView, Range } from '../protocol';
import type { HeatmapPainter } from './heatmapPaint';

const MIN_TIME_S = 0.5;
const MIN_ADDR_BYTES = 4096;

function zoom(r: Range, at: number, factor: number, min: number): Range {
  const span = Math.max(min, (r.end - r.start) * factor);
  const f = (at - r.start) / (r.end - r.start);
  const start = at - span * f;
  return { start, end: start + span };
}

function shift(r: Range, by: number): Range {
  return { start: r.start + by, end: r.end + by };
}

export class HeatmapNavigator {
  private view: HeatmapView | undefined;
  private drag: { x: number; y: number; view: HeatmapView } | undefined;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly painter: HeatmapPainter,
    private request: HeatmapRequest,
    private readonly onRequest: (request: HeatmapRequest) => void,
  ) {
    canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    canvas.addEventListener('pointerdown', (e) => {
      if (!this.view) return;
      this.drag = { x: e.offsetX, y: e.offsetY, view: this.view };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener('pointermove', (e) => this.onDrag(e));
    canvas.addEventListener('pointerup', () => (this.drag = undefined));
    canvas.addEventListener('dblclick', () => this.set({}));
    canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  get following(): boolean {
    return this.request.time === undefined && this.request.addr === undefined;
  }

  /** The cells now shown, the base of the next zoom or pan. */
  show(view: HeatmapView): void {
    this.view = view;
  }

  reset(): void {
    this.set({});
  }

  private set(request: HeatmapRequest): void {
    this.request = request;
    this.onRequest(request);
  }

  /** Pointer position as (time, address) in the shown view. */
  private at(x: number, y: number, view: HeatmapView): { t: number; a: number } {
    const area = this.painter.plotArea();
    const fx = Math.min(1, Math.max(0, (x - area.x) / area.width));
    const fy = Math.min(1, Math.max(0, 1 - (y - area.y) / area.height));
    return { t: view.time.start + fx * (view.time.end - view.time.start), a: view.addr.start + fy * (view.addr.end - view.addr.start) };
  }

  private onWheel(e: WheelEvent): void {
    const view = this.view;
    if (!view) return;
    e.preventDefault();
    const factor = e.deltaY > 0 ? 1.25 : 0.8;
    const { t, a } = this.at(e.offsetX, e.offsetY, view);
    if (e.shiftKey) this.set({ ...this.request, addr: zoom(view.addr, a, factor, MIN_ADDR_BYTES) });
    else this.set({ ...this.request, time: zoom(view.time, t, factor, MIN_TIME_S) });
  }

  private onDrag(e: PointerEvent): void {
    const d = this.drag;
    if (!d) return;
    const area = this.painter.plotArea();
    const dt = (-(e.offsetX - d.x) / area.width) * (d.view.time.end - d.view.time.start);
    const da = ((e.offsetY - d.y) / area.height) * (d.view.addr.end - d.view.addr.start);
    if (Math.abs(e.offsetX - d.x) + Math.abs(e.offsetY - d.y) < 3) return;
    this.set({ time: shift(d.view.time, dt), addr: shift(d.view.addr, da) });
  }

  private onKey(e: KeyboardEvent): void {
    const view = this.view;
    if (!view) return;
    const mid = (r: Range): number => (r.start + r.end) / 2;
    const tSpan = view.time.end - view.time.start;
    const aSpan = view.addr.end - view.addr.start;
    const moves: Record<string, () => HeatmapRequest> = {
      '+': () => ({ ...this.request, time: zoom(view.time, mid(view.time), 0.8, MIN_TIME_S) }),
      '=': () => ({ ...this.request, time: zoom(view.time, mid(view.time), 0.8, MIN_TIME_S) }),
      '-': () => ({ ...this.request, time: zoom(view.time, mid(view.time), 1.25, MIN_TIME_S) }),
      ArrowLeft: () => ({ ...this.request, time: shift(view.time, -tSpan / 10) }),
      ArrowRight: () => ({ ...this.request, time: shift(view.time, tSpan / 10) }),
      ArrowUp: () => ({ ...this.request, addr: shift(view.addr, aSpan / 10) }),
      ArrowDown: () => ({ ...this.request, addr: shift(view.addr, -aSpan / 10) }),
      PageUp: () => ({ ...this.request, addr: zoom(view.addr, mid(view.addr), 0.8, MIN_ADDR_BYTES) }),
      PageDown: () => ({ ...this.request, addr: zoom(view.addr, mid(view.addr), 1.25, MIN_ADDR_BYTES) }),
      '0': () => ({}),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    this.set(move());
  }
}
