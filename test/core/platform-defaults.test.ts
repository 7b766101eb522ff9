import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import {
  KubernetesVersion, MonitoringMode, PlatformDefaults, PlatformDefaultsProps, PlatformSetting, PublishMode, SecretStoreRef,
  SecurityProfile, TlsIssuer, TlsIssuerKind,
} from '../../src';
import { refusalOf } from '../support/refusal';

const ORG: PlatformDefaultsProps = {
  kubernetesVersion: KubernetesVersion.V1_33,
  imageRegistry: 'registry.example.com',
  allowedImageRegistries: ['registry.example.com', 'ghcr.io/acme'],
  ingressClassName: 'nginx',
  tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod'),
  storageClassName: 'fast-ssd',
  publishMode: PublishMode.GATEWAY_ROUTE,
  gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' },
  ingressControllerNamespace: 'ingress-nginx',
  monitoringNamespace: 'monitoring',
  cpuRequest: Cpu.millis(100),
  cpuLimit: Cpu.units(1),
  memoryRequest: Size.mebibytes(128),
  memoryLimit: Size.mebibytes(512),
  securityProfile: SecurityProfile.RESTRICTED,
  monitoringMode: MonitoringMode.SERVICE_MONITOR,
  prometheusSelectorLabels: { release: 'kube-prometheus-stack' },
  blackboxExporterAddress: 'blackbox-exporter.monitoring.svc:9115',
  blackboxModule: 'http_2xx',
  runbookUrlTemplate: 'https://runbooks.example.com/{alert}',
  dashboardLabels: { grafana_dashboard: '1' },
  topologyDiagram: true,
  publishedUrlFiles: true,
};

describe('built-in defaults', () => {
  test('with nothing set: Kubernetes 1.27, the restricted profile, and nothing else', () => {
    const chart = Testing.chart();
    expect(PlatformDefaults.of(new Construct(chart, 'Web'))).toEqual({
      kubernetesVersion: KubernetesVersion.V1_27,
      securityProfile: SecurityProfile.RESTRICTED,
      blackboxModule: 'http_2xx',
      dashboardLabels: { grafana_dashboard: '1' },
      topologyDiagram: true,
      publishedUrlFiles: true,
    });
    expect(PlatformDefaults.originOf(chart, PlatformSetting.TOPOLOGY_DIAGRAM)).toBe('built-in');
    expect(PlatformDefaults.originOf(chart, PlatformSetting.SECURITY_PROFILE)).toBe('built-in');
    expect(PlatformDefaults.originOf(chart, PlatformSetting.INGRESS_CLASS_NAME)).toBeUndefined();
  });
});

describe('set on an App', () => {
  test('every construct of every chart below reads them', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, ORG);
    const shop = new Construct(new Chart(app, 'shop'), 'Web');
    const billing = new Construct(new Construct(new Chart(app, 'billing'), 'Group'), 'Worker');
    for (const scope of [shop, billing]) {
      const defaults = PlatformDefaults.of(scope);
      expect(defaults).toEqual(ORG);
      expect(defaults.cpuLimit?.amount).toBe('1');
      expect(defaults.memoryLimit?.toMebibytes()).toBe(512);
      expect(defaults.tlsIssuer?.annotationKey).toBe('cert-manager.io/cluster-issuer');
      expect(PlatformDefaults.originOf(scope, PlatformSetting.INGRESS_CLASS_NAME)).toBe('<root>');
    }
  });

  test('a read-only view: the defaults and their lists cannot be changed through what of() and peek() return', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, ORG);
    const scope = new Construct(new Chart(app, 'shop'), 'Web');
    expect(() => PlatformDefaults.of(scope).allowedImageRegistries!.push('evil.example.com')).toThrow(TypeError);
    expect(() => { (PlatformDefaults.peek(scope) as any).ingressClassName = 'evil'; }).toThrow(TypeError);
    expect(PlatformDefaults.of(scope).allowedImageRegistries).toEqual(['registry.example.com', 'ghcr.io/acme']);
    expect(Object.isFrozen(PlatformDefaults.of(scope))).toBe(true);
  });

  test('the list given to set() is copied', () => {
    const app = Testing.app();
    const registries = ['registry.example.com'];
    PlatformDefaults.set(app, { allowedImageRegistries: registries });
    registries.push('evil.example.com');
    expect(PlatformDefaults.of(new Chart(app, 'c')).allowedImageRegistries).toEqual(['registry.example.com']);
  });
});

describe('overridden below', () => {
  test('a Chart overrides the App, setting by setting', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, ORG);
    const chart = new Chart(app, 'batch');
    PlatformDefaults.set(chart, { ingressClassName: 'traefik', memoryLimit: Size.gibibytes(2) });
    const defaults = PlatformDefaults.of(new Construct(chart, 'Job'));
    expect(defaults).toEqual({ ...ORG, ingressClassName: 'traefik', memoryLimit: Size.gibibytes(2) });
    expect(PlatformDefaults.originOf(chart, PlatformSetting.INGRESS_CLASS_NAME)).toBe('batch');
    expect(PlatformDefaults.originOf(chart, PlatformSetting.STORAGE_CLASS_NAME)).toBe('<root>');
  });

  test('a construct overrides its Chart for itself and its children, not for its siblings', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, ORG);
    const chart = new Chart(app, 'shop');
    const web = new Construct(chart, 'Web');
    PlatformDefaults.set(web, { tlsIssuer: TlsIssuer.issuer('shop-ca'), allowedImageRegistries: ['quay.io'] });
    const child = new Construct(web, 'Sidecar');
    const sibling = new Construct(chart, 'Worker');
    expect(PlatformDefaults.of(child).tlsIssuer).toEqual(TlsIssuer.issuer('shop-ca'));
    expect(PlatformDefaults.of(child).tlsIssuer?.kind).toBe(TlsIssuerKind.ISSUER);
    expect(PlatformDefaults.of(child).tlsIssuer?.annotationKey).toBe('cert-manager.io/issuer');
    // A nearer list replaces the farther one.
    expect(PlatformDefaults.of(child).allowedImageRegistries).toEqual(['quay.io']);
    expect(PlatformDefaults.of(sibling)).toEqual(ORG);
  });

  test('a second set() on one scope merges, the later values winning', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { ingressClassName: 'nginx', storageClassName: 'standard' });
    PlatformDefaults.set(app, { ingressClassName: 'traefik' });
    expect(PlatformDefaults.of(new Chart(app, 'c'))).toMatchObject({ ingressClassName: 'traefik', storageClassName: 'standard' });
  });
});

describe('switched off', () => {
  test('a switched-off setting no longer applies below that scope', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, ORG);
    const chart = new Chart(app, 'batch');
    PlatformDefaults.set(chart, { switchOff: [PlatformSetting.CPU_LIMIT, PlatformSetting.MEMORY_LIMIT, PlatformSetting.ALLOWED_IMAGE_REGISTRIES] });
    const defaults = PlatformDefaults.of(new Construct(chart, 'Job'));
    expect(defaults.cpuLimit).toBeUndefined();
    expect(defaults.memoryLimit).toBeUndefined();
    expect(defaults.allowedImageRegistries).toBeUndefined();
    expect(defaults.cpuRequest).toEqual(Cpu.millis(100));
    expect('cpuLimit' in defaults).toBe(false);
    expect(PlatformDefaults.originOf(chart, PlatformSetting.CPU_LIMIT)).toBe('batch');
    // Other charts keep them.
    expect(PlatformDefaults.of(new Chart(app, 'web')).cpuLimit).toEqual(Cpu.units(1));
  });

  test('switched off on a construct, set again below it', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, ORG);
    const web = new Construct(new Chart(app, 'shop'), 'Web');
    PlatformDefaults.set(web, { switchOff: [PlatformSetting.INGRESS_CLASS_NAME] });
    const inner = new Construct(web, 'Inner');
    PlatformDefaults.set(inner, { ingressClassName: 'internal' });
    expect(PlatformDefaults.of(new Construct(web, 'Other')).ingressClassName).toBeUndefined();
    expect(PlatformDefaults.of(new Construct(inner, 'Leaf')).ingressClassName).toBe('internal');
  });

  test('the built-in restricted profile can be switched off: nothing is enforced (privileged)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'node-agents');
    PlatformDefaults.set(chart, { switchOff: [PlatformSetting.SECURITY_PROFILE] });
    expect(PlatformDefaults.of(new Construct(chart, 'Agent')).securityProfile).toBe(SecurityProfile.PRIVILEGED);
    expect(PlatformDefaults.of(new Chart(app, 'web')).securityProfile).toBe(SecurityProfile.RESTRICTED);
  });

  test('the built-in topology diagram can be switched off (false: no diagram) or set to false, and on again below', () => {
    const app = Testing.app();
    const quiet = new Chart(app, 'quiet');
    PlatformDefaults.set(quiet, { switchOff: [PlatformSetting.TOPOLOGY_DIAGRAM] });
    expect(PlatformDefaults.of(new Construct(quiet, 'X')).topologyDiagram).toBe(false);
    expect(PlatformDefaults.originOf(quiet, PlatformSetting.TOPOLOGY_DIAGRAM)).toBe('quiet');
    const off = new Chart(app, 'off');
    PlatformDefaults.set(off, { topologyDiagram: false });
    const on = new Construct(off, 'On');
    PlatformDefaults.set(on, { topologyDiagram: true });
    expect(PlatformDefaults.of(new Construct(off, 'Y')).topologyDiagram).toBe(false);
    expect(PlatformDefaults.of(on).topologyDiagram).toBe(true);
    expect(PlatformDefaults.of(new Chart(app, 'web')).topologyDiagram).toBe(true);
  });

  test('every setting can be switched off', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, ORG);
    const chart = new Chart(app, 'bare');
    PlatformDefaults.set(chart, { switchOff: Object.values(PlatformSetting) });
    expect(PlatformDefaults.of(new Construct(chart, 'X'))).toEqual({
      kubernetesVersion: KubernetesVersion.V1_27, securityProfile: SecurityProfile.PRIVILEGED, topologyDiagram: false, publishedUrlFiles: false,
    });
    expect(PlatformDefaults.originOf(chart, PlatformSetting.BLACKBOX_MODULE)).toBe('bare');
  });
});

describe('refused', () => {
  test('defaults set after a construct below read them', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    PlatformDefaults.of(new Construct(chart, 'Web'));
    expect(() => PlatformDefaults.set(app, ORG)).toThrow(
      /^<root>: invalid platform defaults .*: shop\/Web already read the platform defaults of this scope, so new defaults would not apply to it\. Expected platform defaults set on a scope before the constructs under it are made\.$/,
    );
    expect(() => PlatformDefaults.set(chart, ORG)).toThrow(/^shop: invalid platform defaults .*shop\/Web already read/);
  });

  test('reading them without marking (as synth does for the topology diagram) does not refuse later defaults', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    expect(PlatformDefaults.peek(new Construct(chart, 'Web')).topologyDiagram).toBe(true);
    expect(() => PlatformDefaults.set(app, { topologyDiagram: false })).not.toThrow();
    expect(() => PlatformDefaults.set(chart, ORG)).not.toThrow();
    expect(PlatformDefaults.peek(chart).topologyDiagram).toBe(true);
    expect(PlatformDefaults.peek(new Chart(app, 'other')).topologyDiagram).toBe(false);
  });

  test('what synth reads without marking follows later defaults, on the scope and above it (nothing kept goes stale)', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { blackboxModule: 'http_2xx' });
    const chart = new Chart(app, 'shop');
    PlatformDefaults.set(chart, { ingressClassName: 'nginx' });
    const web = new Construct(chart, 'Web');
    expect(PlatformDefaults.peek(web)).toMatchObject({ blackboxModule: 'http_2xx', ingressClassName: 'nginx' });
    PlatformDefaults.set(app, { blackboxModule: 'tcp_connect' });
    PlatformDefaults.set(chart, { ingressClassName: 'traefik' });
    expect(PlatformDefaults.peek(web)).toMatchObject({ blackboxModule: 'tcp_connect', ingressClassName: 'traefik' });
    PlatformDefaults.set(app, { switchOff: [PlatformSetting.BLACKBOX_MODULE] });
    expect(PlatformDefaults.of(web).blackboxModule).toBeUndefined();
    expect(() => PlatformDefaults.set(app, { blackboxModule: 'icmp' })).toThrow(/shop\/Web already read the platform defaults/);
  });

  test('defaults on a sibling scope are still accepted', () => {
    const app = Testing.app();
    PlatformDefaults.of(new Construct(new Chart(app, 'shop'), 'Web'));
    const billing = new Chart(app, 'billing');
    PlatformDefaults.set(billing, { ingressClassName: 'nginx' });
    expect(PlatformDefaults.of(billing).ingressClassName).toBe('nginx');
  });

  test('a setting both given and switched off', () => {
    expect(() => PlatformDefaults.set(Testing.app(), { ingressClassName: 'nginx', switchOff: [PlatformSetting.INGRESS_CLASS_NAME] }))
      .toThrow('<root>: invalid platformDefaults.ingressClassName "nginx": the same setting is also switched off in `switchOff`. Expected either a value or the setting in `switchOff`, not both.');
  });

  test('an unknown setting to switch off', () => {
    expect(() => PlatformDefaults.set(Testing.app(), { switchOff: ['cpuLimits' as PlatformSetting] }))
      .toThrow(/invalid platformDefaults\.switchOff "cpuLimits": it is not a platform setting \(did you mean cpuLimit\?\)\. Expected one of "imageRegistry", .*"dashboardLabels", "topologyDiagram", "publishedUrlFiles", "kubernetesVersion"\./);
  });

  test('an unknown setting', () => {
    expect(() => PlatformDefaults.set(Testing.app(), { ingressClass: 'nginx' } as PlatformDefaultsProps))
      .toThrow(/invalid platformDefaults\.ingressClass "nginx": it is not a platform setting/);
  });

  test.each([
    [{ imageRegistry: 'https://registry.example.com' }, /invalid platformDefaults\.imageRegistry "https:\/\/registry\.example\.com": it has a scheme .*Expected a registry host with an optional port and path/],
    [{ imageRegistry: 'registry.example.com/' }, /invalid platformDefaults\.imageRegistry "registry\.example\.com\/": it ends with "\/"/],
    [{ imageRegistry: '' }, /invalid platformDefaults\.imageRegistry "": it is empty/],
    [{ imageRegistry: 'Registry.Example.com/DockerHub' }, /invalid platformDefaults\.imageRegistry "Registry\.Example\.com\/DockerHub": its path "DockerHub" has uppercase letters \(repository paths are lowercase\)/],
    [{ imageRegistry: 'registry.example.com/Shop' }, /its path "Shop" has uppercase letters/],
    [{ imageRegistry: 'registry..example.com' }, /it is not a registry host\[:port\]\[\/path\]/],
    [{ allowedImageRegistries: [] }, /invalid platformDefaults\.allowedImageRegistries \[\]: the list is empty, so no image at all would be allowed\. Expected at least one registry; to allow every registry, switch the setting off/],
    [{ allowedImageRegistries: ['ok.example.com', 'bad registry'] }, /invalid platformDefaults\.allowedImageRegistries\[1\] "bad registry"/],
    [{ ingressClassName: 'Nginx' }, /invalid platformDefaults\.ingressClassName "Nginx": it contains uppercase letters.*Expected a DNS-1123 subdomain/],
    [{ storageClassName: 'fast_ssd' }, /invalid platformDefaults\.storageClassName "fast_ssd": it contains "_"/],
    [{ prometheusSelectorLabels: { 'bad key': 'x' } }, /invalid platformDefaults\.prometheusSelectorLabels "bad key"/],
    [{ dashboardLabels: { grafana_dashboard: 'yes please' } }, /invalid platformDefaults\.dashboardLabels\["grafana_dashboard"\] "yes please"/],
    [{ blackboxExporterAddress: 'http://blackbox:9115' }, /invalid platformDefaults\.blackboxExporterAddress "http:\/\/blackbox:9115": it is not a host with an optional port/],
    [{ blackboxModule: 'http 2xx' }, /invalid platformDefaults\.blackboxModule "http 2xx"/],
    [{ runbookUrlTemplate: 'runbooks/{alert}' }, /invalid platformDefaults\.runbookUrlTemplate "runbooks\/\{alert\}": it is not an http\(s\) URL/],
    [{ publishMode: 'route' as any }, /invalid platformDefaults\.publishMode "route": it is not one of the accepted values\. Expected one of "ingress", "gateway-route"\./],
    [{ gateway: { name: 'Public' } }, /invalid platformDefaults\.gateway\.name "Public"/],
    [{ gateway: { name: 'public', namespace: 'gw.system' } }, /invalid platformDefaults\.gateway\.namespace "gw\.system"/],
    [{ ingressControllerNamespace: 'ingress.nginx' }, /invalid platformDefaults\.ingressControllerNamespace "ingress\.nginx": it contains "\."/],
    [{ gatewayNamespace: 'Envoy-Gateway' }, /invalid platformDefaults\.gatewayNamespace "Envoy-Gateway"/],
    [{ monitoringNamespace: 'Monitoring' }, /invalid platformDefaults\.monitoringNamespace "Monitoring": it contains uppercase letters/],
    [{ tlsIssuer: TlsIssuer.clusterIssuer('Lets Encrypt') }, /invalid platformDefaults\.tlsIssuer\.name "Lets Encrypt"/],
    [{ cpuRequest: Cpu.millis(-100) }, /invalid platformDefaults\.cpuRequest "-100m": it is negative\. Expected a CPU amount of zero or more/],
    [{ cpuRequest: 50 }, /invalid platformDefaults\.cpuRequest 50: it is a number, not a Cpu\. Expected a CPU amount of zero or more/],
    [{ cpuLimit: Cpu.units(NaN) }, /invalid platformDefaults\.cpuLimit "NaN": it does not start with a number/],
    [{ memoryRequest: Size.kibibytes(0.5) }, /invalid platformDefaults\.memoryRequest "0\.5Ki": it is not a whole number of kibibytes\. Expected a size such as Size\.mebibytes\(512\)/],
    [{ requireImageDigest: 'yes' as unknown as boolean }, /invalid platformDefaults\.requireImageDigest "yes": it is not a boolean\. Expected true or false\./],
    [{ forbidLatestImageTag: 1 as unknown as boolean }, /invalid platformDefaults\.forbidLatestImageTag 1: it is not a boolean/],
    [{ topologyDiagram: 'no' as unknown as boolean }, /^<root>: invalid platformDefaults\.topologyDiagram "no": it is not a boolean\. Expected true or false\.$/],
    [{ publishedUrlFiles: 0 as unknown as boolean }, /^<root>: invalid platformDefaults\.publishedUrlFiles 0: it is not a boolean\. Expected true or false\.$/],
    [{ imageLock: 'images.lock.yaml' as any }, /invalid platformDefaults\.imageLock "images\.lock\.yaml": it is not an image lock\. Expected an ImageLock/],
    [{ securityProfile: 'lenient' as SecurityProfile }, /invalid platformDefaults\.securityProfile "lenient": it is not one of the accepted values\. Expected one of "restricted", "baseline", "privileged"\./],
    [{ monitoringMode: 'datadog' as MonitoringMode }, /invalid platformDefaults\.monitoringMode "datadog".*"service-monitor", "pod-monitor", "annotations", "none"/],
    [{ imagePullSecrets: 'registry-pull' as any }, /^<root>: invalid platformDefaults\.imagePullSecrets "registry-pull": it is a string, not a list\. Expected a list of Secret names, e\.g\. \["registry-example-com-pull"\]\.$/],
    [{ imagePullSecrets: ['ok', 'Registry_Pull'] }, /^<root>: invalid platformDefaults\.imagePullSecrets\[1\] "Registry_Pull": it contains "_" and uppercase letters/],
    [{ tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'batch' }] }, /^<root>: invalid platformDefaults\.tolerations\[0\]\.value "batch": the operator is Exists, which matches every value\. Expected no value with the operator Exists, or the operator "Equal"\.$/],
    [{ serviceAccountPerApplication: 'yes' as any }, /^<root>: invalid platformDefaults\.serviceAccountPerApplication "yes": it is not a boolean\. Expected true or false\.$/],
    [{ workloadIdentity: { roleArn: 'arn:aws:iam::111122223333:role/web' } as any }, /^<root>: invalid platformDefaults\.workloadIdentity \{"roleArn":"arn:aws:iam::111122223333:role\/web"\}: it is not a WorkloadIdentity\. Expected WorkloadIdentity\.gke\(\.\.\.\), WorkloadIdentity\.azure\(\.\.\.\) or WorkloadIdentity\.aws\(\.\.\.\)\.$/],
    [{ secretStore: { kind: 'ClusterSecretStore', name: 'vault' } as any }, /^<root>: invalid platformDefaults\.secretStore \{"kind":"ClusterSecretStore","name":"vault"\}: it is not a SecretStoreRef\. Expected SecretStoreRef\.cluster\("vault"\) or SecretStoreRef\.namespaced\("vault"\)\.$/],
    [{ secretStore: SecretStoreRef.cluster('Vault') }, /^<root>: invalid platformDefaults\.secretStore\.name "Vault": it contains uppercase letters/],
  ])('invalid value %#', (defaults, message) => {
    expect(() => PlatformDefaults.set(Testing.app(), defaults as PlatformDefaultsProps)).toThrow(message);
  });

  const REGISTRY = 'a registry host with an optional port and path, without scheme or trailing "/" (e.g. "registry.example.com", "localhost:5000" or "ghcr.io/acme")';
  test.each([
    ['imageRegistry', { imageRegistry: 'registry.example.com:99999' }, 'registry.example.com:99999', 'its port 99999 is not from 1 to 65535'],
    ['imageRegistry', { imageRegistry: 'registry.example.com:0/mirror' }, 'registry.example.com:0/mirror', 'its port 0 is not from 1 to 65535'],
    ['imageRegistry', { imageRegistry: '[::1]:65536' }, '[::1]:65536', 'its port 65536 is not from 1 to 65535'],
    ['allowedImageRegistries[1]', { allowedImageRegistries: ['ghcr.io', 'localhost:70000'] }, 'localhost:70000', 'its port 70000 is not from 1 to 65535'],
  ])('a registry port out of range: %s %#', (prop, defaults, value, problem) => {
    expect(refusalOf(() => PlatformDefaults.set(Testing.app(), defaults))).toMatchObject({
      constructPath: '<root>', prop: `platformDefaults.${prop}`, value, problem, accepted: REGISTRY,
    });
  });

  test('registry ports from 1 to 65535, and IPv6 addresses with and without a port', () => {
    expect(() => PlatformDefaults.set(Testing.app(), {
      imageRegistry: 'registry.example.com:65535',
      allowedImageRegistries: ['localhost:1', '[::1]', '[::1]:5000/mirror', 'registry.example.com:443/a/b'],
    })).not.toThrow();
  });

  test.each([
    ['prometheusSelectorLabels', { prometheusSelectorLabels: { constructor: 'x' } }],
    ['dashboardLabels', { dashboardLabels: { grafana_dashboard: '1', constructor: 'x' } }],
  ])('a label "constructor" in %s (a valid key, which cdk8s cannot serialize)', (prop, defaults) => {
    expect(refusalOf(() => PlatformDefaults.set(Testing.app(), defaults))).toMatchObject({
      constructPath: '<root>',
      prop: `platformDefaults.${prop}`,
      value: 'constructor',
      problem: 'cdk8s cannot write a map with this key (its serialization reads obj.constructor.name of every object)',
      accepted: 'a label key other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)',
    });
  });

  test.each([
    ['memoryRequest', Size.mebibytes(NaN), 'NaNMi', 'it is not a finite size'],
    ['memoryLimit', Size.gibibytes(Infinity), 'InfinityGi', 'it is not a finite size'],
  ])('a %s of %s', (prop, size, value, problem) => {
    expect(refusalOf(() => PlatformDefaults.set(Testing.app(), { [prop]: size }))).toMatchObject({
      prop: `platformDefaults.${prop}`, value, problem, accepted: 'a size such as Size.mebibytes(512) or Size.gibibytes(1)',
    });
  });

  test('accepted registries: host, host:port, IPv4:port, path', () => {
    const app = Testing.app();
    expect(() => PlatformDefaults.set(app, {
      imageRegistry: 'localhost:5000',
      allowedImageRegistries: ['registry.example.com', '10.0.0.12:5000', 'ghcr.io/acme/team', 'Registry.Example.com'],
    })).not.toThrow();
  });

  test('a CPU request above the limit once merged names both origins', () => {
    const app = new App();
    PlatformDefaults.set(app, { cpuLimit: Cpu.millis(500) });
    const chart = new Chart(app, 'heavy');
    PlatformDefaults.set(chart, { cpuRequest: Cpu.units(2) });
    expect(() => PlatformDefaults.of(new Construct(chart, 'Worker'))).toThrow(
      'heavy/Worker: invalid platformDefaults.cpuRequest "2": it is above the cpuLimit 500m (cpuRequest set at heavy, cpuLimit at <root>). Expected a cpuRequest at most the cpuLimit; lower the request, raise the limit, or switch the limit off with `switchOff`.',
    );
  });

  test('a memory request above the limit', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { memoryRequest: Size.gibibytes(1), memoryLimit: Size.mebibytes(512) });
    expect(() => PlatformDefaults.of(new Chart(app, 'c'))).toThrow(/invalid platformDefaults\.memoryRequest "1048576Ki": it is above the memoryLimit 524288Ki/);
  });

  test('a request equal to the limit is fine', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, {
      cpuRequest: Cpu.millis(1000), cpuLimit: Cpu.units(1), memoryRequest: Size.gibibytes(1), memoryLimit: Size.mebibytes(1024),
    });
    expect(() => PlatformDefaults.of(new Chart(app, 'c'))).not.toThrow();
  });
});

describe('from plain JavaScript: an input error against the setting written, never a TypeError', () => {
  test.each<[string, unknown, string, string]>([
    ['defaults that are undefined', undefined, 'platform defaults', 'it is undefined, not an object'],
    ['defaults that are null', null, 'platform defaults', 'it is null, not an object'],
    ['defaults that are a string', 'nginx', 'platform defaults', 'it is a string, not an object'],
    ['switchOff as a string', { switchOff: 'cpuLimit' }, 'platformDefaults.switchOff', 'it is a string, not a list'],
    ['switchOff as an object', { switchOff: { cpuLimit: true } }, 'platformDefaults.switchOff', 'it is an object, not a list'],
    ['allowedImageRegistries as a string', { allowedImageRegistries: 'registry.acme.example' }, 'platformDefaults.allowedImageRegistries', 'it is a string, not a list'],
    ['tlsIssuer as a string', { tlsIssuer: 'letsencrypt' }, 'platformDefaults.tlsIssuer', 'it is not a TlsIssuer'],
    ['gateway as a string', { gateway: 'public' }, 'platformDefaults.gateway', 'it is a string, not an object'],
    ['a namespace as a list', { ingressControllerNamespace: ['x'] }, 'platformDefaults.ingressControllerNamespace', 'it is a list, not a string'],
    ['a blackbox exporter address as a number', { blackboxExporterAddress: 9115 }, 'platformDefaults.blackboxExporterAddress', 'it is not a host with an optional port'],
    ['a Kubernetes version as a number (an unquoted 1.33)', { kubernetesVersion: 1.33 }, 'platformDefaults.kubernetesVersion', 'it is a number, not a version string'],
    ['a misspelt setting', { ingresClassName: 'nginx' }, 'platformDefaults.ingresClassName', 'it is not a platform setting (did you mean ingressClassName?)'],
    ['a misspelt setting switched off', { switchOff: ['cpuLimits'] }, 'platformDefaults.switchOff', 'it is not a platform setting (did you mean cpuLimit?)'],
  ])('%s', (_, defaults, prop, problem) => {
    expect(refusalOf(() => PlatformDefaults.set(Testing.app(), defaults as any))).toMatchObject({ constructPath: '<root>', prop, problem });
  });
});
