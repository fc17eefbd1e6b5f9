// Phase switches as the refreshes see them: the dashboard marks each one on its time axes
// ("→ background"). A switch is the moment another phase's context became the only one running
// (the others paused), whoever switched: DAMON: Switch Phase, the simulator following its
// workload, or a script on a real kernel. Pure.
import { activePhase, phasesOf, type PhaseBinding } from './phases';
import type { BackendSnapshot } from '../backends/snapshot';

export interface PhaseMark {
  /** Wall-clock time (ms since the epoch) of the refresh that first saw the new phase running. */
  readonly at: number;
  /** The phase switched to. */
  readonly phase: string;
}

/** Marks kept per backend: far more than a history's time span ever shows. */
export const MAX_PHASE_MARKS = 256;

/** The backend's named phases as the snapshot carries them (one kdamond each, context 0). */
export function phaseBindingsOf(snapshot: BackendSnapshot): PhaseBinding[] {
  return snapshot.kdamonds.flatMap((k) => (k.phase === undefined ? [] : [{ name: k.phase, kdamond: k.index, context: 0 }]));
}

/** One backend's phase switches, oldest first. */
export class PhaseLog {
  private current: string | undefined;
  private readonly log: PhaseMark[] = [];

  get marks(): readonly PhaseMark[] {
    return this.log;
  }

  /**
   * Notes the phase running at this snapshot. A change from one phase to another is a switch; no
   * phase (all paused, or two running for a moment mid-switch) is not, so X → none → X marks nothing.
   */
  observe(snapshot: BackendSnapshot): PhaseMark | undefined {
    const phases = phasesOf(snapshot, phaseBindingsOf(snapshot));
    // One kdamond is not phase-aware monitoring: pausing and resuming it switches nothing.
    if (phases.length < 2) return undefined;
    const now = activePhase(snapshot, phases);
    if (now === undefined || now === this.current) return undefined;
    const first = this.current === undefined;
    this.current = now;
    if (first) return undefined;
    const mark = { at: snapshot.takenAt, phase: now };
    this.log.push(mark);
    if (this.log.length > MAX_PHASE_MARKS) this.log.shift();
    return mark;
  }
}
