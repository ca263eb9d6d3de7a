// Workspace globs (.kubetier.yaml `ignore`, `files.exclude`) run on RE2 automata: the same answers as
// picomatch for the globs people write, and a pattern built to make a backtracking matcher take
// exponential time finishes at once, through the real CLI too.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import picomatch from 'picomatch';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { parseConfigFile } from '../../server/src/engine/lint/config';
import { compileGlobs } from '../../server/src/engine/workspace/globs';
import { filesExcludeMatcher } from '../../server/src/lsp/workspaceSync';

const GLOBS = ['**/*.yaml', 'charts/**', '*.y?ml', 'generated/**/*.yaml', '{base,overlays}/**/kustomization.yaml', 'k8s/[a-c]*.yaml', '**/.hidden/**', '!keep.yaml', '@(a|b).yaml', '+(x).yaml', 'a/**/b', '**'];
const PATHS = ['web.yaml', 'web.yml', 'charts/app/templates/x.yaml', 'generated/a/b/c.yaml', 'generated/c.yml', 'base/kustomization.yaml', 'overlays/prod/eu/kustomization.yaml', 'k8s/app.yaml', 'k8s/db.yaml', 'x/.hidden/y.yaml', 'keep.yaml', 'a.yaml', 'xx.yaml', 'a/b', 'a/x/y/b', '.github/ci.yaml'];

/** `*a*a*a...*a*b`: each star may take any run of a's, so a backtracking matcher tries exponentially many splits. */
const HOSTILE = `${'*a'.repeat(40)}*b`;
const LONG_NAME = `${'a'.repeat(4000)}.yaml`;
/** As long as a file name may be (255 bytes). */
const LONG_FILE = `${'a'.repeat(245)}.yaml`;

const tempDirs: string[] = [];
after(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('workspace globs', { timeout: 60_000 }, () => {
  it('answer as picomatch does for every glob and path of the table', () => {
    for (const glob of GLOBS) {
      const expected = picomatch(glob, { dot: true });
      const set = compileGlobs([glob]);
      assert.deepEqual(set.problems, []);
      for (const file of PATHS) assert.equal(set.matches(file), expected(file), `${glob} on ${file}`);
    }
  });

  it('match a pathological pattern against a long name at once, and report a glob RE2 cannot run', () => {
    assert.equal(compileGlobs([HOSTILE]).matches(LONG_NAME), false);
    assert.equal(compileGlobs([HOSTILE]).matches(`${'a'.repeat(4000)}b`), true);
    const negatedExtglob = compileGlobs(['!(keep).yaml', '*.tmp.yaml']);
    assert.equal(negatedExtglob.problems.length, 1);
    assert.match(negatedExtglob.problems[0], /glob "!\(keep\)\.yaml" is not used: it cannot be matched in linear time/);
    assert.equal(negatedExtglob.matches('x.tmp.yaml'), true);
    assert.match(parseConfigFile('/w/.kubetier.yaml', 'ignore: ["!(a)"]\n').problems.join('\n'), /^ignore: glob "!\(a\)" is not used/);
  });

  it('files.exclude takes the same engine and warns about a glob it cannot use', () => {
    const warnings: string[] = [];
    const excluded = filesExcludeMatcher({ [HOSTILE]: true, 'build/**': true, 'off/**': false, '!(x)': true }, (message) => warnings.push(message));
    assert.equal(excluded(`dir/${LONG_NAME}`), false);
    assert.equal(excluded('build/out/app.yaml'), true);
    assert.equal(excluded('off/app.yaml'), false);
    assert.deepEqual(warnings.map((warning) => warning.slice(0, 40)), ['files.exclude: glob "!(x)" is not used: ']);
  });

  it('the CLI lints a folder whose .kubetier.yaml ignores with a pathological glob, and warns about unusable ones', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-globs-'));
    tempDirs.push(root);
    fs.writeFileSync(path.join(root, '.kubetier.yaml'), `ignore:\n  - "${HOSTILE}"\n  - "!(x)"\n  - "skip/**"\n`);
    fs.mkdirSync(path.join(root, 'skip'));
    fs.writeFileSync(path.join(root, 'skip', 'bad.yaml'), 'a: [\n');
    fs.writeFileSync(path.join(root, LONG_FILE), 'a: [\n');
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), readStdin: () => '', cwd: root, isTTY: false };
    assert.equal(runCli(['lint', '.', '--format', 'json'], io), 1);
    const report = JSON.parse(out.join('\n')) as { files: { path: string }[] };
    assert.deepEqual(report.files.map((file) => file.path), [LONG_FILE]);
    assert.match(err.join('\n'), /kubetier: warning: .*\.kubetier\.yaml: ignore: glob "!\(x\)" is not used/);
  });
});
