// `damon-lens diff A.json B.json`: what changed between two status dumps (timestamps ignored).
// Exit 0 either way; --exit-code makes a difference exit 1, for scripts that assert "nothing moved".
import { readFileSync } from 'node:fs';
import { DUMP_FORMAT, type StatusDump } from '../investigation/dumps/dump';
import { diffDumps, formatDumpDiff } from '../investigation/dumps/diff';
import { flag, parseArgs } from './args';
import { EXIT_OK, EXIT_RUNTIME, UsageError } from './errors';
import type { CliIo } from './io';

export const DIFF_USAGE = `damon-lens diff A.json B.json [--json] [--exit-code]
  Shows which fields of two status dumps changed, old → new (taken_at ignored).`;

export function runDiff(argv: readonly string[], io: CliIo): number {
  const files = argv.filter((a) => !a.startsWith('--'));
  const a = parseArgs(argv.filter((x) => x.startsWith('--')), { json: { nargs: 0 }, 'exit-code': { nargs: 0 } }, 'diff');
  if (files.length !== 2) throw new UsageError(`diff: give two dump files (from damon-lens dump), got ${files.length}`);
  const [before, after] = files.map(readDump);
  const changes = diffDumps(before, after);
  io.out(flag(a, 'json') ? JSON.stringify(changes, null, 2) : formatDumpDiff(changes));
  return changes.length > 0 && flag(a, 'exit-code') ? EXIT_RUNTIME : EXIT_OK;
}

function readDump(path: string): StatusDump {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`diff: cannot read ${path} as JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== DUMP_FORMAT) {
    throw new UsageError(`diff: ${path} is not a status dump (no "format": "${DUMP_FORMAT}"); make one with damon-lens dump`);
  }
  return value as StatusDump;
}
