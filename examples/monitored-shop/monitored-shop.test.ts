import { Testing } from 'cdk8s';
import { MonitoredShopChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

test('the web application gets probes, a ServiceMonitor, two blackbox Probes, a PrometheusRule and a dashboard; the job a PodMonitor and a failure alert', () => {
  const chart = new MonitoredShopChart(Testing.app(), 'monitored-shop');
  const manifests = Testing.synth(chart);
  const count = (kind: string) => manifests.filter((m) => m.kind === kind).length;
  expect([count('ServiceMonitor'), count('PodMonitor'), count('Probe'), count('PrometheusRule'), count('ConfigMap')]).toEqual([1, 1, 2, 2, 2]);
  const deployment = manifests.find((m) => m.kind === 'Deployment');
  expect(deployment.spec.template.spec.containers[0].readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' } });
  expect(manifests.filter((m) => m.kind === 'Probe').map((p) => p.spec.targets.staticConfig.static)).toEqual([
    ['http://storefront.shop.svc.cluster.local:80/ready'], ['https://shop.example.com/'],
  ]);
  expect(chart.export.alerts!.alerts).toContain('OrderExportJobFailed');
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new MonitoredShopChart(Testing.app(), 'monitored-shop'))).toMatchSnapshot();
});
