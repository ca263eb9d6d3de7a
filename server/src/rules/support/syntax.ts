// The name and number syntax the API server validates (k8s.io/apimachinery/pkg/util/validation),
// for the rules that report what it would reject. Each check returns the problem, or undefined.
import type { KubeObject } from '../../engine/yaml/model';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME_CHARS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A value a tool fills in later: a Helm action (blanked to underscores in a chart's skeleton),
 * `{{ }}` left in a plain file, or a `${VAR}` for envsubst or Flux post-build substitution.
 */
export function isPlaceholder(object: KubeObject, value: string): boolean {
  return (object.file.isHelmTemplate && value.includes('__')) || value.includes('{{') || value.includes('${');
}

/** IANA_SVC_NAME: a container port or targetPort name. */
export function ianaSvcNameProblem(name: string): string | undefined {
  if (name.length > 15) return `is ${name.length} characters long; a port name may have at most 15`;
  if (!IANA_SVC_NAME_CHARS.test(name)) return 'may hold only lowercase letters, digits and "-", and must start and end with a letter or digit';
  if (name.includes('--')) return 'must not hold "--"';
  if (!/[a-z]/.test(name)) return 'must hold at least one letter (a number belongs in an integer field)';
  return undefined;
}

/** DNS-1123 label: a Service port name. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return `is ${name.length} characters long; at most 63 are allowed`;
  if (!DNS_LABEL.test(name)) return 'may hold only lowercase letters, digits and "-", and must start and end with a letter or digit';
  return undefined;
}

/** A port number field: an integer from 1 to 65535. */
export function portNumberProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : `${value} is not a port number (1-65535)`;
}

/** A label (or annotation) key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'holds more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'has an empty prefix before "/"';
    if (prefix.length > 253) return `has a prefix of ${prefix.length} characters; at most 253 are allowed`;
    if (!DNS_SUBDOMAIN.test(prefix)) return `has the prefix "${prefix}", which is not a DNS subdomain (lowercase letters, digits, "-" and ".")`;
  }
  if (name.length === 0) return 'has an empty name';
  if (name.length > 63) return `has a name of ${name.length} characters; at most 63 are allowed`;
  if (!QUALIFIED_NAME_PART.test(name)) return 'may hold only letters, digits, "-", "_" and "." after the prefix, and must start and end with a letter or digit';
  return undefined;
}

/** A label value: empty, or at most 63 letters, digits, `-`, `_` and `.` starting and ending with a letter or digit. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `is ${value.length} characters long; at most 63 are allowed`;
  if (!QUALIFIED_NAME_PART.test(value)) return 'may hold only letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}
