// A fixed-capacity ring buffer: the dashboard keeps the last N samples of each context.

export class Ring<T> {
  private items: T[] = [];
  /** Index in `items` of the oldest element once the ring has wrapped. */
  private head = 0;
  /** How many elements were ever pushed: a delta is "everything after seq N". */
  private pushed = 0;

  constructor(private cap: number) {
    if (!(cap >= 1)) throw new RangeError(`ring capacity must be at least 1, not ${cap}`);
  }

  get capacity(): number {
    return this.cap;
  }

  get length(): number {
    return this.items.length;
  }

  /** Sequence number of the next push; the newest element has `seq - 1`. */
  get seq(): number {
    return this.pushed;
  }

  push(item: T): void {
    if (this.items.length < this.cap) this.items.push(item);
    else {
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.cap;
    }
    this.pushed++;
  }

  /** The i-th element, oldest first. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.items.length) return undefined;
    return this.items[(this.head + i) % this.items.length];
  }

  last(): T | undefined {
    return this.at(this.items.length - 1);
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.head), ...this.items.slice(0, this.head)];
  }

  /** The elements pushed at or after sequence number `seq` that are still held, oldest first. */
  since(seq: number): T[] {
    const n = Math.min(this.items.length, Math.max(0, this.pushed - seq));
    return this.toArray().slice(this.items.length - n);
  }

  /** Changes the capacity, dropping the oldest elements if it shrinks. */
  resize(cap: number): void {
    if (!(cap >= 1)) throw new RangeError(`ring capacity must be at least 1, not ${cap}`);
    const all = this.toArray();
    this.items = all.slice(Math.max(0, all.length - cap));
    this.head = 0;
    this.cap = cap;
  }
}
