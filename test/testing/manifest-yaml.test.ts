import { ApiObject, Chart, Testing } from 'cdk8s';
import { ManifestYaml } from '../../src';

function configMap(chart: Chart, id: string, name: string, data: Record<string, string>, namespace?: string) {
  return new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
}

test('objects are ordered by kind, namespace and name; keys are sorted; each object is named in a comment', () => {
  const chart = Testing.chart();
  new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], selector: { b: '2', a: '1' } } });
  configMap(chart, 'B', 'b', { z: '1', a: '2' });
  configMap(chart, 'A', 'a', { key: 'value' }, 'shop');
  expect(ManifestYaml.ofChart(chart)).toBe([
    '---',
    '# ConfigMap b (v1)',
    'apiVersion: v1',
    'data:',
    '  a: "2"',
    '  z: "1"',
    'kind: ConfigMap',
    'metadata:',
    '  name: b',
    '---',
    '# ConfigMap shop/a (v1)',
    'apiVersion: v1',
    'data:',
    '  key: value',
    'kind: ConfigMap',
    'metadata:',
    '  name: a',
    '  namespace: shop',
    '---',
    '# Service web (v1)',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    'spec:',
    '  ports:',
    '    - port: 80',
    '  selector:',
    '    a: "1"',
    '    b: "2"',
    '',
  ].join('\n'));
});

test('the order of construction does not change the output', () => {
  const one = Testing.chart();
  configMap(one, 'A', 'a', { x: '1' });
  configMap(one, 'B', 'b', { y: '2' });
  const two = Testing.chart();
  configMap(two, 'B', 'b', { y: '2' });
  configMap(two, 'A', 'a', { x: '1' });
  expect(ManifestYaml.ofChart(two)).toBe(ManifestYaml.ofChart(one));
});

test('array order is kept (it carries meaning)', () => {
  const yaml = ManifestYaml.ofManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { list: 'b' }, items: ['z', 'a'] }]);
  expect(yaml).toContain('items:\n  - z\n  - a\n');
});

test('an app renders every chart under its own heading', () => {
  const app = Testing.app();
  configMap(new Chart(app, 'first'), 'C', 'one', { a: '1' });
  configMap(new Chart(app, 'second'), 'C', 'two', { b: '2' });
  const yaml = ManifestYaml.ofApp(app);
  expect(yaml.indexOf('# chart: first')).toBeLessThan(yaml.indexOf('# ConfigMap one (v1)'));
  expect(yaml.indexOf('# chart: second')).toBeGreaterThan(yaml.indexOf('# ConfigMap one (v1)'));
  expect(yaml.indexOf('# chart: second')).toBeLessThan(yaml.indexOf('# ConfigMap two (v1)'));
});

test('long strings stay on one line and multi-line strings are block literals', () => {
  const long = 'x'.repeat(200);
  const yaml = ManifestYaml.ofManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { long, conf: 'a: 1\nb: 2\n' } }]);
  expect(yaml).toContain(`  long: ${long}\n`);
  expect(yaml).toContain('  conf: |\n    a: 1\n    b: 2\n');
});
