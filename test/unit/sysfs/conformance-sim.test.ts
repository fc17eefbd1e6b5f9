// The conformance cases (test/conformance/cases.ts) against the simulated sysfs of every
// emulated kernel generation. The same cases run on real kernels in qemu
// (test/conformance/real.test.ts); test/conformance/run.mjs puts both in one table.
import { test, after } from 'node:test';
import { KERNEL_GENERATIONS } from '../../../src/damon/sysfs-layout';
import { CASES, NotApplicable, formatTable, resetDamon, resultLine, type CaseResult } from '../../conformance/cases';
import { simEnv } from '../../conformance/sim-env';

const columns = KERNEL_GENERATIONS.map((gen) => ({ column: `sim-${gen}`, results: [] as CaseResult[] }));

for (const [i, gen] of KERNEL_GENERATIONS.entries()) {
  for (const cs of CASES) {
    const na = cs.applies && !cs.applies(gen);
    test(`conformance sim ${gen}: ${cs.id}`, { skip: na ? `n/a on ${gen}` : false }, async (t) => {
      const t0 = Date.now();
      const env = simEnv(gen);
      try {
        await resetDamon(env);
        await cs.run(env);
        columns[i].results.push({ id: cs.id, outcome: 'pass', ms: Date.now() - t0 });
      } catch (e) {
        if (e instanceof NotApplicable) {
          columns[i].results.push({ id: cs.id, outcome: 'n/a', ms: 0 });
          t.skip(e.message);
          return;
        }
        columns[i].results.push({ id: cs.id, outcome: 'fail', error: e instanceof Error ? e.message : String(e), ms: Date.now() - t0 });
        throw e;
      }
    });
    if (na) columns[i].results.push({ id: cs.id, outcome: 'n/a', ms: 0 });
  }
}

after(() => {
  if (process.env.CONFORMANCE_TABLE !== '0') console.log(`\nconformance, simulated kernels:\n${formatTable(columns)}`);
  if (process.env.CONFORMANCE_RESULTS) for (const c of columns) console.log(resultLine(c.column, c.results));
});
