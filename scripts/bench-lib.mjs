// Shared by the benchmarks (scripts/bench*.mjs): paths, timing and statistics, engine bundles,
// synthetic manifests, and a JSON-RPC client of the bundled language server over stdio.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Git-ignored (out*), so several benchmark runs never touch tracked files; BENCH_OUT moves it (the smoke test does). */
export const OUT = process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : path.join(ROOT, 'out-bench');
export const DEFAULT_CORPUS = path.join(ROOT, '../shared/corpus/real');
/**
 * BENCH_SMOKE=1: every bench script runs once on tiny inputs, so `npm test` proves it still runs
 * (test/long/bench-smoke.test.ts); its figures mean nothing and its budgets are not judged.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';
/** The corpus a smoke run reads: one small project of the real corpus. */
export const SMOKE_CORPUS = path.join(DEFAULT_CORPUS, 'microservices-demo');
export const require = createRequire(import.meta.url);

/** `--name value` from the command line, or the fallback. */
export function option(args, name, fallback) {
  return args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

export const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

export function time(fn) {
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
}

/** Builds dist/ (client, server, CLI) as `npm run build` does; its output goes to stderr. */
export function buildDist(extraArgs = []) {
  // The smoke test runs after the test runner's own build, beside tests that use dist/: no rebuild under them.
  if (process.env.BENCH_PREBUILT === '1' && extraArgs.length === 0) return;
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs'), ...extraArgs], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error('build failed');
}

/**
 * Bundles `entry` (TypeScript re-exports, resolved from the repo root) into out-bench/<name>.cjs and
 * returns its path. Bundled like dist/, so the benchmarks run the code the server and CLI ship.
 */
export async function bundle(name, entry) {
  mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, `${name}.cjs`);
  await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // As in esbuild.mjs: yaml-language-server's dependencies ship UMD builds esbuild cannot follow.
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export async function loadBundle(name, entry) {
  return require(await bundle(name, entry));
}

const STEMS = ['api', 'web', 'worker', 'cache', 'auth', 'billing', 'search', 'gateway', 'orders', 'notify'];
const NAMESPACES = ['shop', 'payments', 'platform', 'data'];

// One application = these six documents, in this order; they refer to each other as real ones do
// (Service and PDB select the Deployment's pods, the HPA scales it, the Ingress routes to the Service).
const APPLICATION = [
  ({ name, namespace, n }) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${name}
    app.kubernetes.io/part-of: ${namespace}
  annotations:
    owner: team-${namespace}@example.com
spec:
  replicas: 2
  strategy:
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0.${n}
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          envFrom:
            - configMapRef:
                name: ${name}-config
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
          livenessProbe:
            httpGet:
              path: /livez
              port: 8080
            periodSeconds: 20
          securityContext:
            allowPrivilegeEscalation: false
            
`,
  ({ name, namespace }) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 8080
`,
  ({ name, namespace, n }) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${namespace}
data:
  MODE: fast
  LEVEL: "${n % 5}"
  UPSTREAM: http://${STEMS[(n + 1) % STEMS.length]}.${namespace}.svc
  app.properties: |
    server.port=8080
    cache.ttl=${30 + (n % 60)}s
    feature.search=${n % 2 === 0}
`,
  ({ name, namespace }) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: ${name}
`,
  ({ name, namespace }) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`,
  ({ name, namespace }) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  ingressClassName: nginx
  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port:
                  number: 80
`,
];

/**
 * `count` documents of realistic manifests (Deployment, Service, ConfigMap, PDB, HPA, Ingress per
 * application, ~22 lines and ~440 bytes a document on average), every name distinct, in one multi-document text.
 * Each Deployment's container ends with `securityContext:` and a line of 12 spaces, where
 * bench-schemas asks for completion.
 */
export function syntheticManifests(count) {
  const documents = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(i / APPLICATION.length);
    const application = { name: `${STEMS[n % STEMS.length]}-${n}`, namespace: NAMESPACES[n % NAMESPACES.length], n };
    documents.push(APPLICATION[i % APPLICATION.length](application));
  }
  return documents.join('---\n');
}

export const KUBETIER_SERVER = [path.join(ROOT, 'dist/server.js'), '--stdio'];
export const YLS_SERVER = [path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'];

/**
 * Starts a language server (`node <args>`, by default kubetier's dist/server.js) over stdio and runs
 * initialize/initialized, as an editor with no workspace folder does. Without `configuration` it has no
 * `workspace/configuration` support (the server then uses its default settings); with it, it answers
 * each section asked for from that object. `rootUri` and `capabilities` open a workspace folder and
 * advertise more. `startedAt` is when the process was spawned; `initializeMs` runs from then to the
 * initialize answer.
 */
export async function startServer(args = KUBETIER_SERVER, configuration = undefined, { rootUri = null, capabilities = {} } = {}) {
  const protocol = require('vscode-languageserver-protocol/node');
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = protocol.createProtocolConnection(new protocol.StreamMessageReader(child.stdout), new protocol.StreamMessageWriter(child.stdin));
  const waiters = new Set();
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
    const at = performance.now();
    for (const waiter of [...waiters]) waiter(params, at);
  });
  if (configuration) connection.onRequest(protocol.ConfigurationRequest.type, (params) => params.items.map((item) => configuration[item.section] ?? null));
  connection.listen();
  const advertised = configuration ? { ...capabilities, workspace: { ...capabilities.workspace, configuration: true } } : capabilities;
  await connection.sendRequest(protocol.InitializeRequest.type, { processId: process.pid, rootUri, capabilities: advertised });
  const initializeMs = performance.now() - started;
  await connection.sendNotification(protocol.InitializedNotification.type, {});
  return {
    protocol,
    connection,
    pid: child.pid,
    startedAt: started,
    /** CPU time (user + system) the server process has used so far, in ms (Linux /proc; undefined elsewhere). */
    cpuMs() {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name, in clock ticks (100 a second).
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      } catch {
        return undefined;
      }
    },
    initializeMs,
    /**
     * The first publication `accept` takes from now on, with its arrival time (call before sending what
     * causes it). Rejects after `timeoutMs`, so a server that never publishes fails the run instead of hanging it.
     */
    diagnostics(accept, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no diagnostics within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (params, at) => {
          if (!accept(params)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve({ params, at });
        };
        waiters.add(waiter);
      });
    },
    /** Ends a server that cannot be stopped politely (a failed run), so it does not keep this process alive. */
    kill() {
      child.kill();
      connection.dispose();
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendRequest(protocol.ShutdownRequest.type);
      await connection.sendNotification(protocol.ExitNotification.type);
      await exited;
      connection.dispose();
    },
  };
}
