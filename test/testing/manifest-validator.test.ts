import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import { HttpRoute } from '../../imports/gateway.networking.k8s.io';
import { ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { ManifestValidator } from '../../src';
import { CRD_FILES, KUBERNETES_SCHEMA, requireSharedFiles, strictValidator } from '../support/shared';
import { synth } from '../support/synth';

const validator = strictValidator();

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: {
          containers: [{
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: 1073741824 } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

/** The messages of the problems found in a manifest, as `path: message`. */
function problems(manifest: any): string[] {
  return validator.problemsOf(manifest).map((p) => `${p.path}: ${p.message}`);
}

describe('Kubernetes objects', () => {
  test('accepts valid objects (IntOrString and Quantity in both forms)', () => {
    expect(problems(deployment())).toEqual([]);
    expect(problems(service())).toEqual([]);
  });

  test('rejects an unknown field, naming where it is and the field it probably meant', () => {
    const m = deployment();
    m.spec.template.spec.containers[0].imagePolicy = 'Always';
    expect(problems(m)).toEqual([
      'spec.template.spec.containers[0].imagePolicy: unknown field "imagePolicy" (did you mean "imagePullPolicy"?) (23 known fields)',
    ]);
    const resource = validator.problemsOf(m)[0].resource;
    expect(resource).toBe('apps/v1 Deployment shop/web');
  });

  test('rejects an unknown top-level field and an unknown metadata field', () => {
    const m = service();
    m.specs = {};
    m.metadata.label = { a: 'b' };
    expect(problems(m)).toEqual([
      'metadata.label: unknown field "label" (did you mean "labels"?) (15 known fields)',
      'specs: unknown field "specs" (did you mean "spec"?) (known fields: apiVersion, kind, metadata, spec, status)',
    ]);
  });

  test('rejects a wrong type', () => {
    const m = deployment();
    m.spec.replicas = '2';
    m.spec.template.spec.containers[0].ports[0].containerPort = 80.5;
    m.spec.template.spec.containers[0].args = 'serve';
    expect(problems(m)).toEqual([
      'spec.replicas: expected an integer, got a string ("2")',
      'spec.template.spec.containers[0].ports[0].containerPort: expected an integer, got a number (80.5)',
      'spec.template.spec.containers[0].args: expected an array, got a string ("serve")',
    ]);
  });

  test('rejects a missing required field', () => {
    const m = deployment();
    delete m.spec.selector;
    delete m.spec.template.spec.containers[0].name;
    expect(problems(m)).toEqual([
      'spec.selector: is required but missing',
      'spec.template.spec.containers[0].name: is required but missing',
    ]);
  });

  test('rejects an IntOrString or a Quantity of the wrong form', () => {
    const m = deployment();
    m.spec.strategy.rollingUpdate.maxSurge = 1.5;
    m.spec.template.spec.containers[0].resources.requests.cpu = true;
    expect(problems(m)).toEqual([
      'spec.strategy.rollingUpdate.maxSurge: 1.5 matches none of the accepted forms: a string or an integer',
      'spec.template.spec.containers[0].resources.requests.cpu: true matches none of the accepted forms: a string or a number',
    ]);
  });

  test('rejects what the API server refuses beyond the schema: a quantity it cannot parse, a port outside 1–65535, a port name too long, '
    + 'negative replicas', () => {
    const m = deployment();
    m.spec.replicas = -1;
    const container = m.spec.template.spec.containers[0];
    container.resources.requests.cpu = 'lots';
    container.resources.requests.memory = '100mm';
    container.ports = [{ name: 'http', containerPort: 70000 }];
    expect(problems(m)).toEqual([
      'spec.template.spec.containers[0].resources.requests.cpu: "lots" is not a resource quantity: it does not start with a number',
      'spec.template.spec.containers[0].resources.requests.memory: "100mm" is not a resource quantity: its suffix "mm" is not a quantity suffix',
      'spec.template.spec.containers[0].ports[0].containerPort: 70000 is not a port number (1 to 65535)',
      'spec.replicas: -1 is below zero',
    ]);
    const svc = service();
    svc.spec.ports[0].port = 0;
    svc.spec.ports[0].targetPort = 'postgres-metrics';
    expect(problems(svc)).toEqual([
      'spec.ports[0].port: 0 is not a port number (1 to 65535)',
      'spec.ports[0].targetPort: "postgres-metrics" is not a valid port name (IANA service name): it is 16 characters long, more than 15',
    ]);
    // Quantities in the usual forms pass.
    const ok = deployment();
    Object.assign(ok.spec.template.spec.containers[0].resources.requests, { cpu: '250m', memory: '1.5Gi' });
    expect(problems(ok)).toEqual([]);
  });

  test('rejects an int32 out of range and null', () => {
    const m = service();
    m.spec.ports[0].port = 2 ** 31;
    m.spec.clusterIP = null;
    expect(problems(m)).toEqual([
      'spec.ports[0].port: 2147483648 is out of the int32 range',
      'spec.clusterIP: null is not allowed here (leave the field out instead)',
    ]);
  });

  test('rejects duplicate keys in keyed lists (a port and protocol twice; TCP is the default protocol)', () => {
    const m = service();
    m.spec.ports.push({ name: 'http2', port: 80, protocol: 'TCP' }, { name: 'dns', port: 80, protocol: 'UDP' });
    expect(problems(m)).toEqual([
      'spec.ports[1]: duplicates item [0]: items are keyed by port + protocol (port=80, protocol="TCP")',
    ]);
  });

  test('the Service selector and other string maps accept any key', () => {
    const m = service();
    m.spec.selector = { 'any-key': 'x', 'another/key': 'y' };
    expect(problems(m)).toEqual([]);
  });
});

describe('metadata rules of the API server', () => {
  test('a name is required', () => {
    const m = service();
    delete m.metadata.name;
    expect(problems(m)).toEqual(['metadata.name: is required but missing']);
    m.metadata.generateName = 'web-';
    expect(problems(m)).toEqual([]);
  });

  test.each([
    ['Service', service, 'Web_1', /metadata\.name: "Web_1" is not a valid DNS-1035 label: it contains "_" and uppercase letters/],
    ['Service', service, '1web', /metadata\.name: "1web" is not a valid DNS-1035 label: it starts with "1", not a letter/],
    ['Deployment', deployment, 'web..api', /metadata\.name: "web\.\.api" is not a valid DNS-1123 subdomain/],
  ])('the name of a %s follows the rule of its kind (%s)', (_kind, make, name, message) => {
    const m = make();
    m.metadata.name = name;
    expect(problems(m).join('\n')).toMatch(message);
  });

  test('a CronJob name is at most 52 characters, a Namespace name a DNS-1123 label', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'x'.repeat(53) },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36' }] } } } } },
    };
    expect(problems(cronJob)).toEqual([`metadata.name: "${'x'.repeat(53)}" is not a valid CronJob name: it is 53 characters long, more than 52`]);
    expect(problems({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop.prod' } }))
      .toEqual(['metadata.name: "shop.prod" is not a valid DNS-1123 label: it contains ".", which is not allowed']);
  });

  test('namespace, label keys and values, annotation keys', () => {
    const m = service();
    m.metadata.namespace = 'Shop';
    m.metadata.labels = { 'app.kubernetes.io/version': '1.0+build', 'bad key': 'x' };
    m.metadata.annotations = { 'example.com/ok': 'any value at all: +/ ', '/no-prefix': 'x' };
    expect(problems(m)).toEqual([
      'metadata.namespace: "Shop" is not a valid DNS-1123 label: it contains uppercase letters, which are not allowed',
      'metadata.labels["app.kubernetes.io/version"]: "1.0+build" is not a valid label value: it contains "+", which is not allowed',
      'metadata.labels["bad key"]: "bad key" is not a valid label key: it contains " ", which is not allowed',
      'metadata.annotations["/no-prefix"]: "/no-prefix" is not a valid label key: its prefix before "/" is empty',
    ]);
  });
});

describe('pod spec rules of the API server', () => {
  test('duplicate container names (init containers included) and invalid container names', () => {
    const m = deployment();
    const pod = m.spec.template.spec;
    pod.initContainers = [{ name: 'web', image: 'busybox:1.36' }];
    pod.containers.push({ name: 'Sidecar', image: 'envoy:1.30' });
    expect(problems(m)).toEqual([
      'spec.template.spec.containers[0].name: "web" is already the name of initContainers[0]',
      'spec.template.spec.containers[1].name: "Sidecar" is not a valid container name (a DNS-1123 label): it contains uppercase letters, which are not allowed',
    ]);
  });

  test('volumes: a duplicate name, a mount of an undefined volume, a mount path used twice', () => {
    const m = deployment();
    const pod = m.spec.template.spec;
    pod.volumes.push({ name: 'tmp', emptyDir: { medium: 'Memory' } });
    pod.containers[0].volumeMounts.push({ name: 'cache', mountPath: '/cache' }, { name: 'tmp', mountPath: '/tmp' });
    expect(problems(m)).toEqual([
      'spec.template.spec.volumes[1].name: "tmp" is already the name of volumes[0]',
      'spec.template.spec.containers[0].volumeMounts[1].name: "cache" names no volume of the pod (volumes: tmp)',
      'spec.template.spec.containers[0].volumeMounts[2].mountPath: "/tmp" is already mounted by volumeMounts[0]',
    ]);
  });

  test('port names: IANA service names, unique in a container', () => {
    const m = deployment();
    m.spec.template.spec.containers[0].ports.push({ name: 'http', containerPort: 8081 }, { name: 'metrics_port', containerPort: 9090 });
    expect(problems(m)).toEqual([
      'spec.template.spec.containers[0].ports[1].name: "http" is already the name of ports[0]',
      'spec.template.spec.containers[0].ports[2].name: "metrics_port" is not a valid port name (IANA service name): it contains "_", which is not allowed',
    ]);
  });

  test('a StatefulSet\'s claim templates count as volumes of its pods', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { a: 'b' } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'db', image: 'mysql:8', volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql' }] }] } },
      },
    };
    expect(problems(sts)).toEqual([]);
    sts.spec.template.spec.containers[0].volumeMounts.push({ name: 'logs', mountPath: '/logs' });
    expect(problems(sts)).toEqual(['spec.template.spec.containers[0].volumeMounts[1].name: "logs" names no volume of the pod (volumes: data)']);
  });

  test('a CronJob\'s pod spec is checked too', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } } } } },
    };
    expect(problems(cronJob)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].volumeMounts[0].name: "data" names no volume of the pod (volumes: none)']);
  });
});

describe('kinds', () => {
  test('an object of a kind without a schema is a problem, not skipped', () => {
    expect(problems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toEqual(['apiVersion: no schema for example.com/v1 Widget; load the CRD that defines it']);
  });

  test('a known kind under the wrong apiVersion says where the kind is known', () => {
    expect(problems({ ...deployment(), apiVersion: 'extensions/v1beta1' }))
      .toEqual(['apiVersion: no schema for extensions/v1beta1 Deployment; Deployment is known in apps/v1']);
  });

  test('apiVersion and kind are required; a manifest is an object', () => {
    expect(problems({ apiVersion: 'v1', metadata: { name: 'x' } })).toEqual(['kind: is required but missing (or not a string)']);
    expect(problems({ kind: 'Service', metadata: { name: 'x' } })).toEqual(['apiVersion: is required but missing (or not a string)']);
    expect(problems('not an object')).toEqual(['(the object): a manifest must be an object']);
  });

  test('knows the Kubernetes 1.27 kinds and the CRD kinds', () => {
    const kinds = validator.knownKinds;
    for (const kind of [
      'apps/v1/Deployment', 'v1/Service', 'networking.k8s.io/v1/Ingress', 'policy/v1/PodDisruptionBudget',
      'autoscaling/v2/HorizontalPodAutoscaler', 'batch/v1/CronJob',
      'monitoring.coreos.com/v1/ServiceMonitor', 'monitoring.coreos.com/v1/PodMonitor', 'monitoring.coreos.com/v1/Probe',
      'monitoring.coreos.com/v1/PrometheusRule', 'gateway.networking.k8s.io/v1/HTTPRoute', 'gateway.networking.k8s.io/v1beta1/HTTPRoute',
      'gateway.networking.k8s.io/v1/GRPCRoute', 'gateway.networking.k8s.io/v1beta1/ReferenceGrant',
    ]) {
      expect(kinds).toContain(kind);
    }
    // Kubernetes 1.27 has no autoscaling/v2beta2 any more.
    expect(kinds).not.toContain('autoscaling/v2beta2/HorizontalPodAutoscaler');
  });
});

describe('custom resources against their CRD schema', () => {
  function serviceMonitor(chart = Testing.chart()) {
    return new ServiceMonitor(chart, 'Monitor', {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    });
  }

  test('a ServiceMonitor and an HTTPRoute from imports/ pass', () => {
    const chart = Testing.chart();
    serviceMonitor(chart);
    new HttpRoute(chart, 'Route', {
      metadata: { name: 'web' },
      spec: {
        parentRefs: [{ name: 'public', namespace: 'gateways' }],
        hostnames: ['shop.example.com'],
        rules: [{ backendRefs: [{ name: 'web', port: 80, weight: 90 }, { name: 'web-canary', port: 80, weight: 10 }] }],
      },
    });
    expect(validator.problemsOfAll(synth(chart))).toEqual([]);
  });

  test('unknown fields, enums, patterns, bounds and required fields of a CRD are checked', () => {
    const m = serviceMonitor().toJson();
    m.spec.endpoints[0].intervall = '30s';
    m.spec.endpoints[0].scheme = 'ftp';
    m.spec.endpoints[0].interval = '30 seconds';
    m.spec.sampleLimit = -1;
    delete m.spec.selector;
    expect(problems(m)).toEqual([
      'spec.selector: is required but missing',
      'spec.endpoints[0].interval: "30 seconds" does not match the pattern ^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$',
      'spec.endpoints[0].intervall: unknown field "intervall" (did you mean "interval"?) (25 known fields)',
      'spec.endpoints[0].scheme: "ftp" is not one of "http", "https", "HTTP", "HTTPS"',
      'spec.sampleLimit: -1 is below the minimum 0',
    ]);
  });

  test('an HTTPRoute with a wildcard in the middle of a hostname or a weight above the maximum', () => {
    const m = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web' },
      spec: { hostnames: ['shop.*.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 80, weight: 2000000 }] }] },
    };
    expect(problems(m)).toEqual([
      'spec.hostnames[0]: "shop.*.example.com" does not match the pattern ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
      'spec.rules[0].backendRefs[0].weight: 2000000 is above the maximum 1000000',
    ]);
  });

  test('the metadata of a custom resource is checked as ObjectMeta', () => {
    const m = serviceMonitor().toJson();
    m.metadata.labelz = {};
    expect(problems(m)).toEqual(['metadata.labelz: unknown field "labelz" (did you mean "labels"?) (15 known fields)']);
  });
});

describe('in the test suite', () => {
  test('every chart synthesized in a test goes through the validator', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'Bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad' }, dataa: { a: 'b' } } as any);
    expect(() => Testing.synth(chart)).toThrow(
      '1 problem in the manifests (strict Kubernetes schema):\n  v1 ConfigMap bad:\n    dataa: unknown field "dataa" (did you mean "data"?) (known fields: apiVersion, binaryData, data, immutable, kind, metadata)',
    );
    expect(() => chart.toJson()).toThrow(/unknown field "dataa"/);
  });

  test('assertValid lists every problem of every object, grouped by object', () => {
    const a = service();
    a.spec.foo = 1;
    const b = deployment();
    b.spec.replicas = -1.5;
    expect(() => validator.assertValid([a, service(), b])).toThrow([
      '2 problems in the manifests (strict Kubernetes schema):',
      '  v1 Service web:',
      '    spec.foo: unknown field "foo" (19 known fields)',
      '  apps/v1 Deployment shop/web:',
      '    spec.replicas: expected an integer, got a number (-1.5)',
    ].join('\n'));
    expect(() => validator.assertValid([service(), deployment()])).not.toThrow();
  });
});

describe('loading the schemas', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-validator-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a missing schema file names the path', () => {
    const missing = path.join(tmp, 'nope.json');
    expect(() => ManifestValidator.fromFiles({ kubernetesSchemaFile: missing })).toThrow(`Kubernetes schema file not found: ${missing}`);
  });

  test('a file that is not a definitions file is refused', () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, '{"swagger": "2.0"}');
    expect(() => ManifestValidator.fromFiles({ kubernetesSchemaFile: file })).toThrow(`${file} has no "definitions"`);
    fs.writeFileSync(file, '{not json');
    expect(() => ManifestValidator.fromFiles({ kubernetesSchemaFile: file })).toThrow(`${file} is not valid JSON`);
  });

  test('a missing CRD file, or one without a CRD, names the path', () => {
    const missing = path.join(tmp, 'crds.yaml');
    expect(() => ManifestValidator.fromFiles({ kubernetesSchemaFile: KUBERNETES_SCHEMA, crdFiles: [missing] })).toThrow(`CRD file not found: ${missing}`);
    fs.writeFileSync(missing, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    expect(() => ManifestValidator.fromFiles({ kubernetesSchemaFile: KUBERNETES_SCHEMA, crdFiles: [missing] })).toThrow(`${missing} holds no CustomResourceDefinition`);
  });

  test('without CRD files, custom resources are refused', () => {
    const plain = ManifestValidator.fromFiles({ kubernetesSchemaFile: KUBERNETES_SCHEMA });
    expect(plain.problemsOf({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' }, spec: {} }))
      .toEqual([expect.objectContaining({ path: 'apiVersion', message: expect.stringMatching(/no schema for monitoring\.coreos\.com\/v1 ServiceMonitor/) })]);
    expect(CRD_FILES).toHaveLength(4);
  });

  test('the suite\'s validator knows the ExternalSecret of external-secrets.io/v1, and refuses its unknown fields', () => {
    const secret = {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' }, data: [{ secretKey: 'password', remoteRef: { key: 'shop/db' } }] },
    };
    expect(validator.problemsOf(secret)).toEqual([]);
    expect(validator.problemsOf({ ...secret, spec: { ...secret.spec, refresh: '1h' } }))
      .toEqual([expect.objectContaining({ path: 'spec.refresh' })]);
  });

  test('the test suite fails, never skips, when the shared files are missing, saying where it looked', () => {
    expect(() => requireSharedFiles(tmp)).toThrow(
      new RegExp(`Looked in ${tmp.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} .*\\n  - ${tmp}/schemas/kubernetes-v1\\.27\\.0\\.json \\(missing\\)`),
    );
  });
});
