import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { LogAgentChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function synth() {
  const chart = new LogAgentChart(Testing.app(), 'log-agent');
  const manifests = Testing.synth(chart);
  const only = (kind: string) => {
    const found = manifests.filter((m) => m.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { chart, manifests, only };
}

test('one agent pod on every node, tainted ones included, reading the node\'s logs read-only', () => {
  const { only } = synth();
  const pod = only('DaemonSet').spec.template.spec;
  expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  expect(pod.volumes).toEqual(expect.arrayContaining([
    { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
    { name: 'state', hostPath: { path: '/var/lib/fluent-bit', type: 'DirectoryOrCreate' } },
    { name: 'config', configMap: { name: 'log-agent-config' } },
  ]));
  const agent = pod.containers[0];
  expect(agent.image).toBe('fluent/fluent-bit:3.0.4');
  expect(agent.volumeMounts).toEqual(expect.arrayContaining([
    { mountPath: '/var/log', name: 'varlog', readOnly: true },
    // The read positions: the only node path it writes.
    { mountPath: '/var/lib/fluent-bit', name: 'state' },
    { mountPath: '/fluent-bit/etc/conf', name: 'config', readOnly: true },
  ]));
  expect(agent.args).toContain('--config=/fluent-bit/etc/conf/fluent-bit.conf');
  // It reads the pods' metadata from the API with its ServiceAccount's token.
  expect(pod.serviceAccountName).toBe('log-agent');
  expect(pod.automountServiceAccountToken).toBe(true);
  expect(only('ClusterRole').rules.map((r: any) => [r.resources, r.verbs])).toEqual([
    [['pods'], ['get', 'list', 'watch']], [['namespaces'], ['get', 'list', 'watch']],
  ]);
  expect(only('ClusterRoleBinding').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'log-agent', namespace: 'log-agent' }]);
});

test('its configuration is a ConfigMap of the files in config/', () => {
  const { manifests, only } = synth();
  const config = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'log-agent-config');
  expect(config.data).toEqual({ 'fluent-bit.conf': fs.readFileSync(path.join(__dirname, 'config', 'fluent-bit.conf'), 'utf-8') });
  // A change in the files rolls the agent.
  expect(only('DaemonSet').spec.template.metadata.annotations['cdk8s-appflow/config-checksum']).toMatch(/^sha256:[0-9a-f]{64}$/);
});

test('its metrics are scraped by a PodMonitor, and its readiness is Fluent Bit\'s health check', () => {
  const { only } = synth();
  const monitor = only('PodMonitor');
  expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
  expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/api/v2/metrics/prometheus', interval: '30s', scrapeTimeout: '10s' }]);
  const agent = only('DaemonSet').spec.template.spec.containers[0];
  expect(agent.ports).toEqual([{ containerPort: 2020, name: 'metrics' }]);
  expect(agent.readinessProbe).toEqual({ httpGet: { path: '/api/v1/health', port: 'metrics' } });
});

test('it runs as root with node paths, both relaxed on purpose: its pods meet the privileged profile only, and say why', () => {
  const { manifests, only } = synth();
  const template = only('DaemonSet').spec.template;
  expect(template.metadata.annotations).toMatchObject({
    'cdk8s-appflow/security-profile': 'restricted',
    'cdk8s-appflow/security-relaxations': 'host-path,run-as-root',
  });
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.PRIVILEGED)).toEqual([]);
  // Baseline: the two node paths, and nothing else.
  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.BASELINE).map((p) => `${p.rule} ${p.path}`)).toEqual([
    'baseline/host-path-volumes spec.template.spec.volumes[1].hostPath',
    'baseline/host-path-volumes spec.template.spec.volumes[2].hostPath',
  ]);
  // Restricted: besides, root; every other rule of the profile holds.
  expect([...new Set(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED).map((p) => p.rule))].sort()).toEqual([
    'baseline/host-path-volumes', 'restricted/run-as-non-root', 'restricted/run-as-user',
  ]);
  const context = template.spec.containers[0].securityContext;
  expect(context).toEqual({
    allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: false,
  });
  expect(template.spec.securityContext).toMatchObject({ runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } });
  // The Namespace lets such pods in.
  expect(only('Namespace').metadata).toEqual({
    name: 'log-agent',
    labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': 'v1.27' },
  });
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new LogAgentChart(Testing.app(), 'log-agent'))).toMatchSnapshot();
});
