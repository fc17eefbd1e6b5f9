#!/usr/bin/env node
// The damon-lens binary (bundled to dist/cli.js): runs the command line, exits with its code.
import { main } from './cli';

// `damon-lens dump | head`: a closed pipe ends the output, not with a stack trace. Output is
// written after any pause is restored, so leaving here leaves DAMON as it was.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
