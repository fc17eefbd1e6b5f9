// The DAMON sysfs tree per kernel generation, and the optional features that the files present
// reveal. Source: ../shared/damon/real-kernel-transcripts.txt §G (file sets probed on real Debian
// kernels 6.12.117, 6.18.15, 7.0.13, 7.1.13, 7.2.13, 7.3.4) and KERNEL-NOTES.md §1.
//
// Patterns are relative to /sys/kernel/mm/damon/admin; "N" stands for any index directory.
// `since` is the first kernel generation (of those DAMON Lens targets) that has the file.

import type { DamonFs } from './fs';

/** Kernel generations with distinct DAMON sysfs behaviour. 7.3 has 7.2's files (but answers `off` while off with ok). */
export const KERNEL_GENERATIONS = ['6.12', '6.18', '7.0', '7.1', '7.2', '7.3'] as const;
export type KernelGeneration = (typeof KERNEL_GENERATIONS)[number];

/** Orders generations: negative when a < b. */
export function compareGenerations(a: KernelGeneration, b: KernelGeneration): number {
  return KERNEL_GENERATIONS.indexOf(a) - KERNEL_GENERATIONS.indexOf(b);
}

export function atLeast(gen: KernelGeneration, since: KernelGeneration): boolean {
  return compareGenerations(gen, since) >= 0;
}

/**
 * The generation a kernel release string belongs to: "7.3.4+deb13-amd64" -> "7.3",
 * "6.15.2" -> "6.12" (the newest generation not newer than it), "8.0" -> "7.3".
 * Undefined for releases older than 6.12 or unparsable ones.
 */
export function generationOfRelease(release: string): KernelGeneration | undefined {
  const m = /^(\d+)\.(\d+)/.exec(release.trim());
  if (!m) return undefined;
  const v = Number(m[1]) * 1000 + Number(m[2]);
  let found: KernelGeneration | undefined;
  for (const g of KERNEL_GENERATIONS) {
    const [maj, min] = g.split('.').map(Number);
    if (maj * 1000 + min <= v) found = g;
  }
  return found;
}

// One line per file: "<since> <pattern>". Directories are implied by the files under them.
// tried_regions/N/* are not in §G (no region existed when probing); they come from KERNEL-NOTES §1.2
// and the 6.12 / 7.3 transcripts (6.12 prints no sz_filter_passed).
const FILES = `
6.12 kdamonds/nr_kdamonds
6.12 kdamonds/N/state
6.12 kdamonds/N/pid
6.18 kdamonds/N/refresh_ms
6.12 kdamonds/N/contexts/nr_contexts
6.12 kdamonds/N/contexts/N/avail_operations
6.12 kdamonds/N/contexts/N/operations
6.18 kdamonds/N/contexts/N/addr_unit
7.2 kdamonds/N/contexts/N/pause
6.12 kdamonds/N/contexts/N/monitoring_attrs/intervals/sample_us
6.12 kdamonds/N/contexts/N/monitoring_attrs/intervals/aggr_us
6.12 kdamonds/N/contexts/N/monitoring_attrs/intervals/update_us
6.18 kdamonds/N/contexts/N/monitoring_attrs/intervals/intervals_goal/access_bp
6.18 kdamonds/N/contexts/N/monitoring_attrs/intervals/intervals_goal/aggrs
6.18 kdamonds/N/contexts/N/monitoring_attrs/intervals/intervals_goal/min_sample_us
6.18 kdamonds/N/contexts/N/monitoring_attrs/intervals/intervals_goal/max_sample_us
6.12 kdamonds/N/contexts/N/monitoring_attrs/nr_regions/min
6.12 kdamonds/N/contexts/N/monitoring_attrs/nr_regions/max
7.2 kdamonds/N/contexts/N/monitoring_attrs/probes/nr_probes
6.12 kdamonds/N/contexts/N/targets/nr_targets
6.12 kdamonds/N/contexts/N/targets/N/pid_target
7.0 kdamonds/N/contexts/N/targets/N/obsolete_target
6.12 kdamonds/N/contexts/N/targets/N/regions/nr_regions
6.12 kdamonds/N/contexts/N/targets/N/regions/N/start
6.12 kdamonds/N/contexts/N/targets/N/regions/N/end
6.12 kdamonds/N/contexts/N/schemes/nr_schemes
6.12 kdamonds/N/contexts/N/schemes/N/action
6.12 kdamonds/N/contexts/N/schemes/N/apply_interval_us
6.12 kdamonds/N/contexts/N/schemes/N/target_nid
6.12 kdamonds/N/contexts/N/schemes/N/access_pattern/sz/min
6.12 kdamonds/N/contexts/N/schemes/N/access_pattern/sz/max
6.12 kdamonds/N/contexts/N/schemes/N/access_pattern/nr_accesses/min
6.12 kdamonds/N/contexts/N/schemes/N/access_pattern/nr_accesses/max
6.12 kdamonds/N/contexts/N/schemes/N/access_pattern/age/min
6.12 kdamonds/N/contexts/N/schemes/N/access_pattern/age/max
6.12 kdamonds/N/contexts/N/schemes/N/quotas/ms
6.12 kdamonds/N/contexts/N/schemes/N/quotas/bytes
6.12 kdamonds/N/contexts/N/schemes/N/quotas/reset_interval_ms
6.12 kdamonds/N/contexts/N/schemes/N/quotas/effective_bytes
7.1 kdamonds/N/contexts/N/schemes/N/quotas/goal_tuner
7.2 kdamonds/N/contexts/N/schemes/N/quotas/fail_charge_num
7.2 kdamonds/N/contexts/N/schemes/N/quotas/fail_charge_denom
6.12 kdamonds/N/contexts/N/schemes/N/quotas/weights/sz_permil
6.12 kdamonds/N/contexts/N/schemes/N/quotas/weights/nr_accesses_permil
6.12 kdamonds/N/contexts/N/schemes/N/quotas/weights/age_permil
6.12 kdamonds/N/contexts/N/schemes/N/quotas/goals/nr_goals
6.12 kdamonds/N/contexts/N/schemes/N/quotas/goals/N/target_metric
6.12 kdamonds/N/contexts/N/schemes/N/quotas/goals/N/target_value
6.12 kdamonds/N/contexts/N/schemes/N/quotas/goals/N/current_value
6.18 kdamonds/N/contexts/N/schemes/N/quotas/goals/N/nid
7.0 kdamonds/N/contexts/N/schemes/N/quotas/goals/N/path
6.12 kdamonds/N/contexts/N/schemes/N/watermarks/metric
6.12 kdamonds/N/contexts/N/schemes/N/watermarks/interval_us
6.12 kdamonds/N/contexts/N/schemes/N/watermarks/high
6.12 kdamonds/N/contexts/N/schemes/N/watermarks/mid
6.12 kdamonds/N/contexts/N/schemes/N/watermarks/low
6.12 kdamonds/N/contexts/N/schemes/N/filters/nr_filters
6.12 kdamonds/N/contexts/N/schemes/N/filters/N/type
6.12 kdamonds/N/contexts/N/schemes/N/filters/N/matching
6.18 kdamonds/N/contexts/N/schemes/N/filters/N/allow
6.12 kdamonds/N/contexts/N/schemes/N/filters/N/memcg_path
6.12 kdamonds/N/contexts/N/schemes/N/filters/N/addr_start
6.12 kdamonds/N/contexts/N/schemes/N/filters/N/addr_end
6.12 kdamonds/N/contexts/N/schemes/N/filters/N/damon_target_idx
6.18 kdamonds/N/contexts/N/schemes/N/filters/N/min
6.18 kdamonds/N/contexts/N/schemes/N/filters/N/max
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/nr_filters
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/type
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/matching
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/allow
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/memcg_path
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/addr_start
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/addr_end
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/damon_target_idx
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/min
6.18 kdamonds/N/contexts/N/schemes/N/core_filters/N/max
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/nr_filters
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/type
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/matching
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/allow
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/memcg_path
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/addr_start
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/addr_end
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/damon_target_idx
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/min
6.18 kdamonds/N/contexts/N/schemes/N/ops_filters/N/max
6.18 kdamonds/N/contexts/N/schemes/N/dests/nr_dests
6.18 kdamonds/N/contexts/N/schemes/N/dests/N/id
6.18 kdamonds/N/contexts/N/schemes/N/dests/N/weight
6.12 kdamonds/N/contexts/N/schemes/N/stats/nr_tried
6.12 kdamonds/N/contexts/N/schemes/N/stats/sz_tried
6.12 kdamonds/N/contexts/N/schemes/N/stats/nr_applied
6.12 kdamonds/N/contexts/N/schemes/N/stats/sz_applied
6.18 kdamonds/N/contexts/N/schemes/N/stats/sz_ops_filter_passed
6.12 kdamonds/N/contexts/N/schemes/N/stats/qt_exceeds
7.0 kdamonds/N/contexts/N/schemes/N/stats/nr_snapshots
7.0 kdamonds/N/contexts/N/schemes/N/stats/max_nr_snapshots
6.12 kdamonds/N/contexts/N/schemes/N/tried_regions/total_bytes
6.12 kdamonds/N/contexts/N/schemes/N/tried_regions/N/start
6.12 kdamonds/N/contexts/N/schemes/N/tried_regions/N/end
6.12 kdamonds/N/contexts/N/schemes/N/tried_regions/N/nr_accesses
6.12 kdamonds/N/contexts/N/schemes/N/tried_regions/N/age
6.18 kdamonds/N/contexts/N/schemes/N/tried_regions/N/sz_filter_passed
`;

export interface LayoutEntry {
  /** Pattern relative to the admin root, "N" for an index, e.g. "kdamonds/N/contexts/N/pause". */
  pattern: string;
  kind: 'file' | 'dir';
  since: KernelGeneration;
}

function parseFiles(): LayoutEntry[] {
  const files: LayoutEntry[] = [];
  for (const line of FILES.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const [since, pattern] = t.split(/\s+/);
    files.push({ pattern, kind: 'file', since: since as KernelGeneration });
  }
  // Each directory exists from the earliest generation of anything under it.
  const dirs = new Map<string, KernelGeneration>();
  for (const f of files) {
    const parts = f.pattern.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      const prev = dirs.get(d);
      if (!prev || compareGenerations(f.since, prev) < 0) dirs.set(d, f.since);
    }
  }
  return [...[...dirs].map(([pattern, since]) => ({ pattern, kind: 'dir' as const, since })), ...files].sort((a, b) =>
    a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0,
  );
}

/** Every file and directory pattern of the newest generation, with the generation that added it. */
export const SYSFS_LAYOUT: readonly LayoutEntry[] = parseFiles();

const BY_PATTERN = new Map(SYSFS_LAYOUT.map((e) => [e.pattern, e]));

/** The layout of one generation: the entries it has. */
export function layoutOf(gen: KernelGeneration): LayoutEntry[] {
  return SYSFS_LAYOUT.filter((e) => atLeast(gen, e.since));
}

/** "kdamonds/3/contexts/0/pause" -> "kdamonds/N/contexts/N/pause". */
export function patternOf(path: string): string {
  return path
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? 'N' : s))
    .join('/');
}

/** The layout entry of a concrete path, if the newest layout has one. */
export function layoutEntry(path: string): LayoutEntry | undefined {
  return BY_PATTERN.get(patternOf(path));
}

/** The entry names a directory has in a generation (index children not included). */
export function childrenOf(dirPattern: string, gen: KernelGeneration): string[] {
  const prefix = dirPattern === '' ? '' : `${dirPattern}/`;
  const names = new Set<string>();
  for (const e of SYSFS_LAYOUT) {
    if (!atLeast(gen, e.since) || !e.pattern.startsWith(prefix)) continue;
    const rest = e.pattern.slice(prefix.length);
    if (rest.includes('/') || rest === 'N') continue;
    names.add(rest);
  }
  return [...names].sort();
}

// ---------------------------------------------------------------- features

export const FEATURE_IDS = [
  'refresh_ms',
  'addr_unit',
  'intervals_goal',
  'core_filters',
  'ops_filters',
  'filter_allow',
  'dests',
  'goal_nid',
  'sz_ops_filter_passed',
  'goal_path',
  'nr_snapshots',
  'obsolete_target',
  'goal_tuner',
  'pause',
  'probes',
  'fail_charge',
] as const;
export type FeatureId = (typeof FEATURE_IDS)[number];

export interface Feature {
  id: FeatureId;
  /** The file or directory (pattern) whose presence reveals the feature; its parent exists in every generation. */
  probe: string;
  since: KernelGeneration;
  /** What a user would call it. */
  label: string;
}

const FEATURE_PROBES: Record<FeatureId, [probe: string, label: string]> = {
  refresh_ms: ['kdamonds/N/refresh_ms', 'periodic refresh of stats and tuned intervals (refresh_ms)'],
  addr_unit: ['kdamonds/N/contexts/N/addr_unit', 'address unit (addr_unit)'],
  intervals_goal: ['kdamonds/N/contexts/N/monitoring_attrs/intervals/intervals_goal', 'monitoring intervals auto-tuning (intervals_goal)'],
  core_filters: ['kdamonds/N/contexts/N/schemes/N/core_filters', 'core filters (core_filters)'],
  ops_filters: ['kdamonds/N/contexts/N/schemes/N/ops_filters', 'operations filters (ops_filters)'],
  filter_allow: ['kdamonds/N/contexts/N/schemes/N/filters/N/allow', 'allow filters (filters/N/allow)'],
  dests: ['kdamonds/N/contexts/N/schemes/N/dests', 'migration destinations (dests)'],
  goal_nid: ['kdamonds/N/contexts/N/schemes/N/quotas/goals/N/nid', 'quota goal node (goals/N/nid)'],
  sz_ops_filter_passed: ['kdamonds/N/contexts/N/schemes/N/stats/sz_ops_filter_passed', 'stats/sz_ops_filter_passed'],
  goal_path: ['kdamonds/N/contexts/N/schemes/N/quotas/goals/N/path', 'quota goal memcg path (goals/N/path)'],
  nr_snapshots: ['kdamonds/N/contexts/N/schemes/N/stats/nr_snapshots', 'snapshot counting (stats/nr_snapshots, max_nr_snapshots)'],
  obsolete_target: ['kdamonds/N/contexts/N/targets/N/obsolete_target', 'obsolete targets (obsolete_target)'],
  goal_tuner: ['kdamonds/N/contexts/N/schemes/N/quotas/goal_tuner', 'quota goal tuner (goal_tuner)'],
  pause: ['kdamonds/N/contexts/N/pause', 'pause and resume (contexts/N/pause)'],
  probes: ['kdamonds/N/contexts/N/monitoring_attrs/probes', 'access probes (monitoring_attrs/probes)'],
  fail_charge: ['kdamonds/N/contexts/N/schemes/N/quotas/fail_charge_num', 'quota charge of failed actions (fail_charge_num/denom)'],
};

export const FEATURES: readonly Feature[] = FEATURE_IDS.map((id) => {
  const [probe, label] = FEATURE_PROBES[id];
  const entry = BY_PATTERN.get(probe);
  if (!entry) throw new Error(`sysfs-layout: feature ${id} probes unknown file ${probe}`);
  return { id, probe, since: entry.since, label };
});

export const FEATURE_BY_ID: Readonly<Record<FeatureId, Feature>> = Object.fromEntries(FEATURES.map((f) => [f.id, f])) as Record<
  FeatureId,
  Feature
>;

/** The features a generation has. */
export function featuresOf(gen: KernelGeneration): Record<FeatureId, boolean> {
  return Object.fromEntries(FEATURES.map((f) => [f.id, atLeast(gen, f.since)])) as Record<FeatureId, boolean>;
}

/** true: present; false: absent (its directory exists without it); undefined: cannot tell yet (no such directory to look into). */
export type FeaturePresence = boolean | undefined;

export interface DetectedFeatures {
  features: Record<FeatureId, FeaturePresence>;
  /** The generations consistent with what was seen, oldest first (never empty). */
  candidates: KernelGeneration[];
  /** The best guess: the release's generation when consistent, else the oldest candidate. */
  generation: KernelGeneration;
  /** The concrete path that decided each feature. */
  probedPaths: Partial<Record<FeatureId, string>>;
}

/** The generations consistent with the features seen. */
export function candidateGenerations(features: Partial<Record<FeatureId, FeaturePresence>>): KernelGeneration[] {
  const fits = KERNEL_GENERATIONS.filter((g) =>
    FEATURES.every((f) => {
      const seen = features[f.id];
      return seen === undefined || seen === atLeast(g, f.since);
    }),
  );
  return fits.length > 0 ? fits : [...KERNEL_GENERATIONS];
}

/**
 * Guesses the generation from the features seen, and the kernel release when given (uname -r;
 * it decides between generations with the same files, such as 7.2 and 7.3).
 */
export function guessGeneration(features: Partial<Record<FeatureId, FeaturePresence>>, release?: string): KernelGeneration {
  const candidates = candidateGenerations(features);
  const fromRelease = release ? generationOfRelease(release) : undefined;
  if (fromRelease && candidates.includes(fromRelease)) return fromRelease;
  return candidates[0];
}

/** Guesses the generation from a set of concrete or pattern paths (for example a full listing). */
export function featuresFromPaths(paths: Iterable<string>): Record<FeatureId, FeaturePresence> {
  const seen = new Set<string>();
  for (const p of paths) seen.add(patternOf(p.replace(/^\.\//, '').replace(/\/$/, '')));
  const out = {} as Record<FeatureId, FeaturePresence>;
  for (const f of FEATURES) {
    const parent = f.probe.slice(0, f.probe.lastIndexOf('/'));
    out[f.id] = hasFilesUnder(seen, f.probe) ? true : hasFilesUnder(seen, parent) ? false : undefined;
  }
  return out;
}

function hasFilesUnder(seen: Set<string>, dir: string): boolean {
  if (seen.has(dir)) return true;
  for (const s of seen) if (s.startsWith(`${dir}/`)) return true;
  return false;
}

/** Resolves a pattern to a concrete path of an existing index directory, or undefined when none exists. */
async function concreteParent(fs: DamonFs, pattern: string): Promise<string | undefined> {
  const parts = pattern.split('/');
  parts.pop();
  let path = '';
  for (const part of parts) {
    if (part === 'N') {
      let names: string[];
      try {
        names = await fs.list(path);
      } catch {
        return undefined;
      }
      const idx = names.filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));
      if (idx.length === 0) return undefined;
      path = path ? `${path}/${idx[0]}` : idx[0];
    } else {
      path = path ? `${path}/${part}` : part;
    }
  }
  return (await fs.exists(path)) ? path : undefined;
}

/**
 * Detects the optional features from the files that exist. Reads only: a feature whose directory
 * does not exist yet (no kdamond, context, scheme, goal, ...) stays undefined.
 */
export async function detectFeatures(fs: DamonFs, release?: string): Promise<DetectedFeatures> {
  const features = {} as Record<FeatureId, FeaturePresence>;
  const probedPaths: Partial<Record<FeatureId, string>> = {};
  await Promise.all(
    FEATURES.map(async (f) => {
      const parent = await concreteParent(fs, f.probe);
      if (parent === undefined) {
        features[f.id] = undefined;
        return;
      }
      const path = `${parent}/${f.probe.slice(f.probe.lastIndexOf('/') + 1)}`;
      probedPaths[f.id] = path;
      features[f.id] = await fs.exists(path);
    }),
  );
  const candidates = candidateGenerations(features);
  return { features, candidates, generation: guessGeneration(features, release), probedPaths };
}

/**
 * Why a feature is unavailable, for the UI: "this kernel (6.18) has no contexts/0/pause; pause
 * and resume (contexts/N/pause) needs Linux 7.2 or later".
 */
export function featureUnavailableReason(id: FeatureId, generation: KernelGeneration, probedPath?: string): string {
  const f = FEATURE_BY_ID[id];
  const file = (probedPath ?? f.probe).replace(/^kdamonds\/(N|\d+)\//, '');
  return `this kernel (${generation}) has no ${file}; ${f.label} needs Linux ${f.since} or later`;
}
