// `kubetier init [--tier N]`: a commented `.kubetier.yaml` to start from.
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME, DEFAULT_KUBERNETES_VERSION, DEFAULT_TIER } from '../engine/lint/config';
import { ruleDocUrl } from '../engine/lint/docs';
import { TIER_NAMES, type Tier } from '../engine/types';
import { flagValue, parseArgs, tierFlag, UsageError } from './args';
import type { CliIO } from './main';
import { visibleText } from './progress';

export function configTemplate(tier: Tier): string {
  return `# kubetier settings for the files in this folder and below (the nearest .kubetier.yaml wins).
# A "# kubetier: tier=N" modeline in a file's first 10 lines and --tier on the command line
# take precedence over this file. Rules: kubetier rules, kubetier explain RULE, ${ruleDocUrl()}

# Target maturity tier, 1 to 5 (${TIER_NAMES[tier]}). Each tier turns on more rules and raises severities.
tier: ${tier}

# Kubernetes version the manifests target: decides removed and deprecated apiVersions and schemas.
kubernetesVersion: "${DEFAULT_KUBERNETES_VERSION}"

# Severity overrides by rule id: off | hint | info | warning | error.
rules: {}
#  image-digest: off
#  resource-limits: error

# Globs relative to this file, skipped when kubetier lints folders (a file named explicitly is still linted).
ignore: []
#  - "generated/**"
#  - "charts/*/templates/**"
`;
}

export function initCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, { tier: { value: true }, path: { value: true }, force: { value: false } });
  if (args.positional.length > 0) throw new UsageError(`init takes no paths (got "${visibleText(args.positional[0])}"); use --path DIR`);
  const tier = tierFlag(args) ?? DEFAULT_TIER;
  const target = path.join(path.resolve(io.cwd, flagValue(args, 'path') ?? '.'), CONFIG_FILE_NAME);
  const force = flagValue(args, 'force') === 'true';
  try {
    // 'wx' fails when the file exists, without a window between checking and writing.
    fs.writeFileSync(target, configTemplate(tier), { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code === 'EEXIST' ? 'it already exists; keep it, or pass --force to replace it' : message;
    io.stderr(`kubetier init: did not write ${visibleText(target)}: ${reason}`);
    return code === 'EEXIST' ? 1 : 2;
  }
  io.stdout(`Wrote ${visibleText(target)} (tier ${tier}). kubetier lint checks the files below it at that tier.`);
  return 0;
}
