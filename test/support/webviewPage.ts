// A kubetier webview bundle in headless Chromium behind its real HTML shell and CSP, served from a
// local server, with a stand-in for the VS Code webview API that records posted messages and keeps
// state in sessionStorage across reloads (as the serializer does after a window reload).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createNonce, webviewHtml } from '../../client/src/checklist/html';
import { REPO_ROOT } from './fixtures';

/** What the stub below puts on the page's global object (the tests compile without DOM types). */
export interface PageGlobals {
  __posted: { type: string; [key: string]: unknown }[];
  __alerted: boolean;
  postMessage(message: unknown, targetOrigin: string): void;
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
}

const VSCODE_API_STUB = `
  window.__posted = [];
  window.__alerted = false;
  window.alert = () => { window.__alerted = true; };
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(message),
    getState: () => JSON.parse(sessionStorage.getItem('state') || 'null') ?? undefined,
    setState: (state) => sessionStorage.setItem('state', JSON.stringify(state)),
  });`;

export interface WebviewPage {
  page: Page;
  /** Page errors and console errors (a CSP violation is one). */
  problems: string[];
  close(): Promise<void>;
}

/** Opens `dist/webview/<script>` with `media/<style>` and waits for the bundle's `ready` message. */
export async function openWebviewPage(files: { script: string; style: string; title: string; viewport: { width: number; height: number } }): Promise<WebviewPage> {
  let origin = '';
  const server = http.createServer((request, response) => {
    const served: Record<string, [string, string]> = {
      [`/dist/webview/${files.script}`]: [path.join(REPO_ROOT, 'dist/webview', files.script), 'text/javascript'],
      [`/media/${files.style}`]: [path.join(REPO_ROOT, 'media', files.style), 'text/css'],
    };
    const file = served[request.url ?? ''];
    if (file) {
      response.writeHead(200, { 'content-type': file[1] }).end(fs.readFileSync(file[0]));
      return;
    }
    const assets = { cspSource: origin, scriptUri: `${origin}/dist/webview/${files.script}`, styleUri: `${origin}/media/${files.style}` };
    response.writeHead(200, { 'content-type': 'text/html' }).end(webviewHtml(assets, createNonce(), files.title));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Chromium keeps caches and crash reports under HOME and XDG folders: give it a throw-away one.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-browser-home-'));
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    server.close();
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-crash-reporter'],
    });
    const page = await browser.newPage({ viewport: files.viewport });
    await page.addInitScript(VSCODE_API_STUB);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__posted.some((message) => message.type === 'ready'));
    return { page, problems, close };
  } catch (error) {
    await close();
    throw error;
  }
}
