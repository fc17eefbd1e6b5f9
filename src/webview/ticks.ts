// Axis ticks at round values, so that labels read "+512 KiB", "+1 MiB" and "5 s", not the quarter
// points of whatever span is shown ("+1020 KiB").

/** Offsets 0, step, 2·step, … up to span, the step byteAxis gives: 4 to 6 ticks at round binary sizes. */
export function byteTicks(span: number): number[] {
  if (!(span > 0)) return [0];
  const { step } = byteAxis(span);
  const out: number[] = [];
  for (let v = 0; v <= span * (1 + 1e-9); v += step) out.push(v);
  return out;
}

/** Values k·step within [start, end], step 1, 2 or 5 times a power of ten giving about five ticks. */
export function timeTicks(start: number, end: number): number[] {
  const span = end - start;
  if (!(span > 0)) return [start];
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let k = Math.ceil(start / step - 1e-9); k * step <= end + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** A byte axis' top and tick step: the step a power of two giving 3 to 6 steps (from 3 bytes up), the top the next multiple of it. */
export function byteAxis(max: number): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 1 };
  // Whole bytes: a few bytes get a tick per byte.
  const step = Math.max(1, 2 ** Math.floor(Math.log2(max / 3)));
  return { max: Math.ceil(max / step - 1e-9) * step, step };
}
