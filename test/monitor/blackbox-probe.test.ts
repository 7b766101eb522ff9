import { Chart, Duration, Testing } from 'cdk8s';
import { BlackboxProbe, BlackboxProbeProps, ManifestYaml, PlatformDefaults } from '../../src';
import { only, synth } from '../support/synth';

function chartWith(defaults: Record<string, unknown> = { blackboxExporterAddress: 'blackbox-exporter.monitoring.svc:9115', prometheusSelectorLabels: { release: 'kube-prometheus' } }) {
  const app = Testing.app();
  PlatformDefaults.set(app, defaults);
  return new Chart(app, 'shop', { namespace: 'shop' });
}

test('a Probe resource with the exporter and module of the platform (snapshot)', () => {
  const chart = chartWith();
  const probe = new BlackboxProbe(chart, 'Public', { name: 'web-public', application: 'web', targets: ['https://shop.example.com/', 'https://shop.example.com/api'] });
  expect(probe.jobName).toBe('web-public');
  const resource = only(synth(chart), 'Probe');
  expect(resource.spec).toMatchObject({
    jobName: 'web-public',
    module: 'http_2xx',
    interval: '30s',
    prober: { url: 'blackbox-exporter.monitoring.svc:9115', path: '/probe', scheme: 'http' },
    targets: { staticConfig: { static: ['https://shop.example.com/', 'https://shop.example.com/api'], labels: { application: 'web' } } },
  });
  expect(resource.metadata.labels).toEqual({ 'release': 'kube-prometheus', 'app.kubernetes.io/name': 'web' });
  expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
});

test('the module, exporter and interval given win over the platform defaults', () => {
  const chart = chartWith({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115', blackboxModule: 'http_2xx_ipv4' });
  new BlackboxProbe(chart, 'Check', {
    name: 'web-tls', targets: ['https://shop.example.com/'], module: 'tls_connect', proberAddress: 'blackbox.edge.svc:9115', interval: Duration.minutes(2),
  });
  const spec = only(synth(chart), 'Probe').spec;
  expect(spec).toMatchObject({ module: 'tls_connect', interval: '2m', prober: { url: 'blackbox.edge.svc:9115' } });
  expect(spec.targets.staticConfig.labels).toBeUndefined();
});

test('the platform module is used when given', () => {
  const chart = chartWith({ blackboxExporterAddress: 'blackbox.monitoring.svc:9115', blackboxModule: 'http_2xx_ipv4' });
  new BlackboxProbe(chart, 'Check', { name: 'web', targets: ['http://web.shop.svc.cluster.local:80/'] });
  expect(only(synth(chart), 'Probe').spec.module).toBe('http_2xx_ipv4');
});

describe('refused', () => {
  test.each<[string, Partial<BlackboxProbeProps>, RegExp]>([
    ['no target', { targets: [] }, /shop\/Check: invalid targets \[\]: there is no target\. Expected one or more URLs/],
    ['a target that is not a URL', { targets: ['https://shop.example.com/', 'shop.example.com'] },
      /invalid targets\[1\] "shop\.example\.com": it is not an http\(s\) URL/],
    ['an exporter address with a scheme', { proberAddress: 'http://blackbox:9115' }, /invalid proberAddress "http:\/\/blackbox:9115": it is not a host with an optional port/],
    ['an interval under a second', { interval: Duration.millis(10) }, /invalid interval/],
    ['a name that is not a DNS subdomain', { name: 'Web Public' }, /invalid name "Web Public"/],
  ])('%s', (_what, props, message) => {
    const chart = chartWith();
    expect(() => new BlackboxProbe(chart, 'Check', { name: 'web', targets: ['https://shop.example.com/'], ...props })).toThrow(message);
  });

  test('no exporter address anywhere', () => {
    const chart = chartWith({});
    expect(() => new BlackboxProbe(chart, 'Check', { name: 'web', targets: ['https://shop.example.com/'] })).toThrow(
      /shop\/Check: invalid proberAddress \(undefined\): there is no blackbox exporter to probe with\. Expected the platform default blackboxExporterAddress/);
  });
});
