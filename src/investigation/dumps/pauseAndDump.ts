// Pausing a context for the time of a dump, and putting the pause state back afterwards, also
// when the dump fails or the user interrupts it.
import type { DamonClient } from '../../sysfs/client';

/** What holding the pause did: paused it, found it paused, or could not (kdamond off, no pause file). */
export type PauseOutcome = 'paused' | 'already-paused' | 'kdamond-off' | 'unsupported';

export interface PauseHold {
  readonly outcome: PauseOutcome;
  /** Puts the previous pause state back; safe to call more than once. */
  restore(): Promise<void>;
}

/** Pauses context `c` of kdamond `k` (write Y, commit) unless it is off, paused, or lacks pause. */
export async function holdPause(client: DamonClient, k: number, c = 0): Promise<PauseHold> {
  const noop = async (): Promise<void> => undefined;
  if ((await client.state(k)) !== 'on') return { outcome: 'kdamond-off', restore: noop };
  const was = await client.isPaused(k, c);
  if (was === undefined) return { outcome: 'unsupported', restore: noop };
  if (was) return { outcome: 'already-paused', restore: noop };
  await client.pause(k, c);
  let restoring: Promise<void> | undefined;
  return {
    outcome: 'paused',
    restore: () => (restoring ??= client.resume(k, c).then(() => undefined)),
  };
}

/** The notice to print for an outcome, or undefined when the dump is as asked. */
export function pauseNotice(outcome: PauseOutcome, k: number, c = 0): string | undefined {
  switch (outcome) {
    case 'unsupported':
      return `kdamond ${k} context ${c} has no pause file (pause needs Linux 7.2 or later): dumping without pausing, so values may move between reads`;
    case 'kdamond-off':
      return `kdamond ${k} is off: nothing moves, dumping without pausing`;
    default:
      return undefined;
  }
}
