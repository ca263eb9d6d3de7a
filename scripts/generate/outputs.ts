// Everything `npm run generate` writes, derived from the rule registry so docs, the config schema, the
// settings manifest and the README's tables cannot drift from the code. scripts/generate.mjs bundles this module and writes the
// files; test/unit/generate.test.ts compares them with the checkout.
import { DEFAULT_KUBERNETES_VERSION } from '../../server/src/engine/lint/config';
import { renderRulesMarkdown } from '../../server/src/engine/lint/docs';
import { describeTierTable, type Rule } from '../../server/src/engine/lint/rule';
import { TIER_NAMES, TIERS } from '../../server/src/engine/types';
import { CHECKLIST_ITEMS } from '../../server/src/checklist';
import { RULES } from '../../server/src/rules';

export const RULES_DOC = 'docs/rules.md';
export const CONFIG_SCHEMA = 'schemas/kubetier-config.schema.json';
export const PACKAGE_JSON = 'package.json';
export const README = 'README.md';

const SEVERITY_OR_OFF = ['off', 'hint', 'info', 'warning', 'error'];

function ruleSummary(rule: Rule): string {
  return `${rule.title} (${describeTierTable(rule.tiers)}).`;
}

/** JSON schema of `.kubetier.yaml` (the keys engine/lint/config.ts parseConfigFile accepts). */
export function configSchema(rules: readonly Rule[] = RULES): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/kubetier/kubetier/blob/main/schemas/kubetier-config.schema.json',
    title: 'kubetier configuration (.kubetier.yaml)',
    description:
      'Applies to the folder holding the file and every folder below it, unless a nearer .kubetier.yaml exists. A `# kubetier: tier=N` modeline in a manifest wins over it; the kubetier.tier setting comes after it.',
    type: 'object',
    additionalProperties: false,
    properties: {
      tier: {
        description: 'Target maturity tier for the manifests under this folder.',
        type: 'integer',
        enum: [...TIERS],
        markdownEnumDescriptions: TIERS.map((tier) => `Tier ${tier}: ${TIER_NAMES[tier]}`),
      },
      kubernetesVersion: {
        description: `Target Kubernetes minor version, for removed and deprecated apiVersions and schemas (default ${DEFAULT_KUBERNETES_VERSION}).`,
        type: 'string',
        pattern: '^1\\.\\d{1,2}$',
        examples: [DEFAULT_KUBERNETES_VERSION],
      },
      rules: {
        description: 'Severity overrides by rule id (built in, or a customRules id); `off` disables a rule. These win over the kubetier.rules setting.',
        type: 'object',
        // A customRules id is a key too; kubetier itself reports an id that is neither.
        additionalProperties: { $ref: '#/definitions/severity' },
        properties: Object.fromEntries(rules.map((rule) => [rule.id, { description: ruleSummary(rule), $ref: '#/definitions/severity' }])),
      },
      ignore: {
        description: 'Glob patterns, relative to this file, of YAML files that folder linting skips (a file named explicitly is still linted).',
        type: 'array',
        items: { type: 'string' },
      },
      helm: {
        description: 'How the charts under this folder are rendered with `helm template` (kubetier lints what the chart renders).',
        type: 'object',
        additionalProperties: false,
        properties: {
          releaseName: { description: 'Release name passed to helm template (default: the chart name).', type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 53 },
          namespace: { description: 'Namespace passed to helm template (default: default).', type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
          valueSets: {
            description:
              'The value sets to render, each a list of values files relative to the chart folder, applied in order. Default: values.yaml alone, and values.yaml with each values-*.yaml / values.*.yaml beside it.',
            type: 'array',
            items: { type: 'array', items: { type: 'string' } },
            examples: [[['values.yaml'], ['values.yaml', 'values-prod.yaml']]],
          },
        },
      },
      checklist: {
        description: 'The tier checklist for the files under this folder.',
        type: 'object',
        additionalProperties: false,
        properties: {
          waived: {
            description:
              'Checklist items these files cannot meet by design, each with the reason (for example a bundle generated without GitOps). A waived item that is missing is reported as not applicable, with the reason, and leaves the tier percentage.',
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item.id, { description: `Tier ${item.tier}: ${item.title}. Why it cannot be met.`, type: 'string', minLength: 1 }])),
          },
        },
      },
      ...policySchemaProperties(),
    },
    definitions: {
      severity: { type: 'string', enum: SEVERITY_OR_OFF },
    },
  };
}

/** `customRules:` and `policies:` (engine/policy/customRules.ts and the policy folders), in the config schema. */
function policySchemaProperties(): Record<string, object> {
  return {
    customRules: {
      description: 'Your own rules: a CEL expression that must hold for each matching object. They lint, suppress, hover and report (SARIF included) like the built-in rules.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'expression'],
        properties: {
          id: { description: 'Rule id (kebab-case, not a built-in id): the diagnostic code and the suppression key.', type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
          title: { description: 'What the rule asks, shown in hover and SARIF.', type: 'string' },
          match: {
            description: 'The objects the rule checks (all when absent).',
            type: 'object',
            additionalProperties: false,
            properties: {
              kinds: { description: 'Kinds, e.g. [Deployment, StatefulSet]; "*" for any.', type: 'array', items: { type: 'string' } },
              apiGroups: { description: 'API groups, e.g. [apps]; "" is the core group, "*" any.', type: 'array', items: { type: 'string' } },
            },
          },
          expression: {
            description: 'CEL expression over `object` (Kubernetes CEL libraries included) that is true when the object complies.',
            type: 'string',
            examples: ["has(object.metadata.labels) && 'team' in object.metadata.labels"],
          },
          message: { description: 'The finding when the expression is false.', type: 'string' },
          messageExpression: { description: 'CEL expression giving the message (a string); `message` is used when it fails.', type: 'string' },
          fieldPath: { description: 'Where the finding goes in the object, e.g. metadata.labels or spec.containers[0].image (the object when absent).', type: 'string' },
          tiers: {
            description: 'Severity from each tier up, e.g. { 2: warning, 3: error } (default: warning at every tier).',
            type: 'object',
            additionalProperties: false,
            patternProperties: { '^[1-5]$': { $ref: '#/definitions/severity' } },
          },
          docs: { description: 'Why the rule exists and how to fix a finding (text), or a link to its documentation.', type: 'string' },
        },
      },
    },
    policies: {
      description: 'Folders (relative to this file) of ValidatingAdmissionPolicies, their bindings and Kyverno policies, evaluated against the manifests like those of the workspace.',
      type: 'array',
      items: { type: 'string' },
    },
  };
}

/** The `kubetier.rules` setting of package.json: severities by rule id, the ids an enum so editors complete them. */
export function rulesSetting(rules: readonly Rule[] = RULES): object {
  return {
    type: 'object',
    default: {},
    scope: 'resource',
    propertyNames: { enum: rules.map((rule) => rule.id) },
    additionalProperties: { type: 'string', enum: SEVERITY_OR_OFF },
    markdownDescription:
      'Severity overrides by rule id, for example `{ "privileged": "off" }`. `rules:` in `.kubetier.yaml` wins over this setting. Rule ids: [the rule catalog](https://github.com/kubetier/kubetier/blob/main/docs/rules.md).',
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** package.json with the kubetier.rules setting regenerated; everything else is kept as it is. */
export function packageJsonWithRules(packageJsonText: string, rules: readonly Rule[] = RULES): string {
  const manifest = JSON.parse(packageJsonText);
  const sections = Array.isArray(manifest.contributes?.configuration) ? manifest.contributes.configuration : [manifest.contributes?.configuration];
  const section = sections.find((candidate: { properties?: Record<string, unknown> } | undefined) => candidate?.properties?.['kubetier.rules']);
  if (!section) throw new Error('package.json has no contributes.configuration property kubetier.rules');
  section.properties['kubetier.rules'] = rulesSetting(rules);
  return json(manifest);
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`; other text is kept. */
export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}${text.slice(to)}`;
}

function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** Settings table from package.json `contributes.configuration`. */
export function settingsTable(packageJsonText: string): string {
  const manifest = JSON.parse(packageJsonText);
  const sections = [manifest.contributes?.configuration ?? []].flat() as { properties?: Record<string, Record<string, unknown>> }[];
  const rows = sections.flatMap((section) =>
    Object.entries(section.properties ?? {}).map(([key, property]) => {
      const choices = Array.isArray(property.enum) && property.enum.every((value) => typeof value === 'string') ? ` One of: ${property.enum.map((value) => `\`${value}\``).join(', ')}.` : '';
      const description = `${String(property.markdownDescription ?? property.description ?? '')}${choices}`;
      return `| \`${key}\` | \`${JSON.stringify(property.default)}\` | ${cell(description)} |`;
    }),
  );
  return ['| Setting | Default | Description |', '|---|---|---|', ...rows, ''].join('\n');
}

/** Compact rule table for the README; docs/rules.md has the details. */
export function rulesTable(rules: readonly Rule[] = RULES): string {
  const rows = rules.map((rule) => `| [\`${rule.id}\`](docs/rules.md#${rule.id}) | ${cell(rule.title)} | ${describeTierTable(rule.tiers)} |`);
  return ['| Rule | Checks that | Severity by tier |', '|---|---|---|', ...rows, ''].join('\n');
}

export function readmeWithTables(readme: string, packageJsonText: string, rules: readonly Rule[] = RULES): string {
  return replaceSection(replaceSection(readme, 'settings', settingsTable(packageJsonText)), 'rules', rulesTable(rules));
}

/** Generated files by repository path, from the current text of the files they are derived from. */
export function generatedFiles(read: (file: string) => string | undefined): Record<string, string> {
  const packageJson = packageJsonWithRules(read(PACKAGE_JSON) ?? '{}');
  return {
    [RULES_DOC]: renderRulesMarkdown(RULES),
    [CONFIG_SCHEMA]: json(configSchema()),
    [PACKAGE_JSON]: packageJson,
    [README]: readmeWithTables(read(README) ?? '', packageJson),
  };
}
