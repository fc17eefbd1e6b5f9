import * as vscode from 'vscode';
import type { ExportFormat } from '../protocol';

/** Saves a dashboard chart's PNG or its data where the user picks; returns the path, if saved. */
export async function exportChart(log: vscode.LogOutputChannel, name: string, format: ExportFormat, content: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${name}.${format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [format.toUpperCase()]: [format] },
    title: `Export ${fileName}`,
  });
  if (!target) return undefined;
  const bytes = format === 'png' ? Buffer.from(content.replace(/^data:image\/png;base64,/, ''), 'base64') : Buffer.from(content, 'utf8');
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
    log.info(`dashboard: exported ${fileName} to ${target.fsPath}`);
    return target.fsPath;
  } catch (e) {
    log.error(`dashboard: export of ${fileName} failed: ${String(e)}`);
    void vscode.window.showErrorMessage(`Could not export ${fileName}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
