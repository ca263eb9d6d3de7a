// `kubetier fix`: the editor's fixes from the command line. Without --rule it applies the safe
// fixes (the same set as "Fix all" in the editor); --rule limits the run to the named rules and
// then also applies their fixes that create objects (a PodDisruptionBudget, an HPA...), because
// naming the rule is the decision those fixes wait for in the editor.
import * as fs from 'fs';
import * as path from 'path';
import { resolveSettings } from '../engine/lint/config';
import { ConfigCache, collectYamlFiles, loadFile, parseText } from '../engine/workspace/disk';
import { fixAllText, type FixAllOptions, type FixAllResult } from '../engine/edit/fix';
import { describeFixAll, planFixAll } from '../engine/edit/fixSummary';
import type { ParsedFile } from '../engine/yaml/model';
import { unifiedDiff } from '../engine/edit/textdiff';
import { isTier, type Tier } from '../engine/types';
import { WorkspaceIndex } from '../engine/workspace/workspace';
import { RULES, RULES_BY_ID } from '../rules';
import { flagValue, parseArgs, UsageError } from './args';
import { fixRendered, hasRenderTargets } from './fixRendered';
import { RENDER_FLAGS, renderOptionsFrom, RENDER_USAGE } from './renderFlags';
import type { CliIO } from './main';
import { escapeControl } from './terminal';

export const FIX_USAGE = `  fix [paths...]       Apply quick-fixes to files in place ('-' reads stdin, writes stdout)
    --tier N             Target tier 1-5 (which rules run, and tier-dependent values such as replicas)
    --k8s-version X.Y    Target Kubernetes version (default 1.31)
    --rule ID            Only this rule's fixes, including those that create objects (repeatable).
                         Without --rule: every safe fix, the same as "Fix all" in the editor,
                         and a summary of the fixes left that need a decision
    --all                Also the fixes that need a decision (change behaviour or create objects)
    --dry-run            Print a unified diff instead of writing
    Charts and overlays are rendered as by lint; a finding of what they render is fixed where it maps
    to a literal on a template line, a scalar in a values file, a resource file or a patch file, and
    nowhere else (a value a template computes has no fix).
${RENDER_USAGE}
    A fix that would change what other places share through a YAML anchor, and the documents
    of a file that have syntax errors, are left as they are, with the reason. Exit 1 when a file
    with fixes was left as it is: it is read-only, changed on disk while it was being fixed,
    is not valid UTF-8, or could not be written.`;

/** What a file on disk holds compared with the text that was read and fixed. */
type DiskState = 'unchanged' | 'changed' | 'not-utf8' | 'read-only';
export type WriteOutcome = 'written' | Exclude<DiskState, 'unchanged'>;

// fatal: invalid bytes throw instead of becoming U+FFFD. ignoreBOM: a BOM stays in the text, as it
// does in the text loadFile read (Buffer#toString), so the two compare equal.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Whether `file` still holds `expected`. loadFile decodes leniently (invalid bytes become U+FFFD,
 * harmless for linting), so the bytes are decoded strictly here: writing a fixed text over a file
 * that is not UTF-8 would replace its original bytes with U+FFFD, and only a strict decode makes
 * equal texts mean equal bytes.
 */
function diskState(file: string, expected: string): DiskState {
  if (isReadOnly(file)) return 'read-only';
  const text = decodeUtf8(fs.readFileSync(file));
  if (text === undefined) return 'not-utf8';
  return text === expected ? 'unchanged' : 'changed';
}

/**
 * A file nobody may write (no write bit) or this process may not: refused even where the process could
 * override it (root), because the mode says the file is not to be changed.
 */
function isReadOnly(file: string): boolean {
  if ((fs.statSync(file).mode & 0o222) === 0) return true;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Replaces a file's content atomically: a temporary file in the same folder,
 * then a rename, but only if the file still holds the text that was read (an
 * editor or another tool may have saved it meanwhile) and that text is UTF-8.
 * A symlink is followed, so the link stays a link and its target gets the text.
 * The new file gets the old one's mode (whatever the umask) and, where allowed,
 * its owner. A file with several hard links is written in place instead, so
 * every link keeps seeing the same content.
 */
export function writeFileAtomic(file: string, expected: string, text: string): WriteOutcome {
  const real = fs.realpathSync(file);
  const stat = fs.statSync(real);
  if (stat.nlink > 1) {
    const state = diskState(real, expected);
    if (state !== 'unchanged') return state;
    fs.writeFileSync(real, text);
    return 'written';
  }
  // The rename is atomic only within one file system: the temporary file sits next to the real file.
  const dir = path.dirname(real);
  const temp = path.join(dir, `.${path.basename(real)}.kubetier-${process.pid}-${Date.now().toString(36)}.tmp`);
  fs.writeFileSync(temp, text, { mode: 0o600 });
  try {
    fs.chmodSync(temp, stat.mode & 0o7777);
    keepOwner(temp, stat);
    const state = diskState(real, expected);
    if (state !== 'unchanged') {
      fs.unlinkSync(temp);
      return state;
    }
    fs.renameSync(temp, real);
    return 'written';
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Only root may give a file away; for anyone else the new file is theirs, as any editor's save makes it. */
function keepOwner(file: string, stat: fs.Stats): void {
  if (stat.uid === process.getuid?.() && stat.gid === process.getgid?.()) return;
  try {
    fs.chownSync(file, stat.uid, stat.gid);
  } catch {
    // Not permitted: the file keeps the writer as its owner.
  }
}

const NOT_WRITTEN: Record<Exclude<WriteOutcome, 'written'>, string> = {
  changed: 'changed on disk while it was being fixed; not written',
  'not-utf8': 'skipped (not valid UTF-8; not rewritten)',
  'read-only': 'read-only; not written',
};

/**
 * Writes the fixed text, or in a dry run checks that it could be written (the same refusals, so
 * a dry run predicts the real one). Returns why it was not written, undefined when it was.
 */
function writeFixed(filePath: string, expected: string, text: string, dryRun: boolean): string | undefined {
  try {
    const outcome = dryRun ? diskState(filePath, expected) : writeFileAtomic(filePath, expected, text);
    return outcome === 'unchanged' || outcome === 'written' ? undefined : NOT_WRITTEN[outcome];
  } catch (error) {
    return (error as Error).message;
  }
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

function parseRuleFilter(values: string[] | undefined): Set<string> | undefined {
  if (!values) return undefined;
  const ids = new Set(values.flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean));
  for (const id of ids) {
    const rule = RULES_BY_ID.get(id);
    if (!rule) throw new UsageError(`unknown rule "${id}"`);
    if (!rule.fix) throw new UsageError(`rule "${id}" has no fix`);
  }
  return ids;
}

function describeFixed(fixed: Map<string, number>): string {
  return [...fixed.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, count]) => `${id}${count > 1 ? ` x${count}` : ''}`)
    .join(', ');
}

/**
 * Without a rule filter, fix-all's two steps: the safe fixes, then those needing a decision (applied
 * with --all, else summed up in `left`). With one, the named rules' fixes.
 */
function fixFile(file: ParsedFile, options: FixAllOptions, all: boolean): { result: FixAllResult; left?: string } {
  if (options.accept) return { result: fixAllText(file.path, file.text, options) };
  const plan = planFixAll(file.path, file.text, options);
  if (!all) return { result: plan.safe, left: plan.decisions.fixed.size > 0 ? `${describeFixAll(plan)}; --all applies them` : undefined };
  const fixed = new Map(plan.safe.fixed);
  for (const [id, count] of plan.decisions.fixed) fixed.set(id, (fixed.get(id) ?? 0) + count);
  return { result: { text: plan.decisions.text, fixed, stable: plan.decisions.stable, notApplied: plan.decisions.notApplied } };
}

export function fixCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, {
    tier: { value: true },
    'k8s-version': { value: true },
    rule: { value: true, repeat: true },
    'dry-run': { value: false },
    all: { value: false },
    ...RENDER_FLAGS,
  });
  const rawTier = flagValue(args, 'tier');
  const cliTier = rawTier === undefined ? undefined : Number(rawTier);
  if (cliTier !== undefined && !isTier(cliTier)) throw new UsageError(`--tier must be 1, 2, 3, 4 or 5 (got "${rawTier}")`);
  const kubernetesVersion = flagValue(args, 'k8s-version');
  if (kubernetesVersion !== undefined && !/^1\.\d{1,2}$/.test(kubernetesVersion)) {
    throw new UsageError(`--k8s-version must look like 1.31 (got "${kubernetesVersion}")`);
  }
  const ruleFilter = parseRuleFilter(args.flags.get('rule'));
  const all = args.flags.has('all');
  if (all && ruleFilter) throw new UsageError('--all and --rule exclude each other: --rule already applies every fix of its rules');
  const dryRun = args.flags.has('dry-run');
  // Relative to the CLI's working folder (io.cwd), never the process's: fix writes files.
  const paths = (args.positional.length > 0 ? args.positional : ['.']).map((p) => (p === '-' ? p : path.resolve(io.cwd, p)));

  const configs = new ConfigCache();
  const collected = collectYamlFiles(paths.filter((p) => p !== '-'), configs);
  for (const error of collected.errors) io.stderr(`kubetier: ${escapeControl(error)}`);
  if (collected.errors.length > 0) return 2;

  // Charts and overlays first: the files their renders stand for are then left out of the loose pass.
  const render = renderOptionsFrom(args, io.cwd, paths.filter((p) => p !== '-'));
  const rendered =
    render && hasRenderTargets(collected.files)
      ? fixRendered(
          {
            files: collected.files,
            render,
            kubernetesVersion,
            cliTier: cliTier as Tier | undefined,
            ruleFilter,
            all,
            dryRun,
            displayPath: (file) => displayPath(file, io.cwd),
            write: (file, expected, text) => writeFixed(file, expected, text, dryRun),
          },
          io,
          configs,
        )
      : { changed: 0, leftAsIs: 0, rendered: new Set<string>() };
  const files: ParsedFile[] = [];
  if (paths.includes('-')) files.push(parseText('-', io.readStdin()));
  for (const file of collected.files) {
    const loaded = loadFile(file);
    if ('file' in loaded) files.push(loaded.file);
    else io.stderr(`kubetier: ${escapeControl(file)}: skipped (${escapeControl(loaded.skipped)})`);
  }
  const index = WorkspaceIndex.of(files);
  const accept: FixAllOptions['accept'] = ruleFilter ? (rule) => ruleFilter.has(rule.id) : undefined;
  let changedFiles = rendered.changed;
  let leftAsIs = rendered.leftAsIs;
  for (const file of files) {
    // A Helm template is not YAML until rendered: editing it as YAML could break the template. An
    // overlay's resource or patch is fixed for what the overlay builds from it, above.
    if (file.isHelmTemplate || rendered.rendered.has(path.resolve(file.path))) continue;
    const settings = resolveSettings(file.text, file.path === '-' ? undefined : configs.forFile(file.path), { kubernetesVersion }, cliTier as Tier | undefined);
    const { result, left } = fixFile(file, { rules: RULES, settings, index, accept }, all);
    const shown = escapeControl(displayPath(file.path, io.cwd));
    for (const reason of result.notApplied) io.stderr(`kubetier fix: ${shown}: ${escapeControl(reason)}`);
    if (file.path === '-') {
      if (dryRun) io.stdout(unifiedDiff('-', file.text, result.text));
      else if (io.stdoutRaw) io.stdoutRaw(result.text);
      else io.stdout(result.text.replace(/\n$/, ''));
      if (result.text !== file.text) {
        changedFiles++;
        io.stderr(`fixed -: ${describeFixed(result.fixed)}`);
      }
      continue;
    }
    if (left) io.stderr(`${shown}: ${left}`);
    if (result.text === file.text) continue;
    const notWritten = writeFixed(file.path, file.text, result.text, dryRun);
    if (notWritten) {
      io.stderr(`kubetier fix: ${shown}: ${escapeControl(notWritten)}`);
      leftAsIs++;
      continue;
    }
    // Later files' workspace rules see this file as fixed.
    index.set(parseText(file.path, result.text));
    changedFiles++;
    if (dryRun) io.stdout(unifiedDiff(shown, file.text, result.text));
    else io.stderr(`fixed ${shown}: ${describeFixed(result.fixed)}`);
  }
  io.stderr(`kubetier fix: ${changedFiles} file${changedFiles === 1 ? '' : 's'} ${dryRun ? 'would change' : 'changed'}`);
  return leftAsIs > 0 ? 1 : 0;
}
