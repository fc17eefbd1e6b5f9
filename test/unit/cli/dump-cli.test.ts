// `damon-lens dump`: JSON on stdout, and with --pause the previous pause state comes back after a
// failed dump and after Ctrl-C.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDump } from '../../../src/cli/dump';
import type { CliIo } from '../../../src/cli/io';
import { loadWorkload, startSimulation } from '../../../src/cli/simSource';
import type { StatusDump } from '../../../src/investigation/dumps/dump';
import { runCli } from '../damo/capture';

function captureIo(): CliIo & { text: { out: string; err: string }; interrupt?: () => void } {
  const io: CliIo & { text: { out: string; err: string }; interrupt?: () => void } = {
    text: { out: '', err: '' },
    out: (t) => void (io.text.out += t),
    err: (t) => void (io.text.err += t),
    onInterrupt: (h) => {
      io.interrupt = h;
      return () => (io.interrupt = undefined);
    },
  };
  return io;
}

async function simSource(generation: '7.3' | '6.18' = '7.3') {
  const sim = await startSimulation(loadWorkload('hot-cold'), generation);
  sim.kernel.advance(2e6);
  return { ...sim, open: async () => ({ client: sim.client, liveStatus: (k: number) => sim.kernel.kdamonds[k]?.status() }) };
}

test('dump --sim prints a JSON status dump and exits 0', async () => {
  const r = await runCli(['dump', '--sim', 'hot-cold', '--seconds', '3', '--pause']);
  assert.equal(r.code, 0, r.err);
  const d = JSON.parse(r.out) as StatusDump;
  assert.equal(d.format, 'damon-lens-status-dump');
  assert.equal(d.contexts[0].pause, true, 'dumped while paused');
  assert.ok((d.contexts[0].targets[0].regions ?? []).length > 0);
});

test('dump --pause resumes the context after the dump', async () => {
  const sim = await simSource();
  const io = captureIo();
  assert.equal(await runDump(['--pause'], io, { open: sim.open }), 0);
  assert.equal((JSON.parse(io.text.out) as StatusDump).contexts[0].pause, true);
  assert.equal(await sim.client.isPaused(0), false);
});

test('dump --pause restores the pause state when the dump fails', async () => {
  const sim = await simSource();
  const io = captureIo();
  const failing = async (): Promise<StatusDump> => {
    assert.equal(await sim.client.isPaused(0), true, 'paused during the dump');
    throw new Error('injected failure');
  };
  await assert.rejects(runDump(['--pause'], io, { open: sim.open, take: failing }), /injected failure/);
  assert.equal(await sim.client.isPaused(0), false, 'resumed after the failure');
  assert.equal(io.interrupt, undefined, 'the Ctrl-C handler is removed');
});

test('dump --pause leaves an already paused context paused', async () => {
  const sim = await simSource();
  await sim.client.pause(0);
  const io = captureIo();
  assert.equal(await runDump(['--pause'], io, { open: sim.open }), 0);
  assert.equal(await sim.client.isPaused(0), true);
});

test('Ctrl-C during a dump --pause restores the pause state, then exits 130', async () => {
  const sim = await simSource();
  const io = captureIo();
  let exited: number | undefined;
  let resolveExit: () => void = () => undefined;
  const exitedP = new Promise<void>((r) => (resolveExit = r));
  const never = (): Promise<StatusDump> => new Promise(() => undefined);
  void runDump(['--pause'], io, { open: sim.open, take: never, exit: (c) => ((exited = c), resolveExit()) });
  while (!io.interrupt) await new Promise((r) => setImmediate(r));
  assert.equal(await sim.client.isPaused(0), true);
  io.interrupt();
  await exitedP;
  assert.equal(exited, 130);
  assert.equal(await sim.client.isPaused(0), false);
  assert.match(io.text.err, /interrupted; the pause state is restored/);
});

test('on a kernel without pause, dump --pause says so and dumps unpaused', async () => {
  const r = await runCli(['dump', '--sim', 'hot-cold', '--kernel', '6.18', '--seconds', '1', '--pause']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /no pause file \(pause needs Linux 7\.2 or later\): dumping without pausing/);
  assert.equal((JSON.parse(r.out) as StatusDump).contexts[0].pause, undefined);
});

test('usage errors exit 2 and name the option; runtime errors exit 1', async () => {
  const cases: [string[], number, RegExp][] = [
    [[], 2, /no command given/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
    [['dump', '--sim', 'nope'], 2, /"nope" is neither a workload preset/],
    [['dump', '--sim', 'hot-cold', '--kernel', '5.15'], 2, /--kernel 5\.15: not a simulated kernel/],
    [['dump', '--sim', 'hot-cold', '--kdamond', '3', '--seconds', '0'], 2, /--kdamond 3: no such kdamond; this DAMON has 0/],
    [['dump', '--sysfs', '/x', '--sim', 'hot-cold'], 2, /not both/],
    [['dump', '--bogus'], 2, /unknown argument "--bogus"/],
    [['dump', '--sysfs', '/nonexistent/damon/admin'], 1, /./],
    [['sim', '--seconds', '1'], 2, /--workload PRESET\|FILE is required/],
    [['report', 'wss'], 2, /cannot read --input damon\.data/],
    [['report', 'wss', '--input', __filename, '--range', '0', '1'], 2, /--range needs 3 values/],
    [['report', 'wss', '--input', __filename, '--sortby', 'heat'], 2, /--sortby heat: choose one of time, size/],
    [['report', 'wss', '--input', __filename], 1, /not a damo record/],
    [['report', 'histogram'], 2, /unknown report "histogram"/],
  ];
  for (const [argv, code, message] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, code, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, message, argv.join(' '));
  }
});
