import type { ParsedFile } from '../engine/yaml/model';
import type { IndexQueries } from '../engine/workspace/queries';

interface Memo {
  files: ParsedFile[];
  value: unknown;
}

const memos = new WeakMap<IndexQueries, Map<(files: ParsedFile[]) => unknown, Memo>>();

function sameFiles(index: IndexQueries, files: ParsedFile[]): boolean {
  let i = 0;
  for (const file of index.allFiles()) if (files[i++] !== file) return false;
  return i === files.length;
}

/**
 * A fact derived from every file of the index (the CRDs it defines, the files its kustomizations
 * patch), rebuilt only when a file was added, replaced or removed. Checking costs one comparison per
 * file, so asking for every object of a large workspace stays cheap.
 */
export function indexFact<T>(index: IndexQueries, build: (files: ParsedFile[]) => T): T {
  let byBuilder = memos.get(index);
  if (!byBuilder) memos.set(index, (byBuilder = new Map()));
  const memo = byBuilder.get(build);
  if (memo && sameFiles(index, memo.files)) return memo.value as T;
  const files = [...index.allFiles()];
  const value = build(files);
  byBuilder.set(build, { files, value });
  return value;
}
