import { URI } from 'vscode-uri';

/** File path for file: URIs (what .kubetier.yaml lookup and the index use); the URI itself otherwise. */
export function uriToPath(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : uri;
}

/** Inverse of uriToPath. */
export function pathToUri(path: string): string {
  return /^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : URI.file(path).toString();
}
