import { isScalar } from 'yaml';
import { findNode } from '../engine/yaml/locate';
import type { KubeObject } from '../engine/yaml/model';
import { yaml11Reading } from '../engine/yaml/yaml11';
import type { SchemaProblem } from '../schema/errors';
import { deprecationOf } from '../engine/kube/deprecations';
import { defineRule, type RuleContext } from '../engine/lint/rule';
import { isClusterObject } from '../engine/workspace/scope';
import { workspaceCrdKinds } from '../schema/crd';
import { diagnoseUnknownKind } from '../schema/kinds';
import { splitGvk } from '../schema/store';
import type { SchemaValidator } from '../schema/validate';
import { quoteHint, sharedSchemaValidator } from './support/schemaTypes';

/**
 * No schema describes the object: a typo in a built-in kind or apiVersion, a kind of a group the
 * workspace does not define, or a removed API (deprecated-api's). Tool configs (kustomization, skaffold)
 * are only told when they name a built-in kind under a misspelt group.
 */
function reportUnknownKind(validator: SchemaValidator, { object, settings, index, report }: Omit<RuleContext, 'tier'>): void {
  if (deprecationOf(object)) return;
  const known = [...validator.store.knownKinds(settings.kubernetesVersion), ...workspaceCrdKinds(index).map((gvk) => splitGvk(gvk, 'workspace-crd'))];
  const diagnosis = diagnoseUnknownKind(object.apiVersion, object.kind, known);
  if (!diagnosis || (diagnosis.severity === 'info' && !isClusterObject(object))) return;
  report({
    path: diagnosis.apiVersion ? ['apiVersion'] : ['kind'],
    severity: diagnosis.severity,
    message: diagnosis.message,
    advice: diagnosis.advice,
    data: diagnosis.apiVersion ? { apiVersion: diagnosis.apiVersion } : undefined,
  });
}

/**
 * A "must be a boolean, not a string" about an unquoted `yes`/`on`/`off`...: kubectl (YAML 1.1) reads
 * it as the boolean, so the schema complaint contradicts what happens; yaml11-ambiguous says what does.
 */
function readAsBooleanByKubectl(object: KubeObject, problem: SchemaProblem): boolean {
  if (problem.at !== 'value' || !/must be a boolean/.test(problem.message)) return false;
  const { node } = findNode(object.document, [...object.basePath, ...problem.path]);
  if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) return false;
  return yaml11Reading(object.file.text.slice(node.range[0], node.range[1]))?.kind === 'boolean';
}

export default defineRule({
  id: 'schema-validation',
  title: 'Objects match the API schema of their kind',
  category: 'validity',
  // The API server rejects all of these: wrong types and missing required fields always, unknown
  // fields under kubectl's default strict field validation (1.27+). Bundled CRD schemas may be older
  // or newer than the operator a cluster runs, so their findings are warnings.
  tiers: { 1: 'error' },
  severityNote:
    'Error against Kubernetes schemas and CustomResourceDefinitions in the workspace, and for a kind or apiVersion they do not serve (with a did-you-mean); warning against the bundled CRD schemas, which may differ from the operator version you run; info for a kind of an API group no schema knows (add its CRD to the workspace).',
  rationale:
    'A manifest with an unknown field, a wrong type or a missing required field is rejected at apply time (or silently loses the field): catching it while typing saves a failed deploy.',
  remediation:
    'Fix the field name or value the message names, following the schema of the kind (hover a field for its description); set kubernetesVersion to the cluster version so the right schema is used.',
  appliesTo: (object) => !object.file.isHelmTemplate,
  check({ object, settings, index, report }) {
    const validator = sharedSchemaValidator();
    const result = validator?.validate(object, settings.kubernetesVersion, index);
    if (!result) {
      const [served] = validator?.store.servingApiVersions(settings.kubernetesVersion, object.apiVersion, object.kind) ?? [];
      if (served) {
        report({
          path: ['apiVersion'],
          message: `${object.apiVersion} has no kind ${object.kind}, so the API server rejects it`,
          advice: `Use apiVersion: ${served}.`,
          data: { apiVersion: served },
        });
      } else if (validator) reportUnknownKind(validator, { object, settings, index, report });
      return;
    }
    const { schema } = result;
    for (const problem of result.problems) {
      if (readAsBooleanByKubectl(object, problem)) continue;
      report({
        path: problem.path,
        at: problem.at,
        // The source stays inside the problem's sentence; a hint follows as its own ("... (Kubernetes 1.31 schema). Did you mean ...?").
        message: `${problem.message} (${schema.describedAs})`,
        advice: problem.hint ?? quoteHint(object, problem),
        severity: schema.origin === 'crd' ? 'warning' : undefined,
        data: problem.rename ? { path: [...problem.path], newKey: problem.rename } : undefined,
      });
    }
  },
  fix: {
    // Only for unknown fields that look like a typo of an allowed one, and kinds under a group that does
    // not serve them; offered one by one, as both are guesses.
    title: (data) =>
      typeof data.apiVersion === 'string'
        ? `Set apiVersion to ${data.apiVersion}`
        : typeof data.newKey === 'string'
          ? `Rename to "${data.newKey}"`
          : 'Rename a misspelled field to the allowed one',
    safe: false,
    operations: (_object, data) => {
      if (typeof data.apiVersion === 'string') return [{ op: 'set', path: ['apiVersion'], value: data.apiVersion }];
      return typeof data.newKey === 'string' && Array.isArray(data.path) ? [{ op: 'renameKey', path: data.path as (string | number)[], newKey: data.newKey }] : [];
    },
  },
});
