// Shared plumbing for the end-to-end runners: package the extension, start code-server (the real VS Code
// 1.100 workbench, server and Node extension host) in its own process group, and launch Debian's Chromium
// through playwright-core. Nothing is written to $HOME: every run gets temp HOME/XDG/user-data folders.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CS_VERSION = process.env.CS_VERSION ?? '4.100.3';
export const CS_PREFIX = process.env.KUBETIER_CODE_SERVER ?? path.join(ROOT, '.cache/code-server', CS_VERSION);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WORKSPACE_FIXTURE = path.join(ROOT, 'test/workspace-e2e');
export const EXTENSION_ID = 'kubetier.kubetier';

const started = Date.now();
export const lap = (label, text) => console.log(`[${label} ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

const codeServerEntry = () => {
  const entry = path.join(CS_PREFIX, 'node_modules/code-server/out/node/entry.js');
  if (!existsSync(path.join(CS_PREFIX, '.complete'))) throw new Error(`code-server not installed in ${CS_PREFIX}: run scripts/e2e/install.sh`);
  return entry;
};

/** A temp folder per run, holding code-server's user data, extensions, HOME and XDG dirs and a copy of the fixture workspace. */
export function prepareRun(label, fixture = WORKSPACE_FIXTURE) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `kubetier-e2e-${label}-`));
  for (const dir of ['data/User', 'ext', 'home', 'xdg-config', 'xdg-data', 'xdg-cache']) mkdirSync(path.join(tmp, dir), { recursive: true });
  // The settings that keep the workbench quiet and offline (no walkthrough stealing focus, no telemetry lookups).
  writeFileSync(path.join(tmp, 'data/User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'workbench.enableExperiments': false,
    'workbench.tips.enabled': false, 'security.workspace.trust.enabled': false, 'git.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
  }, null, 2));
  // Tests change settings and edit files: they get their own copy of the fixture workspace.
  const workspace = path.join(tmp, 'workspace');
  cpSync(fixture, workspace, { recursive: true });
  const env = {
    ...process.env,
    HOME: path.join(tmp, 'home'),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    EXTENSIONS_GALLERY: '{}', // no serviceUrl: the gallery is off instead of reaching for open-vsx.org
  };
  return {
    tmp, workspace, env, userDataDir: path.join(tmp, 'data'), extensionsDir: path.join(tmp, 'ext'),
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** `profile`: { userDataDir, extensionsDir }, as a run has them or as a VS Code command line gives them. */
const csArgs = (profile) => [codeServerEntry(), '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];

/**
 * The packaged extension. With @vscode/vsce installed: the VSIX (`vsce package`, which runs the production
 * build). Without it: the production build copied through the .vscodeignore allow-list, i.e. what the VSIX
 * would hold.
 */
export function packageExtension(outDir) {
  mkdirSync(outDir, { recursive: true });
  const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
  if (existsSync(vsce)) {
    const vsix = path.join(outDir, 'kubetier.vsix');
    const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('vsce package failed');
    // The same contents check `npm run package` makes, so the tests never run against a VSIX it would reject.
    const check = spawnSync(process.execPath, ['scripts/check-vsix.mjs', vsix], { cwd: ROOT, stdio: 'inherit' });
    if (check.status !== 0) throw new Error('check-vsix rejected the package');
    return { vsix };
  }
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('production build failed');
  const folder = path.join(outDir, 'unpacked-vsix/extension');
  rmSync(folder, { recursive: true, force: true });
  const allowed = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n')
    .filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/\/\*\*$/, ''));
  for (const entry of allowed) {
    if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(folder, entry), { recursive: true });
  }
  return { folder };
}

/** Installs the VSIX into the run's extensions dir the way a user would, and returns the installed folder. */
export function installExtension(run, pkg) {
  if (pkg.folder) return pkg.folder;
  const result = spawnSync(process.execPath, [...csArgs(run), '--install-extension', pkg.vsix], { env: run.env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`--install-extension failed:\n${result.stdout}\n${result.stderr}`);
  const installed = readdirSync(run.extensionsDir).find((name) => name.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error(`${EXTENSION_ID} not found in the extensions dir after install:\n${result.stdout}`);
  return path.join(run.extensionsDir, installed);
}

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

/**
 * Starts code-server detached (its own process group: server + extension hosts + language server die
 * together). `profile`: { userDataDir, extensionsDir, env }; its config file goes beside the user data.
 */
export async function startCodeServer(profile, { extraEnv = {}, timeoutMs = 30000 } = {}) {
  const port = await freePort();
  const config = path.join(path.dirname(profile.userDataDir), `code-server-${port}.yaml`);
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const child = spawn(process.execPath, [...csArgs(profile), '--config', config,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened'], { env: { ...profile.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  child.stderr.on('data', (chunk) => { log += chunk; });
  let exited = false;
  child.once('exit', () => { exited = true; });
  const stop = () => {
    if (exited) return;
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  process.once('exit', stop);
  // A runner stopped by a timeout or Ctrl+C still takes code-server's process group down with it.
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(1));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not listening yet */ }
    if (exited || Date.now() > deadline) { stop(); throw new Error(`code-server did not start:\n${log.slice(-4000)}`); }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `http://127.0.0.1:${port}`, stop, log: () => log };
}

/** Debian's Chromium, with every name lookup except loopback failing at once (the run must stay offline). */
export function launchBrowser(env) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-crash-reporter',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost'],
  });
}

/** code-server's remote authority is literally "remote". */
export const remoteUri = (file) => `vscode-remote://remote${file}`;

export function workbenchUrl(server, workspace, payload) {
  const query = `folder=${encodeURIComponent(workspace)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  return `${server.url}/?${query}`;
}

/** The plain closing line CI reads, plus a JSON summary scripts/test.mjs adds to its totals. */
export function report(summaryFile, label, passed, failed) {
  if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ passed, failed }));
  console.log(`${label}: ${passed} passed, ${failed} failed`);
}
