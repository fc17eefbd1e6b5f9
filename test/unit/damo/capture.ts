// Runs the CLI in-process with its output captured.
import { resolve } from 'node:path';
import { main } from '../../../src/cli/cli';
import type { CliIo } from '../../../src/cli/io';

/** test/fixtures/damo, from the bundled test under out/test/unit/damo. */
export const FIXTURES = resolve(__dirname, '../../../../test/fixtures/damo');

export interface Captured {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: readonly string[], onInterrupt: CliIo['onInterrupt'] = () => () => undefined): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
    onInterrupt,
  };
  const code = await main(argv, io);
  return { code, out, err };
}
