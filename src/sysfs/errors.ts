// Kernel errors become actionable messages that name the file and the value. What each kernel
// answers is in ../shared/damon/real-kernel-transcripts.txt and KERNEL-NOTES.md §1.

import { toFsError, type FsErrno, type FsError, type FsOp } from '../damon/fs';
import { atLeast, featureUnavailableReason, layoutEntry, type FeatureId, type KernelGeneration } from '../damon/sysfs-layout';

export interface ErrorContext {
  /** The kernel generation, when known (feature messages, per-version answers). */
  generation?: KernelGeneration;
  /** The sysfs root, for messages (default /sys/kernel/mm/damon/admin). */
  root?: string;
  /** Whether writes already go through the privileged agent (damonLens.agentCommand is set). */
  viaAgent?: boolean;
  /** Fallback operation and path when the error is not an FsError. */
  op?: FsOp;
  path?: string;
  value?: string;
}

export interface ExplainedError {
  code: FsErrno;
  op: FsOp;
  path: string;
  value: string | undefined;
  /** One sentence: what failed, naming the file and the value. */
  summary: string;
  /** What to do about it. */
  hint: string;
  /** summary and hint together. */
  message: string;
}

const ULONG_MAX = '18446744073709551615';
const UINT_MAX = '4294967295';
const ROOT_PATHS = new Set(['', 'kdamonds', 'kdamonds/nr_kdamonds']);
const EXCLUSIVE_USERS =
  'DAMON is held exclusively by a kernel module: damon_stat (Debian kernels 6.18+ enable it at boot), damon_reclaim or damon_lru_sort. ' +
  'Free it with `echo N | sudo tee /sys/module/damon_stat/parameters/enabled` (likewise damon_reclaim or damon_lru_sort), ' +
  'or boot with damon_stat.enabled=N';

/** "kdamonds/0/state" -> "0". */
function kdamondOf(path: string): string {
  return /^kdamonds\/(\d+)\//.exec(path)?.[1] ?? '?';
}

function shown(value: string | undefined): string {
  if (value === undefined) return '';
  const v = value.replace(/\n$/, '');
  return v.length > 60 ? `${v.slice(0, 57)}...` : v;
}

function what(op: FsOp, path: string, value: string | undefined, root: string): string {
  const file = `${root}/${path}`.replace(/\/$/, '');
  switch (op) {
    case 'write':
      return `writing "${shown(value)}" to ${file}`;
    case 'read':
      return `reading ${file}`;
    case 'list':
      return `listing ${file}`;
    case 'exists':
      return `looking up ${file}`;
  }
}

/** What a value file accepts, for EINVAL messages. */
function expectedFormat(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'operations') return 'one of the names in avail_operations (vaddr, fvaddr, paddr)';
  if (name === 'action') return 'a DAMOS action: willneed, cold, pageout, hugepage, nohugepage, lru_prio, lru_deprio, migrate_hot, migrate_cold, stat';
  if (name === 'target_metric') return 'a quota goal metric such as user_input, some_mem_psi_us, node_mem_used_bp, node_mem_free_bp, active_mem_bp';
  if (name === 'metric') return 'none or free_mem_rate';
  if (name === 'goal_tuner') return 'consist or temporal';
  if (name === 'type') return 'a filter type: anon, memcg, young, hugepage_size, unmapped, active, addr, target';
  if (['pause', 'matching', 'allow', 'obsolete_target'].includes(name)) return 'a boolean: Y, N, 1, 0, on or off';
  if (name === 'nr_contexts') return '0 or 1';
  if (name === 'pid_target' || name === 'target_nid' || name === 'nid') return 'a decimal integer';
  if (name === 'memcg_path' || name === 'path') return 'a cgroup path';
  if (name.startsWith('nr_')) return 'a non-negative decimal integer';
  return 'a non-negative decimal integer';
}

function stateMessage(code: FsErrno, cmd: string, k: string, gen: KernelGeneration | undefined): [string, string] | undefined {
  const file = `kdamonds/${k}/state`;
  switch (code) {
    case 'EBUSY':
      if (cmd === 'on') {
        return [
          `kdamond ${k} could not start ("on" to ${file} answered EBUSY)`,
          `If kdamond ${k} is already on, it needs "off" first. Otherwise ${EXCLUSIVE_USERS}.`,
        ];
      }
      if (cmd === 'update_schemes_tried_regions' || cmd === 'update_schemes_tried_bytes') {
        return [`"${cmd}" to ${file} answered EBUSY`, 'Another tried-regions walk is still pending, or another process holds the DAMON sysfs lock; retry in a moment.'];
      }
      return [`"${cmd}" to ${file} answered EBUSY`, 'Another process holds the DAMON sysfs lock (another writer, such as damo, is busy); retry in a moment.'];
    case 'ECANCELED':
      if (cmd === 'update_schemes_tried_regions' || cmd === 'update_schemes_tried_bytes') {
        return [
          `"${cmd}" to ${file} was cancelled (ECANCELED)`,
          `kdamond ${k} stopped, is paused (a paused context cancels tried-regions walks; resume it first), has no schemes, or its schemes are deactivated by watermarks.`,
        ];
      }
      return [`"${cmd}" to ${file} was cancelled (ECANCELED)`, `kdamond ${k} has stopped; turn it on again (its last results stay readable).`];
    case 'EPERM':
      if (cmd === 'off') {
        return [`kdamond ${k} is not running, so "off" to ${file} answered EPERM`, 'Nothing to do: kernels before 7.3 refuse to turn off a kdamond that is already off.'];
      }
      return undefined;
    case 'EINVAL':
      if (cmd === 'on' || cmd === 'commit') {
        return [
          `the kernel rejected the staged configuration of kdamond ${k} ("${cmd}" to ${file} answered EINVAL)`,
          'Check the staged values: exactly one context (nr_contexts 1); sample_us <= aggr_us; nr_regions min >= 3 and <= max; ' +
            'target regions ordered and not overlapping (start < end); the pid_target of vaddr/fvaddr targets is a live process; ' +
            'quota goal target_value > 0; filter ranges min <= max.' +
            (cmd === 'commit' ? ` A commit also needs kdamond ${k} to be running.` : ''),
        ];
      }
      if (cmd === 'update_tuned_intervals' && gen !== undefined && !atLeast(gen, '6.18')) {
        return [`"update_tuned_intervals" to ${file} answered EINVAL`, `This kernel (${gen}) has no monitoring intervals auto-tuning; it needs Linux 6.18 or later.`];
      }
      if (cmd === 'off') {
        return [`"off" to ${file} answered EINVAL`, `kdamond ${k} was never started.`];
      }
      return [
        `"${cmd}" to ${file} answered EINVAL`,
        `Either "${cmd}" is not a state command this kernel knows, kdamond ${k} is not running (kernels before 7.2 answer EINVAL instead of ECANCELED), or nr_contexts is not 1.`,
      ];
    default:
      return undefined;
  }
}

/** Turns any error of a DAMON sysfs operation into an actionable message. */
export function explainError(err: unknown, ctx: ErrorContext = {}): ExplainedError {
  const e = toFsError(err, ctx.op ?? 'read', ctx.path ?? '', ctx.value);
  const root = (ctx.root ?? '/sys/kernel/mm/damon/admin').replace(/\/+$/, '');
  const { code, syscall: op, path, value } = e;
  const gen = ctx.generation;
  const doing = what(op, path, value, root);
  const entry = layoutEntry(path);
  const missingFeature = entry !== undefined && gen !== undefined && !atLeast(gen, entry.since);
  let summary = `${doing} failed with ${code}`;
  let hint: string;

  const cmd = value?.trim() ?? '';
  const stateMsg = op === 'write' && /^kdamonds\/\d+\/state$/.test(path) ? stateMessage(code, cmd, kdamondOf(path), gen) : undefined;

  if (stateMsg) {
    [summary, hint] = stateMsg;
  } else if (missingFeature && (code === 'ENOENT' || code === 'EACCES')) {
    summary = `this kernel (${gen}) has no ${path}`;
    hint = `${path.replace(/^kdamonds\/\d+\//, '')} needs Linux ${entry.since} or later.`;
  } else {
    switch (code) {
      case 'ENOENT':
        if (ROOT_PATHS.has(path)) {
          summary = `${root} does not exist: this kernel has no DAMON sysfs (CONFIG_DAMON_SYSFS)`;
          hint = 'Use a kernel built with CONFIG_DAMON and CONFIG_DAMON_SYSFS (Debian 6.12 or later), check damonLens.sysfsRoot, or run a simulated kdamond.';
        } else {
          summary = `${doing} failed: no such file (ENOENT)`;
          hint = entry
            ? 'The directory was rebuilt or removed (writing an nr_* file recreates its children); reload the tree.'
            : 'This kernel has no such DAMON file; reload the tree and check the kernel version.';
        }
        break;
      case 'EACCES':
      case 'EPERM':
        summary = `${doing} failed: permission denied (${code})`;
        hint = ctx.viaAgent
          ? 'The privileged agent runs without the rights to do this; check that damonLens.agentCommand (for example `sudo -n` or `pkexec`) really starts it as root.'
          : 'DAMON sysfs needs root. Set damonLens.agentCommand (for example `sudo -n`, with a sudoers rule for node, or `pkexec`) to go through the privileged agent, or run VS Code as root.';
        break;
      case 'EBUSY':
        if (path === 'kdamonds/nr_kdamonds') {
          summary = `${doing} failed: a kdamond is running (EBUSY)`;
          hint = 'nr_kdamonds cannot change while any kdamond is on; turn every kdamond off first.';
        } else {
          summary = `${doing} failed: busy (EBUSY)`;
          hint = 'Another process holds the DAMON sysfs lock (another writer, such as damo, is busy); retry in a moment.';
        }
        break;
      case 'ERANGE':
        summary = `${doing} failed: "${shown(value)}" is out of range (ERANGE)`;
        hint = `The value must fit the file's type: at most ${ULONG_MAX} for unsigned long files (addresses, sizes, intervals), ${UINT_MAX} for unsigned int ones (nr_accesses, age).`;
        break;
      case 'EINVAL':
        if (op === 'write' && /\/nr_contexts$/.test(path)) {
          summary = `${doing} failed: a kdamond has 0 or 1 context (EINVAL)`;
          hint = 'Write 0 or 1.';
        } else if (op === 'write') {
          summary = `${doing} failed: "${shown(value)}" is not a valid value for ${path} (EINVAL)`;
          hint = `${path.slice(path.lastIndexOf('/') + 1)} takes ${expectedFormat(path)}.`;
        } else {
          summary = `${doing} failed with EINVAL`;
          hint = 'The kernel refused the request; reload the tree.';
        }
        break;
      case 'ECANCELED':
        summary = `${doing} was cancelled (ECANCELED)`;
        hint = 'The kdamond stopped or is paused; turn it on or resume it, then retry.';
        break;
      case 'ETIMEDOUT':
        summary = `${doing} timed out`;
        hint = 'The privileged agent did not answer in time; it is restarted on the next request. Check the DAMON Lens log for its stderr.';
        break;
      case 'ENOTCONN':
        summary = `${doing} failed: the privileged agent is not running`;
        hint = 'Check damonLens.agentCommand (for example `sudo -n` needs a sudoers rule without a password) and the DAMON Lens log.';
        break;
      default:
        hint = e.detail ?? 'See the DAMON Lens log.';
    }
  }
  return { code, op, path, value, summary, hint, message: `${summary}. ${hint}` };
}

/** The message alone. */
export function describeError(err: unknown, ctx?: ErrorContext): string {
  return explainError(err, ctx).message;
}

/** A failed DAMON sysfs operation, with the actionable message as its message. */
export class DamonSysfsError extends Error {
  readonly code: FsError['code'];
  readonly path: string;
  readonly value: string | undefined;
  readonly hint: string;
  override readonly cause: FsError;
  readonly explained: ExplainedError;

  constructor(cause: FsError, explained: ExplainedError) {
    super(explained.message);
    this.name = 'DamonSysfsError';
    this.code = cause.code;
    this.path = cause.path;
    this.value = cause.value;
    this.hint = explained.hint;
    this.cause = cause;
    this.explained = explained;
  }
}

/** An operation needs a feature this kernel lacks. Nothing was written. */
export class UnsupportedFeatureError extends Error {
  readonly feature: FeatureId;
  readonly generation: KernelGeneration;

  constructor(feature: FeatureId, generation: KernelGeneration, probedPath?: string) {
    super(featureUnavailableReason(feature, generation, probedPath));
    this.name = 'UnsupportedFeatureError';
    this.feature = feature;
    this.generation = generation;
  }
}
