import {
  configReferencesOf, dataReferencesOf, dataSuppliedBy, missingDataOf, podTemplateOf, readObjects, serviceAccountNameOf,
} from '../../src/analysis';

function pod(manifest: any) {
  const object = readObjects([{ file: 'f', documents: [manifest] }]).objects[0];
  return podTemplateOf(object)!;
}

const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec } },
});

describe('configReferencesOf', () => {
  test('env keys, envFrom, volumes, projected sources and pull Secrets, in the order of the pod spec, with where each is', () => {
    const refs = configReferencesOf(pod(deployment({
      initContainers: [{ name: 'migrate', image: 'm:1', env: [{ name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } }] }],
      containers: [{
        name: 'api',
        image: 'api:1',
        env: [
          { name: 'PLAIN', value: 'not a reference' },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: true } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'flags', key: 'mode' } } },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ],
        envFrom: [{ prefix: 'S3_', secretRef: { name: 's3' } }, { configMapRef: { name: 'settings' } }],
      }],
      volumes: [
        { name: 'tmp', emptyDir: {} },
        { name: 'config', configMap: { name: 'api-config' } },
        { name: 'tls', secret: { secretName: 'api-tls', optional: true } },
        { name: 'bundle', projected: { sources: [{ secret: { name: 'ca' } }, { configMap: { name: 'ca-bundle' } }, { serviceAccountToken: { path: 'token' } }] } },
      ],
      imagePullSecrets: [{ name: 'pull' }],
    })));
    expect(refs).toEqual([
      {
        kind: 'Secret',
        name: 'db',
        use: 'env',
        path: 'spec.template.spec.initContainers[0].env[0].valueFrom.secretKeyRef',
        container: 'migrate',
        variable: 'DB_URL',
        key: 'url',
        optional: false,
      },
      {
        kind: 'Secret',
        name: 'db',
        use: 'env',
        path: 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef',
        container: 'api',
        variable: 'DB_PASSWORD',
        key: 'password',
        optional: true,
      },
      {
        kind: 'ConfigMap',
        name: 'flags',
        use: 'env',
        path: 'spec.template.spec.containers[0].env[2].valueFrom.configMapKeyRef',
        container: 'api',
        variable: 'MODE',
        key: 'mode',
        optional: false,
      },
      { kind: 'Secret', name: 's3', use: 'envFrom', path: 'spec.template.spec.containers[0].envFrom[0].secretRef', container: 'api', prefix: 'S3_', optional: false },
      { kind: 'ConfigMap', name: 'settings', use: 'envFrom', path: 'spec.template.spec.containers[0].envFrom[1].configMapRef', container: 'api', prefix: undefined, optional: false },
      { kind: 'ConfigMap', name: 'api-config', use: 'volume', volume: 'config', path: 'spec.template.spec.volumes[1].configMap', optional: false },
      { kind: 'Secret', name: 'api-tls', use: 'volume', volume: 'tls', path: 'spec.template.spec.volumes[2].secret', optional: true },
      { kind: 'Secret', name: 'ca', use: 'volume', volume: 'bundle', path: 'spec.template.spec.volumes[3].projected.sources[0].secret', optional: false },
      { kind: 'ConfigMap', name: 'ca-bundle', use: 'volume', volume: 'bundle', path: 'spec.template.spec.volumes[3].projected.sources[1].configMap', optional: false },
      { kind: 'Secret', name: 'pull', use: 'imagePull', path: 'spec.template.spec.imagePullSecrets[0]', optional: false },
    ]);
  });

  test('a CronJob\'s and a Pod\'s pods, at their own paths', () => {
    const env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 't' } } }];
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'r', image: 'r:1', env }] } } } } },
    };
    expect(configReferencesOf(pod(cronJob)).map((r) => r.path)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef']);
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: { containers: [{ name: 'd', image: 'd:1', env }] } };
    expect(configReferencesOf(pod(bare)).map((r) => r.path)).toEqual(['spec.containers[0].env[0].valueFrom.secretKeyRef']);
  });

  test('malformed parts are skipped, never a TypeError: no name, an empty name, non-objects, lists that are not lists', () => {
    const refs = configReferencesOf(pod(deployment({
      containers: [
        'not a container',
        {
          name: 'api',
          env: [null, 'X', { name: 'A', valueFrom: { secretKeyRef: { key: 'k' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: '' } } }, { name: 'C', valueFrom: 'x' }],
          envFrom: { secretRef: { name: 'not-a-list' } },
        },
        { name: 'other', envFrom: [null, { secretRef: 'x' }, { configMapRef: { name: 42 } }] },
      ],
      volumes: [null, { name: 'a', secret: {} }, { name: 'b', configMap: 'x' }, { name: 'c', projected: { sources: 'x' } }, { name: 'd', projected: { sources: [null, { secret: null }] } }],
      imagePullSecrets: [null, {}, 'pull'],
    })));
    expect(refs).toEqual([]);
  });
});

test('serviceAccountNameOf: serviceAccountName, else the deprecated serviceAccount, else none', () => {
  expect(serviceAccountNameOf(pod(deployment({ serviceAccountName: 'api', serviceAccount: 'old', containers: [] })))).toBe('api');
  expect(serviceAccountNameOf(pod(deployment({ serviceAccount: 'old', containers: [] })))).toBe('old');
  expect(serviceAccountNameOf(pod(deployment({ containers: [] })))).toBeUndefined();
  expect(serviceAccountNameOf(pod(deployment({ serviceAccountName: '', containers: [] })))).toBeUndefined();
  expect(serviceAccountNameOf(pod(deployment({ serviceAccountName: 7, containers: [] })))).toBeUndefined();
});

/** The objects of the manifests, as the checks read them. */
function objects(...manifests: any[]) {
  return readObjects([{ file: 'f', documents: manifests }]).objects;
}

const ingress = (metadata: Record<string, unknown>, tls: unknown[]) => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop', ...metadata }, spec: { tls },
});

describe('the Secrets and ConfigMaps objects need, and those the manifests make', () => {
  test('dataReferencesOf: what the pods read and do not mark optional (not kube-root-ca.crt), with the object\'s namespace', () => {
    const [object] = objects(deployment({
      containers: [{
        name: 'api',
        image: 'api:1',
        env: [
          { name: 'A', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 'maybe', key: 'x', optional: true } } },
        ],
      }],
      volumes: [{ name: 'token', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }, { serviceAccountToken: { path: 't' } }] } }],
      imagePullSecrets: [{ name: 'pull' }],
    }));
    expect(dataReferencesOf(object).map((r) => `${r.kind} ${r.namespace}/${r.name} ${r.use} ${r.path}`)).toEqual([
      'Secret shop/db env spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef',
      'Secret shop/pull imagePull spec.template.spec.imagePullSecrets[0]',
    ]);
  });

  test('dataReferencesOf: the TLS Secrets of an Ingress and of a Gateway\'s listeners (in the namespace a certificateRef names)', () => {
    const [web, gateway] = objects(ingress({}, [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }, { hosts: ['x.example.com'] }]), {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'gateways' },
      spec: {
        gatewayClassName: 'envoy',
        listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'wildcard' }, { name: 'other', namespace: 'certs' }, { kind: 'ConfigMap', name: 'no' }] } }],
      },
    });
    expect(dataReferencesOf(web).map((r) => `${r.kind} ${r.namespace}/${r.name} ${r.use} ${r.path}`)).toEqual(['Secret shop/shop-tls tls spec.tls[0].secretName']);
    expect(dataReferencesOf(gateway).map((r) => `${r.namespace}/${r.name} ${r.path}`)).toEqual([
      'gateways/wildcard spec.listeners[0].tls.certificateRefs[0]',
      'certs/other spec.listeners[0].tls.certificateRefs[1]',
    ]);
  });

  test('dataReferencesOf: the Secrets and ConfigMaps of a KEDA TriggerAuthentication (not of a ClusterTriggerAuthentication, which reads KEDA\'s namespace)', () => {
    const auth = (kind: string) => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind,
      metadata: { name: 'kafka', namespace: 'shop' },
      spec: { secretTargetRef: [{ parameter: 'password', name: 'kafka-creds', key: 'password' }, { parameter: 'x' }], configMapTargetRef: [{ parameter: 'ca', name: 'kafka-ca', key: 'ca.crt' }] },
    });
    const [namespaced, cluster] = objects(auth('TriggerAuthentication'), auth('ClusterTriggerAuthentication'));
    expect(dataReferencesOf(namespaced).map((r) => `${r.kind} ${r.namespace}/${r.name} ${r.use} ${r.path}`)).toEqual([
      'Secret shop/kafka-creds triggerAuthentication spec.secretTargetRef[0].name',
      'ConfigMap shop/kafka-ca triggerAuthentication spec.configMapTargetRef[0].name',
    ]);
    expect(dataReferencesOf(cluster)).toEqual([]);
  });

  test('dataSuppliedBy: Secrets and ConfigMaps themselves, an ExternalSecret\'s target, a Certificate\'s Secret, the TLS Secrets cert-manager issues', () => {
    const supplied = objects(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'shop' } },
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'shop' }, spec: { target: { name: 'from-vault' } } },
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'same-name', namespace: 'shop' }, spec: {} },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'shop' }, spec: { secretName: 'api-tls' } },
      ingress({ annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }, [{ secretName: 'issued' }]),
      ingress({}, [{ secretName: 'brought' }]),
    ).flatMap(dataSuppliedBy);
    expect(supplied.map((d) => `${d.kind} ${d.namespace}/${d.name}`)).toEqual([
      'Secret shop/db', 'ConfigMap shop/flags', 'Secret shop/from-vault', 'Secret shop/same-name', 'Secret shop/api-tls', 'Secret shop/issued',
    ]);
  });

  test('missingDataOf: what is read and not made, by kind, namespace and name, with every object that reads it', () => {
    const missing = missingDataOf(objects(
      deployment({ containers: [{ name: 'api', image: 'api:1', envFrom: [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'flags' } }] }] }),
      { ...deployment({ containers: [{ name: 'w', image: 'w:1', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'x' } } }] }] }), metadata: { name: 'worker', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'other' } },
      ingress({}, [{ secretName: 'shop-tls' }]),
    ));
    expect(missing.map((d) => `${d.kind} ${d.namespace}/${d.name}: ${d.needs.map((n) => `${n.object.id.kind} ${n.object.id.name} (${n.reference.use})`).join(', ')}`)).toEqual([
      'Secret shop/db: Deployment api (envFrom), Deployment worker (env)',
      'Secret shop/shop-tls: Ingress web (tls)',
    ]);
  });
});
