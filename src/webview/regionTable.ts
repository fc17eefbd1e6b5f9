// The sortable region table: a real <table> with sort buttons in the headers (keyboard reachable,
// aria-sort for screen readers). Long snapshots show their first rows in the chosen order.
import { element } from './card';
import { bytes, hex } from './format';
import type { RegionRow } from './regionStrip';

type Column = { readonly key: keyof RegionRow; readonly title: string; readonly format: (r: RegionRow) => string };

const COLUMNS: readonly Column[] = [
  { key: 'index', title: '#', format: (r) => String(r.index) },
  { key: 'start', title: 'start', format: (r) => hex(r.start) },
  { key: 'end', title: 'end', format: (r) => hex(r.end) },
  { key: 'size', title: 'size', format: (r) => bytes(r.size) },
  { key: 'nrAccesses', title: 'nr_accesses', format: (r) => String(r.nrAccesses) },
  { key: 'frequencyPct', title: 'access %', format: (r) => r.frequencyPct.toFixed(1) },
  { key: 'hz', title: 'access Hz', format: (r) => r.hz.toFixed(1) },
  { key: 'age', title: 'age (aggr)', format: (r) => String(r.age) },
  { key: 'ageS', title: 'age (s)', format: (r) => r.ageS.toFixed(1) },
];

const ROW_LIMIT = 300;

export interface Sort {
  readonly column: string;
  readonly descending: boolean;
}

export class RegionTable {
  private rows: readonly RegionRow[] = [];
  private readonly table = element('table', { class: 'regions', id: 'regions-table' });
  private readonly caption = element('caption');

  constructor(parent: HTMLElement, private sort: Sort, private readonly onSort: (sort: Sort) => void) {
    const wrap = element('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Monitoring regions' });
    const head = element('tr');
    for (const c of COLUMNS) {
      const th = element('th', { scope: 'col', 'data-key': c.key });
      const button = element('button', { type: 'button', class: 'sort' }, c.title);
      button.addEventListener('click', () => this.sortBy(c.key));
      th.append(button);
      head.append(th);
    }
    this.table.append(this.caption, element('thead'), element('tbody'));
    this.table.tHead?.append(head);
    wrap.append(this.table);
    parent.append(wrap);
  }

  show(rows: readonly RegionRow[]): void {
    this.rows = rows;
    this.render();
  }

  private sortBy(key: string): void {
    this.sort = { column: key, descending: this.sort.column === key ? !this.sort.descending : true };
    this.onSort(this.sort);
    this.render();
  }

  private render(): void {
    const column = COLUMNS.find((c) => c.key === this.sort.column) ?? COLUMNS[0];
    const sign = this.sort.descending ? -1 : 1;
    const sorted = [...this.rows].sort((a, b) => sign * ((a[column.key] as number) - (b[column.key] as number)));
    const shown = sorted.slice(0, ROW_LIMIT);
    this.caption.textContent = `${this.rows.length} regions, sorted by ${column.title} (${this.sort.descending ? 'descending' : 'ascending'})` +
      (shown.length < sorted.length ? `; the first ${shown.length} shown` : '');
    for (const th of this.table.querySelectorAll('th')) {
      th.setAttribute('aria-sort', th.dataset.key === column.key ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
    }
    const body = element('tbody');
    for (const r of shown) {
      const tr = element('tr');
      for (const c of COLUMNS) tr.append(element('td', {}, c.format(r)));
      body.append(tr);
    }
    this.table.tBodies[0].replaceWith(body);
  }
}
