// End-to-end harness: the packaged extension installed into a real VS Code (code-server),
// its workbench driven in Debian chromium the way a user drives it.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { installExtension, launchChromium, startCodeServer, type CodeServer } from '../../scripts/host/codeServer';

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

  /**
   * Runs a command from the command palette by its full title, e.g. "DAMON: Open Dashboard".
   * Types the title and accepts the exact match with the keyboard, as VS Code's own smoke tests
   * do: clicking a row waits for it to stop animating, which can outlast a loaded machine's
   * timeout, and the first match is not always the exact one ("Pause All Contexts" comes before
   * "Pause Context").
   */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    await this.acceptQuickPickItem(title);
  }

  /**
   * Answers one step of a multi-step quick pick: waits for the step with this title (so that the
   * previous step's list is not answered twice), filters by the item's label, accepts it and
   * waits for the step to close.
   */
  async pick(stepTitle: string, label: string): Promise<void> {
    const title = this.page.locator('.quick-input-widget .quick-input-title', { hasText: stepTitle });
    await title.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.locator('.quick-input-widget .quick-input-box input').fill(label);
    await this.acceptQuickPickItem(label);
    await title.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /**
   * Moves the open quick pick's focus to the item labelled so (a command's trailing "…" aside),
   * then accepts it with Enter. Rows are read fresh each round: the list may still be filtering.
   */
  private async acceptQuickPickItem(label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const rows = this.page.locator('.quick-input-list .monaco-list-row').filter({ visible: true });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const shown = await rows.evaluateAll((els) => els.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        focused: e.classList.contains('focused'),
        name: e.querySelector('.label-name')?.textContent?.trim() ?? '',
      })));
      const focused = shown.find((r) => r.focused);
      const wanted = shown.find((r) => r.name.replace(/…$/, '') === label);
      if (focused && wanted && focused.index === wanted.index) {
        await input.press('Enter');
        return;
      }
      if (Date.now() > deadline) throw new Error(`the quick pick has no item "${label}" (shown: ${JSON.stringify(shown.map((r) => r.name))})`);
      if (focused && wanted) {
        const key = wanted.index > focused.index ? 'ArrowDown' : 'ArrowUp';
        for (let i = Math.abs(wanted.index - focused.index); i > 0; i--) await input.press(key);
      } else {
        await this.page.waitForTimeout(100);
      }
    }
  }

  /**
   * Answers code-server's own file dialog (the quick input, once it holds a path) with a file.
   * The dialog fills its input with the folder once it has read it, which can overwrite what was
   * typed before: type, check, accept, and again until the dialog has closed.
   */
  async answerFileDialog(path: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`the file dialog did not take ${path}; its input holds "${await input.inputValue().catch(() => '')}"`);
      const value = await input.inputValue().catch(() => '');
      if (value.startsWith('/')) {
        await input.fill(path);
        await this.page.waitForTimeout(500);
        if ((await input.inputValue().catch(() => '')) === path) await input.press('Enter');
        await this.page.waitForTimeout(500);
        if (await widget.isHidden()) return;
      } else {
        await this.page.waitForTimeout(200);
      }
    }
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
