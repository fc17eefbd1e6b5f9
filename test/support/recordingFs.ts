// A DamonFs that passes everything through and records the writes: tests use it to prove that a
// refused operation wrote nothing.
import type { DamonFs } from '../../src/damon/fs';

export class RecordingFs implements DamonFs {
  readonly writes: [string, string][] = [];
  readMany?: DamonFs['readMany'];

  constructor(private readonly inner: DamonFs) {
    if (inner.readMany) this.readMany = (paths) => inner.readMany!(paths);
  }

  read(p: string): Promise<string> {
    return this.inner.read(p);
  }

  async write(p: string, v: string): Promise<void> {
    this.writes.push([p, v]);
    return this.inner.write(p, v);
  }

  list(p: string): Promise<string[]> {
    return this.inner.list(p);
  }

  exists(p: string): Promise<boolean> {
    return this.inner.exists(p);
  }
}
