import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterCapabilities, KubernetesVersion, PlatformDefaults, PlatformSetting } from '../../src';
import { missingPrerequisites, prerequisitesFileOf, prerequisitesOf } from '../../src/core/cluster-prerequisites';
import { refusalOf } from '../support/refusal';

/** The prerequisites of objects, as `<field> <name> <- <path> of <Kind name>`. */
function needs(...objects: any[]): string[] {
  return prerequisitesOf(objects, (o) => o).flatMap((p) => p.needs.map((n) => `${p.field} ${p.name} <- ${n.path} of ${n.source.kind} ${n.source.metadata.name}`))
    .filter((n) => !n.startsWith('namespaces (where applied)'));
}

/** An object without a namespace (namespaces have their own test). */
function object(apiVersion: string, kind: string, name: string, spec: any = {}, metadata: any = {}): any {
  return { apiVersion, kind, metadata: { name, ...metadata }, spec };
}

describe('each class of prerequisite is found from the objects', () => {
  test.each([
    ['monitoring.coreos.com/v1', 'ServiceMonitor', 'the Prometheus operator'],
    ['monitoring.coreos.com/v1', 'PodMonitor', 'the Prometheus operator'],
    ['monitoring.coreos.com/v1', 'PrometheusRule', 'the Prometheus operator'],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'a Gateway API implementation (the Gateway API CRDs)'],
    ['gateway.networking.k8s.io/v1', 'GRPCRoute', 'a Gateway API implementation (the Gateway API CRDs)'],
    ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'a Gateway API implementation (the Gateway API CRDs)'],
    ['external-secrets.io/v1', 'ExternalSecret', 'the External Secrets Operator'],
    ['keda.sh/v1alpha1', 'ScaledObject', 'KEDA'],
    ['keda.sh/v1alpha1', 'TriggerAuthentication', 'KEDA'],
    ['cert-manager.io/v1', 'Certificate', 'cert-manager'],
    ['example.com/v1', 'Widget', 'the operator of example.com'],
  ])('custom resource %s %s: its CRD, served by its operator', (apiVersion, kind, operator) => {
    const [prerequisite] = prerequisitesOf([object(apiVersion, kind, 'x')], (o) => o);
    expect(prerequisite).toMatchObject({ field: 'customResources', name: `${apiVersion.split('/')[0]}/${kind}`, servedBy: operator });
    expect(prerequisite.needs.map((n) => [n.path, n.value])).toEqual([['apiVersion', apiVersion]]);
  });

  test('Kubernetes\' own kinds need no CRD', () => {
    expect(needs(
      object('v1', 'ConfigMap', 'a'), object('apps/v1', 'Deployment', 'b'), object('batch/v1', 'CronJob', 'c'),
      object('networking.k8s.io/v1', 'NetworkPolicy', 'd'), object('policy/v1', 'PodDisruptionBudget', 'e'),
      object('autoscaling/v2', 'HorizontalPodAutoscaler', 'f'), object('rbac.authorization.k8s.io/v1', 'Role', 'g'),
    )).toEqual([]);
  });

  test('the Gateways that routes attach to (not other parents), and the GatewayClass of a Gateway', () => {
    expect(needs(
      object('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web', {
        parentRefs: [{ name: 'public', namespace: 'gateways' }, { name: 'internal' }, { kind: 'Service', group: '', name: 'mesh' }],
      }, { namespace: 'shop' }),
      object('gateway.networking.k8s.io/v1', 'Gateway', 'edge', { gatewayClassName: 'istio' }, { namespace: 'shop' }),
    ).filter((n) => !n.startsWith('customResources') && !n.startsWith('namespaces'))).toEqual([
      'gatewayClasses istio <- spec.gatewayClassName of Gateway edge',
      'gateways gateways/public <- spec.parentRefs[0].name of HTTPRoute web',
      'gateways shop/internal <- spec.parentRefs[1].name of HTTPRoute web',
    ]);
  });

  test('the (Cluster)SecretStores of ExternalSecrets, and the (Cluster)TriggerAuthentications of KEDA triggers', () => {
    expect(needs(
      object('external-secrets.io/v1', 'ExternalSecret', 'db', {
        secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        data: [{ secretKey: 'a', remoteRef: { key: 'a' }, sourceRef: { storeRef: { name: 'aws', kind: 'SecretStore' } } }],
      }, { namespace: 'shop' }),
      object('keda.sh/v1alpha1', 'ScaledObject', 'worker', {
        scaleTargetRef: { name: 'worker' },
        triggers: [{ type: 'rabbitmq', authenticationRef: { name: 'rabbit' } }, { type: 'kafka', authenticationRef: { name: 'kafka', kind: 'ClusterTriggerAuthentication' } }],
      }, { namespace: 'shop' }),
    ).filter((n) => !n.startsWith('customResources') && !n.startsWith('namespaces'))).toEqual([
      'clusterSecretStores vault <- spec.secretStoreRef.name of ExternalSecret db',
      'secretStores shop/aws <- spec.data[0].sourceRef.storeRef.name of ExternalSecret db',
      'clusterTriggerAuthentications kafka <- spec.triggers[1].authenticationRef.name of ScaledObject worker',
      'triggerAuthentications shop/rabbit <- spec.triggers[0].authenticationRef.name of ScaledObject worker',
    ]);
  });

  test('IngressClasses (the field, the annotation, or the default) and cert-manager issuers (annotations, issuerRef)', () => {
    expect(needs(
      object('networking.k8s.io/v1', 'Ingress', 'a', { ingressClassName: 'nginx' }, { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }),
      object('networking.k8s.io/v1', 'Ingress', 'b', {}, { annotations: { 'kubernetes.io/ingress.class': 'traefik', 'cert-manager.io/issuer': 'local' }, namespace: 'shop' }),
      object('networking.k8s.io/v1', 'Ingress', 'c', {}),
      object('cert-manager.io/v1', 'Certificate', 'd', { issuerRef: { name: 'ca', kind: 'ClusterIssuer' } }),
    ).filter((n) => !n.startsWith('customResources') && !n.startsWith('namespaces'))).toEqual([
      'ingressClasses (the default) <- spec.ingressClassName of Ingress c',
      'ingressClasses nginx <- spec.ingressClassName of Ingress a',
      'ingressClasses traefik <- metadata.annotations["kubernetes.io/ingress.class"] of Ingress b',
      'clusterIssuers ca <- spec.issuerRef.name of Certificate d',
      'clusterIssuers letsencrypt <- metadata.annotations["cert-manager.io/cluster-issuer"] of Ingress a',
      'issuers shop/local <- metadata.annotations["cert-manager.io/issuer"] of Ingress b',
    ]);
  });

  test('StorageClasses of claims and claim templates, RuntimeClasses and PriorityClasses of pods (not the built-in ones)', () => {
    const pod = (spec: any) => ({ template: { spec: { containers: [], ...spec } } });
    expect(needs(
      object('v1', 'PersistentVolumeClaim', 'data', { storageClassName: 'fast-ssd' }),
      object('v1', 'PersistentVolumeClaim', 'bound', { storageClassName: '' }),
      object('v1', 'PersistentVolumeClaim', 'plain', {}),
      object('apps/v1', 'StatefulSet', 'db', { ...pod({ priorityClassName: 'system-cluster-critical' }), volumeClaimTemplates: [{ spec: { storageClassName: 'slow' } }] }),
      object('apps/v1', 'Deployment', 'sandboxed', pod({ runtimeClassName: 'gvisor', priorityClassName: 'high' })),
      object('batch/v1', 'CronJob', 'nightly', { jobTemplate: { spec: pod({ priorityClassName: 'low' }) } }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], runtimeClassName: 'kata' } },
    )).toEqual([
      'storageClasses (the default) <- spec.storageClassName of PersistentVolumeClaim plain',
      'storageClasses fast-ssd <- spec.storageClassName of PersistentVolumeClaim data',
      'storageClasses slow <- spec.volumeClaimTemplates[0].spec.storageClassName of StatefulSet db',
      'runtimeClasses gvisor <- spec.template.spec.runtimeClassName of Deployment sandboxed',
      'runtimeClasses kata <- spec.runtimeClassName of Pod p',
      'priorityClasses high <- spec.template.spec.priorityClassName of Deployment sandboxed',
      'priorityClasses low <- spec.jobTemplate.spec.template.spec.priorityClassName of CronJob nightly',
    ]);
  });

  test('a blackbox exporter for Probes, Grafana\'s dashboard sidecar for ConfigMaps that hold a dashboard (by their own labels)', () => {
    const dashboard = JSON.stringify({ title: 'web', schemaVersion: 39, panels: [] });
    expect(needs(
      object('monitoring.coreos.com/v1', 'Probe', 'web', { prober: { url: 'blackbox.monitoring.svc:9115' } }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-dashboard', labels: { 'grafana_dashboard': '1', 'app.kubernetes.io/name': 'web' } }, data: { 'web.json': dashboard } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { 'settings.json': '{"panels": "not a list"}', 'broken.json': '{' } },
    ).filter((n) => !n.startsWith('customResources'))).toEqual([
      'runsBlackboxExporter blackbox.monitoring.svc:9115 <- spec.prober.url of Probe web',
      'runsGrafanaDashboardSidecar grafana_dashboard=1 <- data["web.json"] of ConfigMap web-dashboard',
    ]);
  });

  test('the namespaces the objects live in', () => {
    expect(needs(
      object('v1', 'Service', 'web', {}, { namespace: 'shop' }),
      object('v1', 'ConfigMap', 'settings', {}, { namespace: 'shop' }),
      object('v1', 'ServiceAccount', 'agent', {}, { namespace: 'logging' }),
    )).toEqual([
      'namespaces logging <- metadata.namespace of ServiceAccount agent',
      'namespaces shop <- metadata.namespace of Service web',
      'namespaces shop <- metadata.namespace of ConfigMap settings',
    ]);
  });

  test('objects without a namespace go where they are applied (listed, never checked); cluster-scoped ones need none', () => {
    const objects = [object('v1', 'Service', 'web'), object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'), object('v1', 'PersistentVolume', 'pv')];
    expect(prerequisitesOf(objects, (o) => o).map((p) => [p.field, p.name, p.needs.map((n) => n.source.metadata.name)])).toEqual([
      ['namespaces', '(where applied)', ['web']],
    ]);
    expect(missingPrerequisites(prerequisitesOf(objects, (o) => o), { namespaces: [] })).toEqual([]);
  });

  test('what the objects make is not needed from the cluster', () => {
    expect(needs(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      object('v1', 'Service', 'web', {}, { namespace: 'shop' }),
      object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', { group: 'example.com', names: { kind: 'Widget' } }),
      object('example.com/v1', 'Widget', 'w'),
      object('networking.k8s.io/v1', 'IngressClass', 'nginx'),
      object('networking.k8s.io/v1', 'Ingress', 'web', { ingressClassName: 'nginx' }, { namespace: 'shop' }),
      object('keda.sh/v1alpha1', 'TriggerAuthentication', 'rabbit', {}, { namespace: 'shop' }),
      object('keda.sh/v1alpha1', 'ScaledObject', 'worker', { triggers: [{ type: 'rabbitmq', authenticationRef: { name: 'rabbit' } }] }, { namespace: 'shop' }),
      object('storage.k8s.io/v1', 'StorageClass', 'fast'),
      object('v1', 'PersistentVolumeClaim', 'data', { storageClassName: 'fast' }, { namespace: 'shop' }),
    )).toEqual([
      'customResources keda.sh/ScaledObject <- apiVersion of ScaledObject worker',
      'customResources keda.sh/TriggerAuthentication <- apiVersion of TriggerAuthentication rabbit',
    ]);
  });
});

describe('the prerequisites file', () => {
  test('lists what the chart needs, by section, in a stable order; says when it needs nothing; none for a chart without objects', () => {
    const chart = Testing.chart();
    const manifests = [
      object('networking.k8s.io/v1', 'Ingress', 'web', { ingressClassName: 'nginx' }, { namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt|prod' } }),
      object('monitoring.coreos.com/v1', 'ServiceMonitor', 'web', {}, { namespace: 'shop' }),
      ...['a', 'b', 'c', 'd'].map((n) => object('monitoring.coreos.com/v1', 'Probe', n, { prober: { url: 'blackbox:9115' } }, { namespace: 'shop' })),
    ];
    const file = prerequisitesFileOf(chart, manifests, KubernetesVersion.V1_27);
    expect(file).toEqual(prerequisitesFileOf(chart, [...manifests].reverse(), KubernetesVersion.V1_27));
    expect(file).toEqual(`# Cluster prerequisites of test

What the cluster must have for the manifests of the chart \`test\` to work, found from its objects (what the
chart makes itself is left out). Declare what the cluster has in the platform default \`cluster\` to check it at synth
(docs/prerequisites.md).

Kubernetes 1.27 or later: the version the manifests are written for (the platform default
\`kubernetesVersion\`), whose fields and APIs they may use.

## Custom resources

| kind | API group | served by | used by | in \`cluster\` |
|---|---|---|---|---|
| Probe | monitoring.coreos.com | the Prometheus operator | Probe shop/a, Probe shop/b, Probe shop/c and 1 more | \`customResources: monitoring.coreos.com/Probe\` |
| ServiceMonitor | monitoring.coreos.com | the Prometheus operator | ServiceMonitor shop/web | \`customResources: monitoring.coreos.com/ServiceMonitor\` |

## Controllers and cluster objects

| needs | name | served by | used by | in \`cluster\` |
|---|---|---|---|---|
| IngressClass | \`nginx\` | an ingress controller | Ingress shop/web | \`ingressClasses: nginx\` |
| ClusterIssuer | \`letsencrypt\\|prod\` | cert-manager | Ingress shop/web | \`clusterIssuers: letsencrypt\\|prod\` |
| blackbox exporter | \`blackbox:9115\` | the Prometheus blackbox exporter | Probe shop/a, Probe shop/b, Probe shop/c and 1 more | \`runsBlackboxExporter: true\` |

## Namespaces

| namespace | objects | in \`cluster\` |
|---|---|---|
| shop | 6 | \`namespaces: shop\` |
`);
    expect(prerequisitesFileOf(chart, [object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader')], KubernetesVersion.V1_30)).toEqual(`# Cluster prerequisites of test

What the cluster must have for the manifests of the chart \`test\` to work, found from its objects (what the
chart makes itself is left out). Declare what the cluster has in the platform default \`cluster\` to check it at synth
(docs/prerequisites.md).

Kubernetes 1.30 or later: the version the manifests are written for (the platform default
\`kubernetesVersion\`), whose fields and APIs they may use.

Nothing else: the objects need Kubernetes itself only.
`);
    expect(prerequisitesFileOf(chart, [], KubernetesVersion.V1_27)).toBeUndefined();
  });
});

describe('the platform default cluster', () => {
  /** An app whose chart `shop` has two Ingresses of class nginx and a ServiceMonitor, with the cluster set on the app. */
  function shop(cluster: ClusterCapabilities, build?: (app: App) => void): Chart {
    const app = Testing.app();
    PlatformDefaults.set(app, { cluster });
    build?.(app);
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    for (const name of ['web', 'api']) {
      new ApiObject(chart, name, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec: { ingressClassName: 'nginx' } });
    }
    new ApiObject(chart, 'monitor', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web' }, spec: { selector: {}, endpoints: [{ port: 'http' }] } });
    return chart;
  }

  function synthError(chart: Chart): string {
    try {
      Testing.synth(chart);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  }

  test('a missing prerequisite is a synth error: one per prerequisite of the chart, at the first object that needs it', () => {
    expect(synthError(shop({ ingressClasses: ['traefik'], customResources: ['keda.sh/*'], namespaces: ['shop'] }))).toEqual([
      'Validation failed with the following errors:',
      '  [] shop/monitor: invalid apiVersion "monitoring.coreos.com/v1": the cluster serves no ServiceMonitor of monitoring.coreos.com: its CRD, which the '
      + 'Prometheus operator installs, is not in platformDefaults.cluster.customResources ("keda.sh/*"). Expected a kind the cluster serves, a CRD that '
      + 'the app makes, or "monitoring.coreos.com/ServiceMonitor" (or "monitoring.coreos.com/*") added to platformDefaults.cluster.customResources once '
      + 'the Prometheus operator is installed.',
      '  [] shop/web: invalid spec.ingressClassName "nginx": the cluster has no IngressClass "nginx": it is not in platformDefaults.cluster.ingressClasses '
      + '("traefik"); 1 more object of the chart needs it: Ingress shop/api. Expected one of platformDefaults.cluster.ingressClasses, an IngressClass '
      + 'that the app makes, or "nginx" added to platformDefaults.cluster.ingressClasses once the cluster has it.',
    ].join('\n'));
  });

  test('app.synth() of many charts checks them once, not once per chart it validates the app for; again after a change', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { cluster: { ingressClasses: ['nginx'] } });
    const charts = Array.from({ length: 10 }, (_, i) => new Chart(app, `shop-${i}`, { namespace: 'shop' }));
    charts.forEach((chart) => new ApiObject(chart, 'web', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'nginx' } }));
    const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      app.synth();
      // Each Ingress: once for the check, once for its chart's YAML (cdk8s validates the app 11 times).
      expect(toJson).toHaveBeenCalledTimes(20);
      // A new object between two syntheses is checked: the check runs again.
      new ApiObject(charts[0], 'admin', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'admin' }, spec: { ingressClassName: 'traefik' } });
      expect(() => app.synth()).toThrow(/invalid spec\.ingressClassName "traefik": the cluster has no IngressClass "traefik"/);
    } finally {
      toJson.mockRestore();
    }
  });

  test('app.synth() of many charts reads the charts\' capabilities once, not once per chart it validates the app for', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { cluster: { ingressClasses: ['nginx'] } });
    for (let i = 0; i < 10; i++) {
      new ApiObject(new Chart(app, `shop-${i}`, { namespace: 'shop' }), 'web', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'nginx' } });
    }
    const originOf = jest.spyOn(PlatformDefaults, 'originOf');
    try {
      app.synth();
      // One read per chart; cdk8s validates the app 11 times (110 reads when each validation read them).
      expect(originOf).toHaveBeenCalledTimes(10);
    } finally {
      originOf.mockRestore();
    }
  });

  test('new platform defaults between two syntheses are checked: the check runs again', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { cluster: { ingressClasses: ['nginx'] } });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'web', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'nginx' } });
    expect(() => app.synth()).not.toThrow();
    PlatformDefaults.set(app, { cluster: { ingressClasses: ['traefik'] } });
    expect(() => app.synth()).toThrow(/invalid spec\.ingressClassName "nginx": the cluster has no IngressClass "nginx"/);
  });

  test('the capabilities are kept as they were set: a later change to the caller\'s own object changes nothing', () => {
    const app = Testing.app();
    const cluster = { ingressClasses: ['traefik'] };
    PlatformDefaults.set(app, { cluster });
    cluster.ingressClasses.push('nginx');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'web', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'nginx' } });
    expect(() => app.synth()).toThrow(/invalid spec\.ingressClassName "nginx": the cluster has no IngressClass "nginx": it is not in platformDefaults\.cluster\.ingressClasses \("traefik"\)/);
    expect(Object.isFrozen(PlatformDefaults.peek(chart).cluster!.ingressClasses)).toBe(true);
  });

  test('a cluster that has everything, or fields left out (unknown), pass', () => {
    expect(synthError(shop({ ingressClasses: ['nginx'], customResources: ['monitoring.coreos.com/ServiceMonitor'], namespaces: ['shop'] }))).toEqual('no error');
    expect(synthError(shop({}))).toEqual('no error');
    expect(synthError(shop({ storageClasses: [], runsBlackboxExporter: false }))).toEqual('no error');
  });

  test('what any chart of the app makes counts (a Namespace, an IngressClass)', () => {
    const chart = shop({ ingressClasses: [], namespaces: [] }, (app) => {
      const platform = new Chart(app, 'platform');
      new ApiObject(platform, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
      new ApiObject(platform, 'class', { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' } });
    });
    expect(synthError(chart)).toEqual('no error');
  });

  test('each chart is checked once, against the nearest cluster; switched off, it is not checked', () => {
    const chart = shop({ ingressClasses: ['traefik'] }, (app) => {
      const other = new Chart(app, 'other', { namespace: 'other' });
      PlatformDefaults.set(other, { cluster: { ingressClasses: ['nginx'] } });
      new ApiObject(other, 'web', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'nginx' } });
      const off = new Chart(app, 'off');
      PlatformDefaults.set(off, { switchOff: [PlatformSetting.CLUSTER] });
      new ApiObject(off, 'web', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'haproxy' } });
    });
    const errors = synthError(chart).split('\n').slice(1);
    expect(errors.map((e) => e.replace(/: invalid .*/, ''))).toEqual(['  [] shop/web']);
    PlatformDefaults.set(chart, { cluster: { ingressClasses: ['nginx'] } });
    expect(synthError(chart)).toEqual('no error');
  });

  test('the messages of a missing namespaced object, namespace and component', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'routes', { namespace: 'shop' });
    PlatformDefaults.set(chart, { cluster: { gateways: ['gateways/internal'], namespaces: [], runsBlackboxExporter: false } });
    new ApiObject(chart, 'route', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web' }, spec: { parentRefs: [{ name: 'public', namespace: 'gateways' }] } });
    new ApiObject(chart, 'probe', { apiVersion: 'monitoring.coreos.com/v1', kind: 'Probe', metadata: { name: 'web' }, spec: { prober: { url: 'blackbox:9115' } } });
    expect(synthError(chart).split('\n').slice(1)).toEqual([
      '  [routes] routes/route: invalid metadata.namespace "shop": the cluster has no Namespace "shop": it is not in platformDefaults.cluster.namespaces (none); '
      + '1 more object of the chart needs it: Probe shop/web. Expected a Namespace that the app makes, or "shop" added to platformDefaults.cluster.namespaces once the cluster has it.',
      '  [routes] routes/route: invalid spec.parentRefs[0].name "public": the cluster has no Gateway "gateways/public" (namespace/name): it is not in '
      + 'platformDefaults.cluster.gateways ("gateways/internal"). Expected one of platformDefaults.cluster.gateways, a Gateway that the app makes, or '
      + '"gateways/public" added to platformDefaults.cluster.gateways once the cluster has it.',
      '  [routes] routes/probe: invalid spec.prober.url "blackbox:9115": it needs a blackbox exporter (the Prometheus blackbox exporter), which the cluster '
      + 'does not run (platformDefaults.cluster.runsBlackboxExporter is false). Expected no Probe, or platformDefaults.cluster.runsBlackboxExporter: true once the cluster runs it.',
    ]);
  });
});

describe('bad values of the platform default cluster are refused when set (untyped callers too)', () => {
  const refused = (cluster: unknown) => refusalOf(() => PlatformDefaults.set(Testing.app(), { cluster } as any)).message;

  test.each([
    ['nginx', '<root>: invalid platformDefaults.cluster "nginx": it is not a map. Expected a map of customResources, namespaces, ingressClasses, gatewayClasses, '
      + 'gateways, clusterIssuers, issuers, clusterSecretStores, secretStores, clusterTriggerAuthentications, triggerAuthentications, storageClasses, '
      + 'runtimeClasses, priorityClasses, runsBlackboxExporter, runsGrafanaDashboardSidecar (ClusterCapabilities), each optional.'],
    [null, '<root>: invalid platformDefaults.cluster null: it is not a map. Expected a map of customResources, namespaces, ingressClasses, gatewayClasses, '
      + 'gateways, clusterIssuers, issuers, clusterSecretStores, secretStores, clusterTriggerAuthentications, triggerAuthentications, storageClasses, '
      + 'runtimeClasses, priorityClasses, runsBlackboxExporter, runsGrafanaDashboardSidecar (ClusterCapabilities), each optional.'],
    [{ ingressclasses: ['nginx'] }, '<root>: invalid platformDefaults.cluster.ingressclasses ["nginx"]: it is not a field of ClusterCapabilities (did you mean '
      + 'ingressClasses?). Expected only customResources, namespaces, ingressClasses, gatewayClasses, gateways, clusterIssuers, issuers, clusterSecretStores, '
      + 'secretStores, clusterTriggerAuthentications, triggerAuthentications, storageClasses, runtimeClasses, priorityClasses, runsBlackboxExporter, runsGrafanaDashboardSidecar.'],
    [{ ingressClasses: 'nginx' }, '<root>: invalid platformDefaults.cluster.ingressClasses "nginx": it is not a list. Expected a list of IngressClass names, e.g. ["standard"].'],
    [{ storageClasses: [42] }, '<root>: invalid platformDefaults.cluster.storageClasses[0] 42: it is not a string. Expected a list of StorageClass names, e.g. ["standard"].'],
    [{ customResources: ['ServiceMonitor'] }, '<root>: invalid platformDefaults.cluster.customResources[0] "ServiceMonitor": it is not "<group>/<Kind>" or '
      + '"<group>/*" (a group with a dot, a kind in UpperCamelCase). Expected a list of "<group>/<Kind>" or "<group>/*", e.g. '
      + '["monitoring.coreos.com/ServiceMonitor", "keda.sh/*"].'],
    [{ gateways: ['public'] }, '<root>: invalid platformDefaults.cluster.gateways[0] "public": it is not "<namespace>/<name>". Expected a list of Gateways as '
      + '"<namespace>/<name>", e.g. ["platform/main"].'],
    [{ issuers: ['Shop/ca'] }, '<root>: invalid platformDefaults.cluster.issuers[0] "Shop/ca": its namespace "Shop" is not a DNS-1123 label. Expected a list of '
      + 'Issuers as "<namespace>/<name>", e.g. ["platform/main"].'],
    [{ namespaces: ['Shop'] }, '<root>: invalid platformDefaults.cluster.namespaces[0] "Shop": it is not a namespace name (a DNS-1123 label): it contains uppercase letters, which are not allowed. Expected a list of Namespace names, e.g. ["shop"].'],
    [{ runsBlackboxExporter: 'yes' }, '<root>: invalid platformDefaults.cluster.runsBlackboxExporter "yes": it is not a boolean. Expected true (the cluster runs it), '
      + 'false (it does not), or no value (unknown: not checked).'],
  ])('%j', (cluster, message) => {
    expect(refused(cluster)).toEqual(message);
  });

  test('on a construct below a chart', () => {
    const chart = Testing.chart();
    expect(refusalOf(() => PlatformDefaults.set(new Construct(chart, 'Web'), { cluster: {} })).message).toEqual(
      'test/Web: invalid platformDefaults.cluster {}: it is set on a construct that is neither the App nor a Chart. Expected the cluster on the App or on a '
      + 'Chart (a chart is applied to one cluster, and is checked against it as a whole).');
  });
});
