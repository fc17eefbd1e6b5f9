// Picks the region snapshot of a damo record by time: a slider over the record's snapshots. The
// host holds the regions and sends only the picked snapshot's, so a long record stays light.
import { element } from './card';
import { post } from './host';

export class SnapshotPicker {
  readonly control = element('label', { class: 'control', hidden: '' });
  private readonly slider = element('input', { type: 'range', min: '0', step: '1', 'aria-label': 'Region snapshot to show', id: 'snapshot-picker' });
  private readonly label = element('output', { for: 'snapshot-picker' });
  private times: readonly number[] = [];

  constructor() {
    this.control.append('snapshot ', this.slider, this.label);
    // The label follows the drag; the host is asked once the slider is let go (or a key moved it).
    this.slider.addEventListener('input', () => this.describe(Number(this.slider.value)));
    this.slider.addEventListener('change', () => post({ type: 'pickSnapshot', index: Number(this.slider.value) }));
  }

  /** Shows the picker over the snapshots ending at `times` (s), at `index`; undefined hides it. */
  show(times: readonly number[] | undefined, index = 0): void {
    this.control.hidden = times === undefined;
    if (!times) return;
    this.times = times;
    this.slider.max = String(Math.max(0, times.length - 1));
    this.slider.value = String(index);
    this.describe(index);
  }

  private describe(index: number): void {
    this.label.textContent = ` ${index + 1} of ${this.times.length}, ending at ${(this.times[index] ?? Number.NaN).toFixed(2)} s`;
  }
}
