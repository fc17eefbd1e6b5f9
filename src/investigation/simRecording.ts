// Records a running simulated kdamond as `damo record` would: its damon_aggregated trace events,
// one snapshot per aggregation, from now until stop().
import type { Intervals } from '../damon/params';
import type { SimKernel } from '../sim';
import type { DamoRecord } from '../damo/record/record';
import { damoIntervalsOf, DamoTraceRecorder } from '../damo/record/fromTrace';

export class SimRecording {
  private readonly recorder: DamoTraceRecorder;
  private readonly detach: () => void;

  /** `intervals`: the context's committed ones; the trace tells the tuned sample interval. */
  constructor(kernel: SimKernel, private readonly kdamond: number, private readonly context: number, intervals: Intervals) {
    const kd = kernel.kdamonds[kdamond];
    if (!kd?.running) throw new Error(`simulated kdamond ${kdamond} is not running`);
    this.recorder = new DamoTraceRecorder(damoIntervalsOf(intervals));
    const off = kd.trace.on(this.recorder.onEvent);
    this.detach = () => void off();
  }

  /** Stops listening; one record per target seen, with the kdamond and context indices damo writes. */
  stop(): DamoRecord[] {
    this.detach();
    return this.recorder.finish().map((r) => ({ ...r, kdamond_idx: this.kdamond, context_idx: this.context }));
  }
}
