// What looks like a secret: names (config keys, env vars) and values (keys, tokens, private key blocks).

/** Split camelCase, snake_case, kebab-case and dotted names into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'secrets', 'token', 'credential', 'credentials', 'apikey', 'passphrase']);
const SECRET_PAIRS: [string, string][] = [
  ['api', 'key'],
  ['private', 'key'],
  ['access', 'key'],
  ['secret', 'key'],
  ['client', 'secret'],
  ['auth', 'key'],
  ['account', 'key'],
  ['storage', 'key'],
  ['batch', 'key'],
  ['master', 'key'],
  ['shared', 'key'],
  ['signing', 'key'],
  ['encryption', 'key'],
  ['key', 'content'],
];
/** Words that make a name about a secret rather than the secret itself (secretName, tokenTTL, passwordFile). */
const REFERENCE_WORDS = new Set([
  'name', 'names', 'ref', 'reference', 'file', 'path', 'dir', 'ttl', 'policy', 'length', 'len', 'min', 'max', 'enabled',
  'enable', 'disabled', 'url', 'uri', 'endpoint', 'expiry', 'expiration', 'expires', 'timeout', 'duration', 'type', 'header',
  'mount', 'namespace', 'id', 'field', 'prefix', 'suffix', 'format', 'algorithm', 'audience', 'issuer', 'lifetime', 'period',
  'rotation', 'store', 'provider', 'source', 'selector', 'mode', 'method', 'regex', 'pattern', 'hash', 'salt', 'count',
]);

/** Whether a config key or environment variable name denotes a secret value. */
export function isSensitiveName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((word) => REFERENCE_WORDS.has(word))) return false;
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  return SECRET_PAIRS.some(([first, second]) => words.some((word, i) => word === first && words[i + 1] === second));
}

const SECRET_VALUES: { pattern: RegExp; what: string }[] = [
  { pattern: /-{3,}BEGIN (?:[A-Z]+ )?PRIVATE KEY-{3,}/, what: 'a private key' },
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, what: 'a JSON Web Token' },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, what: 'a GitHub token' },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/, what: 'a Slack token' },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, what: 'a Google API key' },
  { pattern: /"type":\s*"service_account"[\s\S]*"private_key"/, what: 'a Google service account key' },
];

/** What kind of secret a value looks like, or undefined. */
export function secretValueKind(value: string): string | undefined {
  return SECRET_VALUES.find((entry) => entry.pattern.test(value))?.what;
}

/** A literal worth protecting: non-empty, not a `$(VAR)` expansion or `${...}` placeholder. */
export function isLiteralValue(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !/^\$[({]/.test(value.trim());
}
