// The in-memory sysfs tree: directories and files laid out as one kernel generation has them
// (src/damon/sysfs-layout.ts, transcripts §G). Each file holds its staged value; the kernel
// only reads them on `on`/`commit` (KERNEL-NOTES §1.3).

import { FsError, type FsOp } from '../../damon/fs';
import { childrenOf, layoutEntry, type KernelGeneration } from '../../damon/sysfs-layout';
import { formatOf, type FileFormat, type FileValue } from './formats';

export class SysFile {
  readonly kind = 'file';
  value: FileValue;

  constructor(readonly format: FileFormat) {
    this.value = format.initial;
  }
}

export class SysDir {
  readonly kind = 'dir';
  readonly children = new Map<string, SysNode>();

  /** `pattern` is the layout pattern, e.g. "kdamonds/N/contexts". */
  constructor(readonly pattern: string) {}

  /** The index subdirectories, in numeric order. */
  indexed(): SysDir[] {
    return [...this.children]
      .filter((e): e is [string, SysDir] => /^\d+$/.test(e[0]) && e[1] instanceof SysDir)
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map((e) => e[1]);
  }

  dir(name: string): SysDir | undefined {
    const n = this.children.get(name);
    return n instanceof SysDir ? n : undefined;
  }

  file(name: string): SysFile | undefined {
    const n = this.children.get(name);
    return n instanceof SysFile ? n : undefined;
  }

  /** A file's value, or undefined when this generation has no such file. */
  value(name: string): FileValue | undefined {
    return this.file(name)?.value;
  }

  /** Sets a file's value if this generation has the file. */
  set(name: string, value: FileValue): void {
    const f = this.file(name);
    if (f) f.value = value;
  }
}

export type SysNode = SysDir | SysFile;

/** What a tree needs to know to create files. */
export interface TreeSpec {
  readonly generation: KernelGeneration;
  readonly availableOps: readonly string[];
}

/** A fresh directory of a layout pattern with its named files and subdirectories (no index dirs). */
export function makeDir(pattern: string, spec: TreeSpec): SysDir {
  const dir = new SysDir(pattern);
  for (const name of childrenOf(pattern, spec.generation)) {
    const child = pattern ? `${pattern}/${name}` : name;
    dir.children.set(name, layoutEntry(child)?.kind === 'dir' ? makeDir(child, spec) : new SysFile(formatOf(child, spec.generation, spec.availableOps)));
  }
  return dir;
}

/** Removes every index subdirectory, as the kernel's `*_rm_dirs()` does. */
export function removeIndexed(dir: SysDir): number {
  let n = 0;
  for (const name of [...dir.children.keys()]) {
    if (/^\d+$/.test(name)) {
      dir.children.delete(name);
      n++;
    }
  }
  return n;
}

/** Adds a fresh index subdirectory named `name`. */
export function addIndexed(dir: SysDir, name: string | number, spec: TreeSpec): SysDir {
  const child = makeDir(`${dir.pattern}/N`, spec);
  dir.children.set(String(name), child);
  return child;
}

/** A `nr_*` write: every index dir goes, then fresh 0..n-1 (staged values are lost). */
export function rebuildIndexed(dir: SysDir, n: number, spec: TreeSpec): void {
  removeIndexed(dir);
  for (let i = 0; i < n; i++) addIndexed(dir, i, spec);
}

/** The node at a root-relative path; ENOENT if missing, ENOTDIR through a file. */
export function lookup(root: SysDir, path: string, op: FsOp, value?: string): SysNode {
  let node: SysNode = root;
  if (path === '') return node;
  for (const seg of path.split('/')) {
    if (!(node instanceof SysDir)) throw new FsError('ENOTDIR', op, path, value);
    const next = node.children.get(seg);
    if (!next) throw new FsError('ENOENT', op, path, value);
    node = next;
  }
  return node;
}
