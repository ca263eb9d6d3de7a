// Go to definition and find references over links: from a cursor (an object and a path in it) to
// the nodes it names, and from a named node (a name, a data key, a port, pod labels) to what names it.
import type { NodePath } from '../types';
import type { WorkspaceIndex } from '../workspace/workspace';
import type { KubeObject } from '../yaml/model';
import type { NodeRef } from './lens';
import { linksAt, linksInto, linksTo, NAME_PATH } from './resolve';

/** The `kind:` line and the name stand for the whole object. */
function standsForObject(path: NodePath): boolean {
  return path.length === 0 || (path.length === 1 && path[0] === 'kind') || (path.length === 2 && path[0] === 'metadata' && path[1] === 'name');
}

/** What the reference at the cursor points at (nothing when the cursor is on no reference). */
export function definitionsAt(index: WorkspaceIndex, object: KubeObject, path: NodePath): NodeRef[] {
  return linksAt(index, object, path).map((link) => ({ object: link.to, path: link.toPath }));
}

/** The nodes a cursor is about: what a reference there names, else the node under it. */
export function subjectsAt(index: WorkspaceIndex, object: KubeObject, path: NodePath): NodeRef[] {
  const named = definitionsAt(index, object, path);
  if (named.length > 0) return named;
  return [{ object, path: standsForObject(path) ? NAME_PATH : path }];
}

/** The references to what the cursor is about (its declarations first when asked). */
export function referencesAt(index: WorkspaceIndex, object: KubeObject, path: NodePath, includeDeclaration: boolean): NodeRef[] {
  const subjects = subjectsAt(index, object, path);
  const references = subjects.flatMap((subject) => {
    // On the name: what names the object or selects it (a key or port reference is the key's or port's).
    const links = standsForObject(subject.path)
      ? linksTo(index, subject.object).filter((link) => link.namesTarget || link.relation === 'selects')
      : linksInto(index, subject.object, subject.path);
    return links.map((link) => ({ object: link.from, path: link.fromPath }));
  });
  return includeDeclaration ? [...subjects, ...references] : references;
}
