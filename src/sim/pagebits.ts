// One bit per 4 KiB page of each 2 MiB block (resident; LRU-active), plus a per-block
// count so memory totals stay O(blocks). Ranges are page indexes [p0, p1) within a block.

export const PAGES_PER_BLOCK = 512;
const WORDS = PAGES_PER_BLOCK / 32;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Bits [p0, p1) of word w, as a mask. */
function mask(w: number, p0: number, p1: number): number {
  const lo = Math.max(p0 - w * 32, 0);
  const hi = Math.min(p1 - w * 32, 32);
  if (hi <= lo) return 0;
  const upper = hi === 32 ? 0xffffffff : (1 << hi) - 1;
  return (upper & ~((1 << lo) - 1)) >>> 0;
}

export class PageBitmap {
  private readonly bits: Uint32Array;
  /** Resident pages per block. */
  readonly count: Uint16Array;

  constructor(nBlocks: number) {
    this.bits = new Uint32Array(nBlocks * WORDS);
    this.count = new Uint16Array(nBlocks);
  }

  countIn(b: number, p0: number, p1: number): number {
    let n = 0;
    for (let w = p0 >> 5; w * 32 < p1; w++) n += popcount(this.bits[b * WORDS + w] & mask(w, p0, p1));
    return n;
  }

  /** Makes up to n resident pages of [p0, p1) non-resident, lowest first; returns how many. */
  clear(b: number, p0: number, p1: number, n: number): number {
    return this.change(b, p0, p1, n, true);
  }

  /** Makes up to n non-resident pages of [p0, p1) resident, lowest first; returns how many. */
  fill(b: number, p0: number, p1: number, n: number): number {
    return this.change(b, p0, p1, n, false);
  }

  private change(b: number, p0: number, p1: number, n: number, clearing: boolean): number {
    let done = 0;
    for (let w = p0 >> 5; w * 32 < p1 && done < n; w++) {
      const i = b * WORDS + w;
      const word = this.bits[i];
      let candidates = ((clearing ? word : ~word) & mask(w, p0, p1)) >>> 0;
      const all = popcount(candidates);
      if (all <= n - done) {
        this.bits[i] = clearing ? (word & ~candidates) >>> 0 : (word | candidates) >>> 0;
        done += all;
        continue;
      }
      while (candidates && done < n) {
        const low = candidates & -candidates;
        candidates = (candidates ^ low) >>> 0;
        this.bits[i] = clearing ? (this.bits[i] & ~low) >>> 0 : (this.bits[i] | low) >>> 0;
        done++;
      }
    }
    this.count[b] += clearing ? -done : done;
    return done;
  }
}
