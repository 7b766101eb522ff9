import { Testing } from 'cdk8s';
import { MysqlStatefulChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function synth() {
  const chart = new MysqlStatefulChart(Testing.app(), 'mysql-stateful');
  const manifests = Testing.synth(chart);
  const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
  return { chart, manifests, find };
}

/** Every `env` entry of every container of the manifests. */
function envVarsOf(manifests: any[]): any[] {
  return manifests.flatMap((m) => {
    const spec = m.spec?.template?.spec;
    return spec ? [...spec.containers, ...(spec.initContainers ?? [])].flatMap((c: any) => c.env ?? []) : [];
  });
}

test('MySQL: a StatefulSet with a 20Gi claim per replica at /var/lib/mysql, run as uid 999, with writable scratch for its socket', () => {
  const { find } = synth();
  const statefulSet = find('StatefulSet', 'mysql');
  expect(statefulSet.spec.serviceName).toBe('mysql-headless');
  expect(statefulSet.spec.volumeClaimTemplates).toHaveLength(1);
  expect(statefulSet.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
  expect(statefulSet.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
  const pod = statefulSet.spec.template.spec;
  expect(pod.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true });
  const mysql = pod.containers[0];
  expect(mysql.image).toBe('mysql:8.4.3');
  expect(mysql.ports).toEqual([{ containerPort: 3306, name: 'mysql' }]);
  expect(mysql.args).toEqual(['--datadir=/var/lib/mysql/data']);
  expect(mysql.securityContext.readOnlyRootFilesystem).toBe(true);
  expect(mysql.volumeMounts).toEqual(expect.arrayContaining([
    { mountPath: '/var/lib/mysql', name: 'data' },
    { mountPath: '/var/run/mysqld', name: 'run' },
    { mountPath: '/tmp', name: 'tmp' },
  ]));
  expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'run', emptyDir: { sizeLimit: '16Mi' } }, { name: 'tmp', emptyDir: {} }]));
});

test('a headless Service for the replicas and a Service for the clients', () => {
  const { find, chart } = synth();
  const headless = find('Service', 'mysql-headless');
  expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: chart.mysql.identity.selectorLabels });
  const clients = find('Service', 'mysql');
  expect(clients.spec.clusterIP).toBeUndefined();
  expect(clients.spec.ports).toEqual([{ name: 'mysql', port: 3306, targetPort: 'mysql' }]);
  expect(clients.spec.selector).toEqual(chart.mysql.identity.selectorLabels);
});

test('the passwords come from Secrets that the manifests reference but never contain', () => {
  const { manifests, find } = synth();
  expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  const mysqlEnv = find('StatefulSet', 'mysql').spec.template.spec.containers[0].env;
  expect(mysqlEnv).toContainEqual({ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-root', key: 'password' } } });
  expect(mysqlEnv).toContainEqual({ name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-shop', key: 'password' } } });
  // No password is written as a value anywhere.
  const passwords = envVarsOf(manifests).filter((e) => /PASSWORD/.test(e.name));
  expect(passwords).toHaveLength(3);
  for (const variable of passwords) {
    expect(variable.value).toBeUndefined();
    expect(variable.valueFrom.secretKeyRef).toBeDefined();
  }
});

test('the web application gets the address of MySQL, and only its pods reach MySQL, on 3306', () => {
  const { find, chart } = synth();
  const webEnv = find('Deployment', 'web').spec.template.spec.containers[0].env;
  expect(webEnv).toEqual(expect.arrayContaining([
    { name: 'MYSQL_HOST', value: 'mysql.mysql-stateful.svc.cluster.local' },
    { name: 'MYSQL_PORT', value: '3306' },
  ]));
  const policy = find('NetworkPolicy', 'mysql');
  expect(policy.spec.podSelector.matchLabels).toEqual(chart.mysql.identity.selectorLabels);
  expect(policy.spec.policyTypes).toEqual(['Ingress']);
  expect(policy.spec.ingress).toEqual([{
    from: [{ podSelector: { matchLabels: chart.web.identity.selectorLabels } }],
    ports: [{ port: 'mysql', protocol: 'TCP' }],
  }]);
  // The named port is MySQL's 3306.
  expect(find('StatefulSet', 'mysql').spec.template.spec.containers[0].ports).toContainEqual({ name: 'mysql', containerPort: 3306 });
});

test('every pod meets the restricted profile, which the Namespace enforces', () => {
  const { manifests, find } = synth();
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
  expect(find('Namespace', 'mysql-stateful').metadata.labels).toEqual({
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'v1.27',
  });
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new MysqlStatefulChart(Testing.app(), 'mysql-stateful'))).toMatchSnapshot();
});
