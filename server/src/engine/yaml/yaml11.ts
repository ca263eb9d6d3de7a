// Plain scalars that YAML 1.1 readers and YAML 1.2 readers take differently. kubectl, Helm and the
// API machinery read manifests with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 scalars); kubetier, editors
// and most linters read YAML 1.2. The same text then means two things.

/** Read as booleans by YAML 1.1, as strings by YAML 1.2 (`true`/`false` mean the same in both). */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
/** Read as octal integers by YAML 1.1 (0644 = 420), as decimal by YAML 1.2 (644). */
const YAML11_OCTAL = /^[-+]?0[0-7]+$/;

export type Yaml11Reading = { kind: 'boolean'; yaml11: boolean } | { kind: 'octal'; yaml11: number };

/** What YAML 1.1 makes of a plain scalar's text, when it differs from YAML 1.2; undefined when both agree. */
export function yaml11Reading(plainText: string): Yaml11Reading | undefined {
  if (YAML11_BOOLEAN.test(plainText)) return { kind: 'boolean', yaml11: YAML11_TRUE.test(plainText) };
  if (YAML11_OCTAL.test(plainText)) return { kind: 'octal', yaml11: parseInt(plainText, 8) };
  return undefined;
}
