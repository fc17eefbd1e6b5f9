// Chart colours read from VS Code's theme variables, re-read when the theme changes.

export interface ChartTheme {
  readonly foreground: string;
  readonly grid: string;
  readonly accent: string;
  readonly accentFill: string;
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** `color` with the given alpha, for any CSS colour the theme hands us. */
function withAlpha(color: string, alpha: number): string {
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

export function readTheme(): ChartTheme {
  const accent = cssVar('--vscode-charts-blue', '#3794ff');
  return {
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    accent,
    accentFill: withAlpha(accent, 0.35),
  };
}

/** Calls `onChange` when VS Code switches theme (it swaps the body's theme classes). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
