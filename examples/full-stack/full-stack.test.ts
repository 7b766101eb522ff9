import { Testing } from 'cdk8s';
import { FullStackChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function synth() {
  const chart = new FullStackChart(Testing.app(), 'full-stack');
  const manifests = Testing.synth(chart);
  const only = (kind: string) => {
    const found = manifests.filter((m) => m.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { chart, manifests, only };
}

test('every step is there: image, pods, persistence, expose, publish, monitor', () => {
  const { manifests } = synth();
  expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
    'ConfigMap/shop-web-dashboard', // 6. monitor
    'ConfigMap/shop-web-flags', // read through the API
    'Deployment/shop-web', // 2. pods (with the image of step 1)
    'ExternalSecret/registry-example-com-pull', // 1. image: the pull Secret, from Vault
    'ExternalSecret/shop-web-db', // the database password, from Vault
    'HorizontalPodAutoscaler/shop-web', // 2. pods
    'Ingress/shop-web', // 5. publish
    'Namespace/full-stack',
    'PersistentVolumeClaim/shop-web-uploads', // 3. persistence
    'PodDisruptionBudget/shop-web', // 2. pods
    'Probe/shop-web-public', // 6. monitor
    'Probe/shop-web-service', // 6. monitor
    'PrometheusRule/shop-web-alerts', // 6. monitor
    'Role/shop-web', // 2. pods: read the flags
    'RoleBinding/shop-web',
    'Service/shop-web', // 4. expose
    'ServiceAccount/shop-web', // 2. pods: the application's identity
    'ServiceMonitor/shop-web', // 6. monitor
  ]);
});

test('1. image: pinned from the lock, pulled with the registry Secret, its lineage on the pods and in a build plan', () => {
  const { chart, only } = synth();
  const pod = only('Deployment').spec.template;
  expect(pod.spec.containers[0].image).toBe('registry.example.com/shop/web:2.3.1@sha256:6e63b5a5bab688f0681da02507ed315b960b608112af6992c07c7e18a6e882c0');
  expect(pod.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-example-com-pull' }]);
  expect(pod.metadata.annotations['org.opencontainers.image.base.name']).toBe('registry.example.com/acme/node:20.12.2');
  expect(JSON.parse(pod.metadata.annotations['cdk8s-appflow/image-lineage']).map((l: any) => l.layer)).toEqual(['from', 'base', 'middleware', 'service']);
  expect(Object.keys(chart.lineage.buildPlan()).sort()).toEqual(['1-base.Dockerfile', '2-middleware.Dockerfile', '3-service.Dockerfile', 'build.sh']);
});

test('2. pods: scaled on CPU between 2 and 10 replicas, one pod at a time evicted', () => {
  const { only } = synth();
  expect(only('Deployment').spec.replicas).toBeUndefined();
  const hpa = only('HorizontalPodAutoscaler').spec;
  expect(hpa).toMatchObject({ minReplicas: 2, maxReplicas: 10, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-web' } });
  expect(hpa.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  expect(only('PodDisruptionBudget').spec.maxUnavailable).toBe(1);
});

test('3. persistence: a scratch cache and the uploads claim, shared by the replicas and writable by their user', () => {
  const { only } = synth();
  const pod = only('Deployment').spec.template.spec;
  expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([
    { mountPath: '/var/cache/shop-web', name: 'cache' },
    { mountPath: '/srv/uploads', name: 'uploads' },
  ]));
  expect(pod.volumes).toEqual(expect.arrayContaining([
    { name: 'cache', emptyDir: { sizeLimit: '1024Mi' } },
    { name: 'uploads', persistentVolumeClaim: { claimName: 'shop-web-uploads', readOnly: false } },
  ]));
  expect(pod.securityContext.fsGroup).toBe(10001);
  const claim = only('PersistentVolumeClaim');
  expect(claim.spec).toMatchObject({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '10Gi' } } });
  expect(claim.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
  expect(claim.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'shop-web', 'app.kubernetes.io/part-of': 'shop' });
});

test('4. and 5. expose and publish: the Service behind an Ingress with a certificate from cert-manager', () => {
  const { chart, only } = synth();
  expect(only('Service').spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }]);
  const ingress = only('Ingress');
  expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
  expect(ingress.spec.ingressClassName).toBe('nginx');
  expect(ingress.spec.tls).toEqual([{ hosts: ['full-stack.example.com'], secretName: 'shop-web-tls' }]);
  expect(chart.web.publication?.urls).toEqual(['https://full-stack.example.com/']);
});

test('6. monitor: probes, a ServiceMonitor, black-box checks of the Service and the URL, routed alerts with runbooks', () => {
  const { manifests, only } = synth();
  const container = only('Deployment').spec.template.spec.containers[0];
  expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' } });
  expect(container.startupProbe).toMatchObject({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 10, failureThreshold: 12 });
  expect(only('ServiceMonitor').spec.endpoints[0].port).toBe('metrics');
  const probes = manifests.filter((m) => m.kind === 'Probe');
  expect(probes.map((p) => [p.metadata.name, p.spec.prober.url, p.spec.targets.staticConfig.static])).toEqual([
    ['shop-web-service', 'prometheus-blackbox-exporter.monitoring.svc:9115', ['http://shop-web.full-stack.svc.cluster.local:80/ready']],
    ['shop-web-public', 'prometheus-blackbox-exporter.monitoring.svc:9115', ['https://full-stack.example.com/']],
  ]);
  for (const monitor of [only('ServiceMonitor'), only('PrometheusRule'), ...probes]) {
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
  }
  const rules = only('PrometheusRule').spec.groups[0].rules;
  expect(rules.map((r: any) => r.alert)).toEqual([
    'ShopWebPodRestarting', 'ShopWebPodCrashLooping', 'ShopWebReplicasUnavailable', 'ShopWebVolumeFillingUp', 'ShopWebProbeFailing', 'ShopWebTargetDown',
  ]);
  for (const rule of rules) {
    expect(rule.labels.team).toBe('shop');
    expect(rule.annotations.runbook_url).toBe(`https://runbooks.example.com/full-stack/${rule.alert}`);
  }
  const dashboard = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'shop-web-dashboard');
  expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
});

test('identity and secrets: its own ServiceAccount with a Google identity, a Role that reads one ConfigMap, secrets from Vault', () => {
  const { manifests, only } = synth();
  const pod = only('Deployment').spec.template;
  expect(pod.spec.serviceAccountName).toBe('shop-web');
  expect(pod.spec.automountServiceAccountToken).toBe(true);
  expect(only('ServiceAccount').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'shop-web@acme-shop.iam.gserviceaccount.com' });
  expect(only('Role').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['shop-web-flags'], verbs: ['get', 'list', 'watch'] }]);
  expect(only('RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'shop-web', namespace: 'full-stack' }]);
  expect(pod.spec.containers[0].env).toContainEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-web-db', key: 'password' } } });
  const external = manifests.filter((m) => m.kind === 'ExternalSecret');
  expect(external.map((e) => e.spec.secretStoreRef)).toEqual([{ kind: 'ClusterSecretStore', name: 'vault' }, { kind: 'ClusterSecretStore', name: 'vault' }]);
  expect(external.find((e) => e.metadata.name === 'registry-example-com-pull').spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
  // No Secret, and no secret value, is in the manifests.
  expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
});

test('the pods meet the restricted profile, which the Namespace enforces', () => {
  const { manifests, only } = synth();
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
  expect(only('Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new FullStackChart(Testing.app(), 'full-stack'))).toMatchSnapshot();
});
