// A dashboard card: a titled chart canvas with an accessible label, a data-table alternative
// (rendered only while open) and exports of the chart as PNG and of its data as CSV and JSON.
import { post } from './host';

export type Cell = string | number;

export interface TableData {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface CardSpec {
  readonly id: string;
  readonly title: string;
  /** What the chart shows, for screen readers. */
  readonly ariaLabel: string;
  readonly height?: number;
  /** Controls shown next to the title (toggles, selects). */
  readonly controls?: readonly HTMLElement[];
  /** Rows shown in the table alternative; exports always carry all of them. */
  readonly tableRowLimit?: number;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

export class Card {
  readonly section: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly summary: HTMLElement;
  private readonly details: HTMLDetailsElement;

  constructor(parent: HTMLElement, readonly spec: CardSpec, private readonly data: () => TableData) {
    this.section = element('section', { class: 'card', id: `${spec.id}-card`, 'aria-labelledby': `${spec.id}-title` });
    const head = element('div', { class: 'card-head' });
    head.append(element('h2', { id: `${spec.id}-title` }, spec.title), ...(spec.controls ?? []), this.exportButtons());
    this.summary = element('p', { class: 'summary', id: `${spec.id}-summary` });
    const box = element('div', { class: `chart-box h${spec.height ?? 240}` });
    this.canvas = element('canvas', { id: `${spec.id}-chart`, role: 'img', 'aria-label': spec.ariaLabel, tabindex: '0' });
    box.append(this.canvas);
    this.details = element('details', { class: 'data-table' });
    this.details.append(element('summary', {}, `Data table: ${spec.title}`));
    this.details.addEventListener('toggle', () => this.refreshTable());
    this.section.append(head, this.summary, box, this.details);
    parent.append(this.section);
  }

  /** Re-renders the table alternative if it is open. */
  refreshTable(): void {
    if (!this.details.open) return;
    const { columns, rows } = this.data();
    const limit = this.spec.tableRowLimit ?? 200;
    const shown = rows.slice(Math.max(0, rows.length - limit));
    const table = element('table');
    table.append(element('caption', {}, rows.length > shown.length ? `${this.spec.title}: the last ${shown.length} of ${rows.length} rows (exports hold all)` : this.spec.title));
    const head = element('tr');
    for (const c of columns) head.append(element('th', { scope: 'col' }, c));
    table.append(element('thead'), element('tbody'));
    table.tHead?.append(head);
    const body = table.tBodies[0];
    for (const row of shown) {
      const tr = element('tr');
      for (const cell of row) tr.append(element('td', {}, typeof cell === 'number' ? formatCell(cell) : cell));
      body.append(tr);
    }
    this.details.querySelector('table')?.remove();
    this.details.append(table);
  }

  private exportButtons(): HTMLElement {
    const group = element('div', { class: 'exports', role: 'group', 'aria-label': `Export ${this.spec.title}` });
    const button = (label: string, title: string, run: () => void): HTMLButtonElement => {
      const b = element('button', { type: 'button', title, 'aria-label': title }, label);
      b.addEventListener('click', run);
      return b;
    };
    const name = `damon-${this.spec.id}`;
    group.append(
      button('PNG', `Export ${this.spec.title} as PNG`, () => post({ type: 'export', name, format: 'png', content: this.canvas.toDataURL('image/png') })),
      button('CSV', `Export ${this.spec.title} data as CSV`, () => post({ type: 'export', name, format: 'csv', content: toCsv(this.data()) })),
      button('JSON', `Export ${this.spec.title} data as JSON`, () => post({ type: 'export', name, format: 'json', content: toJson(this.data()) })),
    );
    return group;
  }
}

function formatCell(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

export function toCsv({ columns, rows }: TableData): string {
  const quote = (c: Cell): string => (typeof c === 'number' ? (Number.isFinite(c) ? String(c) : '') : /[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  return [columns.map(quote).join(','), ...rows.map((r) => r.map(quote).join(','))].join('\n') + '\n';
}

export function toJson({ columns, rows }: TableData): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, typeof r[i] === 'number' && !Number.isFinite(r[i]) ? null : r[i]]))), null, 2);
}
