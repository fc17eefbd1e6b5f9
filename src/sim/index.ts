// Public surface of the simulated kernel.

export { SimKernel, type SimKernelOptions } from './kernel';
export { Kdamond } from './kdamond';
export { Runner, type RunnerOptions, type RunnerSpeed } from './runner';
export { Machine } from './machine';
export { parseWorkload, WorkloadError, type WorkloadSpec, type Workload } from './workload';
export { PRESETS, hotCold, zipfian, stairs, growingWorkingSet, androidApp, PRESET_PID } from './presets';
export { formatTrace, type TraceEvent } from './trace';
export { accessError } from './accuracy';
