// A small argv parser with damo's option shapes: flags, single values, fixed-count values
// (`--range 0 101 25`), one-or-more values, and repeatable options (`--address_range` twice).
import { UsageError } from './errors';

export interface OptionSpec {
  /** Values the option takes: 0 (a flag), a fixed count, or '+' (one or more, up to the next option). */
  nargs: number | '+';
  /** Allowed values, for choices options. */
  choices?: readonly string[];
  /** The option may repeat; every occurrence is kept. */
  repeat?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  /** Per option name (without dashes): the values of each occurrence. */
  readonly options: ReadonlyMap<string, string[][]>;
}

export function parseArgs(argv: readonly string[], specs: OptionSpecs, command: string): ParsedArgs {
  const options = new Map<string, string[][]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    const spec = name === undefined ? undefined : specs[name];
    if (name === undefined || !spec) {
      const known = Object.keys(specs).map((k) => `--${k}`).join(' ');
      throw new UsageError(`${command}: unknown argument "${arg}"; options: ${known}`);
    }
    const values: string[] = [];
    const isOption = (s: string | undefined): boolean => s === undefined || (s.startsWith('--') && s.length > 2);
    if (spec.nargs === '+') {
      while (!isOption(argv[i + 1])) values.push(argv[++i]);
      if (values.length === 0) throw new UsageError(`${command}: --${name} needs at least one value`);
    } else {
      for (let n = 0; n < spec.nargs; n++) {
        if (isOption(argv[i + 1])) throw new UsageError(`${command}: --${name} needs ${spec.nargs} value${spec.nargs > 1 ? 's' : ''}`);
        values.push(argv[++i]);
      }
    }
    for (const v of values) {
      if (spec.choices && !spec.choices.includes(v)) throw new UsageError(`${command}: --${name} ${v}: choose one of ${spec.choices.join(', ')}`);
    }
    if (options.has(name) && !spec.repeat) throw new UsageError(`${command}: --${name} given twice`);
    options.set(name, [...(options.get(name) ?? []), values]);
  }
  return { options };
}

export function flag(a: ParsedArgs, name: string): boolean {
  return a.options.has(name);
}

/** The values of the option's last occurrence. */
export function values(a: ParsedArgs, name: string): string[] | undefined {
  return a.options.get(name)?.at(-1);
}

export function str(a: ParsedArgs, name: string): string | undefined {
  return values(a, name)?.[0];
}

/** An integer option, as argparse's type=int. */
export function int(a: ParsedArgs, name: string, fallback: number): number {
  const v = str(a, name);
  return v === undefined ? fallback : toInt(v, `--${name}`);
}

export function toInt(v: string, what: string): number {
  if (!/^[-+]?\d+$/.test(v.trim())) throw new UsageError(`${what}: "${v}" is not an integer`);
  return Number(v);
}
