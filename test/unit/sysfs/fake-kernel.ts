// A minimal stand-in for DAMON sysfs, for the client's unit tests (the real simulator lives in
// src/sim): nr_* writes rebuild their index directories with the files of the chosen generation,
// `state` takes on/off/commit/update_* keywords, everything else is stored as written.
import { FsError } from '../../../src/damon/fs';
import { SYSFS_LAYOUT, atLeast, type KernelGeneration } from '../../../src/damon/sysfs-layout';
import { MemFs } from './memfs';

const DEFAULTS: Record<string, string> = {
  state: 'off',
  pid: '-1',
  operations: 'vaddr',
  avail_operations: 'vaddr\nfvaddr\npaddr',
  action: 'stat',
  target_nid: '-1',
  sample_us: '5000',
  aggr_us: '100000',
  update_us: '60000000',
  min: '0',
  max: '0',
  addr_unit: '1',
  pause: 'N',
  obsolete_target: 'N',
  matching: 'N',
  allow: 'N',
  type: 'anon',
  memcg_path: '',
  path: '',
  metric: 'none',
  target_metric: 'user_input',
  goal_tuner: 'consist',
};

export class FakeKernel extends MemFs {
  /** What `update_schemes_tried_regions` creates: directory name -> [start, end, nr_accesses, age]. */
  triedRegions: [number, number, number, number, number][] = [];
  /** Makes `on` fail, as when damon_stat holds DAMON. */
  exclusiveHolder = false;

  constructor(readonly gen: KernelGeneration) {
    super({ 'kdamonds/nr_kdamonds': '0\n' });
    this.onWrite = (path, value) => this.kernelWrite(path, value);
  }

  private dirFiles(dirPattern: string): string[] {
    const prefix = `${dirPattern}/N/`;
    return SYSFS_LAYOUT.filter((e) => e.kind === 'file' && atLeast(this.gen, e.since) && e.pattern.startsWith(prefix) && !e.pattern.slice(prefix.length).split('/').includes('N')).map((e) =>
      e.pattern.slice(prefix.length),
    );
  }

  private rebuild(dir: string, n: number): void {
    for (const name of [...this.files.keys()]) {
      const m = new RegExp(`^${dir}/\\d+/`).exec(name);
      if (m) this.files.delete(name);
    }
    const pattern = dir.replace(/\/\d+(?=\/|$)/g, '/N');
    const files = this.dirFiles(pattern);
    for (let i = 0; i < n; i++) {
      for (const f of files) {
        const base = f.slice(f.lastIndexOf('/') + 1);
        const v = base.startsWith('nr_') ? '0' : (DEFAULTS[base] ?? '0');
        this.files.set(`${dir}/${i}/${f}`, `${v}\n`);
      }
    }
  }

  private anyOn(): boolean {
    for (const [p, v] of this.files) if (/^kdamonds\/\d+\/state$/.test(p) && v === 'on\n') return true;
    return false;
  }

  private kernelWrite(path: string, value: string): void {
    const v = value.replace(/\n$/, '');
    const nr = /^(.*)\/nr_[a-z]+$/.exec(path);
    if (nr) {
      if (!/^\d+$/.test(v)) throw new FsError('EINVAL', 'write', path, value);
      if (path === 'kdamonds/nr_kdamonds' && this.anyOn()) throw new FsError('EBUSY', 'write', path, value);
      if (path.endsWith('/nr_contexts') && Number(v) > 1) throw new FsError('EINVAL', 'write', path, value);
      this.files.set(path, `${v}\n`);
      this.rebuild(nr[1], Number(v));
      return;
    }
    const st = /^kdamonds\/(\d+)\/state$/.exec(path);
    if (st) {
      const k = `kdamonds/${st[1]}`;
      const on = this.files.get(path) === 'on\n';
      switch (v) {
        case 'on':
          if (on || this.exclusiveHolder) throw new FsError('EBUSY', 'write', path, value);
          this.files.set(path, 'on\n');
          this.files.set(`${k}/pid`, '4242\n');
          return;
        case 'off':
          if (!on && !atLeast(this.gen, '7.3')) throw new FsError('EPERM', 'write', path, value);
          this.files.set(path, 'off\n');
          this.files.set(`${k}/pid`, '-1\n');
          return;
        case 'commit':
        case 'update_schemes_stats':
        case 'update_schemes_effective_quotas':
        case 'update_schemes_tried_bytes':
          if (!on) throw new FsError(atLeast(this.gen, '7.2') ? 'ECANCELED' : 'EINVAL', 'write', path, value);
          return;
        case 'update_tuned_intervals':
          if (!atLeast(this.gen, '6.18') || !on) throw new FsError('EINVAL', 'write', path, value);
          return;
        case 'update_schemes_tried_regions': {
          if (!on) throw new FsError('EINVAL', 'write', path, value);
          for (const p of [...this.files.keys()]) {
            const m = new RegExp(`^(${k}/contexts/\\d+/schemes/\\d+/tried_regions)/`).exec(p);
            if (m && p !== `${m[1]}/total_bytes`) this.files.delete(p);
          }
          for (const tb of [...this.files.keys()].filter((p) => p.startsWith(`${k}/`) && p.endsWith('/tried_regions/total_bytes'))) {
            const dir = tb.slice(0, -'/total_bytes'.length);
            let total = 0;
            for (const [name, start, end, nr, age] of this.triedRegions) {
              this.files.set(`${dir}/${name}/start`, `${start}\n`);
              this.files.set(`${dir}/${name}/end`, `${end}\n`);
              this.files.set(`${dir}/${name}/nr_accesses`, `${nr}\n`);
              this.files.set(`${dir}/${name}/age`, `${age}\n`);
              if (atLeast(this.gen, '6.18')) this.files.set(`${dir}/${name}/sz_filter_passed`, '0\n');
              total += end - start;
            }
            this.files.set(tb, `${total}\n`);
          }
          return;
        }
        case '':
          return;
        default:
          throw new FsError('EINVAL', 'write', path, value);
      }
    }
    this.files.set(path, value.endsWith('\n') ? value : `${value}\n`);
  }

  /** The kdamond stops by itself (its target exited). */
  stopByItself(k: number): void {
    this.files.set(`kdamonds/${k}/state`, 'off\n');
    this.files.set(`kdamonds/${k}/pid`, '-1\n');
  }
}
