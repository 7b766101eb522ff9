/**
 * Property tests of bad input: the core (FormatRule against the Kubernetes rules, AppIdentity, PlatformDefaults.set)
 * either synthesizes valid manifests or refuses the input with an AppflowInputError that names the prop.
 * See test/property/harness.ts.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as fc from 'fast-check';
import {
  cpu, hostileString, labelKey, labelValue, map, mostly, name, optional, sizeMebibytes, validName, wrongType,
} from './arbitraries';
import { assertOutcomes, CHART_ID, checkRefusal, propertyParameters, propertyTimeout, synthOrRefuse } from './harness';
import {
  AppIdentity, AppMonitoring, AppPublication, AppService, ContainerImage, FormatRule, MonitoringMode, PersistentClaim, PlatformDefaults,
  PlatformDefaultsProps, PlatformSetting, PublishMode, SecurityProfile, StatelessWorkload, TlsIssuer,
} from '../../src';
import { AppflowInputError } from '../../src/core/errors';

/*
 * The Kubernetes rules (k8s.io/apimachinery/pkg/util/validation, 1.27), written independently of FormatRule.
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Code points, not UTF-16 units: Kubernetes counts bytes, and every accepted character is ASCII anyway. */
const length = (v: string) => [...v].length;

const isSubdomain = (v: string) => length(v) <= 253 && DNS1123_SUBDOMAIN.test(v)
  // FormatRule also keeps each dot-separated part to a DNS label's 63 characters (stricter than Kubernetes, on
  // purpose: docs/core.md documents "dot-separated DNS-1123 labels").
  && v.split('.').every((part) => part.length <= 63);

const KUBERNETES_RULES: Array<[string, FormatRule, (v: string) => boolean]> = [
  ['DNS1123_LABEL', FormatRule.DNS1123_LABEL, (v) => length(v) <= 63 && DNS1123_LABEL.test(v)],
  ['DNS1123_SUBDOMAIN', FormatRule.DNS1123_SUBDOMAIN, isSubdomain],
  ['DNS1035_LABEL', FormatRule.DNS1035_LABEL, (v) => length(v) <= 63 && DNS1035_LABEL.test(v)],
  ['CRONJOB_NAME', FormatRule.CRONJOB_NAME, (v) => isSubdomain(v) && length(v) <= 52],
  ['LABEL_VALUE', FormatRule.LABEL_VALUE, (v) => length(v) <= 63 && LABEL_VALUE.test(v)],
  ['LABEL_KEY', FormatRule.LABEL_KEY, (v) => {
    const parts = v.split('/');
    if (parts.length > 2) {
      return false;
    }
    const [prefix, key] = parts.length === 2 ? parts : [undefined, parts[0]];
    return (prefix === undefined || (prefix !== '' && isSubdomain(prefix))) && length(key) <= 63 && QUALIFIED_NAME.test(key);
  }],
  ['PORT_NAME', FormatRule.PORT_NAME, (v) => length(v) >= 1 && length(v) <= 15 && /^[-a-z0-9]+$/.test(v) && /[a-z]/.test(v)
    && !v.includes('--') && !v.startsWith('-') && !v.endsWith('-')],
  ['ENV_VAR_NAME', FormatRule.ENV_VAR_NAME, (v) => ENV_VAR_NAME.test(v)],
  ['CONFIG_KEY', FormatRule.CONFIG_KEY, (v) => length(v) <= 253 && CONFIG_KEY.test(v) && v !== '.' && v !== '..' && !v.startsWith('..')],
  ['HOSTNAME', FormatRule.HOSTNAME, (v) => {
    const rest = v.startsWith('*.') ? v.slice(2) : v;
    return length(v) <= 253 && isSubdomain(rest) && !/^[0-9.]+$/.test(rest);
  }],
];

/** Strings near the rules' edges: the characters they care about, lengths around 15, 52, 63 and 253. */
const ruleInput: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.stringMatching(/^[-a-zA-Z0-9._]{0,20}$/),
  fc.stringMatching(/^[-a-z0-9.]{0,20}$/),
  fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,10}[a-z0-9])?\/[-A-Za-z0-9_.]{0,10}$/),
  fc.stringMatching(/^\*\.[-a-z0-9.*]{0,12}$/),
  fc.tuple(fc.constantFrom(14, 15, 16, 51, 52, 53, 62, 63, 64, 252, 253, 254), fc.constantFrom('a', '-', '.', 'A', '1', 'a.')).map(([n, c]) =>
    `a${c.repeat(n)}`.slice(0, n) + (n > 1 ? 'z' : '')),
  fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.integer({ min: 1, max: 5 })).map(([label, n]) => Array.from({ length: n }, () => label.repeat(13)).join('.')),
);

describe('FormatRule', () => {
  const RULE_RUNS = 400;

  test.each(KUBERNETES_RULES)('%s accepts exactly what Kubernetes accepts, and check() refuses the rest with a house error', (_, rule, kubernetesAccepts) => {
    const chart = new Chart(Testing.app(), CHART_ID);
    fc.assert(fc.property(ruleInput, (value) => {
      const problem = rule.problemWith(value);
      expect({ value, accepted: problem === undefined }).toEqual({ value, accepted: kubernetesAccepts(value) });
      let refusal: AppflowInputError | undefined;
      try {
        expect(rule.check(chart, 'someProp', value)).toBe(value);
      } catch (error) {
        refusal = checkRefusal(error);
      }
      expect(refusal?.prop).toBe(problem === undefined ? undefined : 'someProp');
      expect(refusal?.problem).toBe(problem);
    }), propertyParameters(RULE_RUNS));
  }, propertyTimeout(RULE_RUNS));

  test('a value of the wrong type is refused with a house error, never a TypeError', () => {
    fc.assert(fc.property(fc.constantFrom(...KUBERNETES_RULES), wrongType.filter((v) => typeof v !== 'string'), ([, rule], value) => {
      expect(rule.problemWith(value)).toMatch(/not a string/);
      expect(() => rule.check({ node: { path: 'prop/x' } } as any, 'p', value)).toThrow(/^prop\/x: invalid p .*\. Expected /s);
    }), propertyParameters(100));
  });

  test('checkPortNumber accepts exactly the integers from 1 to 65535', () => {
    const ports = fc.oneof(fc.integer({ min: -10, max: 70000 }), fc.double(), fc.constantFrom(0, 1, 65535, 65536, 70000, NaN, Infinity, 80.5));
    fc.assert(fc.property(ports, (port) => {
      const outcome = synthOrRefuse(({ chart }) => FormatRule.checkPortNumber(chart, 'port', port));
      expect(outcome.kind).toBe(Number.isInteger(port) && port >= 1 && port <= 65535 ? 'synthesized' : 'refused');
    }), propertyParameters(200));
  });
});

describe('AppIdentity', () => {
  const RUNS = 150;

  test('labels every object and selects pods with valid labels, or refuses the input', () => {
    const arbitrary = fc.record({
      name: mostly(fc.oneof(validName, fc.stringMatching(/^[a-z][a-z0-9]{60,61}[a-z0-9]$/)), hostileString, 4),
      instance: optional(labelValue),
      version: optional(mostly(fc.constantFrom('1.4.2', 'v2', '2024.01.01', '1.0.0_rc1'), hostileString, 4)),
      component: optional(labelValue),
      partOf: optional(labelValue),
      managedBy: optional(labelValue, 0.25),
      track: optional(mostly(fc.constantFrom('blue', 'green', 'canary'), hostileString, 4), 0.25),
      wrong: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('name', 'version', 'track') }),
      wrongValue: wrongType,
    }, { requiredKeys: ['name', 'wrong', 'wrongValue'] });
    const counts = assertOutcomes(arbitrary, RUNS, ({ wrong, wrongValue, ...props }) => synthOrRefuse(({ chart }) => {
      const identity = new AppIdentity(chart, 'Identity', wrong === undefined ? props : { ...props, [wrong]: wrongValue });
      const configMap = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'config' } });
      const deployment = new kplus.Deployment(chart, 'Deployment', {
        metadata: { name: 'web' },
        select: false,
        containers: [{ image: 'nginx:1.27.3', securityContext: { user: 1000 } }],
        // A plain cdk8s-plus-34 pod of this test, not of the library: it claims no Pod Security profile.
        podMetadata: { annotations: { 'cdk8s-appflow/security-profile': SecurityProfile.PRIVILEGED } },
      });
      identity.selectPods(deployment);
      const service = new kplus.Service(chart, 'Service', { metadata: { name: 'web' }, ports: [{ port: 80 }] });
      identity.targetPods(service);
      identity.applyTo(chart);
      void configMap;
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

const registry = mostly(
  fc.constantFrom('registry.example.com', 'localhost:5000', 'ghcr.io/acme', 'registry.example.com:5000/mirror', 'docker.io'),
  fc.oneof(hostileString, fc.constantFrom('https://registry.example.com', 'registry.example.com/', 'registry.example.com:99999', 'Registry.Example.com/UPPER',
    'registry.example.com:0')),
  8,
);

const platformDefaults: fc.Arbitrary<PlatformDefaultsProps> = fc.record({
  imageRegistry: optional(registry),
  allowedImageRegistries: optional(mostly(fc.array(registry, { minLength: 1, maxLength: 2 }), fc.constant([])), 0.25),
  requireImageDigest: optional(mostly(fc.boolean(), wrongType), 0.2),
  forbidLatestImageTag: optional(mostly(fc.boolean(), wrongType), 0.25),
  ingressClassName: optional(name),
  publishMode: optional(mostly(fc.constantFrom(...Object.values(PublishMode)), fc.constantFrom('Ingress', 'route') as fc.Arbitrary<any>), 0.25),
  gateway: optional(fc.record({ name, namespace: optional(name), sectionName: optional(name) }, { requiredKeys: ['name'] }), 0.25),
  ingressControllerNamespace: optional(name, 0.25),
  monitoringNamespace: optional(name, 0.25),
  tlsIssuer: optional(fc.tuple(fc.boolean(), name).map(([cluster, n]) => cluster ? TlsIssuer.clusterIssuer(n) : TlsIssuer.issuer(n)), 0.25),
  storageClassName: optional(name, 0.25),
  cpuRequest: optional(cpu, 0.25),
  cpuLimit: optional(cpu, 0.25),
  memoryRequest: optional(sizeMebibytes, 0.25),
  memoryLimit: optional(sizeMebibytes, 0.25),
  securityProfile: optional(mostly(fc.constantFrom(...Object.values(SecurityProfile)), fc.constantFrom('strict', '') as fc.Arbitrary<any>), 0.25),
  monitoringMode: optional(mostly(fc.constantFrom(...Object.values(MonitoringMode)), fc.constantFrom('prometheus') as fc.Arbitrary<any>), 0.25),
  prometheusSelectorLabels: optional(map(labelKey, labelValue, 2), 0.25),
  blackboxExporterAddress: optional(mostly(fc.constantFrom('blackbox.monitoring.svc:9115', 'bb:9115', 'blackbox'), hostileString), 0.25),
  blackboxModule: optional(mostly(fc.constantFrom('http_2xx', 'tcp_connect'), hostileString), 0.25),
  runbookUrlTemplate: optional(mostly(fc.constantFrom('https://runbooks.example.com/{alert}', 'http://wiki/{namespace}/{application}'),
    fc.oneof(hostileString, fc.constantFrom('https://runbooks/{unknown}', 'ftp://x/{alert}'))), 0.25),
  dashboardLabels: optional(map(labelKey, labelValue, 2), 0.25),
  topologyDiagram: optional(mostly(fc.boolean(), wrongType), 0.25),
  publishedUrlFiles: optional(mostly(fc.boolean(), wrongType), 0.25),
  switchOff: optional(fc.array(mostly(fc.constantFrom(...Object.values(PlatformSetting)), hostileString as fc.Arbitrary<any>), { maxLength: 2 }),
    0.25),
}, { requiredKeys: [] });

describe('PlatformDefaults', () => {
  const RUNS = 100;

  test('set on the app: the constructs below read them into valid manifests, or the input is refused', () => {
    const arbitrary = fc.record({
      defaults: platformDefaults,
      unknownSetting: fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('bogus', 'imageregistry') }),
      image: fc.constantFrom('nginx:1.27.3', 'ghcr.io/acme/api:1.4.2', `registry.example.com/shop/web@sha256:${'a'.repeat(64)}`, 'busybox'),
    });
    const counts = assertOutcomes(arbitrary, RUNS, ({ defaults, unknownSetting, image }) => synthOrRefuse(({ chart }) => {
      const web = new StatelessWorkload(chart, 'Web', {
        identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
        container: { image: ContainerImage.fromReference(image), ports: [{ name: 'http', number: 8080 }] },
      });
      const service = new AppService(chart, 'Service', { workload: web });
      new PersistentClaim(chart, 'Claim', { name: 'data', size: Size.gibibytes(1), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
      const publication = new AppPublication(chart, 'Publication', { name: 'web', service, hosts: ['shop.example.com'] });
      new AppMonitoring(chart, 'Monitoring', { workload: web, service, publication, metrics: { portName: 'http' } });
    }, {
      beforeChart: (app) => PlatformDefaults.set(app, unknownSetting === undefined ? defaults : { ...defaults, [unknownSetting]: 'x' } as PlatformDefaultsProps),
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('set after a construct below read them: refused with a house error that names the reader', () => {
    fc.assert(fc.property(platformDefaults, (defaults) => {
      const outcome = synthOrRefuse(({ chart }) => {
        new PersistentClaim(chart, 'Claim', { name: 'data', size: Size.gibibytes(1) });
        PlatformDefaults.set(chart, defaults);
      });
      expect(outcome.kind).toBe('refused');
      if (outcome.kind === 'refused') {
        expect(outcome.error.message).toMatch(/prop\/Claim already read the platform defaults|platformDefaults\./);
      }
    }), propertyParameters(50));
  });
});

// A refusal at the root (PlatformDefaults.set on the App) names "<root>": the harness accepts it.
test('a refusal on the App names "<root>" as its construct path', () => {
  const outcome = synthOrRefuse(() => undefined, { beforeChart: (app) => PlatformDefaults.set(app, { imageRegistry: 'https://x' }) });
  expect(outcome.kind === 'refused' && checkRefusal(outcome.error).constructPath).toBe('<root>');
});
