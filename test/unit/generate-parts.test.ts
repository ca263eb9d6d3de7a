// The bundle registry (server/src/generator/all.ts): one module per part in parts/, each registered once
// under its module name, each adding something to the bundles of its tier.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLE_PARTS } from '../../server/src/generator/all';
import { defaultsFor, GITOPS } from '../../server/src/generator';
import { REPO_ROOT } from '../support/fixtures';

const PARTS_DIR = path.join(REPO_ROOT, 'server/src/generator/parts');

describe('bundle parts', () => {
  it('every module in parts/ is registered once, under its file name, with the tier its id names', () => {
    const modules = fs.readdirSync(PARTS_DIR).filter((file) => file.endsWith('.ts')).map((file) => file.replace(/\.ts$/, '')).sort();
    assert.deepEqual(BUNDLE_PARTS.map((part) => part.id).sort(), modules);
    for (const part of BUNDLE_PARTS) assert.equal(part.id.slice(0, 3), `t${part.tier}-`, part.id);
  });

  it('each part adds entries to the bundles of its tier, with at least one GitOps choice', () => {
    for (const part of BUNDLE_PARTS) {
      const choices = GITOPS.filter((gitops) => gitops !== 'none' || part.tier < 3);
      const entries = choices.flatMap((gitops) => part.entries({ ...defaultsFor(part.tier), name: 'shop', tier: part.tier, packaging: 'raw', gitops }));
      assert.ok(entries.length > 0, `${part.id} adds something at tier ${part.tier}`);
    }
  });
});
