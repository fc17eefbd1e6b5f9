// A what-if panel's comparison: the record and each replay of it, a column each, as the CLI's
// `damon-lens whatif` prints them. A plain table (no chart): the figures are few and read across.
import type { WhatIfComparisonView } from '../protocol';
import { element } from './card';

export class WhatIfTable {
  private readonly section = element('section', { class: 'card', id: 'whatif-card', 'aria-labelledby': 'whatif-title' });
  private readonly table = element('table', { class: 'regions', id: 'whatif-table' });
  private readonly notes = element('ul', { class: 'summary', id: 'whatif-notes' });

  constructor(parent: HTMLElement) {
    const head = element('div', { class: 'card-head' });
    head.append(element('h2', { id: 'whatif-title' }, 'What-if: the record and its replays'));
    const wrap = element('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'What-if comparison' });
    wrap.append(this.table);
    this.section.append(head, element('p', { class: 'summary' }, 'Each replay runs the workload derived from the record in the simulator, under its parameters. Pick a replay above to see its heatmap and working set beside the record.'), wrap, this.notes);
    this.section.hidden = true;
    parent.append(this.section);
  }

  show(view: WhatIfComparisonView | undefined): void {
    this.section.hidden = view === undefined;
    if (!view) return;
    const headRow = element('tr');
    for (const h of view.head) headRow.append(element('th', { scope: 'col' }, h));
    const body = element('tbody');
    for (const r of view.rows) {
      const tr = element('tr');
      r.forEach((cell, i) => tr.append(i === 0 ? element('th', { scope: 'row' }, cell) : element('td', {}, cell)));
      body.append(tr);
    }
    const thead = element('thead');
    thead.append(headRow);
    this.table.replaceChildren(thead, body);
    this.notes.replaceChildren(...view.notes.map((n) => element('li', {}, n)));
  }
}
