// Entry point the extension host calls (extensionTestsPath): runs every *.e2e.js beside it under mocha and
// writes mocha's JSON report where scripts/e2e/run-exthost.mjs reads it.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const results = process.env.KUBETIER_E2E_RESULTS;
  if (!results) return Promise.reject(new Error('KUBETIER_E2E_RESULTS is not set'));
  fs.mkdirSync(results, { recursive: true });
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 30000,
    color: false,
    reporter: 'json',
    reporterOptions: { output: path.join(results, 'mocha.json') },
  });
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.e2e.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e tests failed`)) : resolve()));
    // The extension host forwards console output to the workbench page, where the runner prints it live.
    runner.on('pass', (test) => console.log(`[e2e] ok - ${test.fullTitle()}`));
    runner.on('fail', (test, error) => console.log(`[e2e] not ok - ${test.fullTitle()}: ${error.message}`));
  });
}
