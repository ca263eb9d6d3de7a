import { isTier, type Tier } from '../engine/types';

/** A usage mistake: reported with exit code 2. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Takes a value (`--tier 2`) rather than being a switch (`--dry-run`). */
  value: boolean;
  /** May be given several times (`--rule a --rule b`); values are collected. */
  repeat?: boolean;
  choices?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/** Parses `--flag value`, `--flag=value` and switches against a spec; unknown flags are usage errors. */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const flag = spec[name];
    if (!flag) throw new UsageError(`unknown option --${name}`);
    let value = 'true';
    if (flag.value) {
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`--${name} needs a value`);
      if (flag.choices && !flag.choices.includes(value)) {
        throw new UsageError(`--${name} must be one of ${flag.choices.join(', ')} (got "${value}")`);
      }
    } else if (eq !== -1) {
      throw new UsageError(`--${name} takes no value`);
    }
    const values = flags.get(name) ?? [];
    if (values.length > 0 && !flag.repeat) throw new UsageError(`--${name} given twice`);
    values.push(value);
    flags.set(name, values);
  }
  return { positional, flags };
}

export function flagValue(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

/** `--tier N`: 1 to 5, or undefined when absent. */
export function tierFlag(args: ParsedArgs): Tier | undefined {
  const raw = flagValue(args, 'tier');
  if (raw === undefined) return undefined;
  const tier = Number(raw);
  if (!isTier(tier)) throw new UsageError(`--tier must be 1, 2, 3, 4 or 5 (got "${raw}")`);
  return tier;
}

/** A number flag above zero (`whole`: an integer of at least 1); absent is undefined. */
export function positiveFlag(args: ParsedArgs, name: string, whole: boolean): number | undefined {
  const raw = flagValue(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const valid = raw.trim() !== '' && Number.isFinite(value) && (whole ? Number.isInteger(value) && value >= 1 : value > 0);
  if (!valid) throw new UsageError(`--${name} must be ${whole ? 'a whole number of at least 1' : 'a number above 0'} (got "${raw}")`);
  return value;
}
