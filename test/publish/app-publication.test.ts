import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  AppIdentity, AppPublication, AppPublicationProps, AppService, CanaryTraffic, ContainerImage, IngressTls, PlatformDefaults, PublishMode,
  ReleasedWorkload, ReleaseStrategy, StatelessWorkload,
} from '../../src';
import { only, synth } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/web:2.0.0');
const container = { image: IMAGE, ports: [{ name: 'http', number: 8080 }], resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) } };

function setup(defaults = {}) {
  const app = Testing.app();
  PlatformDefaults.set(app, { gateway: { name: 'public', namespace: 'gateways' }, ...defaults });
  const chart = new Chart(app, 'shop');
  const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
  return { app, chart, identity };
}

function withService(defaults = {}) {
  const s = setup(defaults);
  const workload = new StatelessWorkload(s.chart, 'Web', { identity: s.identity, container });
  const service = new AppService(s.chart, 'Service', { workload, ports: [{ name: 'http', port: 80 }] });
  return { ...s, service };
}

test('an Ingress by default', () => {
  const { chart, service } = withService();
  const pub = new AppPublication(chart, 'Publication', { name: 'web', hosts: ['shop.example.com'], paths: ['/', '/api'], service, tls: IngressTls.fromSecret('web-tls') });
  expect(pub.mode).toBe(PublishMode.INGRESS);
  expect(pub.route).toBeUndefined();
  expect(pub.urls).toEqual(['https://shop.example.com/', 'https://shop.example.com/api']);
  expect(only(synth(chart), 'Ingress').spec.rules[0].http.paths.map((p: any) => p.path)).toEqual(['/', '/api']);
});

test('an HTTPRoute when the platform default says so', () => {
  const { chart, service } = withService({ publishMode: PublishMode.GATEWAY_ROUTE });
  const pub = new AppPublication(chart, 'Publication', { name: 'web', hosts: ['shop.example.com'], service });
  expect(pub.mode).toBe(PublishMode.GATEWAY_ROUTE);
  expect(pub.ingress).toBeUndefined();
  const route = only(synth(chart), 'HTTPRoute');
  expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways' }]);
  expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
  expect(pub.urls).toEqual(['https://shop.example.com/']);
});

test('a canary by route weight becomes weighted backends; by ingress-nginx, a canary Ingress', () => {
  const route = setup();
  const byRoute = new ReleasedWorkload(route.chart, 'Web', {
    identity: route.identity,
    container,
    servicePorts: [{ name: 'http', port: 80 }],
    release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('registry.example.com/shop/web:2.1.0'), weight: 25, traffic: CanaryTraffic.ROUTE_WEIGHT }),
  });
  new AppPublication(route.chart, 'Publication', { name: 'web', hosts: ['shop.example.com'], release: byRoute, mode: PublishMode.GATEWAY_ROUTE });
  expect(only(synth(route.chart), 'HTTPRoute').spec.rules[0].backendRefs).toEqual([
    { name: 'web', port: 80, weight: 75 }, { name: 'web-canary', port: 80, weight: 25 },
  ]);

  const nginx = setup({ ingressClassName: 'nginx' });
  const byNginx = new ReleasedWorkload(nginx.chart, 'Web', {
    identity: nginx.identity,
    container,
    servicePorts: [{ name: 'http', port: 80 }],
    release: ReleaseStrategy.canary({ image: ContainerImage.fromReference('registry.example.com/shop/web:2.1.0'), weight: 25, traffic: CanaryTraffic.NGINX_ANNOTATIONS }),
  });
  new AppPublication(nginx.chart, 'Publication', { name: 'web', hosts: ['shop.example.com'], release: byNginx });
  expect(only(synth(nginx.chart), 'Ingress', 'web-canary').metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('25');
});

describe('refused', () => {
  test('a canary whose traffic share the chosen kind cannot express', () => {
    const s = setup();
    const release = new ReleasedWorkload(s.chart, 'Web', {
      identity: s.identity,
      container,
      servicePorts: [{ name: 'http', port: 80 }],
      release: ReleaseStrategy.canary({ image: IMAGE, weight: 10, traffic: CanaryTraffic.ROUTE_WEIGHT }),
    });
    // The mode was not written: the error says where it comes from, not a value the user never wrote.
    expect(() => new AppPublication(s.chart, 'P', { name: 'web', hosts: ['shop.example.com'], release })).toThrow(
      'shop/P: invalid mode (undefined): the canary shares the traffic by route weight, which an Ingress cannot express (mode is not set: the default is ingress). '
      + 'Expected PublishMode.GATEWAY_ROUTE, or a canary by replicas or by ingress-nginx annotations.',
    );
    expect(() => new AppPublication(s.chart, 'Q', { name: 'web', hosts: ['shop.example.com'], release, mode: PublishMode.INGRESS })).toThrow(
      /^shop\/Q: invalid mode "ingress": the canary shares the traffic by route weight, which an Ingress cannot express\. Expected/,
    );
    const scoped = new Construct(s.chart, 'Scoped');
    PlatformDefaults.set(scoped, { publishMode: PublishMode.INGRESS });
    expect(() => new AppPublication(scoped, 'R', { name: 'web', hosts: ['shop.example.com'], release })).toThrow(
      /\(mode is not set: the platform default publishMode is ingress\)/,
    );
  });

  test.each([
    [(svc: AppService) => ({ service: svc, mode: PublishMode.GATEWAY_ROUTE, tls: IngressTls.fromSecret('x') }), /invalid tls .*it is an Ingress setting/],
    [(svc: AppService) => ({ service: svc, gateway: { name: 'other' } }), /invalid gateway "other": it is an HTTPRoute setting/],
    [() => ({}), /invalid service\/release \(undefined\): neither is given/],
    [(svc: AppService) => ({ service: svc, mode: 'grpc' as PublishMode }), /invalid mode "grpc": it is not a way to publish/],
  ])('%#', (make, message) => {
    const { chart, service } = withService();
    expect(() => new AppPublication(chart, 'P', { name: 'web', hosts: ['shop.example.com'], ...make(service) } as AppPublicationProps)).toThrow(message);
  });
});


describe('untyped JavaScript input: an input error, never a TypeError', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['hosts as a string', { hosts: 'shop.example.com' }, /^shop\/P: invalid hosts "shop\.example\.com": it is a string, not a list\. Expected a list of host names, e\.g\. \["shop\.example\.com"\]\.$/],
    ['a host that is a number', { hosts: [42] }, /^shop\/P: invalid hosts\[0\] 42: it is a number, not a string\./],
    ['no hosts', { hosts: undefined }, /^shop\/P: invalid hosts \(undefined\): the application is published at no host\./],
    ['paths as a string', { paths: '/' }, /^shop\/P: invalid paths "\/": it is a string, not a list\. Expected a list of path prefixes/],
    ['annotations as a list', { annotations: ['a'] }, /^shop\/P: invalid annotations \["a"\]: it is a list, not an object\./],
    ['gateway as a string', { gateway: 'public' }, /^shop\/P: invalid gateway "public": it is a string, not an object\./],
  ])('%s', (_what, props, message) => {
    const { chart, service } = withService();
    expect(() => new AppPublication(chart, 'P', { name: 'web', hosts: ['shop.example.com'], service, ...props } as any)).toThrow(message);
  });

  test.each([undefined, null, 'web'])('props %j', (props) => {
    expect(() => new AppPublication(setup().chart, 'P', props as any))
      .toThrow(/^shop\/P: invalid props .*Expected the props of the publication: at least name, hosts and service or release\.$/);
  });
});
