import type { KubeObject, ParsedFile } from './model';

/**
 * Every parsed file of a workspace (or of the paths given to the CLI).
 * Rules that look across objects query it; single-file use holds one file.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, ParsedFile>();

  static of(files: Iterable<ParsedFile>): WorkspaceIndex {
    const index = new WorkspaceIndex();
    for (const file of files) index.set(file);
    return index;
  }

  set(file: ParsedFile): void {
    this.files.set(file.path, file);
  }

  delete(path: string): boolean {
    return this.files.delete(path);
  }

  get(path: string): ParsedFile | undefined {
    return this.files.get(path);
  }

  allFiles(): IterableIterator<ParsedFile> {
    return this.files.values();
  }

  *objects(): IterableIterator<KubeObject> {
    for (const file of this.files.values()) yield* file.objects;
  }
}
