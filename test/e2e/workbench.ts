// End-to-end harness: the packaged extension installed into a real VS Code (code-server),
// its workbench driven in Debian chromium the way a user drives it.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { installExtension, launchChromium, startCodeServer, type CodeServer } from '../support/codeServer';

export const ROOT = resolve(__dirname, '../../..');
export const SHOTS_DIR = resolve(ROOT, 'artifacts/screenshots/e2e');

export interface WorkbenchOptions {
  readonly workspace?: string;
  /** A colour theme, e.g. "Default Light Modern". */
  readonly theme?: string;
  readonly userSettings?: Record<string, unknown>;
}

export class Workbench {
  private constructor(
    private readonly server: CodeServer,
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  /** Installs dist's .vsix into a fresh profile, starts code-server and opens the workspace. */
  static async open(options: WorkbenchOptions = {}): Promise<Workbench> {
    const vsix = process.env.DAMON_LENS_VSIX ?? join(ROOT, 'damon-lens.vsix');
    const workspace = options.workspace ?? join(ROOT, 'test/fixtures/workspace');
    const userSettings = { ...(options.theme ? { 'workbench.colorTheme': options.theme } : {}), ...options.userSettings };
    const server = await startCodeServer({ userSettings });
    installExtension(server.profileDir, vsix);
    const browser = await launchChromium(server.profileDir);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.activitybar', { timeout: 60_000 });
    return new Workbench(server, browser, page);
  }

  /** Runs a command from the command palette by its full title, e.g. "DAMON: Open Dashboard". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  /** Opens a view container from the activity bar by its title, e.g. "DAMON". */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    const checked = await item.getAttribute('aria-checked');
    const expanded = await item.getAttribute('aria-expanded');
    if (checked !== 'true' && expanded !== 'true') await item.click();
  }

  /** The visible text of a view's pane, e.g. its welcome content. */
  async viewText(viewTitle: string): Promise<string> {
    const pane = this.viewPane(viewTitle);
    await pane.waitFor({ timeout: 30_000 });
    return pane.innerText();
  }

  /** The tree rows of a view, each as its accessible label (label and description). */
  async treeRows(viewTitle: string): Promise<string[]> {
    const rows = this.viewPane(viewTitle).locator('.monaco-list-row');
    return rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? (el as HTMLElement).innerText));
  }

  /** The content frame of the active webview panel. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** Pixels with non-zero alpha in a canvas inside the webview. */
  async canvasPaintedPixels(selector: string): Promise<{ painted: number; total: number }> {
    return this.webview()
      .locator(selector)
      .evaluate((el) => {
        const canvas = el as HTMLCanvasElement;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        if (data) for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
        return { painted, total: canvas.width * canvas.height };
      });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    const path = join(SHOTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.server.stop();
  }

  private viewPane(viewTitle: string) {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) }).first();
  }
}
