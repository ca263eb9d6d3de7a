// `npm run generate`: writes docs/rules.md, schemas/kubetier-config.schema.json, the kubetier.rules
// setting of package.json and the README's settings and rule tables from the rule registry. `--check` writes nothing and exits 1 when a file is stale.
// The TypeScript source (scripts/generate/outputs.ts) is bundled with esbuild in memory and run here.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const bundle = await esbuild.build({
  entryPoints: [path.join(root, 'scripts/generate/outputs.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  write: false,
  mainFields: ['module', 'main'],
  define: { KUBETIER_VERSION: '"generate"' },
  logLevel: 'warning',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', '__filename', '__dirname', bundle.outputFiles[0].text)(
  module,
  module.exports,
  createRequire(path.join(root, 'scripts/generate/outputs.js')),
  path.join(root, 'scripts/generate/outputs.js'),
  path.join(root, 'scripts/generate'),
);
const { generatedFiles } = module.exports;

const read = (file) => {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
};

const files = generatedFiles(read);
const stale = [];
for (const [file, text] of Object.entries(files)) {
  if (read(file) === text) continue;
  stale.push(file);
  if (!check) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}
if (check) {
  if (stale.length > 0) {
    console.error(`Out of date: ${stale.join(', ')}. Run \`npm run generate\` and commit the result.`);
    process.exitCode = 1;
  } else console.log('Generated files are up to date.');
} else console.log(stale.length > 0 ? `Wrote ${stale.join(', ')}` : 'Generated files were already up to date.');
