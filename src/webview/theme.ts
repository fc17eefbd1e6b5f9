// Chart colours read from VS Code's theme variables, re-read when the theme changes.

export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  /** Series colours, from the `charts.*` tokens VS Code added for charts. */
  readonly series: readonly string[];
  /** Shading of paused stretches on every time axis. */
  readonly pausedFill: string;
  readonly pausedEdge: string;
  /** Phase-switch marks: the line and label, and the label's backing so it reads over heat. */
  readonly markColour: string;
  readonly markLabelBackground: string;
  /** Heat scale stops, cold to hot. */
  readonly heat: readonly string[];
  readonly highContrast: boolean;
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** `color` with the given alpha, for any CSS colour the theme hands us. */
export function withAlpha(color: string, alpha: number): string {
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

export function readTheme(): ChartTheme {
  const c = (name: string, fallback: string): string => cssVar(`--vscode-charts-${name}`, fallback);
  const background = cssVar('--vscode-editor-background', '#1e1e1e');
  const warning = cssVar('--vscode-editorWarning-foreground', c('yellow', '#cca700'));
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#9d9d9d'),
    grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    background,
    series: [c('blue', '#3794ff'), c('orange', '#d18616'), c('green', '#89d185'), c('red', '#f14c4c'), c('purple', '#b180d7'), c('yellow', '#cca700')],
    pausedFill: withAlpha(warning, 0.18),
    pausedEdge: warning,
    markColour: cssVar('--vscode-editorInfo-foreground', cssVar('--vscode-foreground', '#cccccc')),
    markLabelBackground: withAlpha(background, 0.85),
    // The cold end is a tint of the background, so idle memory still reads as monitored memory.
    heat: [`color-mix(in srgb, ${c('blue', '#3794ff')} 14%, ${background})`, c('blue', '#3794ff'), c('purple', '#b180d7'), c('red', '#f14c4c'), c('yellow', '#cca700')],
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Calls `onChange` when VS Code switches theme (it swaps the body's theme classes). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** The RGBA bytes of any CSS colour, as the canvas resolves it. */
export function rgba(color: string): [number, number, number, number] {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!ctx) return [0, 0, 0, 255];
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a];
}

/** A 256-entry RGBA lookup table interpolating the stops evenly, for painting heat with ImageData. */
export function colourScale(stops: readonly string[]): Uint8ClampedArray {
  const rgb = stops.map(rgba);
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const pos = (i / 255) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(pos));
    const f = pos - k;
    for (let ch = 0; ch < 3; ch++) lut[i * 4 + ch] = rgb[k][ch] + (rgb[k + 1][ch] - rgb[k][ch]) * f;
    lut[i * 4 + 3] = 255;
  }
  return lut;
}
