// Paints damo heatmap cells with one putImageData (not one element per cell): time runs left to
// right, addresses bottom (low) to top (high); paused stretches are shaded on the time axis.
import type { HeatmapView, PausedIntervalView, PhaseMarkView } from '../protocol';
import { bytes } from './format';
import { drawPauseBands, drawPhaseMarks, type PauseBands } from './pauseBands';
import { byteTicks, timeTicks } from './ticks';

export interface HeatmapStyle {
  /** 256 RGBA entries, cold to hot. */
  readonly lut: Uint8ClampedArray;
  readonly foreground: string;
  readonly grid: string;
  readonly pausedFill: string;
  readonly pausedEdge: string;
  readonly markColour: string;
  readonly markLabelBackground: string;
  readonly font: string;
}

/** Space for the address labels (left) and the time labels (bottom), in CSS pixels. */
export const MARGIN = { left: 76, right: 10, top: 6, bottom: 24 };

export interface PaintResult {
  /** End (s) of the last time cell with heat. */
  readonly heatEnd: number;
  readonly maxHeat: number;
}

export class HeatmapPainter {
  private readonly cells = document.createElement('canvas');
  private image: ImageData | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** The plot area in CSS pixels. */
  plotArea(): { x: number; y: number; width: number; height: number } {
    const width = this.canvas.clientWidth || this.canvas.width;
    const height = this.canvas.clientHeight || this.canvas.height;
    return { x: MARGIN.left, y: MARGIN.top, width: Math.max(1, width - MARGIN.left - MARGIN.right), height: Math.max(1, height - MARGIN.top - MARGIN.bottom) };
  }

  paint(view: HeatmapView, paused: readonly PausedIntervalView[], now: number, style: HeatmapStyle, marks: readonly PhaseMarkView[] = []): PaintResult {
    const result = this.paintCells(view, style.lut);
    const dpr = window.devicePixelRatio || 1;
    const cssWidth = this.canvas.clientWidth || this.canvas.width;
    const cssHeight = this.canvas.clientHeight || this.canvas.height;
    if (this.canvas.width !== Math.round(cssWidth * dpr) || this.canvas.height !== Math.round(cssHeight * dpr)) {
      this.canvas.width = Math.round(cssWidth * dpr);
      this.canvas.height = Math.round(cssHeight * dpr);
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return result;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    const area = this.plotArea();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.cells, area.x, area.y, area.width, area.height);
    const xOf = (t: number): number => area.x + ((t - view.time.start) / (view.time.end - view.time.start)) * area.width;
    const plot = { left: area.x, top: area.y, right: area.x + area.width, bottom: area.y + area.height };
    const overlays: PauseBands = {
      intervals: paused, now, fill: style.pausedFill, edge: style.pausedEdge,
      marks, markColour: style.markColour, markLabelBackground: style.markLabelBackground, font: style.font,
    };
    drawPauseBands(ctx, plot, xOf, overlays);
    drawPhaseMarks(ctx, plot, xOf, overlays);
    this.paintAxes(ctx, view, area, style);
    return result;
  }

  /** Heat to pixels: one cell per pixel of an offscreen canvas, scaled up when drawn. */
  private paintCells(view: HeatmapView, lut: Uint8ClampedArray): PaintResult {
    const { timeCells, addrCells, heat } = view;
    if (this.cells.width !== timeCells || this.cells.height !== addrCells) {
      this.cells.width = timeCells;
      this.cells.height = addrCells;
    }
    let max = 0;
    for (let i = 0; i < heat.length; i++) if (heat[i] > max) max = heat[i];
    if (this.image?.width !== timeCells || this.image.height !== addrCells) this.image = new ImageData(timeCells, addrCells);
    const image = this.image;
    const pixels = new Uint32Array(image.data.buffer);
    const lut32 = new Uint32Array(lut.buffer, lut.byteOffset, 256);
    const scale = max > 0 ? 255 / max : 0;
    // Row by row of pixels (high addresses first), so the writes run in memory order.
    for (let j = addrCells - 1, p = 0; j >= 0; j--) {
      for (let i = 0, c = j; i < timeCells; i++, c += addrCells) pixels[p++] = lut32[(heat[c] * scale) | 0];
    }
    let lastHot = -1;
    for (let i = timeCells - 1; i >= 0 && lastHot < 0; i--) {
      for (let c = i * addrCells, end = c + addrCells; c < end; c++) {
        if (heat[c] > 0) {
          lastHot = i;
          break;
        }
      }
    }
    this.cells.getContext('2d')?.putImageData(image, 0, 0);
    const unit = (view.time.end - view.time.start) / timeCells;
    return { heatEnd: lastHot < 0 ? view.time.start : view.time.start + (lastHot + 1) * unit, maxHeat: max };
  }

  private paintAxes(ctx: CanvasRenderingContext2D, view: HeatmapView, area: { x: number; y: number; width: number; height: number }, style: HeatmapStyle): void {
    ctx.strokeStyle = style.grid;
    ctx.strokeRect(area.x + 0.5, area.y + 0.5, area.width - 1, area.height - 1);
    ctx.fillStyle = style.foreground;
    ctx.font = style.font;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    const { time, addr } = view;
    for (const t of timeTicks(time.start, time.end)) {
      const x = area.x + (area.width * (t - time.start)) / (time.end - time.start);
      ctx.fillText(`${t} s`, Math.min(Math.max(x, area.x + 16), area.x + area.width - 16), area.y + area.height + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const span = addr.end - addr.start;
    for (const offset of byteTicks(span)) {
      const y = area.y + area.height - (area.height * offset) / span;
      ctx.fillText(`+${bytes(offset)}`, area.x - 6, Math.min(Math.max(y, area.y + 6), area.y + area.height - 6));
    }
  }
}
