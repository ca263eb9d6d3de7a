// `kubetier generate --name` with names YAML reads as other types (null, true, on, yes...): every name the
// CLI accepts gives a bundle that lints clean at its tier, renders with the real helm and kubectl with the
// name kept a string, and names Kubernetes would refuse for the bundle's Service are refused up front.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { parseText } from '../../server/src/engine/workspace/disk';
import type { Tier } from '../../server/src/engine/types';
import { PACKAGINGS } from '../../server/src/generator/options';
import { tool, unpackedTools } from '../support/tools';

/** DNS labels that YAML 1.1 or 1.2 reads as null or a boolean when written plain. */
const TYPED_NAMES = ['null', 'true', 'false', 'on', 'off', 'yes', 'no', 'y', 'n'];
/** DNS-1123 labels YAML reads as numbers or dates: no valid Service name, so no bundle name either. */
const DIGIT_NAMES = ['123', '0644', '1e3', '0x1f', '2001-12-14'];

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-generate-names-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), readStdin: () => '', cwd: temp, isTTY: false };
  const code = runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Findings above hint of `kubetier lint` over paths. */
function problems(paths: string[], tier: Tier): string[] {
  const run = cli(['lint', ...paths, '--tier', String(tier), '--format', 'json']);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const report = JSON.parse(run.stdout) as { files: { path: string; findings: { rule: string; severity: string; message: string; line: number }[] }[] };
  return report.files.flatMap((file) => file.findings.filter((finding) => finding.severity !== 'hint').map((finding) => `${path.basename(file.path)}:${finding.line} ${finding.rule}: ${finding.message}`));
}

let helm = '';
let kubectl = '';

before(() => {
  ({ helm, kubectl } = unpackedTools());
});

/** The names objects get in a render, per kind, as the YAML 1.2 reader sees them. */
function renderedNames(file: string, text: string): unknown[] {
  return parseText(file, text).documents.flatMap((document) => document.objects.flatMap((object) => {
    const metadata = object.value.metadata as Record<string, unknown>;
    return [metadata.name, metadata.namespace];
  }));
}

describe('generate --name with names YAML reads as other types', () => {
  for (const [index, name] of TYPED_NAMES.entries()) {
    // Two tiers per name, spread so that every tier and every packaging meets several names.
    for (const tier of [1 + (index % 5), 1 + ((index + 2) % 5)] as Tier[]) {
      const packaging = PACKAGINGS[(tier + index) % PACKAGINGS.length];
      it(`"${name}" at tier ${tier} (${packaging}) lints clean`, () => {
        const root = path.join(temp, `${name}-t${tier}`);
        const run = cli(['generate', '--name', name, '--tier', String(tier), '--packaging', packaging, '--path', root]);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(problems([root], tier), []);
      });
    }
  }

  for (const name of ['null', 'on']) {
    it(`"${name}": helm template and kubectl kustomize renders keep the name a string and lint clean`, () => {
      const chartRoot = path.join(temp, `${name}-render-helm`);
      assert.equal(cli(['generate', '--name', name, '--tier', '2', '--packaging', 'helm', '--path', chartRoot]).code, 0);
      const chart = path.join(chartRoot, 'chart', name);
      tool(helm, ['lint', '--strict', chart]);
      const helmText = tool(helm, ['template', name, chart, '-n', name, '-f', path.join(chart, 'values-prod.yaml')]);
      const kustomizeRoot = path.join(temp, `${name}-render-kustomize`);
      assert.equal(cli(['generate', '--name', name, '--tier', '2', '--packaging', 'kustomize', '--path', kustomizeRoot]).code, 0);
      const kustomizeText = tool(kubectl, ['kustomize', path.join(kustomizeRoot, 'overlays', 'prod')]);
      for (const [label, root, text] of [['helm', chartRoot, helmText], ['kustomize', kustomizeRoot, kustomizeText]] as const) {
        const render = path.join(temp, `${name}-${label}.render.yaml`);
        fs.writeFileSync(render, text);
        const names = renderedNames(render, text);
        assert.ok(names.includes(name), `${label}: an object is named "${name}"`);
        assert.deepEqual(names.filter((value) => value !== undefined && typeof value !== 'string'), [], `${label}: every name and namespace is a string`);
        assert.deepEqual(problems([render, path.join(root, 'platform')], 2), [], label);
      }
    });
  }

  for (const name of DIGIT_NAMES) {
    it(`"${name}" is refused: the bundle's Service could not take it; nothing is written`, () => {
      const root = path.join(temp, `digits-${name}`);
      const run = cli(['generate', '--name', name, '--tier', '2', '--path', root]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, new RegExp(`name "${name}": start with a letter: the bundle's Service is named after it, and Service names are DNS-1035 labels`));
      assert.equal(fs.existsSync(root), false);
    });
  }
});
