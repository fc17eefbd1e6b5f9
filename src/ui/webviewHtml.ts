import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per render: the CSP allows only the script tag that carries it. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The dashboard document. Its CSP allows nothing by default; scripts only with the nonce, and
 * styles, images and fonts only from the extension's own resources (`webview.cspSource`).
 * No inline script or style: chart.js styles its canvas through the CSSOM, which CSP allows.
 * The views are built by the script (src/webview/dashboard.ts).
 */
export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'dashboard.css')}">
<title>DAMON Dashboard</title>
</head>
<body>
<header class="top">
  <h1>DAMON Dashboard</h1>
  <label class="control">context <select id="context" aria-label="DAMON context"></select></label>
  <span class="notice" id="notice" role="status" aria-live="polite"></span>
</header>
<div class="banner none" id="banner" role="status" aria-live="polite"></div>
<main id="views"></main>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}
