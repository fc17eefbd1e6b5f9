// Phase-aware monitoring: one kdamond (and its one context) per known phase of a workload, e.g.
// an Android app in the foreground and in the background. A phase switch pauses the other
// phases' contexts and resumes the chosen one, so each context keeps learning only its phase
// (the second use case of context pause/resume, Linux 7.2+).
import type { BackendSnapshot } from '../backends/snapshot';

export interface PhaseBinding {
  readonly name: string;
  readonly kdamond: number;
  readonly context: number;
}

/** The phases a backend offers: its named bindings, else one per kdamond that is on. */
export function phasesOf(snapshot: BackendSnapshot, named: readonly PhaseBinding[] | undefined): PhaseBinding[] {
  if (named && named.length > 0) return [...named];
  return snapshot.kdamonds.filter((k) => k.state === 'on').map((k) => ({ name: `kdamond ${k.index}`, kdamond: k.index, context: 0 }));
}

/** The phase whose context runs (not paused), when exactly one does. */
export function activePhase(snapshot: BackendSnapshot, phases: readonly PhaseBinding[]): string | undefined {
  const running = phases.filter((p) => {
    const k = snapshot.kdamonds[p.kdamond];
    const ctx = k?.status?.contexts[p.context];
    return k?.state === 'on' && ctx !== undefined && !ctx.pause;
  });
  return running.length === 1 ? running[0].name : undefined;
}

/** What a phase switch needs of a backend: its snapshot and the pause write (a DamonBackend has both). */
export interface PauseControl {
  snapshot(): Promise<BackendSnapshot>;
  setPause(kdamond: number, context: number, pause: boolean): Promise<void>;
}

/**
 * Pauses every other phase's context, then resumes `name`'s: each is a write of `pause` and a
 * `commit`. Pausing first means two phases never learn at once. A context already paused is
 * left alone. If a step fails (a kdamond vanished, a kernel without `pause`), the contexts this
 * switch paused run again, so a failed switch leaves the phases as they were.
 */
export async function switchPhase(backend: PauseControl, phases: readonly PhaseBinding[], name: string): Promise<void> {
  const chosen = phases.find((p) => p.name === name);
  if (!chosen) throw new Error(`no phase named "${name}"; phases: ${phases.map((p) => p.name).join(', ')}`);
  const before = await backend.snapshot();
  const isPaused = (p: PhaseBinding): boolean => before.kdamonds[p.kdamond]?.status?.contexts[p.context]?.pause === true;
  const pausedNow: PhaseBinding[] = [];
  try {
    for (const p of phases) {
      if (p === chosen || isPaused(p)) continue;
      await backend.setPause(p.kdamond, p.context, true);
      pausedNow.push(p);
    }
    await backend.setPause(chosen.kdamond, chosen.context, false);
  } catch (e) {
    for (const p of pausedNow.reverse()) await backend.setPause(p.kdamond, p.context, false).catch(() => undefined);
    throw e;
  }
}

/** Named phases that follow each other on a fixed period, as the android-app preset's do. */
export interface PhaseSchedule {
  readonly names: readonly string[];
  readonly periodUs: number;
}

/** The scheduled phase at virtual time `nowUs`. */
export function scheduledPhase(schedule: PhaseSchedule, nowUs: number): string {
  return schedule.names[Math.floor(nowUs / schedule.periodUs) % schedule.names.length];
}
