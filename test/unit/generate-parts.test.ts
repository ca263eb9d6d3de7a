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

  it('each part adds entries to the bundles of its tier, with at least one GitOps choice (and a compliance framework)', () => {
    for (const part of BUNDLE_PARTS) {
      const entries = GITOPS.flatMap((gitops) => part.entries({ ...defaultsFor(part.tier), name: 'shop', tier: part.tier, packaging: 'raw', gitops, compliance: 'soc2' }));
      assert.ok(entries.length > 0, `${part.id} adds something at tier ${part.tier}`);
    }
  });

  it('--compliance adds its control map and pod policies, and nothing without a framework', () => {
    const compliance = BUNDLE_PARTS.find((part) => part.id === 't1-compliance')!;
    const options = { ...defaultsFor(1), name: 'shop', tier: 1 as const, packaging: 'raw' as const };
    assert.deepEqual(compliance.entries({ ...options, compliance: 'none' }), []);
    assert.deepEqual(compliance.entries(options), []);
    for (const framework of ['soc2', 'hipaa', 'pci', 'fedramp'] as const) {
      const entries = compliance.entries({ ...options, compliance: framework });
      assert.deepEqual(entries.map((entry) => entry.file), ['platform/compliance-policies.yaml', `compliance/${framework}.md`]);
      const map = entries[1].area === 'file' ? entries[1].content : '';
      // A tier-1 bundle names the controls whose evidence only later tiers bring.
      assert.match(map, /`t2-rbac` \(from tier 2: not in this tier-1 bundle\)/);
    }
  });
});
