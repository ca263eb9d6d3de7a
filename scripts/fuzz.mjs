// The long fuzz run: `npm run fuzz -- [cases] [seed]` (default 100,000 cases). Not part of `npm test`,
// which runs 2,000 cases of the same property (test/unit/fuzz.test.ts).
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const runs = Number(process.argv[2] ?? 100_000);
const seed = process.argv[3] === undefined ? Date.now() % 2 ** 31 : Number(process.argv[3]);
mkdirSync('out-fuzz', { recursive: true });
await esbuild.build({
  entryPoints: ['test/support/fuzz.ts'],
  outfile: 'out-fuzz/test/support/fuzz.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const { fuzzEngine } = createRequire(import.meta.url)('../out-fuzz/test/support/fuzz.js');
const started = Date.now();
console.log(`fuzzing the engine: ${runs} cases, seed ${seed}`);
try {
  fuzzEngine(runs, seed);
  console.log(`${runs} passed, 0 failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(error.message);
  // fast-check keeps the property's own error (what went wrong on which input) as the cause.
  if (error.cause) console.error(`cause: ${error.cause.message ?? error.cause}`);
  console.log(`0 passed, 1 failed (seed ${seed})`);
  process.exitCode = 1;
}
