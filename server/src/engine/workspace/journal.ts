import { LineIndex } from '../yaml/lines';
import type { KubeObject, ParsedDocument, ParsedFile } from '../yaml/model';

/**
 * Objects that changes replaced: the versions removed and those added. An object whose value
 * is the same (an untouched document of an incrementally re-parsed file) is in neither.
 */
export interface ObjectChanges {
  removed: KubeObject[];
  added: KubeObject[];
}

interface JournalEntry extends ObjectChanges {
  generation: number;
  /** A kustomization changed, or the first/last Secret or ConfigMap producer came or went: any answer may differ. */
  wholesale: boolean;
}

/** How many changes the index remembers for changesSince (older callers start over). */
const JOURNAL_LENGTH = 32;

const EMPTY_LINES = new LineIndex('');

/**
 * Objects as the journal keeps them: identity, value and file path, without the file's text and
 * trees (a journal of whole files would keep the text of every keystroke alive).
 */
function detached(objects: KubeObject[]): KubeObject[] {
  const files = new Map<ParsedFile, ParsedFile>();
  return objects.map((object) => {
    let file = files.get(object.file);
    if (!file) {
      file = { path: object.file.path, text: '', lines: EMPTY_LINES, documents: [], objects: [], problems: [], isHelmTemplate: object.file.isHelmTemplate };
      files.set(object.file, file);
    }
    return { ...object, file, document: detachedDocument(object.document.index, object.document.value) };
  });
}

/** Made here, not in detached(): a getter made there would share its scope and keep the real files alive. */
function detachedDocument(index: number, value: unknown): ParsedDocument {
  return {
    index,
    get ast(): never {
      throw new Error('a journalled object has no syntax tree');
    },
    span: [0, 0],
    value,
    objects: [],
    problems: [],
  };
}

/** The last changes to the index, numbered by generation: what incremental lint re-checks against. */
export class ChangeJournal {
  private generationCount = 0;
  private entries: JournalEntry[] = [];

  /** Counts recorded changes: `changesSince` tells what changed after a generation. */
  get generation(): number {
    return this.generationCount;
  }

  /** Journals a change: objects whose value left or came (an untouched document keeps its value object). */
  record(before: readonly KubeObject[], after: readonly KubeObject[], wholesale: boolean): void {
    const beforeValues = new Set(before.map((object) => object.value));
    const afterValues = new Set(after.map((object) => object.value));
    this.entries.push({
      generation: ++this.generationCount,
      removed: detached(before.filter((object) => !afterValues.has(object.value))),
      added: detached(after.filter((object) => !beforeValues.has(object.value))),
      wholesale,
    });
    if (this.entries.length > JOURNAL_LENGTH) this.entries.shift();
  }

  /**
   * The objects removed and added since `generation`; undefined when the journal no longer
   * remembers that far back, or when a change may alter any answer (a wholesale change).
   */
  changesSince(generation: number): ObjectChanges | undefined {
    const entries = this.entries.filter((entry) => entry.generation > generation);
    if (generation > this.generationCount || entries.length !== this.generationCount - generation || entries.some((entry) => entry.wholesale)) return undefined;
    return { removed: entries.flatMap((entry) => entry.removed), added: entries.flatMap((entry) => entry.added) };
  }
}
