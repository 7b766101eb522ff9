import { Chart, Duration, Testing } from 'cdk8s';
import { BlackboxProbe, BlackboxProbeProps, BlackboxProber, ManifestYaml, PlatformDefaults } from '../../src';
import { only, synth } from '../support/synth';

function chartWith(defaults: Record<string, unknown> = { blackboxExporterAddress: 'blackbox-exporter.monitoring.svc:9115', prometheusSelectorLabels: { release: 'kube-prometheus' } }) {
  const app = Testing.app();
  PlatformDefaults.set(app, defaults);
  return new Chart(app, 'shop', { namespace: 'shop' });
}

test('a Probe resource with the exporter and module of the platform (snapshot)', () => {
  const chart = chartWith();
  const probe = new BlackboxProbe(chart, 'Public', { name: 'web-public', applicationName: 'web', targets: ['https://shop.example.com/', 'https://shop.example.com/api'] });
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
    name: 'web-tls', targets: ['shop.example.com:443'], module: 'tls_connect', proberAddress: 'blackbox.edge.svc:9115', interval: Duration.minutes(2),
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

describe('the targets take the form of the module\'s prober', () => {
  test.each<[string, Partial<BlackboxProbeProps>, string]>([
    ['HTTP: URLs', { module: 'http_2xx', targets: ['http://web.shop.svc.cluster.local:80/healthz'] }, 'http'],
    ['TCP: host:port, no scheme, no path', { module: 'tcp_connect', targets: ['mysql.shop.svc.cluster.local:3306'] }, 'tcp'],
    ['TCP with TLS: host:port', { module: 'tls_connect', targets: ['shop.example.com:443', '[2001:db8::1]:8443'] }, 'tcp'],
    ['gRPC: host:port', { module: 'grpc_plain', targets: ['api.shop.svc.cluster.local:9000'] }, 'grpc'],
    ['ICMP: hosts', { module: 'icmp', targets: ['gateway.example.com'] }, 'icmp'],
    ['a module that does not tell its prober, given the prober', { module: 'mysql_login', prober: BlackboxProber.TCP, targets: ['mysql:3306'] }, 'tcp'],
  ])('%s', (_what, props, prober) => {
    const chart = chartWith();
    const probe = new BlackboxProbe(chart, 'Check', { name: 'check', targets: [], ...props });
    expect(probe.prober).toBe(prober);
    expect(only(synth(chart), 'Probe').spec.targets.staticConfig.static).toEqual(props.targets);
  });

  test('the prober of a module by its name, and the exporter\'s namespace by its address', () => {
    expect(['http_2xx', 'http_post_2xx', 'tcp_connect', 'tls_connect', 'ssh_banner', 'pop3s_banner', 'grpc', 'icmp_ttl5', 'dns_udp', 'mysql']
      .map((m) => `${m}: ${BlackboxProbe.proberOf(m)}`)).toEqual([
      'http_2xx: http', 'http_post_2xx: http', 'tcp_connect: tcp', 'tls_connect: tcp', 'ssh_banner: tcp', 'pop3s_banner: tcp', 'grpc: grpc',
      'icmp_ttl5: icmp', 'dns_udp: dns', 'mysql: undefined',
    ]);
    expect(['blackbox.monitoring.svc:9115', 'blackbox.observability.svc.cluster.local:9115', 'blackbox.probes.svc', 'blackbox:9115', 'blackbox.example.com:9115']
      .map(BlackboxProbe.exporterNamespace)).toEqual(['monitoring', 'observability', 'probes', undefined, undefined]);
  });
});

describe('refused', () => {
  test.each<[string, Partial<BlackboxProbeProps>, RegExp]>([
    ['no target', { targets: [] }, /shop\/Check: invalid targets \[\]: there is no target\. Expected a list of one or more targets: a URL such as/],
    ['one target not in a list', { targets: 'https://shop.example.com/' as any },
      /shop\/Check: invalid targets "https:\/\/shop\.example\.com\/": it is a string, not a list\. Expected a list of one or more targets: a URL such as/],
    ['a target that is not a URL', { targets: ['https://shop.example.com/', 'shop.example.com'] },
      /invalid targets\[1\] "shop\.example\.com": it is not an http\(s\) URL/],
    ['an exporter address with a scheme', { proberAddress: 'http://blackbox:9115' }, /invalid proberAddress "http:\/\/blackbox:9115": it is not a host with an optional port/],
    ['an interval under a second', { interval: Duration.millis(10) }, /invalid interval/],
    ['a name that is not a DNS subdomain', { name: 'Web Public' }, /invalid name "Web Public"/],
    ['a URL for a TCP module', { module: 'tcp_connect', targets: ['http://mysql.shop.svc.cluster.local:3306/'] },
      /shop\/Check: invalid targets\[0\] "http:\/\/mysql\.shop\.svc\.cluster\.local:3306\/": the module tcp_connect runs the tcp prober, which takes host:port \(no scheme, no path\), not a URL\. Expected host:port, e\.g\. "mysql\.shop\.svc\.cluster\.local:3306"\./],
    ['host:port for an HTTP module', { module: 'http_2xx', targets: ['mysql.shop.svc.cluster.local:3306'] }, /invalid targets\[0\] "mysql\.shop\.svc\.cluster\.local:3306": it is not an http\(s\) URL/],
    ['a port out of range for a gRPC module', { module: 'grpc', targets: ['api:70000'] }, /invalid targets\[0\] "api:70000": the module grpc runs the grpc prober, which takes host:port/],
    ['a module whose name does not tell its prober', { module: 'mysql_login', targets: ['mysql:3306'] },
      /invalid module "mysql_login": its name does not tell which prober it runs, which decides the form of the targets\. Expected a module named after its prober .*, or the prober given \(`prober`\)/],
    ['an unknown prober', { prober: 'ftp' as BlackboxProber }, /invalid prober "ftp": it is not a prober of the blackbox exporter/],
    ['a URL twice, written otherwise', { targets: ['https://shop.example.com/', 'HTTPS://Shop.Example.com:443'] },
      /invalid targets\[1\] "HTTPS:\/\/Shop\.Example\.com:443": it is the same target as targets\[0\] \(each target is probed once\)/],
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
