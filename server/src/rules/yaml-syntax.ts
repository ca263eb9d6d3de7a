import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'yaml-syntax',
  title: 'YAML parses',
  category: 'validity',
  tiers: { 1: 'error' },
  rationale: 'A file that does not parse cannot be applied, and no other check can see the objects in it.',
  remediation: 'Fix the YAML at the marked position; each parse error is reported once, where the parser found it.',
  checkFile({ file, reportRange }) {
    for (const problem of file.problems) reportRange({ range: problem.range, message: `YAML syntax error: ${problem.message}` });
  },
});
