import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, AppService, AppServiceProps, ContainerImage, ExternalTrafficPolicy, KubernetesVersion, PlatformDefaults, ReplicaStorage,
  ServiceExposure, StatefulWorkload,
  StatelessWorkload,
} from '../../src';
import { only, synth, yamlOf } from '../support/synth';

function web(chart: Chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' })) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'web', component: 'frontend' });
  const workload = new StatelessWorkload(chart, 'Web', {
    identity,
    container: {
      image: ContainerImage.fromReference('registry.example.com/shop/web:2.3.1'),
      ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }],
      resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) },
    },
  });
  return { chart, identity, workload };
}

function service(props: Partial<AppServiceProps> = {}) {
  const { chart, identity, workload } = web();
  const svc = new AppService(chart, 'Service', { workload, ...props });
  return { chart, identity, workload, svc, manifest: () => only(synth(chart), 'Service') };
}

describe('types', () => {
  test('ClusterIP by default: a port per named container port, targeting it by name; the stable selector', () => {
    const { manifest, identity, chart } = service();
    const s = manifest();
    expect(s.metadata).toMatchObject({ name: 'web', namespace: 'shop', labels: identity.labels });
    expect(s.spec).toMatchObject({
      type: 'ClusterIP',
      selector: identity.selectorLabels,
      ports: [{ name: 'http', port: 8080, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }],
    });
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('NodePort with a fixed node port', () => {
    const { manifest } = service({ exposure: ServiceExposure.nodePort(), ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
    expect(manifest().spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }] });
  });

  test('LoadBalancer with source ranges, local traffic policy and an app protocol', () => {
    const { manifest } = service({
      exposure: ServiceExposure.loadBalancer({ sourceRanges: ['203.0.113.0/24', '2001:db8::/32'], externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }),
      ports: [{ name: 'https', port: 443, targetPortName: 'http', appProtocol: 'https' }],
    });
    expect(manifest().spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      externalTrafficPolicy: 'Local',
      ports: [{ name: 'https', port: 443, targetPort: 'http', appProtocol: 'https' }],
    });
  });

  test('headless, with not-ready addresses published', () => {
    const { manifest } = service({ exposure: ServiceExposure.headless(), publishNotReadyAddresses: true });
    expect(manifest().spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
  });

  test('client affinity', () => {
    const { manifest } = service({ exposure: ServiceExposure.clusterIp({ clientAffinityTimeout: Duration.hours(1) }) });
    expect(manifest().spec).toMatchObject({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 3600 } } });
  });

  test('ExternalName: an alias of an outside host, no selector, no ports', () => {
    const chart = Testing.chart();
    const db = new AppService(chart, 'Db', { name: 'legacy-db', exposure: ServiceExposure.externalName('db.example.com') });
    expect(only(synth(chart), 'Service').spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(db.dnsName).toBe('legacy-db.default.svc.cluster.local');
    expect(() => db.address()).toThrow(/an ExternalName Service has no port/);
  });
});

describe('the address for other applications', () => {
  test('DNS name, address and URL', () => {
    const { svc } = service({ ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] });
    expect(svc.dnsName).toBe('web.shop.svc.cluster.local');
    expect(svc.address()).toBe('web.shop.svc.cluster.local:80');
    expect(svc.address('metrics')).toBe('web.shop.svc.cluster.local:9090');
    expect(svc.url('http')).toBe('http://web.shop.svc.cluster.local:80');
    expect(svc.url('http', 'https')).toBe('https://web.shop.svc.cluster.local:80');
    expect(() => svc.address('grpc')).toThrow(/^shop\/Service: invalid address\(portName\) "grpc": the Service has no port of that name\. Expected one of http, metrics\./);
  });

  test('a connection string for a database from its Service', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const db = new StatefulWorkload(chart, 'Db', {
      identity: new AppIdentity(chart, 'DbIdentity', { name: 'postgres' }),
      container: { image: ContainerImage.fromReference('postgres:16.3'), ports: [{ name: 'postgres', number: 5432 }] },
    });
    ReplicaStorage.addTo(db, { name: 'data', mountPath: '/var/lib/postgresql/data', size: Size.gibibytes(10) });
    const dbService = new AppService(chart, 'DbService', { workload: db });
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    new StatelessWorkload(chart, 'Web', {
      identity,
      container: {
        image: ContainerImage.fromReference('registry.example.com/shop/web:2.3.1'),
        env: { DATABASE_URL: kplus.EnvValue.fromValue(`postgres://${dbService.address('postgres')}/shop`) },
      },
    });
    const webPod = synth(chart).find((m) => m.kind === 'Deployment').spec.template.spec;
    expect(webPod.containers[0].env).toEqual([{ name: 'DATABASE_URL', value: 'postgres://postgres.shop.svc.cluster.local:5432/shop' }]);
  });
});

test('two workloads of one application (release tracks) sit behind one Service', () => {
  const chart = Testing.chart();
  const identity = new AppIdentity(chart, 'Identity', { name: 'foo' });
  const image = ContainerImage.fromReference('registry.example.com/foo:1.0.0');
  const blue = new StatelessWorkload(chart, 'Blue', { identity, name: 'foo-blue', container: { image, ports: [{ name: 'http', number: 8080 }] } });
  new StatelessWorkload(chart, 'Green', { identity, name: 'foo-green', container: { image, ports: [{ name: 'http', number: 8080 }] } });
  new AppService(chart, 'Service', { workload: blue, ports: [{ name: 'http', port: 80 }] });
  const manifests = synth(chart);
  const selector = only(manifests, 'Service').spec.selector;
  for (const d of manifests.filter((m) => m.kind === 'Deployment')) {
    for (const [k, v] of Object.entries(selector)) {
      expect(d.spec.template.metadata.labels[k]).toBe(v);
    }
  }
});

describe('refused', () => {
  test.each([
    [{ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }, /shop\/Service: invalid ports\[1\]\.name "http": ports\[0\] has the same name/],
    [{ ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 80 }] }, /invalid ports\[1\]\.port 80: ports\[0\] has the same port and protocol/],
    [{ ports: [{ name: 'grpc', port: 9000 }] }, /invalid ports\[0\]\.targetPortName "grpc": no container of the workload declares a port of that name\. Expected one of the container ports: http, metrics\./],
    [{ ports: [{ name: 'http', port: 80, targetPortName: 'web' }] }, /invalid ports\[0\]\.targetPortName "web": no container of the workload declares a port of that name/],
    [{ exposure: ServiceExposure.nodePort(), ports: [{ name: 'http', port: 80, nodePort: 8080 }] },
      /invalid ports\[0\]\.nodePort 8080: it is outside the node port range\. Expected a port from 30000 to 32767/],
    [{ exposure: ServiceExposure.nodePort(), ports: [{ name: 'http', port: 80, nodePort: 32768 }] }, /invalid ports\[0\]\.nodePort 32768: it is outside the node port range/],
    [{ ports: [{ name: 'http', port: 80, nodePort: 30080 }] }, /invalid ports\[0\]\.nodePort 30080: a ClusterIP Service has no node ports/],
    [{ ports: [{ name: 'http', port: 0 }] }, /invalid ports\[0\]\.port 0: it is below 1/],
    [{ ports: [{ name: 'HTTP', port: 80 }] }, /invalid ports\[0\]\.name "HTTP"/],
    [{ name: '1web' }, /invalid name "1web": it starts with "1", not a letter/],
    [{ exposure: ServiceExposure.loadBalancer({ sourceRanges: ['10.0.0.0/33'] }) }, /invalid exposure\.sourceRanges\[0\] "10\.0\.0\.0\/33": it is not a CIDR range/],
    [{ exposure: ServiceExposure.externalName('db.example.com') }, /invalid workload "shop\/Web": an ExternalName Service selects no pods/],
    [{ clientAffinityTimeout: Duration.days(2) }, /invalid clientAffinityTimeout 172800: it is above 86400/],
  ])('%#', (props, message) => {
    expect(() => service(props as Partial<AppServiceProps>)).toThrow(message);
  });

  test('no pods to select; no port at all', () => {
    expect(() => new AppService(Testing.chart(), 'S', {})).toThrow(/test\/S: invalid workload \(undefined\): the Service has no pods to select/);
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'worker' });
    const worker = new StatelessWorkload(chart, 'W', { identity, container: { image: ContainerImage.fromReference('registry.example.com/w:1.0.0') } });
    expect(() => new AppService(chart, 'S', { workload: worker })).toThrow(/invalid ports \(undefined\): the Service has no port \(and the workload declares no named container port\)/);
  });
});

test('snapshot of each Service type', () => {
  const { chart, identity, workload } = web();
  new AppService(chart, 'ClusterIp', { workload, name: 'web-internal', ports: [{ name: 'http', port: 80 }] });
  new AppService(chart, 'NodePort', { workload, name: 'web-nodeport', exposure: ServiceExposure.nodePort(), ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  new AppService(chart, 'LoadBalancer', {
    workload,
    name: 'web-public',
    exposure: ServiceExposure.loadBalancer({ sourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }),
    ports: [{ name: 'http', port: 80, appProtocol: 'http' }],
  });
  new AppService(chart, 'Headless', { identity, name: 'web-peers', exposure: ServiceExposure.headless(), ports: [{ name: 'http', port: 8080 }], publishNotReadyAddresses: true });
  new AppService(chart, 'External', { name: 'payments', exposure: ServiceExposure.externalName('payments.example.com') });
  expect(synth(chart).filter((m) => m.kind === 'Service').map((m) => `${m.metadata.name}:${m.spec.type}`)).toEqual([
    'web-internal:ClusterIP', 'web-nodeport:NodePort', 'web-public:LoadBalancer', 'web-peers:ClusterIP', 'payments:ExternalName',
  ]);
  expect(yamlOf(chart)).toMatchSnapshot();
});

describe('untyped JavaScript input: an input error, never a TypeError', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['ports as a string', { ports: 'http' }, /^shop\/Service: invalid ports "http": it is a string, not a list\. Expected a list of Service ports/],
    ['ports as an object', { ports: { name: 'http', port: 80 } }, /^shop\/Service: invalid ports \{"name":"http","port":80\}: it is an object, not a list\./],
    ['a port that is null', { ports: [null] }, /^shop\/Service: invalid ports\[0\] null: it is null, not an object\./],
    ['a workload that is a string', { workload: 'web' }, /^shop\/Service: invalid workload "web": it is not a workload of cdk8s-appflow\./],
    ['an identity that is a plain object', { identity: { name: 'web' } }, /^shop\/Service: invalid identity \{"name":"web"\}: it is not an AppIdentity\./],
    ['an exposure that is a string', { exposure: 'NodePort' }, /^shop\/Service: invalid exposure "NodePort": it is not a ServiceExposure\./],
  ])('%s', (_what, props, message) => {
    expect(() => service(props as Partial<AppServiceProps>)).toThrow(message);
  });

  test.each([undefined, null, 'web'])('props %j', (props) => {
    expect(() => new AppService(web().chart, 'Service', props as any))
      .toThrow(/^shop\/Service: invalid props .*Expected the props of the Service: a workload or an identity, or an ExternalName exposure\.$/);
  });
});

describe('a port of a native sidecar (Kubernetes 1.29 or later)', () => {
  function withProxy(kubernetesVersion: KubernetesVersion) {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const workload = new StatelessWorkload(chart, 'Web', {
      identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
      container: { image: ContainerImage.fromReference('registry.example.com/shop/web:2.3.1'), ports: [{ name: 'http', number: 8080 }] },
      sidecars: [{ name: 'proxy', image: ContainerImage.fromReference('registry.example.com/oauth-proxy:7.6.0'), ports: [{ name: 'admin', number: 4180 }] }],
    });
    new AppService(chart, 'Service', { workload });
    return only(synth(chart), 'Service').spec.ports.map((p: any) => `${p.name} -> ${p.targetPort}`);
  }

  test('is targeted by number, which every version resolves (before 1.32 a named port of a native sidecar gets no endpoints)', () => {
    expect(withProxy(KubernetesVersion.V1_30)).toEqual(['http -> http', 'admin -> 4180']);
    // A regular sidecar's port stays named, as the main container's.
    expect(withProxy(KubernetesVersion.V1_28)).toEqual(['http -> http', 'admin -> admin']);
  });
});
