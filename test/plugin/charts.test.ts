import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { PlatformDefaults } from '../../src';
import { checkCharts, clusterOf, manifestFileOf, mergedCluster } from '../../src/plugin';

test('clusterOf: the components from the platform defaults', () => {
  expect(clusterOf(Testing.app())).toEqual({});
  const app = Testing.app();
  PlatformDefaults.set(app, { ingressControllerNamespace: 'ingress-nginx', monitoringNamespace: 'monitoring' });
  expect(clusterOf(new Chart(app, 'c'))).toEqual({
    ingressController: { namespace: 'ingress-nginx' },
    prometheus: { namespace: 'monitoring' },
    blackboxExporter: { namespace: 'monitoring' },
  });
});

test('mergedCluster: the first chart that names a component wins', () => {
  const app = Testing.app();
  const a = new Chart(app, 'a');
  const b = new Chart(app, 'b');
  PlatformDefaults.set(a, { monitoringNamespace: 'mon-a' });
  PlatformDefaults.set(b, { monitoringNamespace: 'mon-b', ingressControllerNamespace: 'ingress' });
  expect(mergedCluster([a, b])).toEqual({
    ingressController: { namespace: 'ingress' },
    prometheus: { namespace: 'mon-a' },
    blackboxExporter: { namespace: 'mon-a' },
  });
});

test('manifestFileOf: one file per chart, each object with its construct path', () => {
  const chart = Testing.chart();
  new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'web' } });
  const file = manifestFileOf(chart);
  expect(file.file).toBe('test.k8s.yaml');
  expect(file.constructPaths).toEqual(['test/Config/Resource']);
});

test('checkCharts: the rules over all the charts together, with construct paths', () => {
  const app = new App();
  const charts = ['one', 'two'].map((id) => {
    const chart = new Chart(app, id, { namespace: 'shop' });
    new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'web' }, data: { chart: id } });
    return chart;
  });
  const findings = checkCharts(charts).findings.filter((f) => f.rule === 'object-unique');
  expect(findings.map((f) => [f.file, f.constructPath])).toEqual([['two.k8s.yaml', 'two/Config/Resource']]);
  expect(checkCharts([charts[0]]).findings.filter((f) => f.rule === 'object-unique')).toEqual([]);
});
