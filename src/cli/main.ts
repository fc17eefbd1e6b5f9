#!/usr/bin/env node
// The damon-lens binary (bundled to dist/cli.js): runs the command line, exits with its code.
import { main } from './cli';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
