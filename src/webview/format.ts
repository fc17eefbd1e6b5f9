// Human units for axis ticks and tables. (src/damon/units has the host's; the webview may import only the protocol.)

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

function short(x: number): string {
  return String(Number(x.toPrecision(3)));
}

export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${short(v)} ${BYTE_UNITS[i]}`;
}

export function micros(us: number): string {
  if (!Number.isFinite(us)) return '–';
  if (us >= 1e6) return `${short(us / 1e6)} s`;
  if (us >= 1e3) return `${short(us / 1e3)} ms`;
  return `${short(us)} µs`;
}

export function seconds(s: number): string {
  return Number.isFinite(s) ? `${short(s)} s` : '–';
}

export function count(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${short(n / 1e9)}G`;
  if (abs >= 1e6) return `${short(n / 1e6)}M`;
  if (abs >= 1e3) return `${short(n / 1e3)}k`;
  return short(n);
}

export function hex(addr: number): string {
  return `0x${Math.round(addr).toString(16)}`;
}
