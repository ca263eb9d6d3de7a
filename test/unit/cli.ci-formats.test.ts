// `--format github` (workflow commands, read back the way the Actions runner parses them) and
// `--format junit` (parsed by Python's expat, a strict XML parser, then checked case by case).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { escapeCommandData, escapeCommandProperty } from '../../server/src/cli/github';
import { activeSeverity } from '../../server/src/engine/lint/lint';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { RULES } from '../../server/src/rules';
import { runCaptured, tempWorkspace } from '../support/cli';
import { PRIVILEGED_LINE, privilegedDeployment, privilegedSeverityAt } from '../support/manifests';

interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** The runner's unescaping (actions/runner ActionCommand): %0D, %0A, then %3A and %2C in properties, %25 last. */
function unescape(text: string, property: boolean): string {
  let result = text.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  if (property) result = result.replace(/%3A/g, ':').replace(/%2C/g, ',');
  return result.replace(/%25/g, '%');
}

/** Parses one log line as the runner does: `::command k=v,k=v::message`. */
function parseCommand(line: string): WorkflowCommand {
  assert.ok(line.startsWith('::'), `not a workflow command: ${JSON.stringify(line)}`);
  const end = line.indexOf('::', 2);
  assert.ok(end > 2, `no end of properties: ${JSON.stringify(line)}`);
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const properties: Record<string, string> = {};
  if (space !== -1) {
    for (const pair of info.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), true);
    }
  }
  return { command: space === -1 ? info : info.slice(0, space), properties, message: unescape(line.slice(end + 2), false) };
}

function githubCommands(stdout: string): WorkflowCommand[] {
  const lines = stdout.split('\n');
  assert.match(lines.at(-1)!, /^\d+ problems? \(/, 'the summary ends the output as a plain log line');
  return lines.slice(0, -1).map(parseCommand);
}

describe('kubetier lint --format github', () => {
  it('escapes data and properties as the runner expects, and shows other control characters instead of passing them', () => {
    assert.equal(escapeCommandData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
    assert.equal(escapeCommandProperty('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext%3A a%2Cb');
    assert.equal(escapeCommandData('\x1b[31mred\x07'), '%1B[31mred%07');
  });

  it('annotates each finding at its file, line and column, with the rule as title and the severity as the command', () => {
    // A file name with every character a property must escape, and a newline that would otherwise start a new command.
    const name = 'we,b:100%\nodd.yaml';
    const root = tempWorkspace({ [name]: privilegedDeployment({ name: 'a%b::c' }) });
    for (const tier of [1, 2] as const) {
      const run = runCaptured(['lint', '--tier', String(tier), '--format', 'github', '.'], { cwd: root });
      const commands = githubCommands(run.stdout);
      const privileged = commands.find((command) => command.properties.title === 'privileged');
      assert.ok(privileged, run.stdout);
      assert.equal(privileged.command, privilegedSeverityAt(tier));
      assert.equal(privileged.properties.file, name);
      assert.equal(privileged.properties.line, String(PRIVILEGED_LINE + 1));
      assert.equal(privileged.properties.col, '25');
      assert.equal(privileged.properties.endLine, privileged.properties.line);
      assert.match(privileged.message, /Deployment "a%b::c"/);
      // info and hint findings are notices: GitHub has no other annotation levels.
      assert.ok(commands.every((command) => ['error', 'warning', 'notice'].includes(command.command)));
    }
  });

  it('says which files it did not check, and puts standard input findings on the run rather than a file', () => {
    const root = tempWorkspace({ 'blob.yaml': Buffer.from([0x61, 0x00, 0x62]) });
    const skipped = githubCommands(runCaptured(['lint', '--format', 'github', 'blob.yaml'], { cwd: root }).stdout);
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].command, 'notice');
    assert.equal(skipped[0].properties.file, 'blob.yaml');
    assert.match(skipped[0].message, /did not check this file: .*binary/);
    const stdin = githubCommands(runCaptured(['lint', '--tier', '2', '--format', 'github', '-'], { cwd: root, stdin: privilegedDeployment() }).stdout);
    const privileged = stdin.find((command) => command.properties.title === 'privileged');
    assert.ok(privileged);
    assert.equal(privileged.properties.file, undefined);
    assert.equal(privileged.properties.line, String(PRIVILEGED_LINE + 1));
  });
});

interface JunitCase {
  name: string;
  classname: string;
  failure?: { message: string; type: string; text: string };
  skipped?: string;
  out?: string;
}

interface JunitSuite {
  name: string;
  tests: string;
  failures: string;
  cases: JunitCase[];
}

const PARSE_JUNIT = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
def case(c):
    result = {"name": c.get("name"), "classname": c.get("classname")}
    f = c.find("failure")
    if f is not None: result["failure"] = {"message": f.get("message"), "type": f.get("type"), "text": f.text or ""}
    s = c.find("skipped")
    if s is not None: result["skipped"] = s.get("message")
    o = c.find("system-out")
    if o is not None: result["out"] = o.text or ""
    return result
print(json.dumps({"tests": root.get("tests"), "failures": root.get("failures"),
  "suites": [{"name": s.get("name"), "tests": s.get("tests"), "failures": s.get("failures"),
              "cases": [case(c) for c in s.findall("testcase")]} for s in root.findall("testsuite")]}))
`;

/** Python's expat rejects anything that is not well-formed XML 1.0 (bad escapes, control characters). */
function parseJunit(xml: string): { tests: string; failures: string; suites: JunitSuite[] } {
  const result = spawnSync('python3', ['-c', PARSE_JUNIT], { input: xml, encoding: 'utf8' });
  assert.equal(result.error, undefined, 'python3 is needed to check the XML (.ci/run installs it with pre-commit)');
  assert.equal(result.status, 0, `not well-formed XML:\n${result.stderr}\n${xml}`);
  return JSON.parse(result.stdout);
}

describe('kubetier lint --format junit', () => {
  it('writes one test case per file and rule that ran, failing the ones with findings at --fail-on', () => {
    const root = tempWorkspace({ 'web.yaml': privilegedDeployment(), 'settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n  namespace: shop\n' });
    const run = runCaptured(['lint', '--tier', '2', '--format', 'junit', '.'], { cwd: root });
    assert.equal(run.code, 1);
    const junit = parseJunit(run.stdout);
    const ran = RULES.filter((rule) => activeSeverity(rule, resolveSettings('', undefined, {}, 2))).map((rule) => rule.id);
    assert.deepEqual(junit.suites.map((suite) => suite.name).sort(), ['settings.yaml', 'web.yaml']);
    for (const suite of junit.suites) {
      assert.deepEqual(suite.cases.map((c) => c.name).sort(), [...ran].sort(), `${suite.name}: one case per rule that ran`);
      assert.ok(suite.cases.every((c) => c.classname === suite.name));
    }
    const web = junit.suites.find((suite) => suite.name === 'web.yaml')!;
    const privileged = web.cases.find((c) => c.name === 'privileged')!;
    assert.equal(privileged.failure?.type, 'error');
    assert.match(privileged.failure!.text, new RegExp(`^web.yaml:${PRIVILEGED_LINE + 1}:25 error: .*Deployment "web"`));
    // Below --fail-on: the case passes and the finding stays visible in its output.
    const latest = web.cases.find((c) => c.name === 'run-as-non-root')!;
    assert.equal(latest.failure, undefined);
    assert.match(latest.out!, /warning: /);
    assert.equal(junit.failures, String(web.cases.filter((c) => c.failure).length));
    assert.equal(junit.tests, String(ran.length * 2));
    const strict = parseJunit(runCaptured(['lint', '--tier', '2', '--format', 'junit', '--fail-on', 'warning', '.'], { cwd: root }).stdout);
    assert.ok(strict.suites.find((suite) => suite.name === 'web.yaml')!.cases.find((c) => c.name === 'run-as-non-root')!.failure);
  });

  it('stays well-formed XML whatever the file names and messages hold, and marks unchecked files skipped', () => {
    // `<&">` in a file name and an object name with a control character XML 1.0 cannot carry at all.
    const name = 'a<b>&"c\'.yaml';
    const root = tempWorkspace({ [name]: privilegedDeployment({ name: '"x\\u0001<y>&z"' }), 'blob.yml': Buffer.from([0, 1, 2]) });
    const junit = parseJunit(runCaptured(['lint', '--tier', '2', '--format', 'junit', '.'], { cwd: root }).stdout);
    const suite = junit.suites.find((s) => s.name === name);
    assert.ok(suite, JSON.stringify(junit.suites.map((s) => s.name)));
    const privileged = suite.cases.find((c) => c.name === 'privileged')!;
    assert.match(privileged.failure!.text, /Deployment "x\uFFFD<y>&z"/);
    const blob = junit.suites.find((s) => s.name === 'blob.yml')!;
    assert.equal(blob.cases.length, 1);
    assert.match(blob.cases[0].skipped!, /did not check this file/);
  });
});
