// The CEL environment of policies: Kubernetes' libraries give what the API server gives, bad input is
// a result (never a throw), and the cost estimate refuses what could run away.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CEL_COST_LIMIT, compileCel, prepareActivation, runCel } from '../../server/src/engine/policy/cel';

function evaluate(expression: string, variables: Record<string, unknown> = {}): unknown {
  const compiled = compileCel(expression);
  if ('error' in compiled) throw new Error(`does not compile: ${compiled.error}`);
  const result = runCel(compiled.program, prepareActivation(variables));
  if ('error' in result) throw new Error(`evaluation error: ${result.error}`);
  return result.value;
}

const deployment = {
  metadata: { name: 'web', labels: { team: 'shop' } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.2', resources: { limits: { memory: '1536Mi', cpu: '500m' } } }] } } },
};

describe('policy CEL environment', () => {
  const cases: [string, unknown][] = [
    // YAML whole numbers are CEL ints: comparing with int literals and params works.
    ['object.spec.replicas <= 5', true],
    ['object.spec.replicas == 3 && type(object.spec.replicas) == int', true],
    ["has(object.metadata.labels) && 'team' in object.metadata.labels", true],
    ["object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))", true],
    ["object.?spec.?strategy.?type.orValue('RollingUpdate')", 'RollingUpdate'],
    // regex (RE2)
    ["object.metadata.name.matches('^w[a-z]+$')", true],
    ["'img:v1.2.3'.find('[0-9]+\\\\.[0-9]+')", '1.2'],
    ["'a1b22c333'.findAll('[0-9]+')", ['1', '22', '333']],
    ["'a1b22c333'.findAll('[0-9]+', 2)", ['1', '22']],
    // lists
    ['[1, 2, 3].isSorted() && ![2, 1].isSorted()', true],
    ['[1, 2, 3].sum()', 6n],
    ['[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3', true],
    ["['a', 'b', 'a'].indexOf('a') == 0 && ['a', 'b', 'a'].lastIndexOf('a') == 2", true],
    // strings ext
    ["'hello'.charAt(1) + 'a-b-c'.replace('-', '+', 1) + 'abc'.reverse()", 'ea+b-ccba'],
    ["'%s has %d replicas'.format(['web', 3])", 'web has 3 replicas'],
    ["strings.quote('say \"hi\"')", '"say \\"hi\\""'],
    // sets
    ['sets.contains([1, 2, 3], [1, 3]) && !sets.intersects([1], [2]) && sets.equivalent([1, 2], [2, 1])', true],
    // format
    ["format.dns1123Label().validate('web').hasValue()", false],
    ["format.dns1123Label().validate('Web_1').value().size() > 0", true],
    ["format.named('uuid').hasValue() && !format.named('nope').hasValue()", true],
    // quantity
    ["quantity(object.spec.template.spec.containers[0].resources.limits.memory).compareTo(quantity('1.5Gi')) == 0", true],
    ["quantity('500m').isLessThan(quantity('1')) && quantity('2').add(1).asInteger() == 3", true],
    ["isQuantity('1.5Gi') && !isQuantity('1.5 Gi')", true],
    // url, ip, cidr
    ["url('https://example.com:8443/a/b?x=1&x=2').getQuery()['x'] == ['1', '2']", true],
    ["url('https://example.com:8443/a').getPort() == '8443' && !isURL('not a url')", true],
    ["cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('192.168.0.1'))", true],
    ["string(cidr('192.168.1.77/24').masked()) == '192.168.1.0/24' && cidr('192.168.0.0/16').containsCIDR('192.168.1.0/24')", true],
    ["ip('::1').isLoopback() && ip('2001:db8::1').family() == 6 && ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')", true],
    ["isIP('10.0.0.1') && !isIP('010.0.0.1') && isCIDR('fd00::/8')", true],
  ];
  for (const [expression, expected] of cases) {
    it(expression, () => assert.deepEqual(evaluate(expression, { object: deployment }), expected));
  }

  it('a syntax or type error is a compile error with the reason', () => {
    const syntax = compileCel('object.spec.replicas >');
    assert.ok('error' in syntax && /Unexpected|EOF/i.test(syntax.error), JSON.stringify(syntax));
    const unknown = compileCel("object.name.noSuchFunction('x')");
    assert.ok('error' in unknown && /noSuchFunction/.test(unknown.error), JSON.stringify(unknown));
  });

  it('programs are compiled once per expression', () => {
    const first = compileCel('object.spec.replicas > 1');
    assert.equal(compileCel('object.spec.replicas > 1'), first);
  });

  it('a missing field and a bad regex are evaluation errors, not throws', () => {
    const missing = compileCel('object.spec.nothing == 1');
    assert.ok('program' in missing);
    assert.match(String((runCel(missing.program, prepareActivation({ object: deployment })) as { error: string }).error), /nothing/);
    const regex = compileCel("'a'.matches('(')");
    assert.ok('program' in regex);
    assert.match(String((runCel(regex.program, prepareActivation({})) as { error: string }).error), /regular expression/);
  });

  it('matches runs on RE2: a pattern that backtracks for years in JavaScript returns', () => {
    assert.equal(evaluate("s.matches('^(a+)+$')", { s: `${'a'.repeat(5000)}!` }), false);
    // RE2 refuses what JavaScript would accept with different meaning (backreferences).
    const compiled = compileCel("'aa'.matches('(a)\\\\1')");
    assert.ok('program' in compiled);
    assert.ok('error' in runCel(compiled.program, prepareActivation({})));
  });

  it('an expression whose estimated cost exceeds the limit is not evaluated, with the reason', () => {
    const items = Array.from({ length: 200 }, (_, i) => i);
    const compiled = compileCel('object.items.all(a, object.items.all(b, object.items.all(c, a + b + c >= 0)))');
    assert.ok('program' in compiled);
    const result = runCel(compiled.program, prepareActivation({ object: { items } }));
    assert.ok('error' in result && result.costExceeded, JSON.stringify(result));
    assert.match(result.error, new RegExp(`limit of ${CEL_COST_LIMIT}`));
    // The same expression on a small list runs.
    assert.deepEqual(runCel(compiled.program, prepareActivation({ object: { items: [1, 2, 3] } })), { value: true });
  });
});
