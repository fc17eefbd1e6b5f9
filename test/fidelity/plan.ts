// Between a workload and the real kernel: the plan the workload runner (workload-runner.c) reads,
// the rates it achieved, and the workload the simulator is given to replay that real run: the
// achieved rates, and the process's real address space (every VMA, for vaddr's three-regions
// rule) or the areas' real physical pages (for paddr).
import { PAGE_SIZE, type AddrRange } from '../../src/damon/params';
import { parseWorkload, type AccessPattern, type AreaSpec, type Workload, type WorkloadSpec } from '../../src/sim/workload';

const PATTERN_LETTER: Record<AccessPattern, string> = { independent: 'i', sweep: 's', coherent: 'c' };

/** The runner's plan for a workload's first process. */
export function runnerPlan(spec: WorkloadSpec, seconds: number): string {
  const w = parseWorkload(spec);
  const lines: string[] = [];
  for (const a of w.processes[0].areas) {
    if (a.startUs !== 0 || a.endUs !== Infinity) throw new Error(`area ${a.name}: the runner maps every area for the whole run (no start_s / end_s)`);
    lines.push(`area ${a.vstart} ${a.size} ${a.hugepage ? 1 : 0} ${a.loop ? 1 : 0} ${a.phases.length}`);
    for (const p of a.phases) lines.push(`phase ${p.durationUs === Infinity ? seconds * 1e6 : p.durationUs} ${p.hz} ${PATTERN_LETTER[p.pattern]}`);
  }
  lines.push(`seconds ${seconds}`);
  return `${lines.join('\n')}\n`;
}

/** What the runner did: per area and phase index, the seconds it ran, pages touched and coherent events. */
export interface Achieved {
  readonly area: number;
  readonly phase: number;
  readonly seconds: number;
  readonly touches: number;
  readonly events: number;
}

export function parseAchieved(stdout: string): Achieved[] {
  return [...stdout.matchAll(/^achieved (\d+) (\d+) ([\d.]+) (\d+) (\d+)$/gm)].map((m) => ({
    area: Number(m[1]),
    phase: Number(m[2]),
    seconds: Number(m[3]),
    touches: Number(m[4]),
    events: Number(m[5]),
  }));
}

/** The access_hz the runner achieved in one phase of an area: events per second for coherent, else touches per page per second. */
export function achievedHz(w: Workload, a: Achieved): number {
  const area = w.processes[0].areas[a.area];
  if (a.seconds <= 0) return area.phases[a.phase].hz;
  return area.phases[a.phase].pattern === 'coherent' ? a.events / a.seconds : a.touches / (area.size / PAGE_SIZE) / a.seconds;
}

/** The workload's areas with the rates the runner achieved in place of those asked for. */
export function withAchievedRates(spec: WorkloadSpec, achieved: readonly Achieved[]): AreaSpec[] {
  const w = parseWorkload(spec);
  return w.processes[0].areas.map((area, i) => ({
    name: area.name,
    start: area.vstart,
    size: area.size,
    hugepage: area.hugepage,
    loop: area.loop,
    phases: area.phases.map((p, j) => {
      const got = achieved.find((x) => x.area === i && x.phase === j);
      return { duration_s: p.durationUs === Infinity ? 1e9 : p.durationUs / 1e6, access_hz: got ? achievedHz(w, got) : p.hz, pattern: p.pattern };
    }),
  }));
}

/** The VMAs of /proc/<pid>/maps, [start, end) with their names ([vsyscall] is not in the mm: DAMON never sees it). */
export function parseMaps(maps: string): { start: number; end: number; name: string }[] {
  return maps
    .split('\n')
    .map((l) => /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[3] !== '[vsyscall]')
    .map((m) => ({ start: parseInt(m[1], 16), end: parseInt(m[2], 16), name: m[3] || '[anon]' }));
}

/** The replay for vaddr: the workload's areas (achieved rates) plus every other VMA of the real process, idle. */
export function vaddrReplay(spec: WorkloadSpec, achieved: readonly Achieved[], maps: string): WorkloadSpec {
  const areas = withAchievedRates(spec, achieved);
  const ours = areas.map((a) => ({ start: Number(a.start), end: Number(a.start) + Number(a.size) }));
  const others: AreaSpec[] = parseMaps(maps)
    .filter((v) => !ours.some((o) => v.start < o.end && o.start < v.end))
    .map((v) => ({ name: v.name, start: v.start, size: v.end - v.start, access_hz: 0 }));
  const all = [...areas, ...others].sort((x, y) => Number(x.start) - Number(y.start));
  const bytes = all.reduce((s, a) => s + Number(a.size), 0);
  return { name: `${spec.name ?? 'workload'} (replay)`, memory: { size: bytes + 256 * 2 ** 20 }, processes: [{ pid: 4242, name: 'damon-workload', areas: all }] };
}

/** Contiguous physical runs of page frame addresses, sorted. */
export function physicalExtents(pageAddrs: readonly number[]): AddrRange[] {
  const sorted = [...pageAddrs].sort((a, b) => a - b);
  const out: AddrRange[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (last && last.end === p) last.end = p + PAGE_SIZE;
    else out.push({ start: p, end: p + PAGE_SIZE });
  }
  return out;
}

/**
 * The replay for paddr: each area's physical extents become areas of their own (same phases),
 * laid out at their real physical addresses by filling the holes between them with idle areas:
 * the simulator places areas one after another in physical memory from address 0.
 */
export function paddrReplay(spec: WorkloadSpec, achieved: readonly Achieved[], extents: readonly AddrRange[][], ramEnd: number): WorkloadSpec {
  const areas = withAchievedRates(spec, achieved);
  const pieces = areas
    .flatMap((a, i) => extents[i].map((e, k) => ({ at: e.start, area: { ...a, name: `${a.name}#${k}`, start: undefined, size: e.end - e.start } })))
    .sort((x, y) => x.at - y.at);
  const laid: AreaSpec[] = [];
  let cursor = 0;
  const idle = (size: number): void => void laid.push({ name: `other${laid.length}`, size, access_hz: 0 });
  for (const p of pieces) {
    if (p.at > cursor) idle(p.at - cursor);
    laid.push(p.area);
    cursor = p.at + p.area.size;
  }
  if (ramEnd > cursor) idle(ramEnd - cursor);
  return { name: `${spec.name ?? 'workload'} (paddr replay)`, memory: { size: Math.max(ramEnd, cursor) }, processes: [{ pid: 4242, name: 'damon-workload', areas: laid }] };
}
