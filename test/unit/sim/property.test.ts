// Many seeds of random valid parameters and workloads: after every step the regions are
// sorted, non-overlapping, cover the monitored ranges, are multiples of min_region_sz, and
// their count stays within [min_nr_regions, max_nr_regions] where the kernel guarantees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultContext, defaultScheme, defaultTarget, minRegionSz, type AddrRange, type ContextParams, type DamonOps } from '../../../src/damon/params';
import { validateContext } from '../../../src/damon/validate';
import { SimKernel } from '../../../src/sim/kernel';
import { threeRegions } from '../../../src/sim/ops';
import { Prng } from '../../../src/sim/prng';
import type { RegionInit } from '../../../src/sim/regions';
import type { AreaSpec, WorkloadSpec } from '../../../src/sim/workload';

const P = 4096;
const MiB = 2 ** 20;
const PID = 321;

function randomWorkload(r: Prng): WorkloadSpec {
  const areas: AreaSpec[] = [];
  const rate = (): Partial<AreaSpec> => {
    const pick = r.rand(0, 6);
    if (pick === 5) return { phases: [{ duration_s: r.rand(1, 5) / 10, access_hz: r.rand(0, 500) }, { duration_s: r.rand(1, 5) / 10, access_probability: r.rand(0, 101) / 100 }] };
    return pick === 4 ? { access_probability: 1 } : { access_hz: [0, 0.5, 5, 50, 500][pick] };
  };
  let next = 0x400000;
  for (let i = 0, n = r.rand(2, 5); i < n; i++) {
    const size = r.rand(1, 64) * 64 * P;
    areas.push({ start: next, size, ...rate() });
    next += size + r.rand(0, 4) * P;
  }
  next = 0x7f0000000000;
  for (let i = 0, n = r.rand(1, 3); i < n; i++) {
    const size = r.rand(1, 32) * 64 * P;
    areas.push({ start: next, size, type: r.rand(0, 2) ? 'anon' : 'file', ...rate() });
    next += size + r.rand(0, 2) * P;
  }
  areas.push({ start: 0x7ffff0000000, size: 32 * P, access_hz: 100 });
  const total = areas.reduce((s, a) => s + Number(a.size), 0);
  return { memory: { size: total + 64 * MiB, nodes: r.rand(1, 3) }, processes: [{ pid: PID, areas }] };
}

function randomCtx(r: Prng, kernel: SimKernel): { ctx: ContextParams; expected: AddrRange[] } {
  const ops: DamonOps = (['vaddr', 'fvaddr', 'paddr'] as const)[r.rand(0, 3)];
  const c = defaultContext(ops);
  const iv = c.monitoring_attrs.intervals;
  iv.sample_us = [1000, 2500, 5000, 10000][r.rand(0, 4)];
  iv.aggr_us = iv.sample_us * r.rand(2, 31);
  iv.update_us = iv.aggr_us * r.rand(1, 50);
  if (r.rand(0, 3) === 0) iv.intervals_goal = { access_bp: r.rand(1, 10000), aggrs: r.rand(1, 4), min_sample_us: 500, max_sample_us: 20000 };
  const min = r.rand(3, 31);
  c.monitoring_attrs.nr_regions = { min, max: 3 * min + 10 + r.rand(0, 400) };
  if (r.rand(0, 2)) c.schemes.push(defaultScheme('stat'));
  const m = kernel.machine;
  let expected: AddrRange[];
  if (ops === 'vaddr') {
    c.targets.push(defaultTarget(PID));
    expected = threeRegions(m.vmas(PID, 0).map((a) => ({ start: a.vstart, end: a.vstart + a.size }))) ?? [];
  } else if (ops === 'fvaddr') {
    const vmas = m.vmas(PID, 0);
    const a = vmas[r.rand(0, vmas.length - 1)];
    const b = vmas[vmas.length - 1];
    const ranges = [{ start: a.vstart + r.rand(0, 3) * 1000, end: a.vstart + a.size - r.rand(0, 3) * 1000 }, { start: b.vstart, end: b.vstart + b.size }];
    c.targets.push({ ...defaultTarget(PID), regions: ranges });
    expected = ranges.map((x) => ({ start: Math.floor(x.start / P) * P, end: Math.ceil(x.end / P) * P }));
  } else {
    c.addr_unit = [1, 2, 4, 4096][r.rand(0, 4)];
    const end = m.physRange().end / c.addr_unit;
    const mid = Math.floor(end / 2);
    const ranges = r.rand(0, 2) ? [{ start: 0, end }] : [{ start: 0, end: mid }, { start: mid, end }];
    c.targets.push({ ...defaultTarget(), regions: ranges });
    const msz = minRegionSz(c);
    expected = ranges.map((x) => ({ start: Math.floor(x.start / msz) * msz, end: Math.ceil(x.end / msz) * msz }));
  }
  return { ctx: c, expected };
}

/** Adjacent ranges joined. */
function union(ranges: readonly AddrRange[]): AddrRange[] {
  const out: AddrRange[] = [];
  for (const x of ranges) {
    const last = out[out.length - 1];
    if (last && last.end === x.start) last.end = x.end;
    else out.push({ ...x });
  }
  return out;
}

test('regions stay sorted, disjoint, covering, aligned and within [min, max] over 40 random seeds', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = new Prng(seed * 7919);
    const kernel = new SimKernel({ workload: randomWorkload(r), seed });
    const { ctx, expected } = randomCtx(r, kernel);
    assert.equal(validateContext(ctx, kernel.validationEnv(0)), null, `seed ${seed}: params should be valid`);
    const kd = kernel.addKdamond();
    kd.start(ctx);
    const dc = kd.ctx;
    assert.ok(dc);
    const msz = dc.minRegionSz;
    const total = expected.reduce((s, x) => s + x.end - x.start, 0);
    const { min, max } = ctx.monitoring_attrs.nr_regions;
    const where = (i: number): string => `seed ${seed} (${ctx.operations}, step ${i})`;
    for (let i = 0; i < 400; i++) {
      kd.step();
      const regions: RegionInit[] = dc.regions.regionsOf(0);
      for (let k = 0; k < regions.length; k++) {
        const x = regions[k];
        assert.ok(x.start < x.end, `${where(i)}: empty region`);
        assert.equal(x.start % msz, 0, `${where(i)}: start not aligned`);
        assert.equal(x.end % msz, 0, `${where(i)}: end not aligned`);
        if (k) assert.ok(regions[k - 1].end <= x.start, `${where(i)}: overlap or unsorted`);
      }
      assert.deepEqual(union(regions.map(({ start, end }) => ({ start, end }))), union(expected), `${where(i)}: coverage`);
      assert.ok(regions.length <= max, `${where(i)}: ${regions.length} > max ${max}`);
      if (total > min * min * msz) assert.ok(regions.length >= min, `${where(i)}: ${regions.length} < min ${min}`);
    }
  }
});

test('equal seeds give bit-identical runs; different seeds differ', () => {
  const run = (seed: number): string => {
    const r = new Prng(99);
    const kernel = new SimKernel({ workload: randomWorkload(r), seed });
    const kd = kernel.addKdamond();
    kd.start(randomCtx(r, kernel).ctx);
    kernel.advance(3e6);
    return JSON.stringify(kd.status());
  };
  assert.equal(run(5), run(5));
  assert.notEqual(run(5), run(6));
});
