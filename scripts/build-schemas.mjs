// Regenerates schemas/ (except kubetier-config.schema.json) from ../shared/schemas-source.
//
//   node scripts/build-schemas.mjs                 write schemas/kubernetes, schemas/crds
//   node scripts/build-schemas.mjs --check         exit 1 when the committed files differ from what would be written
//   --source DIR  (default ../shared/schemas-source)   --out DIR  (default schemas)
//
// Layout (selected per apiVersion+kind at run time, see server/src/schema/store.ts):
//   kubernetes/v1.NN.json.gz   { kubernetesVersion, kinds: { "apps/v1/Deployment": definitionName }, definitions }
//   crds/index.json            { "group/version/Kind": "group/kind_version.json.gz" }
//   crds/<group>/<kind>_<version>.json.gz   one CRD schema; metadata points at the Kubernetes ObjectMeta
// Every schema is made strict the way openapi2jsonschema --strict does (see the source README).
// Files are compared decompressed: gzip bytes may differ between zlib builds, the JSON may not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** `kubectl create --dry-run -o yaml` writes `creationTimestamp: null`. */
const NULLABLE_TIMES = ['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime'];
/** Definitions that carry several group-version-kinds and are never documents of their own. */
const NOT_DOCUMENTS = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']);
/**
 * Kubernetes' OpenAPI v2 lists no enums: the allowed values are only in the descriptions. These are
 * copied from those descriptions for the most used fields, so completion offers them and a typo such
 * as `imagePullPolicy: Alway` is caught (the API server rejects it as "Unsupported value"). The
 * hardened choice comes first where there is one. Applied only where the field exists.
 */
const ENUMS = {
  'io.k8s.api.core.v1.Container': { imagePullPolicy: ['IfNotPresent', 'Always', 'Never'] },
  'io.k8s.api.core.v1.EphemeralContainer': { imagePullPolicy: ['IfNotPresent', 'Always', 'Never'] },
  'io.k8s.api.core.v1.PodSpec': {
    restartPolicy: ['Always', 'OnFailure', 'Never'],
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    sessionAffinity: ['None', 'ClientIP'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  },
  'io.k8s.api.core.v1.ServicePort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.core.v1.ContainerPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.core.v1.SeccompProfile': { type: ['RuntimeDefault', 'Localhost', 'Unconfined'] },
  'io.k8s.api.core.v1.Toleration': { operator: ['Equal', 'Exists'], effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute', ''] },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { volumeMode: ['Filesystem', 'Block'] },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['RollingUpdate', 'Recreate'] },
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: ['RollingUpdate', 'OnDelete'] },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'io.k8s.api.batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'io.k8s.api.networking.v1.HTTPIngressPath': { pathType: ['Prefix', 'Exact', 'ImplementationSpecific'] },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: ['AlwaysAllow', 'IfHealthyBudget'] },
};

function addEnums(definitions) {
  for (const [name, fields] of Object.entries(ENUMS)) {
    for (const [field, values] of Object.entries(fields)) {
      const property = definitions[name]?.properties?.[field];
      if (property?.type === 'string') property.enum = values;
    }
  }
}

/** Files copied verbatim next to the schemas they license (listed in NOTICE). */
const COPIED = [
  ['kubernetes/LICENSE.cdk8s-Apache-2.0.txt', 'kubernetes/LICENSE.cdk8s-Apache-2.0.txt'],
  ['kubernetes/PROVENANCE.tsv', 'kubernetes/PROVENANCE.tsv'],
  ['crds/LICENSE.CRDs-catalog-MIT.txt', 'crds/LICENSE.CRDs-catalog-MIT.txt'],
  ['crds/PROVENANCE.tsv', 'crds/PROVENANCE.tsv'],
];

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** makeStrict comes from the server's own module, so bundled and workspace CRD schemas get the same treatment. */
async function loadStrictModule() {
  const source = fs.readFileSync(path.join(ROOT, 'server/src/schema/strict.ts'), 'utf8');
  const { code } = esbuild.transformSync(source, { loader: 'ts', format: 'esm' });
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return module;
}

const { makeStrict, asResourceSchema } = await loadStrictModule();

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function kubernetesFile(sourceDir, folder) {
  const { definitions } = readJson(path.join(sourceDir, 'kubernetes', folder, '_definitions.json'));
  const kinds = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const gvks = definition['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || NOT_DOCUMENTS.has(name)) continue;
    for (const { group, version, kind } of gvks) {
      const apiVersion = group ? `${group}/${version}` : version;
      kinds[`${apiVersion}/${kind}`] = name;
      definition.title = `${kind} (${apiVersion})`;
    }
  }
  for (const name of NULLABLE_TIMES) if (definitions[name]) definitions[name].type = ['string', 'null'];
  addEnums(definitions);
  for (const definition of Object.values(definitions)) makeStrict(definition);
  const kubernetesVersion = folder.replace(/^v(\d+\.\d+)\.\d+$/, '$1');
  return { name: `kubernetes/v${kubernetesVersion}.json.gz`, json: { kubernetesVersion, source: `kubernetes/${folder}/_definitions.json`, kinds, definitions } };
}

/** The CRD file names are lower-case; the combined schema's `crd.<group>.<version>.<Kind>` names give the CamelCase kind. */
function crdKindNames(sourceDir) {
  const combined = readJson(path.join(sourceDir, 'combined', 'kubernetes-v1.31.0-crds.json'));
  const names = new Map();
  for (const name of Object.keys(combined.definitions)) {
    const match = /^crd\.(.+)\.([^.]+)\.([^.]+)$/.exec(name);
    if (match) names.set(`${match[1]}/${match[3].toLowerCase()}_${match[2]}`, { group: match[1], version: match[2], kind: match[3] });
  }
  return names;
}

function crdFiles(sourceDir) {
  const names = crdKindNames(sourceDir);
  const crdsDir = path.join(sourceDir, 'crds');
  const files = [];
  const index = {};
  for (const group of fs.readdirSync(crdsDir).sort()) {
    const groupDir = path.join(crdsDir, group);
    if (!fs.statSync(groupDir).isDirectory()) continue;
    for (const file of fs.readdirSync(groupDir).sort()) {
      if (!file.endsWith('.json')) continue;
      const base = file.slice(0, -'.json'.length);
      const gvk = names.get(`${group}/${base}`);
      if (!gvk) throw new Error(`no CamelCase kind known for crds/${group}/${file} (not in the combined schema)`);
      const schema = readJson(path.join(groupDir, file));
      const apiVersion = `${gvk.group}/${gvk.version}`;
      asResourceSchema(schema, `${gvk.kind} (${apiVersion})`);
      const name = `crds/${group}/${base}.json.gz`;
      index[`${apiVersion}/${gvk.kind}`] = `${group}/${base}.json.gz`;
      files.push({ name, json: schema });
    }
  }
  if (files.length !== names.size) throw new Error(`expected ${names.size} CRD schemas, found ${files.length}`);
  files.push({ name: 'crds/index.json', json: index });
  return files;
}

/** Every generated file: name (relative to schemas/) and its JSON text, or a verbatim copy. */
export function buildSchemas(sourceDir) {
  if (!fs.existsSync(path.join(sourceDir, 'kubernetes'))) {
    throw new Error(`schema sources not found at ${sourceDir} (expected ../shared/schemas-source next to the checkout)`);
  }
  const folders = fs.readdirSync(path.join(sourceDir, 'kubernetes')).filter((name) => /^v\d+\.\d+\.\d+$/.test(name)).sort();
  const outputs = [...folders.map((folder) => kubernetesFile(sourceDir, folder)), ...crdFiles(sourceDir)].map(({ name, json }) => ({
    name,
    text: JSON.stringify(json),
  }));
  for (const [from, to] of COPIED) outputs.push({ name: to, text: fs.readFileSync(path.join(sourceDir, from), 'utf8') });
  return outputs;
}

function encode(name, text) {
  return name.endsWith('.gz') ? zlib.gzipSync(text, { level: 9 }) : Buffer.from(text);
}

function decode(name, bytes) {
  return name.endsWith('.gz') ? zlib.gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

/** Files under the generated folders, relative to outDir (kubetier-config.schema.json is not ours). */
function existingFiles(outDir) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(outDir, full).split(path.sep).join('/'));
    }
  };
  walk(path.join(outDir, 'kubernetes'));
  walk(path.join(outDir, 'crds'));
  return found;
}

/** Differences between the generated files and those in outDir, as readable lines. */
export function compareSchemas(outputs, outDir) {
  const problems = [];
  const expected = new Set(outputs.map((output) => output.name));
  for (const { name, text } of outputs) {
    const file = path.join(outDir, name);
    if (!fs.existsSync(file)) problems.push(`missing: ${name}`);
    else if (decode(name, fs.readFileSync(file)) !== text) problems.push(`differs: ${name}`);
  }
  for (const name of existingFiles(outDir)) if (!expected.has(name)) problems.push(`not generated (stale): ${name}`);
  return problems;
}

function writeSchemas(outputs, outDir) {
  const expected = new Set(outputs.map((output) => output.name));
  for (const name of existingFiles(outDir)) if (!expected.has(name)) fs.rmSync(path.join(outDir, name));
  for (const { name, text } of outputs) {
    const file = path.join(outDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, encode(name, text));
  }
}

function option(args, name, fallback) {
  const at = args.indexOf(name);
  return at === -1 ? fallback : path.resolve(args[at + 1]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sourceDir = option(args, '--source', path.resolve(ROOT, '../shared/schemas-source'));
  const outDir = option(args, '--out', path.join(ROOT, 'schemas'));
  try {
    const outputs = buildSchemas(sourceDir);
    if (args.includes('--check')) {
      const problems = compareSchemas(outputs, outDir);
      if (problems.length > 0) {
        console.error(`schemas/ is out of date (run node scripts/build-schemas.mjs):\n  ${problems.join('\n  ')}`);
        process.exitCode = 1;
      } else console.log(`schemas/ matches ${sourceDir} (${outputs.length} files)`);
    } else {
      writeSchemas(outputs, outDir);
      console.log(`wrote ${outputs.length} files to ${outDir}`);
    }
  } catch (error) {
    console.error(`build-schemas: ${error.message}`);
    process.exitCode = 2;
  }
}
