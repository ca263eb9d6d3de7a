import * as path from 'path';
import { defineChecklistItem, done, fileEvidence, missing } from '../item';

export default defineChecklistItem({
  id: 't1-readme',
  tier: 1,
  title: 'README with kubectl apply instructions',
  criteria: 'A README*.md that mentions `kubectl apply`.',
  detect(workspace) {
    const readmes = workspace.otherFiles.filter((file) => /^readme.*\.md$/i.test(path.basename(file)));
    const instructive = readmes.filter((file) => /kubectl\s+apply/.test(workspace.readText(file) ?? ''));
    if (instructive.length > 0) return done(instructive.map((file) => fileEvidence(file)));
    return readmes.length === 0
      ? missing('No README.md found.')
      : missing('No README mentions `kubectl apply`.', readmes.map((file) => fileEvidence(file)));
  },
});
