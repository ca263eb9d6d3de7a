// Bundles the extension client, the language server and the CLI.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // Prefer ESM entry points: yaml-language-server's dependencies ship UMD builds esbuild cannot follow.
  mainFields: ['module', 'main'],
  define: { KUBETIER_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
};

const builds = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  // dist/server.js and dist/cli.js are small loaders that run the *-main.js bundles through V8's code cache.
  { entryPoints: { server: 'server/src/boot/serverEntry.ts', cli: 'server/src/boot/cliEntry.ts' } },
  { entryPoints: { 'server-main': 'server/src/server.ts' } },
  { entryPoints: { 'cli-main': 'server/src/cli/main.ts' } },
  // The checklist webview runs in the browser sandbox of the webview, not in Node.
  // In a folder of its own: the webview may load nothing else of dist/ (localResourceRoots).
  { entryPoints: { 'webview/checklist': 'webview/main.ts' }, platform: 'browser', format: 'iife', target: 'chrome120', mainFields: ['browser', 'module', 'main'] },
  // The resource map webview, with dagre bundled in (no network in the webview).
  { entryPoints: { 'webview/map': 'webview/map/main.ts' }, platform: 'browser', format: 'iife', target: 'chrome120', mainFields: ['browser', 'module', 'main'] },
];

const contexts = await Promise.all(builds.map((build) => esbuild.context({ ...common, ...build, outdir: 'dist' })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
