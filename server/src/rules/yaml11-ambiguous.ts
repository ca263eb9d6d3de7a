import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { KubeObject } from '../engine/yaml/model';
import { defineRule } from '../engine/lint/rule';
import type { NodePath } from '../engine/types';
import { yaml11Reading, type Yaml11Reading } from '../engine/yaml/yaml11';
import { textExpectedAt } from './support/schemaTypes';

interface Ambiguity {
  path: NodePath;
  text: string;
  reading: Yaml11Reading;
}

/** YAML 1.2 reads the ambiguous texts as short strings (yes, Off) or integers (0644 as 644); skip the rest unread. */
function mayBeAmbiguous(value: unknown): boolean {
  return (typeof value === 'string' && value.length <= 3) || Number.isInteger(value);
}

/**
 * Unquoted values (not keys) under a node whose text YAML 1.1 reads differently. `path` is one stack
 * pushed and popped on the way down, copied only for a hit: most manifests have none.
 */
function ambiguities(node: unknown, path: (string | number)[], text: string, found: Ambiguity[]): Ambiguity[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') continue;
      path.push(key);
      ambiguities(pair.value, path, text, found);
      path.pop();
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      path.push(i);
      ambiguities(item, path, text, found);
      path.pop();
    });
  } else if (isScalar(node) && node.type === 'PLAIN' && node.range && mayBeAmbiguous(node.value)) {
    const source = text.slice(node.range[0], node.range[1]);
    const reading = yaml11Reading(source);
    if (reading) found.push({ path: [...path], text: source, reading });
  }
  return found;
}

function objectNode(object: KubeObject): Node | null | undefined {
  const { ast } = object.document;
  return (object.basePath.length === 0 ? ast.contents : ast.getIn(object.basePath, true)) as Node | null | undefined;
}

export default defineRule({
  id: 'yaml11-ambiguous',
  title: 'Values mean the same to kubectl and to YAML 1.2 tools',
  category: 'validity',
  tiers: { 1: 'warning' },
  severityNote: 'Octal-looking numbers are info: kubectl reads them as the octal the author usually meant.',
  rationale:
    'kubectl and Helm read manifests as YAML 1.1, where unquoted yes/no/on/off/y/n are booleans and 0644 is octal 420; YAML 1.2 tools (editors, kubetier, kustomize plugins, yq) read the string "yes" and the number 644. A ConfigMap value `enabled: on` is then rejected by the API server (a boolean where a string belongs), and a file mode means different things to different tools.',
  remediation: 'Quote a value meant as a string ("yes"); write true/false for a boolean; write a file mode in decimal (420) so every reader agrees.',
  check({ object, settings, index, report }) {
    const node = objectNode(object);
    const all = ambiguities(node, [], object.file.text, []);
    // Where the schema wants text, schema-validation reports the value (quote it); advice to write a
    // boolean or a decimal there would contradict it. Validated again only when something is ambiguous.
    const schemaReports = all.length > 0 ? textExpectedAt(object, settings.kubernetesVersion, index) : new Set<string>();
    for (const found of all.filter((entry) => !schemaReports.has(JSON.stringify(entry.path)))) {
      const path = [...found.path];
      if (found.reading.kind === 'boolean') {
        report({
          path,
          message: `Unquoted ${found.text} at ${path.join('.')} is the boolean ${found.reading.yaml11} to kubectl (YAML 1.1) but the string "${found.text}" to YAML 1.2 tools`,
          advice: `Quote it if you mean the string, or write ${found.reading.yaml11} for the boolean.`,
          data: { path, quote: found.text },
        });
      } else {
        report({
          path,
          severity: 'info',
          message: `${found.text} at ${path.join('.')} is octal ${found.reading.yaml11} to kubectl (YAML 1.1) but decimal ${Number(found.text)} to YAML 1.2 tools`,
          advice: `Write ${found.reading.yaml11} so every reader agrees.`,
          data: { path, decimal: found.reading.yaml11 },
        });
      }
    }
  },
  fix: {
    title: (data) =>
      typeof data.quote === 'string' ? `Quote "${data.quote}" (keep it a string)` : typeof data.decimal === 'number' ? `Write it as ${data.decimal} (what kubectl reads)` : 'Make the value mean the same to every reader',
    // Which reading the author meant is theirs to say: never applied by fix-all.
    safe: false,
    operations: (_object, data) => {
      if (!Array.isArray(data.path)) return [];
      const path = data.path as NodePath;
      if (typeof data.quote === 'string') return [{ op: 'set', path, value: data.quote }];
      return typeof data.decimal === 'number' ? [{ op: 'set', path, value: data.decimal }] : [];
    },
  },
});
