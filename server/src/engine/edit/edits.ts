// Turns fix operations (data) into text changes that touch only what they must.
// Every operation is a splice located with the parser's source positions and
// re-parsed before the next one: the document is never re-encoded, so comments,
// key order, quoting and untouched lines stay byte-identical. The pieces: source.ts
// locates, operations.ts decides per operation kind, splices.ts writes the splice,
// render.ts and style.ts make new text look like the file's own.
import type { FixOperation } from '../lint/rule';
import type { NodePath } from '../types';
import { parseYamlDocuments } from '../yaml/parse';
import { applyAddDocument, runOperation } from './operations';
import { Source } from './source';
import type { Context, Splice } from './splices';
import { detectStyle } from './style';

/** Where a fix's object lives: its document and its path inside it (List items). */
export interface FixTarget {
  documentIndex: number;
  basePath: NodePath;
}

/** Upper bound on operations run for one fix (deep sets expand into several). */
const MAX_STEPS = 1000;

/**
 * Applies a fix's operations to the text and returns the new text. Operations
 * that would change nothing (the value is already there) change nothing, so
 * applying the result again is a no-op; an operation that cannot apply (an
 * alias on the path, a scalar where a map is needed) is skipped.
 */
export function applyOperations(text: string, target: FixTarget, operations: readonly FixOperation[], style = detectStyle(text)): string {
  let current = text;
  const queue = [...operations];
  let addedDocuments = 0;
  for (let steps = 0; queue.length > 0 && steps < MAX_STEPS; steps++) {
    const operation = queue.shift()!;
    const list = parseYamlDocuments(current);
    const document = list[target.documentIndex];
    if (!document || document.errors.length > 0) continue;
    let splice: Splice | undefined;
    if (operation.op === 'addDocument') {
      splice = applyAddDocument(current, list, target.documentIndex + addedDocuments, operation.value, style);
      if (splice) addedDocuments++;
    } else {
      const context: Context = { source: new Source(current), document, style, basePath: target.basePath };
      const outcome = runOperation(context, operation);
      splice = outcome.splice;
      if (outcome.followUps) queue.unshift(...outcome.followUps);
    }
    if (splice) current = current.slice(0, splice.start) + splice.text + current.slice(splice.end);
  }
  return current;
}
