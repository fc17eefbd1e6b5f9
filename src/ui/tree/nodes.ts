// The Kdamonds tree as plain data, built from backend snapshots. Pure (no `vscode` import), so
// unit tests check labels, descriptions and context values; kdamondTree.ts turns nodes into
// TreeItems.
//
// contextValue is a space-separated list of words that menus match with `when` clauses,
// e.g. `viewItem =~ /^context\b.*\bpausable\b/`. Words: the node kind first, then state
// (running, paused, off, on), features (pausable, nopause), control (readonly) and `staged`.
import type { ContextParams, SchemeParams, FilterParams, QuotaGoal } from '../../damon/params';
import { UINT_MAX, ULONG_MAX } from '../../damon/params';
import type { ContextStatus, SchemeStatus } from '../../damon/status';
import { accessRatio, formatBytes, formatPercent, formatUs, maxNrAccesses } from '../../damon/units';
import { featureUnavailableReason } from '../../damon/sysfs-layout';
import { stagedChanges, type BackendSnapshot, type KdamondSnapshot } from '../../investigation/backends/snapshot';

export type NodeKind = 'backend' | 'kdamond' | 'context' | 'attrs' | 'targets' | 'target' | 'schemes' | 'scheme' | 'detail';

/** Names of codicons and theme colours, so the vscode adapter needs no knowledge of DAMON. */
export interface NodeIcon {
  readonly id: string;
  readonly color?: string;
}

export interface TreeNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  readonly contextValue: string;
  readonly icon?: NodeIcon;
  readonly children: readonly TreeNode[];
  /** Starts expanded (the path to what DAMON learned). */
  readonly expanded?: boolean;
  /** Where commands run from this node act. */
  readonly ref: { readonly backend: string; readonly kdamond?: number; readonly context?: number };
}

export const PAUSED_ICON: NodeIcon = { id: 'debug-pause', color: 'charts.yellow' };
export const RUNNING_ICON: NodeIcon = { id: 'pulse', color: 'charts.green' };
export const OFF_ICON: NodeIcon = { id: 'circle-slash', color: 'disabledForeground' };

export type ContextRunState = 'running' | 'paused' | 'off';

export function contextRunState(k: KdamondSnapshot, c: number): ContextRunState {
  if (k.state !== 'on') return 'off';
  // The kernel acts on the committed `pause`; a staged one is only a plan.
  const committed = (k.committed ?? k.params).contexts[c];
  const paused = k.status?.contexts[c]?.pause ?? committed?.pause ?? false;
  return paused ? 'paused' : 'running';
}

function words(...w: (string | false | undefined)[]): string {
  return w.filter((x): x is string => typeof x === 'string' && x !== '').join(' ');
}

function detail(parentId: string, key: string, label: string, description: string, ref: TreeNode['ref'], tooltip?: string, children: TreeNode[] = []): TreeNode {
  return { id: `${parentId}/${key}`, kind: 'detail', label, description, tooltip, contextValue: 'detail', children, ref };
}

export function backendNodes(snapshots: readonly BackendSnapshot[]): TreeNode[] {
  return snapshots.map(backendNode);
}

function backendNode(b: BackendSnapshot): TreeNode {
  const ref = { backend: b.id };
  const running = b.kdamonds.filter((k) => k.state === 'on').length;
  const kindWord = b.kind === 'simulated' ? 'simulated' : 'system';
  return {
    id: b.id,
    kind: 'backend',
    label: b.label,
    description: words(`Linux ${b.generation}`, b.readOnly && '· read-only', `· ${running}/${b.kdamonds.length} on`),
    tooltip: [
      `**${b.label}**`,
      '',
      `${b.kind === 'simulated' ? 'Simulated kernel' : 'System DAMON'} emulating Linux ${b.generation}.`,
      b.readOnly ? '\nRead-only: run **DAMON: Take Control** to write to it.' : '',
      b.error ? `\n**Last refresh failed:** ${b.error}` : '',
    ].join('\n'),
    contextValue: words('backend', kindWord, b.readOnly ? 'readonly' : 'control', b.features.pause ? 'pausable' : 'nopause'),
    icon: b.error ? { id: 'warning', color: 'list.warningForeground' } : { id: b.kind === 'simulated' ? 'beaker' : 'server' },
    expanded: true,
    children: b.kdamonds.map((k) => kdamondNode(b, k)),
    ref,
  };
}

function kdamondNode(b: BackendSnapshot, k: KdamondSnapshot): TreeNode {
  const id = `${b.id}/kdamonds/${k.index}`;
  const ref = { backend: b.id, kdamond: k.index };
  const staged = k.committed ? stagedChanges(k.params, k.committed) : [];
  const contexts = k.params.contexts.map((c, i) => contextNode(b, k, c, i, k.status?.contexts[i]));
  const paused = contexts.filter((c) => c.contextValue.includes('paused')).length;
  return {
    id,
    kind: 'kdamond',
    label: `kdamond ${k.index}`,
    description: words(k.state === 'on' ? `on · pid ${k.pid}` : 'off', k.phase && `· phase ${k.phase}`, paused > 0 && '· paused', staged.length > 0 && '· ● staged'),
    tooltip: [
      `**kdamond ${k.index}** — ${k.state}${k.state === 'on' ? ` (pid ${k.pid})` : ''}`,
      staged.length > 0 ? `\n**Staged, not committed:**\n\n${staged.map((p) => `- \`${p}\``).join('\n')}` : '',
    ].join('\n'),
    contextValue: words('kdamond', k.state, b.readOnly && 'readonly', staged.length > 0 && 'staged', b.kind === 'simulated' && 'simulated'),
    icon: k.state !== 'on' ? OFF_ICON : paused > 0 ? PAUSED_ICON : RUNNING_ICON,
    expanded: true,
    children: contexts,
    ref,
  };
}

function contextNode(b: BackendSnapshot, k: KdamondSnapshot, c: ContextParams, i: number, status: ContextStatus | undefined): TreeNode {
  const id = `${b.id}/kdamonds/${k.index}/contexts/${i}`;
  const ref = { backend: b.id, kdamond: k.index, context: i };
  const state = contextRunState(k, i);
  const pausable = b.features.pause === true;
  const stagedPause = k.committed && k.committed.contexts[i] && k.committed.contexts[i].pause !== c.pause;
  const stateText = state === 'paused' ? 'paused' : state === 'running' ? 'running' : 'off';
  // Real sysfs has no region files: only a backend that sees the regions shows them.
  const regions = k.regionsKnown ? status : undefined;
  const learned = regions ? learnedSummary(regions) : '';
  const why = pausable ? '' : featureUnavailableReason('pause', b.generation);
  return {
    id,
    kind: 'context',
    label: `context ${i}`,
    description: words(`${c.operations} · ${stateText}`, learned && `· ${learned}`, stagedPause && `· ● pause=${c.pause ? 'Y' : 'N'} staged`),
    tooltip: [
      `**context ${i}** (${c.operations}) — **${stateText.toUpperCase()}**`,
      state === 'paused' ? '\nPaused: sampling, aggregation and DAMOS are stopped; regions, ages and tuned values are kept as learned.' : '',
      regions ? `\n${learnedTooltip(regions)}` : '',
      pausable ? '' : `\n_${why}_`,
    ].join('\n'),
    contextValue: words('context', state, pausable ? 'pausable' : 'nopause', b.readOnly && 'readonly', b.kind === 'simulated' && 'simulated'),
    icon: state === 'paused' ? PAUSED_ICON : state === 'running' ? RUNNING_ICON : OFF_ICON,
    expanded: true,
    children: [attrsNode(id, ref, c, status, regions !== undefined), targetsNode(id, ref, c, regions), schemesNode(id, ref, c, status)],
    ref,
  };
}

function regionCount(status: ContextStatus): number {
  return status.targets.reduce((n, t) => n + t.regions.length, 0);
}

function learnedSummary(status: ContextStatus): string {
  return `${regionCount(status)} regions`;
}

function learnedTooltip(status: ContextStatus): string {
  const regions = status.targets.flatMap((t) => t.regions);
  const oldest = regions.reduce((m, r) => Math.max(m, r.age), 0);
  return [
    `- ${regions.length} adaptive regions, oldest aged ${oldest} aggregation intervals`,
    `- tuned intervals: sample ${formatUs(status.tuned_intervals.sample_us)}, aggr ${formatUs(status.tuned_intervals.aggr_us)}`,
    `- ${status.passed_sample_intervals} sample intervals passed`,
  ].join('\n');
}

function attrsNode(parentId: string, ref: TreeNode['ref'], c: ContextParams, status: ContextStatus | undefined, regionsKnown: boolean): TreeNode {
  const id = `${parentId}/monitoring_attrs`;
  const iv = c.monitoring_attrs.intervals;
  const tuned = status?.tuned_intervals;
  const sampleText = tuned && tuned.sample_us !== iv.sample_us ? `${formatUs(iv.sample_us)} → tuned ${formatUs(tuned.sample_us)}` : formatUs(iv.sample_us);
  const aggrText = tuned && tuned.aggr_us !== iv.aggr_us ? `${formatUs(iv.aggr_us)} → tuned ${formatUs(tuned.aggr_us)}` : formatUs(iv.aggr_us);
  const goal = iv.intervals_goal;
  const nr = c.monitoring_attrs.nr_regions;
  const children = [
    detail(id, 'sample', 'sample interval', sampleText, ref),
    detail(id, 'aggr', 'aggregation interval', aggrText, ref),
    detail(id, 'update', 'update interval', formatUs(iv.update_us), ref),
    detail(id, 'goal', 'intervals goal', goal.aggrs === 0 ? 'off' : `${formatPercent(goal.access_bp / 10000)} of max accesses per ${goal.aggrs} aggrs · sample ${formatUs(goal.min_sample_us)}–${formatUs(goal.max_sample_us)}`, ref),
    detail(id, 'nr_regions', 'nr_regions', `${nr.min}–${nr.max}${status && regionsKnown ? ` · now ${regionCount(status)}` : ''}`, ref),
  ];
  return {
    id,
    kind: 'attrs',
    label: 'monitoring attrs',
    description: `sample ${sampleText} · aggr ${aggrText} · update ${formatUs(iv.update_us)}`,
    tooltip: children.map((d) => `- **${d.label}**: ${d.description}`).join('\n'),
    contextValue: 'attrs',
    icon: { id: 'settings' },
    children,
    ref,
  };
}

function targetsNode(parentId: string, ref: TreeNode['ref'], c: ContextParams, status: ContextStatus | undefined): TreeNode {
  const id = `${parentId}/targets`;
  const children = c.targets.map((t, i): TreeNode => {
    const ts = status?.targets[i];
    const regions = ts?.regions ?? [];
    const size = regions.reduce((s, r) => s + (r.end - r.start), 0);
    const what = c.operations === 'vaddr' ? `pid ${t.pid_target}` : t.regions.map((r) => `${hex(r.start)}–${hex(r.end)}`).join(', ') || 'no ranges';
    return {
      id: `${id}/${i}`,
      kind: 'target',
      label: `target ${i}`,
      description: words(what, ts && `· ${regions.length} regions · ${formatBytes(size)}`, ts && !ts.valid && '· exited'),
      tooltip: `**target ${i}**: ${what}${ts ? `\n\n${regions.length} regions monitoring ${formatBytes(size)}` : ''}`,
      contextValue: 'target',
      icon: { id: c.operations === 'paddr' ? 'circuit-board' : 'symbol-namespace' },
      children: [],
      ref,
    };
  });
  return { id, kind: 'targets', label: 'targets', description: String(c.targets.length), contextValue: 'targets', icon: { id: 'target' }, children, ref };
}

function schemesNode(parentId: string, ref: TreeNode['ref'], c: ContextParams, status: ContextStatus | undefined): TreeNode {
  const id = `${parentId}/schemes`;
  const iv = c.monitoring_attrs.intervals;
  const children = c.schemes.map((s, i) => schemeNode(`${id}/${i}`, i, s, status?.schemes[i], iv.sample_us, iv.aggr_us, ref));
  return { id, kind: 'schemes', label: 'schemes', description: String(c.schemes.length), contextValue: 'schemes', icon: { id: 'symbol-event' }, children, ref };
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** An access pattern the way damo prints it: sizes, access rate in %, age in time. */
export function describePattern(s: SchemeParams, sampleUs: number, aggrUs: number): string {
  const p = s.access_pattern;
  const range = (min: string, max: string, isMax: boolean): string => (isMax ? `≥${min}` : `${min}–${max}`);
  const sz = range(formatBytes(p.sz.min), formatBytes(p.sz.max), p.sz.max >= ULONG_MAX);
  const maxAcc = maxNrAccesses(sampleUs, aggrUs);
  const acc = range(formatPercent(accessRatio(p.nr_accesses.min, sampleUs, aggrUs)), formatPercent(Math.min(1, p.nr_accesses.max / maxAcc)), p.nr_accesses.max >= UINT_MAX);
  const age = range(formatUs(p.age.min * aggrUs), formatUs(p.age.max * aggrUs), p.age.max >= UINT_MAX);
  return `sz ${sz}, access ${acc}, age ${age}`;
}

function describeGoal(g: QuotaGoal, current: number | undefined): string {
  const value = current ?? g.current_value;
  return `${g.target_metric}: ${value} / ${g.target_value}${g.target_metric.endsWith('_bp') ? ' bp' : ''}`;
}

function describeFilter(f: FilterParams): string {
  const what =
    f.type === 'addr' ? `${hex(f.addr_start)}–${hex(f.addr_end)}` :
    f.type === 'target' ? `target ${f.damon_target_idx}` :
    f.type === 'memcg' ? f.memcg_path :
    f.type === 'hugepage_size' ? `${formatBytes(f.min)}–${formatBytes(f.max)}` : '';
  return words(f.allow ? 'allow' : 'reject', f.matching ? '' : 'non-', `${f.type}${what ? ` ${what}` : ''}`).replace('non- ', 'non-');
}

function schemeNode(id: string, i: number, s: SchemeParams, st: SchemeStatus | undefined, sampleUs: number, aggrUs: number, ref: TreeNode['ref']): TreeNode {
  const pattern = describePattern(s, sampleUs, aggrUs);
  const q = s.quotas;
  const quotaText = q.ms === 0 && q.bytes === 0 && q.goals.length === 0 ? 'unlimited' : words(
    q.bytes > 0 && `${formatBytes(q.bytes)}`,
    q.ms > 0 && `${q.ms} ms`,
    `per ${q.reset_interval_ms} ms`,
    st && `· effective ${formatBytes(st.effective_bytes)}`,
  );
  const w = s.watermarks;
  const filters = [...s.core_filters, ...s.ops_filters];
  const stats = st?.stats;
  const children = [
    detail(id, 'pattern', 'access pattern', pattern, ref),
    detail(id, 'quotas', 'quotas', quotaText, ref, undefined,
      q.goals.map((g, gi) => detail(`${id}/quotas`, `goal${gi}`, `goal ${gi}`, describeGoal(g, st?.goals[gi]?.current_value), ref))),
    detail(id, 'watermarks', 'watermarks', w.metric === 'none' ? 'none' : `${w.metric} high ${w.high}‰ mid ${w.mid}‰ low ${w.low}‰ every ${formatUs(w.interval_us)}${st && !st.wmarks_activated ? ' · deactivated' : ''}`, ref),
    detail(id, 'filters', 'filters', filters.length === 0 ? 'none' : filters.map(describeFilter).join('; '), ref),
  ];
  if (stats) {
    children.push(detail(id, 'stats', 'stats',
      `tried ${formatBytes(stats.sz_tried)} (${stats.nr_tried}) · applied ${formatBytes(stats.sz_applied)} (${stats.nr_applied}) · qt_exceeds ${stats.qt_exceeds}`, ref));
  }
  return {
    id,
    kind: 'scheme',
    label: `scheme ${i}: ${s.action}`,
    description: words(pattern, stats && `· applied ${formatBytes(stats.sz_applied)}`),
    tooltip: [`**scheme ${i}: ${s.action}**`, '', ...children.map((d) => `- **${d.label}**: ${d.description}`)].join('\n'),
    contextValue: 'scheme',
    icon: { id: 'symbol-method' },
    children,
    ref,
  };
}

/** A compact summary for the status bar, e.g. "2▶ 1⏸". */
export function runSummary(snapshots: readonly BackendSnapshot[]): { running: number; paused: number; off: number } {
  let running = 0;
  let paused = 0;
  let off = 0;
  for (const b of snapshots) {
    for (const k of b.kdamonds) {
      k.params.contexts.forEach((_, i) => {
        const s = contextRunState(k, i);
        if (s === 'running') running++;
        else if (s === 'paused') paused++;
        else off++;
      });
    }
  }
  return { running, paused, off };
}

