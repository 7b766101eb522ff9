import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, AppService, AppServiceProps, ContainerImage, ExternalTrafficPolicy, InternalLoadBalancer, InternalTrafficPolicy, IpFamily,
  IpFamilyPolicy, KubernetesVersion, PlatformDefaults, ReleaseStrategy, BlueGreenTrack, ServiceExposure, StatefulService, StatelessWorkload,
  TrafficDistribution, WebService,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/web:2.3.1');

function web(chart: Chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' })) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
  const workload = new StatelessWorkload(chart, 'Web', {
    identity,
    container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }], resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) } },
  });
  return { chart, identity, workload };
}

/** The Service that an exposure makes (ports: http 80). */
function serviceOf(exposure: ServiceExposure, props: Partial<AppServiceProps> = {}): any {
  const { chart, workload } = web();
  new AppService(chart, 'Service', { workload, exposure, ports: [{ name: 'http', port: 80 }], ...props });
  return only(synth(chart), 'Service');
}

/** The message of the refusal of an exposure (or of other props of the Service). */
function refusal(exposure: ServiceExposure | undefined, props: Partial<AppServiceProps> = {}): string {
  return refusalOf(() => serviceOf(exposure as ServiceExposure, props)).message;
}

describe('load balancers', () => {
  test('annotations, a class, the Local policy with its health check node port, source ranges: one LoadBalancer Service', () => {
    const { chart, workload } = web();
    new AppService(chart, 'Service', {
      workload,
      ports: [{ name: 'http', port: 80, nodePort: 30080 }],
      exposure: ServiceExposure.loadBalancer({
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'external-dns.alpha.kubernetes.io/hostname': 'shop.example.com' },
        loadBalancerClass: 'service.k8s.aws/nlb',
        externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
        healthCheckNodePort: 32000,
        sourceRanges: ['10.0.0.0/8'],
        internalTrafficPolicy: InternalTrafficPolicy.CLUSTER,
      }),
    });
    const s = only(synth(chart), 'Service');
    expect(s.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'external-dns.alpha.kubernetes.io/hostname': 'shop.example.com',
    });
    expect(s.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 32000,
      internalTrafficPolicy: 'Cluster',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }],
    });
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('an internal load balancer of each cloud, beside other annotations', () => {
    expect(serviceOf(ServiceExposure.loadBalancer({ internal: InternalLoadBalancer.aws() })).metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
    });
    expect(serviceOf(ServiceExposure.loadBalancer({
      internal: InternalLoadBalancer.gke(),
      annotations: { 'networking.gke.io/internal-load-balancer-allow-global-access': 'true' },
    })).metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-type': 'Internal', 'networking.gke.io/internal-load-balancer-allow-global-access': 'true',
    });
    expect(serviceOf(ServiceExposure.loadBalancer({ internal: InternalLoadBalancer.azure({ subnet: 'apps_subnet-1' }) })).metadata.annotations).toEqual({
      'service.beta.kubernetes.io/azure-load-balancer-internal': 'true', 'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'apps_subnet-1',
    });
    // An annotation that says what the internal load balancer says is accepted.
    expect(serviceOf(ServiceExposure.loadBalancer({
      internal: InternalLoadBalancer.azure(), annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
    })).metadata.annotations).toEqual({ 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' });
  });

  test('the exposure reads back what it was given; lists and maps are copies', () => {
    const annotations: Record<string, string> = { 'example.com/a': '1' };
    const ranges = ['10.0.0.0/8'];
    const exposure = ServiceExposure.loadBalancer({ annotations, sourceRanges: ranges, loadBalancerClass: 'example.com/lb', internal: InternalLoadBalancer.gke() });
    annotations['example.com/b'] = '2';
    ranges.push('192.168.0.0/16');
    expect(exposure.annotations).toEqual({ 'example.com/a': '1' });
    expect(exposure.sourceRanges).toEqual(['10.0.0.0/8']);
    expect(exposure.loadBalancerClass).toBe('example.com/lb');
    expect(exposure.internal!.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    exposure.internal!.annotations['networking.gke.io/load-balancer-type'] = 'External';
    expect(exposure.internal!.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
  });

  test('without settings, a LoadBalancer Service has no annotations and none of the new fields', () => {
    const s = serviceOf(ServiceExposure.loadBalancer());
    expect(s.metadata.annotations).toBeUndefined();
    for (const field of ['loadBalancerClass', 'healthCheckNodePort', 'externalTrafficPolicy', 'internalTrafficPolicy', 'ipFamilies', 'ipFamilyPolicy', 'sessionAffinity']) {
      expect(s.spec[field]).toBeUndefined();
    }
  });
});

describe('cluster IPs, IP families and session affinity', () => {
  test('ClusterIP: dual-stack families, the Local internal policy, ClientIP affinity', () => {
    const spec = serviceOf(ServiceExposure.clusterIp({
      ipFamilies: [IpFamily.IPV6, IpFamily.IPV4],
      ipFamilyPolicy: IpFamilyPolicy.REQUIRE_DUAL_STACK,
      internalTrafficPolicy: InternalTrafficPolicy.LOCAL,
      clientAffinityTimeout: Duration.minutes(30),
    })).spec;
    expect(spec).toMatchObject({
      type: 'ClusterIP',
      ipFamilies: ['IPv6', 'IPv4'],
      ipFamilyPolicy: 'RequireDualStack',
      internalTrafficPolicy: 'Local',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 1800 } },
    });
  });

  test('one family, or a policy alone', () => {
    expect(serviceOf(ServiceExposure.clusterIp({ ipFamilies: [IpFamily.IPV6] })).spec).toMatchObject({ ipFamilies: ['IPv6'] });
    expect(serviceOf(ServiceExposure.clusterIp({ ipFamilyPolicy: IpFamilyPolicy.PREFER_DUAL_STACK })).spec.ipFamilyPolicy).toBe('PreferDualStack');
    expect(serviceOf(ServiceExposure.clusterIp({ ipFamilies: [IpFamily.IPV4], ipFamilyPolicy: IpFamilyPolicy.SINGLE_STACK })).spec)
      .toMatchObject({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect(serviceOf(ServiceExposure.clusterIp({ ipFamilies: [] })).spec.ipFamilies).toBeUndefined();
  });

  test('headless: IP families and annotations', () => {
    const s = serviceOf(ServiceExposure.headless({
      ipFamilies: [IpFamily.IPV4, IpFamily.IPV6], ipFamilyPolicy: IpFamilyPolicy.PREFER_DUAL_STACK, annotations: { 'example.com/peers': 'true' },
    }));
    expect(s.metadata.annotations).toEqual({ 'example.com/peers': 'true' });
    expect(s.spec).toMatchObject({ clusterIP: 'None', ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' });
  });

  test('NodePort: the Local external policy, affinity and the internal policy', () => {
    expect(serviceOf(ServiceExposure.nodePort({
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      internalTrafficPolicy: InternalTrafficPolicy.LOCAL,
      clientAffinityTimeout: Duration.seconds(1),
    })).spec).toMatchObject({
      type: 'NodePort', externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 1 } },
    });
  });

  test('ExternalName: annotations only', () => {
    const chart = Testing.chart();
    new AppService(chart, 'Db', { name: 'db', exposure: ServiceExposure.externalName('db.example.com', { annotations: { 'example.com/owner': 'payments' } }) });
    const s = only(synth(chart), 'Service');
    expect(s.metadata.annotations).toEqual({ 'example.com/owner': 'payments' });
    expect(s.spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
  });

  test('the affinity of the Service props (deprecated) still works, at the limit of one day', () => {
    const spec = serviceOf(ServiceExposure.clusterIp(), { clientAffinityTimeout: Duration.days(1) }).spec;
    expect(spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 86400 } });
  });
});

describe('the patterns take the settings in serviceExposure, for the Service that users reach only', () => {
  test('WebService with a blue/green release: the preview Service stays a plain ClusterIP Service', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new WebService(chart, 'Web', {
      name: 'web',
      image: IMAGE,
      port: 8080,
      release: ReleaseStrategy.blueGreen({ active: BlueGreenTrack.BLUE }),
      serviceExposure: ServiceExposure.loadBalancer({
        internal: InternalLoadBalancer.gke(),
        loadBalancerClass: 'networking.gke.io/l4-regional-internal',
        ipFamilies: [IpFamily.IPV4],
        clientAffinityTimeout: Duration.hours(3),
      }),
    });
    const manifests = synth(chart);
    const main = only(manifests, 'Service', 'web');
    expect(main.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(main.spec).toMatchObject({
      type: 'LoadBalancer', loadBalancerClass: 'networking.gke.io/l4-regional-internal', ipFamilies: ['IPv4'], sessionAffinity: 'ClientIP',
    });
    const preview = only(manifests, 'Service', 'web-preview');
    expect(preview.metadata.annotations).toBeUndefined();
    expect(preview.spec.type).toBe('ClusterIP');
    expect(preview.spec.loadBalancerClass).toBeUndefined();
    expect(preview.spec.sessionAffinity).toBeUndefined();
  });

  test('StatefulService: its headless governing Service has none of them', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const db = new StatefulService(chart, 'Db', {
      name: 'postgres',
      image: ContainerImage.fromReference('postgres:16.3'),
      port: 5432,
      serviceExposure: ServiceExposure.clusterIp({ internalTrafficPolicy: InternalTrafficPolicy.LOCAL, annotations: { 'example.com/tier': 'data' } }),
    });
    const services = synth(chart).filter((m) => m.kind === 'Service');
    const main = services.find((s) => s.metadata.name === db.service!.name);
    expect(main.metadata.annotations).toEqual({ 'example.com/tier': 'data' });
    expect(main.spec.internalTrafficPolicy).toBe('Local');
    const others = services.filter((s) => s !== main);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) {
      expect(other.metadata.annotations).toBeUndefined();
      expect(other.spec.internalTrafficPolicy).toBeUndefined();
    }
  });
});

describe('refused, with what the API server would refuse', () => {
  const lb = (options: object) => ServiceExposure.loadBalancer(options as any);
  test.each<[string, ServiceExposure, Partial<AppServiceProps>, string]>([
    // Options and annotations.
    ['options that are not an object', ServiceExposure.loadBalancer(null as any), {},
      'shop/Service: invalid exposure null: the options of ServiceExposure.loadBalancer() are null, not an object. '
      + 'Expected an object of options, e.g. ServiceExposure.loadBalancer({ annotations: { ... } }), or no options.'],
    ['annotations that are not a map', ServiceExposure.clusterIp({ annotations: 'nlb' as any }), {},
      'shop/Service: invalid exposure.annotations "nlb": it is a string, not an object. '
      + 'Expected a map of annotation keys to values, e.g. { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" }.'],
    ['an annotation key that is not a label key', ServiceExposure.clusterIp({ annotations: { 'aws load balancer': 'nlb' } }), {},
      'shop/Service: invalid exposure.annotations "aws load balancer": it contains " ", which is not allowed. '
      + 'Expected a label key: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", '
      + 'starting and ending with a letter or digit (e.g. "app.kubernetes.io/name" or "tier").'],
    ['an annotation value that is not a string', ServiceExposure.clusterIp({ annotations: { 'example.com/weight': 42 as any } }), {},
      'shop/Service: invalid exposure.annotations["example.com/weight"] 42: it is a number, not a string. Expected a string: annotation values are strings (write "true", "42").'],
    ['the source ranges as an annotation', lb({ annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' } }), {},
      'shop/Service: invalid exposure.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"] "10.0.0.0/8": '
      + 'Kubernetes reads this annotation as the load balancer\'s source ranges. Expected sourceRanges of ServiceExposure.loadBalancer(), which the library checks.'],
    ['an annotation that contradicts the internal load balancer',
      lb({ internal: InternalLoadBalancer.aws(), annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } }), {},
      'shop/Service: invalid exposure.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] "internet-facing": '
      + 'the internal load balancer (exposure.internal) sets this annotation to "internal". '
      + 'Expected no annotation that contradicts exposure.internal (to set these annotations otherwise, write them all without internal).'],
    ['an internal load balancer without a load balancer', ServiceExposure.nodePort({ internal: InternalLoadBalancer.gke() } as any), {},
      'shop/Service: invalid exposure.internal "InternalLoadBalancer.gke()": a NodePort Service has no load balancer. Expected ServiceExposure.loadBalancer({ internal: InternalLoadBalancer.aws() }) (or gke(), azure()).'],
    ['an internal load balancer that is a string', lb({ internal: 'aws' }), {},
      'shop/Service: invalid exposure.internal "aws": it is not an InternalLoadBalancer. Expected InternalLoadBalancer.aws(), gke() or azure().'],
    ['an Azure subnet that is not one', lb({ internal: InternalLoadBalancer.azure({ subnet: '-apps' }) }), {},
      'shop/Service: invalid exposure.internal.subnet "-apps": it is not an Azure subnet name. Expected the name of a subnet of the cluster\'s virtual network: '
      + '1 to 80 letters, digits, "_", "." and "-", starting with a letter or digit and ending with a letter, digit or "_".'],
    ['Azure options that are not an object', lb({ internal: InternalLoadBalancer.azure(null as any) }), {},
      'shop/Service: invalid exposure.internal null: the options of InternalLoadBalancer.azure() are not an object. Expected InternalLoadBalancer.azure({ subnet: "apps" }), or no options.'],
    // IP families.
    ['IP families that are not a list', ServiceExposure.clusterIp({ ipFamilies: 'IPv4' as any }), {},
      'shop/Service: invalid exposure.ipFamilies "IPv4": it is a string, not a list. Expected a list of one or two IP families, e.g. [IpFamily.IPV4, IpFamily.IPV6].'],
    ['an IP family that is not one', ServiceExposure.clusterIp({ ipFamilies: ['ipv4' as IpFamily] }), {},
      'shop/Service: invalid exposure.ipFamilies[0] "ipv4": it is not an IP family. Expected one of IpFamily.IPV4 ("IPv4"), IpFamily.IPV6 ("IPv6").'],
    ['a family twice', ServiceExposure.clusterIp({ ipFamilies: [IpFamily.IPV4, IpFamily.IPV4], ipFamilyPolicy: IpFamilyPolicy.REQUIRE_DUAL_STACK }), {},
      'shop/Service: invalid exposure.ipFamilies[1] "IPv4": ipFamilies[0] is the same family. Expected each family once: [IpFamily.IPV4], [IpFamily.IPV6] or both, the primary first.'],
    ['two families without a policy', ServiceExposure.clusterIp({ ipFamilies: [IpFamily.IPV4, IpFamily.IPV6] }), {},
      'shop/Service: invalid exposure.ipFamilyPolicy (undefined): two IP families need a dual-stack policy: without one the API server takes SingleStack, and refuses two families. '
      + 'Expected IpFamilyPolicy.PREFER_DUAL_STACK or REQUIRE_DUAL_STACK with two families, or a single family.'],
    ['two families with SingleStack', ServiceExposure.headless({ ipFamilies: [IpFamily.IPV4, IpFamily.IPV6], ipFamilyPolicy: IpFamilyPolicy.SINGLE_STACK }), {},
      'shop/Service: invalid exposure.ipFamilyPolicy "SingleStack": a SingleStack Service has one IP family: the API server refuses two. '
      + 'Expected IpFamilyPolicy.PREFER_DUAL_STACK or REQUIRE_DUAL_STACK with two families, or a single family.'],
    ['a policy that is not one', ServiceExposure.clusterIp({ ipFamilyPolicy: 'DualStack' as IpFamilyPolicy }), {},
      'shop/Service: invalid exposure.ipFamilyPolicy "DualStack": it is not an IP family policy. '
      + 'Expected one of IpFamilyPolicy.SINGLE_STACK ("SingleStack"), IpFamilyPolicy.PREFER_DUAL_STACK ("PreferDualStack"), IpFamilyPolicy.REQUIRE_DUAL_STACK ("RequireDualStack").'],
    // Internal traffic policy and affinity.
    ['an internal traffic policy on a headless Service', ServiceExposure.headless({ internalTrafficPolicy: InternalTrafficPolicy.LOCAL } as any), {},
      'shop/Service: invalid exposure.internalTrafficPolicy "Local": a headless Service has no cluster IP: kube-proxy does not route its traffic, so the policy would do nothing. '
      + 'Expected ServiceExposure.clusterIp(), nodePort() or loadBalancer() with internalTrafficPolicy.'],
    ['an internal traffic policy that is not one', ServiceExposure.clusterIp({ internalTrafficPolicy: 'Node' as InternalTrafficPolicy }), {},
      'shop/Service: invalid exposure.internalTrafficPolicy "Node": it is not an internal traffic policy. '
      + 'Expected one of InternalTrafficPolicy.CLUSTER ("Cluster"), InternalTrafficPolicy.LOCAL ("Local").'],
    ['affinity on a headless Service', ServiceExposure.headless(), { clientAffinityTimeout: Duration.hours(1) },
      'shop/Service: invalid clientAffinityTimeout 3600: a headless Service has no cluster IP: kube-proxy does not balance its traffic, so ClientIP affinity would do nothing. '
      + 'Expected no clientAffinityTimeout, or ServiceExposure.clusterIp(), nodePort() or loadBalancer().'],
    ['affinity of more than a day', ServiceExposure.nodePort({ clientAffinityTimeout: Duration.days(2) }), {},
      'shop/Service: invalid exposure.clientAffinityTimeout 172800: it is above 86400. Expected a duration in whole seconds from 1 to 86400.'],
    ['affinity of less than a second', ServiceExposure.clusterIp({ clientAffinityTimeout: Duration.millis(500) }), {},
      'shop/Service: invalid exposure.clientAffinityTimeout 0.5: it is not a whole number. Expected a duration in whole seconds from 1 to 86400.'],
    ['affinity that is not a Duration', ServiceExposure.clusterIp({ clientAffinityTimeout: 60 as any }), {},
      'shop/Service: invalid exposure.clientAffinityTimeout 60: it is not a Duration. Expected a duration in whole seconds, e.g. Duration.seconds(30).'],
    ['affinity twice', ServiceExposure.clusterIp({ clientAffinityTimeout: Duration.hours(1) }), { clientAffinityTimeout: Duration.hours(2) },
      'shop/Service: invalid clientAffinityTimeout 7200: the exposure has a clientAffinityTimeout too. Expected one of them: the exposure\'s (ServiceExposure.clusterIp({ clientAffinityTimeout })).'],
    // External traffic.
    ['an external traffic policy without an external address', ServiceExposure.clusterIp({ externalTrafficPolicy: ExternalTrafficPolicy.LOCAL } as any), {},
      'shop/Service: invalid exposure.externalTrafficPolicy "Local": a ClusterIP Service has no node ports and no load balancer, and the API server refuses the policy on it. '
      + 'Expected ServiceExposure.nodePort({ externalTrafficPolicy }) or loadBalancer({ externalTrafficPolicy }).'],
    ['an external traffic policy that is not one', ServiceExposure.nodePort({ externalTrafficPolicy: 'local' as ExternalTrafficPolicy }), {},
      'shop/Service: invalid exposure.externalTrafficPolicy "local": it is not an external traffic policy. '
      + 'Expected one of ExternalTrafficPolicy.CLUSTER ("Cluster"), ExternalTrafficPolicy.LOCAL ("Local").'],
    ['source ranges without a load balancer', ServiceExposure.nodePort({ sourceRanges: ['10.0.0.0/8'] } as any), {},
      'shop/Service: invalid exposure.sourceRanges ["10.0.0.0/8"]: a NodePort Service has no load balancer. Expected ServiceExposure.loadBalancer({ sourceRanges }).'],
    ['source ranges that are not a list', lb({ sourceRanges: '10.0.0.0/8' }), {},
      'shop/Service: invalid exposure.sourceRanges "10.0.0.0/8": it is a string, not a list. Expected a list of CIDR ranges, e.g. ["203.0.113.0/24"].'],
    ['a class without a load balancer', ServiceExposure.nodePort({ loadBalancerClass: 'example.com/lb' } as any), {},
      'shop/Service: invalid exposure.loadBalancerClass "example.com/lb": a NodePort Service has no load balancer, and the API server refuses a class on it. '
      + 'Expected ServiceExposure.loadBalancer({ loadBalancerClass }).'],
    ['a class that is not a label-style name', lb({ loadBalancerClass: 'example.com/internal vip' }), {},
      'shop/Service: invalid exposure.loadBalancerClass "example.com/internal vip": its name "internal vip" after "/": it contains " ", which is not allowed. '
      + 'Expected a label-style name: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", '
      + 'starting and ending with a letter or digit (e.g. "service.k8s.aws/nlb"; unprefixed names are left to end users).'],
    ['a health check node port without the Local policy', lb({ healthCheckNodePort: 32000 }), {},
      'shop/Service: invalid exposure.healthCheckNodePort 32000: the external traffic policy is Cluster (the default): only the Local policy has a health check node port, '
      + 'and the API server refuses one otherwise. Expected externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, or no healthCheckNodePort.'],
    ['a health check node port with the Cluster policy', lb({ healthCheckNodePort: 32000, externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER }), {},
      'shop/Service: invalid exposure.healthCheckNodePort 32000: the external traffic policy is Cluster: only the Local policy has a health check node port, '
      + 'and the API server refuses one otherwise. Expected externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, or no healthCheckNodePort.'],
    ['a health check node port on a NodePort Service', ServiceExposure.nodePort({ externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, healthCheckNodePort: 32000 } as any), {},
      'shop/Service: invalid exposure.healthCheckNodePort 32000: a NodePort Service has no load balancer. '
      + 'Expected ServiceExposure.loadBalancer({ externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, healthCheckNodePort }).'],
    ['a health check node port outside the range', lb({ healthCheckNodePort: 10256, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }), {},
      'shop/Service: invalid exposure.healthCheckNodePort 10256: it is outside the node port range. Expected a port from 30000 to 32767 (the default --service-node-port-range).'],
    ['a health check node port that is not a whole number', lb({ healthCheckNodePort: '32000', externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }), {},
      'shop/Service: invalid exposure.healthCheckNodePort "32000": it is not a whole number. Expected a port from 30000 to 32767 (the default --service-node-port-range).'],
    ['a health check node port that is a port\'s node port', lb({ healthCheckNodePort: 30080, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }),
      { ports: [{ name: 'http', port: 80, nodePort: 30080 }] },
      'shop/Service: invalid ports[0].nodePort 30080: it is the health check node port of the exposure (exposure.healthCheckNodePort). '
      + 'Expected a node port of its own, other than the health check node port.'],
    ['the kubelet\'s port on a load balancer', ServiceExposure.loadBalancer(), { ports: [{ name: 'http', port: 10250 }] },
      'shop/Service: invalid ports[0].port 10250: it is the kubelet\'s port, which the API server refuses to expose through a load balancer. Expected another port number.'],
  ])('%s', (_what, exposure, props, message) => {
    expect(refusal(exposure, props)).toBe(message);
  });

  test.each<[string, ServiceExposure, string]>([
    ['IP families', ServiceExposure.externalName('db.example.com', { ipFamilies: [IpFamily.IPV4] } as any),
      'shop/Db: invalid exposure.ipFamilies ["IPv4"]: an ExternalName Service has no cluster IP, and the API server refuses IP families on it. '
      + 'Expected no ipFamilies with ServiceExposure.externalName().'],
    ['an IP family policy', ServiceExposure.externalName('db.example.com', { ipFamilyPolicy: IpFamilyPolicy.SINGLE_STACK } as any),
      'shop/Db: invalid exposure.ipFamilyPolicy "SingleStack": an ExternalName Service has no cluster IP, and the API server refuses IP families on it. '
      + 'Expected no ipFamilyPolicy with ServiceExposure.externalName().'],
    ['an internal traffic policy', ServiceExposure.externalName('db.example.com', { internalTrafficPolicy: InternalTrafficPolicy.CLUSTER } as any),
      'shop/Db: invalid exposure.internalTrafficPolicy "Cluster": an ExternalName Service is a DNS alias: it has no pods to route to. '
      + 'Expected ServiceExposure.clusterIp(), nodePort() or loadBalancer() with internalTrafficPolicy.'],
    ['affinity', ServiceExposure.externalName('db.example.com', { clientAffinityTimeout: Duration.hours(1) } as any),
      'shop/Db: invalid exposure.clientAffinityTimeout 3600: an ExternalName Service is a DNS alias: nothing balances its traffic. '
      + 'Expected no clientAffinityTimeout in the exposure, or ServiceExposure.clusterIp(), nodePort() or loadBalancer().'],
    ['options that are a list', ServiceExposure.externalName('db.example.com', [] as any),
      'shop/Db: invalid exposure []: the options of ServiceExposure.externalName() are a list, not an object. '
      + 'Expected an object of options, e.g. ServiceExposure.externalName("db.example.com", { annotations: { ... } }), or no options.'],
  ])('ExternalName: %s', (_what, exposure, message) => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    expect(refusalOf(() => new AppService(chart, 'Db', { name: 'db', exposure })).message).toBe(message);
  });
});

describe('trafficDistribution (Kubernetes 1.31 or later)', () => {
  function serviceFor(kubernetesVersion: KubernetesVersion, exposure: ServiceExposure): any {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion });
    const { chart, workload } = web(new Chart(app, 'shop', { namespace: 'shop' }));
    new AppService(chart, 'Service', { workload, exposure, ports: [{ name: 'http', port: 80 }] });
    return only(synth(chart), 'Service');
  }

  test('PreferClose: to endpoints in the client\'s zone when there are any', () => {
    const close = ServiceExposure.clusterIp({ trafficDistribution: TrafficDistribution.PREFER_CLOSE });
    expect(serviceFor(KubernetesVersion.V1_31, close).spec.trafficDistribution).toBe('PreferClose');
    expect(serviceFor(KubernetesVersion.V1_31, ServiceExposure.clusterIp()).spec.trafficDistribution).toBeUndefined();
  });

  test('refused on an older target, on a headless Service, and when it is no distribution', () => {
    const close = ServiceExposure.clusterIp({ trafficDistribution: TrafficDistribution.PREFER_CLOSE });
    expect(refusalOf(() => serviceFor(KubernetesVersion.V1_30, close))).toMatchObject({
      constructPath: 'shop/Service',
      prop: 'exposure.trafficDistribution',
      value: 'PreferClose',
      problem: 'it needs the traffic distribution of Services (trafficDistribution), on by default from Kubernetes 1.31, and the target is '
        + 'Kubernetes 1.30 (platform default kubernetesVersion, set at <root>)',
      accepted: 'no trafficDistribution, or a target of Kubernetes 1.31 or later (PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_31 }))',
    });
    const headless = ServiceExposure.headless({ trafficDistribution: TrafficDistribution.PREFER_CLOSE } as any);
    expect(refusalOf(() => serviceFor(KubernetesVersion.V1_36, headless))).toMatchObject({
      prop: 'exposure.trafficDistribution',
      value: 'PreferClose',
      problem: 'a headless Service has no cluster IP: kube-proxy does not route its traffic, so the distribution would do nothing',
    });
    expect(refusalOf(() => serviceFor(KubernetesVersion.V1_36, ServiceExposure.clusterIp({ trafficDistribution: 'Nearby' as any })))).toMatchObject({
      prop: 'exposure.trafficDistribution',
      value: 'Nearby',
      problem: 'it is not a traffic distribution',
      accepted: 'one of TrafficDistribution.PREFER_CLOSE ("PreferClose")',
    });
  });
});
