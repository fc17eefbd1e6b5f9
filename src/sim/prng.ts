// The seeded random source of a simulated context (the kernel's per-ctx `rnd_state`).
// xorshift32: one word of state, so the sampling loop can keep it in a local variable.

export class Prng {
  /** Never zero. Public so hot loops can load it into a local and store it back. */
  state: number;

  constructor(seed: number) {
    // splitmix-style scramble so that small seeds give unrelated streams.
    let s = (seed ^ 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (s ^ (s >>> 16)) >>> 0 || 0x6d2b79f5;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** `damon_rand(l, r)`: a uniform integer in [l, r), as `l + ((u32 * (r - l)) >> 32)`. */
  rand(l: number, r: number): number {
    return l + Math.floor((this.u32() * (r - l)) / 4294967296);
  }
}
