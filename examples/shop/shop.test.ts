import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ShopChart } from './chart';
// In a project of your own: 'cdk8s-appflow/lib/src/plugin' (docs/validation.md, "In tests").
import { checkManifests, parseProperties } from '../../src/plugin';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function synth() {
  const chart = new ShopChart(Testing.app(), 'shop');
  const manifests = Testing.synth(chart);
  const only = (kind: string, name: string) => {
    const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { chart, manifests, only };
}

/** The env of a container as `NAME=value` (literal values) or `NAME<-secret/key`. */
function envOf(container: any): string[] {
  return (container.env ?? []).map((e: any) => (e.value !== undefined ? `${e.name}=${e.value}`
    : `${e.name}<-${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`));
}

test('three applications, each with what the docs say it makes', () => {
  const { manifests } = synth();
  expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
    'Namespace/shop',
    // mysql: StatefulSet with its claim template, headless and clients' Services, black-box check, alerts, dashboard,
    // and the NetworkPolicy that its two clients open.
    'Service/mysql-headless', 'StatefulSet/mysql', 'Service/mysql', 'Probe/mysql-service', 'PrometheusRule/mysql-alerts',
    'ConfigMap/mysql-dashboard', 'NetworkPolicy/mysql',
    // web: two release tracks behind one Service, published, scraped, checked from inside and outside.
    'Deployment/web-stable', 'PodDisruptionBudget/web-stable', 'Deployment/web-canary', 'Service/web', 'Ingress/web',
    'ServiceMonitor/web', 'Probe/web-service', 'Probe/web-public', 'PrometheusRule/web-alerts', 'ConfigMap/web-dashboard',
    // mysql-backup: the nightly CronJob and the claim of its dumps.
    'CronJob/mysql-backup', 'PersistentVolumeClaim/mysql-backup-dumps', 'PrometheusRule/mysql-backup-alerts', 'ConfigMap/mysql-backup-dashboard',
  ]);
  expect(manifests.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === 'shop')).toBe(true);
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
});

test('web: a canary of 2.4.0-rc1 (1 pod of 4) beside the stable 2.3.1, each track labelled with the version it runs', () => {
  const { only } = synth();
  const tracks = ['web-stable', 'web-canary'].map((name) => {
    const d = only('Deployment', name);
    return [name, d.spec.replicas, d.spec.template.spec.containers[0].image, d.metadata.labels['app.kubernetes.io/version'],
      d.spec.template.metadata.labels['app.kubernetes.io/version']];
  });
  expect(tracks).toEqual([
    ['web-stable', 3, 'registry.example.com/shop/web:2.3.1', '2.3.1', '2.3.1'],
    ['web-canary', 1, 'registry.example.com/shop/web:2.4.0-rc1', '2.4.0-rc1', '2.4.0-rc1'],
  ]);
  // One Service over both tracks, behind the Ingress of https://shop.example.com/.
  expect(only('Service', 'web').spec.selector['cdk8s-appflow/track']).toBeUndefined();
  const ingress = only('Ingress', 'web');
  expect(ingress.spec.ingressClassName).toBe('nginx');
  expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
  expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'web', port: { number: 80 } });
});

test('connections: web (both tracks) and the backup get MySQL\'s address; MySQL\'s policy lets them in, and the monitoring stack', () => {
  const { only } = synth();
  const clients = [
    only('Deployment', 'web-stable').spec.template.spec.containers[0],
    only('Deployment', 'web-canary').spec.template.spec.containers[0],
    only('CronJob', 'mysql-backup').spec.jobTemplate.spec.template.spec.containers[0],
  ];
  for (const container of clients) {
    expect(envOf(container)).toEqual(['MYSQL_HOST=mysql.shop.svc.cluster.local', 'MYSQL_PORT=3306']);
    expect(container.envFrom).toEqual([{ secretRef: { name: 'mysql-shop' } }]);
  }
  const policy = only('NetworkPolicy', 'mysql');
  expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/component': 'database', 'app.kubernetes.io/instance': 'mysql', 'app.kubernetes.io/name': 'mysql' });
  expect(policy.spec.policyTypes).toEqual(['Ingress']);
  const admitted = policy.spec.ingress.map((rule: any) => [
    rule.from.map((peer: any) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? peer.podSelector.matchLabels['app.kubernetes.io/name']),
    rule.ports,
  ]);
  expect(admitted).toEqual(expect.arrayContaining([
    [['web'], [{ port: 'mysql', protocol: 'TCP' }]],
    [['mysql-backup'], [{ port: 'mysql', protocol: 'TCP' }]],
    [['monitoring'], [{ port: 'mysql', protocol: 'TCP' }]], // the blackbox exporter's check of the port
  ]));
  expect(admitted).toHaveLength(3);
});

test('mysql: one replica with its own claim; the backup: a nightly CronJob with a claim of its own', () => {
  const { only } = synth();
  const mysql = only('StatefulSet', 'mysql');
  expect(mysql.spec.replicas).toBe(1);
  expect(mysql.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources.requests.storage])).toEqual([['data', '20Gi']]);
  expect(envOf(mysql.spec.template.spec.containers[0])).toEqual(['MYSQL_ROOT_PASSWORD<-mysql-root/password']);
  const backup = only('CronJob', 'mysql-backup');
  expect(backup.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 1800 });
  expect(backup.spec.jobTemplate.spec.template.spec.volumes).toContainEqual({ name: 'dumps', persistentVolumeClaim: { claimName: 'mysql-backup-dumps', readOnly: false } });
  expect(only('PersistentVolumeClaim', 'mysql-backup-dumps').spec.resources.requests.storage).toBe('50Gi');
});

test('monitoring: each black-box check fits what it checks, through the exporter in `monitoring`', () => {
  const { manifests } = synth();
  const probes = manifests.filter((m) => m.kind === 'Probe')
    .map((p) => [p.metadata.name, p.spec.module, p.spec.prober.url, p.spec.targets.staticConfig.static]);
  expect(probes).toEqual([
    ['mysql-service', 'tcp_connect', 'prometheus-blackbox-exporter.monitoring.svc:9115', ['mysql.shop.svc.cluster.local:3306']],
    ['web-service', 'http_2xx', 'prometheus-blackbox-exporter.monitoring.svc:9115', ['http://web.shop.svc.cluster.local:80/ready']],
    ['web-public', 'http_2xx', 'prometheus-blackbox-exporter.monitoring.svc:9115', ['https://shop.example.com/']],
  ]);
});

test('works when applied: the validation plugin, with the settings of the root cdk8s.yaml, finds nothing but the exempted single MySQL replica', () => {
  // The plugin's properties as `cdk8s synth` reads them: the cluster's components (ingress-nginx, monitoring) and
  // the exemptions.
  const config = YAML.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk8s.yaml'), 'utf-8'));
  const options = parseProperties(config.validations[0].properties);
  expect(options.cluster).toEqual({
    ingressController: { namespace: 'ingress-nginx' },
    prometheus: { namespace: 'monitoring' },
    blackboxExporter: { namespace: 'monitoring' },
  });
  const { manifests } = synth();
  const result = checkManifests([{ file: 'shop.k8s.yaml', documents: manifests }], options);
  const described = (exempted: boolean) => result.findings.filter((f) => (f.exemption !== undefined) === exempted)
    .map((f) => `${f.severity} ${f.rule} ${f.resource.kind} ${f.resource.namespace}/${f.resource.name} ${f.path}: ${f.message}`);
  expect(described(false)).toEqual([]);
  expect(described(true)).toEqual([
    'warning min-replicas StatefulSet shop/mysql spec.replicas: one replica behind Service shop/mysql: the Service is down while the pod restarts or its node drains',
  ]);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new ShopChart(Testing.app(), 'shop'))).toMatchSnapshot();
});
