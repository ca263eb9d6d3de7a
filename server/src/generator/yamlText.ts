// YAML text of the files kubetier writes. Every scalar goes through the yaml library's own quoting, for
// both readers a manifest meets: kubetier and editors read YAML 1.2, kubectl and Helm read YAML 1.1 scalars
// (sigs.k8s.io/yaml). A string either schema would take for something else (null, true, on, 0644, 1e3,
// 2001-12-14) is written double-quoted, so any name gives the same strings to both.
import { Document, Scalar, visit } from 'yaml';

/** The implicit types of the YAML 1.1 schema (null, bool, int, float, timestamp, merge): plain text they match is not a string there. */
const YAML11_IMPLICIT: RegExp[] = new Document(null, { version: '1.1' }).schema.tags.flatMap((tag) => (tag.default && tag.test ? [tag.test] : []));

function readAsOtherTypeByYaml11(text: string): boolean {
  return YAML11_IMPLICIT.some((test) => test.test(text));
}

export interface YamlTextOptions {
  /** Indent sequences under their key (the Kubernetes docs' style); Kubebuilder's PROJECT file does not. */
  indentSeq?: boolean;
}

/** One document as YAML 1.2 text that YAML 1.1 readers read the same way. */
export function toYaml(value: unknown, options: YamlTextOptions = {}): string {
  // An object reused in two places would otherwise become an anchor and an alias: write it out twice.
  const document = new Document(value, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      // YAML 1.2 quoting is the library's default; add what YAML 1.1 would read differently.
      if (typeof node.value === 'string' && readAsOtherTypeByYaml11(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return document.toString({ lineWidth: 0, indent: 2, indentSeq: options.indentSeq ?? true });
}
