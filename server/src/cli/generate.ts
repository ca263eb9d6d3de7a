import { COMPLIANCE, defaultsFor, GITOPS, generateBundle, MESHES, optionProblems, PACKAGINGS, PROVIDERS, SECRETS, writeBundle, BundleTargetError, type BundleOptions } from '../generator';
import { isTier } from '../engine/types';
import { flagValue, parseArgs, UsageError } from './args';
import type { CliIO } from './main';

/** `kubetier generate --name N --tier T [--provider] [--packaging] [--gitops] [--mesh] [--secrets] [--compliance] --path DIR [--force]` */
export function generateCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, {
    name: { value: true },
    tier: { value: true },
    provider: { value: true, choices: PROVIDERS },
    packaging: { value: true, choices: PACKAGINGS },
    gitops: { value: true, choices: GITOPS },
    mesh: { value: true, choices: MESHES },
    secrets: { value: true, choices: SECRETS },
    compliance: { value: true, choices: COMPLIANCE },
    path: { value: true },
    force: { value: false },
  });
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
  const name = flagValue(args, 'name');
  if (!name) throw new UsageError('--name is required');
  const tier = Number(flagValue(args, 'tier') ?? '1');
  if (!isTier(tier)) throw new UsageError(`--tier must be 1, 2, 3, 4 or 5 (got "${flagValue(args, 'tier')}")`);
  const defaults = defaultsFor(tier);
  const options: BundleOptions = {
    name,
    tier,
    provider: (flagValue(args, 'provider') as BundleOptions['provider']) ?? defaults.provider,
    packaging: (flagValue(args, 'packaging') as BundleOptions['packaging']) ?? defaults.packaging,
    gitops: (flagValue(args, 'gitops') as BundleOptions['gitops']) ?? defaults.gitops,
    mesh: (flagValue(args, 'mesh') as BundleOptions['mesh']) ?? defaults.mesh,
    secrets: (flagValue(args, 'secrets') as BundleOptions['secrets']) ?? defaults.secrets,
    compliance: (flagValue(args, 'compliance') as BundleOptions['compliance']) ?? 'none',
  };
  const problems = optionProblems(options);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  const target = flagValue(args, 'path') ?? name;
  const files = generateBundle(options);
  try {
    const result = writeBundle(target, files, args.flags.has('force'));
    io.stdout(`Wrote ${result.written.length} files to ${target}${result.overwritten.length > 0 ? ` (${result.overwritten.length} overwritten)` : ''}.`);
    io.stdout(`Next: see ${target}/README.md, then \`kubetier lint ${target}\` and \`kubetier checklist ${target} --tier ${tier}\`.`);
    return 0;
  } catch (error) {
    if (error instanceof BundleTargetError) {
      io.stderr(`kubetier generate: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
