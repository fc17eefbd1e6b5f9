// Public surface of the simulated kernel.
//
//   const kernel = new SimKernel({ workload: hotCold(), seed: 1 });
//   const kd = kernel.addKdamond();
//   kd.start(ctxParams);                         // `on`: validates, throws DamonError (EINVAL, EBUSY, ...)
//   await kd.commit(next);                        // `commit`: served at the next kdamond_call()
//   kd.trace.on((e) => ...);                      // damon_aggregated, damos_before_apply, ...
//   new Runner(kernel, { speed: 10 }).start();    // or kernel.advance(us) / kd.step() by hand
//   kd.status();                                  // regions, counters, stats, tuned intervals

export { SimKernel, type SimKernelOptions } from './kernel';
export { Kdamond } from './kdamond';
export { Runner, type RunnerOptions, type RunnerSpeed } from './runner';
export { Machine } from './machine';
export { parseWorkload, WorkloadError, type WorkloadSpec, type Workload } from './workload';
export { PRESETS, hotCold, zipfian, stairs, growingWorkingSet, androidApp, PRESET_PID } from './presets';
export { formatTrace, type TraceEvent } from './trace';
export { accessError } from './accuracy';
