import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await Workbench.open();
});

after(async () => {
  await workbench?.close();
});

const contextRow = (rows: string[]): string | undefined => rows.find((r) => r.startsWith('context 0'));

async function waitForRow(predicate: (rows: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await workbench.treeRows('Kdamonds');
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; rows: ${JSON.stringify(rows)}`);
    await workbench.page.waitForTimeout(100);
  }
}

test('start a simulated kdamond from the welcome view', async () => {
  await workbench.openViewContainer('DAMON');
  const welcome = workbench.page.locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: 'Start Simulated Kdamond' }).first();
  await welcome.click();
  // Two quick picks: the workload and the kernel.
  await workbench.pick('Start Simulated Kdamond (1/2)', 'hot-cold');
  await workbench.pick('Start Simulated Kdamond (2/2)', '7.3');
  const rows = await waitForRow((r) => contextRow(r)?.includes('running') === true, 'a running context');
  assert.ok(rows.some((r) => r.startsWith('Simulated hot-cold')), JSON.stringify(rows));
  assert.ok(rows.some((r) => /^kdamond 0, on · pid \d+/.test(r)), JSON.stringify(rows));
  await workbench.screenshot('03-kdamond-running');
});

test('"DAMON: Pause Context" from the palette shows the row paused', async () => {
  await workbench.runCommand('DAMON: Pause Context');
  const rows = await waitForRow((r) => contextRow(r)?.includes('paused') === true, 'a paused context');
  assert.match(contextRow(rows) ?? '', /^context 0, vaddr · paused · \d+ regions/);
  assert.match(await workbench.page.locator('.statusbar').innerText(), /DAMON\s*0\s*1/);
  await workbench.screenshot('04-context-paused');
});

test('the inline Resume button resumes the context', async () => {
  const row = workbench.page.locator('.monaco-list-row', { hasText: 'context 0' }).first();
  await row.hover();
  const resume = row.locator('.action-label[aria-label="Resume Context"]');
  await resume.waitFor({ timeout: 10_000 });
  await workbench.screenshot('05-inline-resume-button');
  await resume.click();
  const rows = await waitForRow((r) => contextRow(r)?.includes('running') === true, 'the context running again');
  assert.match(contextRow(rows) ?? '', /^context 0, vaddr · running/);
  await workbench.screenshot('06-context-resumed');
});
