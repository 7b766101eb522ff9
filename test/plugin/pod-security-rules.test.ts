/**
 * The Pod Security Standards rules of the plugin (implemented by PodSecurity, src/testing/pod-security.ts): each
 * with a manifest that breaks it and one that passes, under the restricted profile; the baseline profile leaves out
 * the restricted rules.
 */
import { check, deployment, lines, pdb, rulesOf, service } from './support';
import { KubernetesVersion } from '../../src';
import { RULES } from '../../src/plugin';

type Mutation = (d: any) => void;
const pod = (d: any) => d.spec.template.spec;
const container = (d: any) => d.spec.template.spec.containers[0];

const CASES: Array<{ rule: string; breaks: Mutation; passes: Mutation; kubernetesVersion?: string }> = [
  {
    rule: 'baseline/host-process',
    breaks: (d) => { pod(d).securityContext.windowsOptions = { hostProcess: true }; },
    passes: (d) => { pod(d).securityContext.windowsOptions = { hostProcess: false }; },
  },
  { rule: 'baseline/host-namespaces', breaks: (d) => { pod(d).hostPID = true; }, passes: (d) => { pod(d).hostPID = false; } },
  { rule: 'baseline/privileged', breaks: (d) => { container(d).securityContext.privileged = true; }, passes: (d) => { container(d).securityContext.privileged = false; } },
  {
    rule: 'baseline/capabilities',
    breaks: (d) => { container(d).securityContext.capabilities.add = ['SYS_ADMIN']; },
    passes: (d) => { container(d).securityContext.capabilities.add = ['NET_BIND_SERVICE']; },
  },
  {
    rule: 'baseline/host-path-volumes',
    breaks: (d) => { pod(d).volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]; },
    passes: (d) => { pod(d).volumes = [{ name: 'logs', emptyDir: {} }]; },
  },
  {
    rule: 'baseline/host-ports',
    breaks: (d) => { container(d).ports[0].hostPort = 8080; },
    passes: (d) => { container(d).ports[0].hostPort = 0; },
  },
  {
    // A control of the Pod Security Standards of Kubernetes 1.34 and later.
    rule: 'baseline/host-probes',
    kubernetesVersion: '1.34',
    breaks: (d) => { container(d).readinessProbe = { httpGet: { host: '10.0.0.1', path: '/ready', port: 8080 } }; },
    passes: (d) => { container(d).readinessProbe = { httpGet: { path: '/ready', port: 8080 } }; },
  },
  {
    rule: 'baseline/apparmor',
    breaks: (d) => { d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' }; },
    passes: (d) => { d.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' }; },
  },
  {
    rule: 'baseline/selinux',
    breaks: (d) => { container(d).securityContext.seLinuxOptions = { type: 'spc_t' }; },
    passes: (d) => { container(d).securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' }; },
  },
  { rule: 'baseline/proc-mount', breaks: (d) => { container(d).securityContext.procMount = 'Unmasked'; }, passes: (d) => { container(d).securityContext.procMount = 'Default'; } },
  {
    rule: 'baseline/seccomp',
    breaks: (d) => { container(d).securityContext.seccompProfile = { type: 'Unconfined' }; },
    passes: (d) => { container(d).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' }; },
  },
  {
    rule: 'baseline/sysctls',
    breaks: (d) => { pod(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; },
    passes: (d) => { pod(d).securityContext.sysctls = [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }]; },
  },
  {
    rule: 'restricted/volume-types',
    breaks: (d) => { pod(d).volumes = [{ name: 'data', nfs: { server: 'nfs.example.com', path: '/data' } }]; },
    passes: (d) => { pod(d).volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]; },
  },
  {
    rule: 'restricted/privilege-escalation',
    breaks: (d) => { delete container(d).securityContext.allowPrivilegeEscalation; },
    passes: (d) => { container(d).securityContext.allowPrivilegeEscalation = false; },
  },
  {
    rule: 'restricted/run-as-non-root',
    breaks: (d) => { pod(d).securityContext.runAsNonRoot = false; },
    passes: (d) => { delete pod(d).securityContext.runAsNonRoot; container(d).securityContext.runAsNonRoot = true; },
  },
  { rule: 'restricted/run-as-user', breaks: (d) => { pod(d).securityContext.runAsUser = 0; }, passes: (d) => { pod(d).securityContext.runAsUser = 1000; } },
  {
    rule: 'restricted/seccomp',
    breaks: (d) => { delete pod(d).securityContext.seccompProfile; },
    passes: (d) => { delete pod(d).securityContext.seccompProfile; container(d).securityContext.seccompProfile = { type: 'RuntimeDefault' }; },
  },
  {
    rule: 'restricted/capabilities',
    breaks: (d) => { container(d).securityContext.capabilities = { drop: ['NET_RAW'] }; },
    passes: (d) => { container(d).securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }; },
  },
];

function withDeployment(mutation: Mutation): any[] {
  const d = deployment();
  mutation(d);
  return [d, pdb(), service()];
}

test('every Pod Security rule has a case', () => {
  expect(CASES.map((c) => c.rule).sort()).toEqual(RULES.filter((r) => r.family === 'pod-security').map((r) => r.id).sort());
});

describe.each(CASES)('$rule', ({ rule, breaks, passes, kubernetesVersion }) => {
  const options = kubernetesVersion !== undefined ? { kubernetesVersion: kubernetesVersion as KubernetesVersion } : {};
  test('a manifest that breaks it is reported, as an error with the path and the fix', () => {
    const result = check(withDeployment(breaks), options);
    expect(rulesOf(result)).toEqual([rule]);
    const finding = result.findings[0];
    expect(finding).toMatchObject({ rule, severity: 'error', resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, file: 'dist/app.k8s.yaml' });
    expect(finding.path).toMatch(/^spec\.template\./);
    expect(finding.message).not.toMatch(/profile\):/);
    expect(finding.fix).not.toBe('');
  });

  test('a manifest that complies passes', () => {
    expect(lines(check(withDeployment(passes), options).findings)).toEqual([]);
  });
});

test('a host in a probe or a lifecycle hook: refused from Kubernetes 1.34 (the version of the policies), not before', () => {
  const manifests = withDeployment((d) => {
    container(d).livenessProbe = { tcpSocket: { host: 'localhost', port: 8080 } };
    container(d).lifecycle = { preStop: { httpGet: { host: 'example.com', path: '/drain', port: 8080 } } };
  });
  expect(lines(check(manifests, { kubernetesVersion: '1.34' as KubernetesVersion }).findings)).toEqual([
    'baseline/host-probes Deployment web spec.template.spec.containers[0].livenessProbe.tcpSocket.host',
    'baseline/host-probes Deployment web spec.template.spec.containers[0].lifecycle.preStop.httpGet.host',
  ]);
  expect(rulesOf(check(manifests, { kubernetesVersion: '1.33' as KubernetesVersion }))).toEqual([]);
});

test('the baseline profile checks the baseline rules only', () => {
  const manifests = withDeployment((d) => {
    pod(d).securityContext = {};
    container(d).securityContext = { capabilities: { add: ['SYS_ADMIN'] } };
  });
  expect(rulesOf(check(manifests, { profile: 'baseline' }))).toEqual(['baseline/capabilities']);
  expect(rulesOf(check(manifests, { profile: 'restricted' }))).toEqual([
    'baseline/capabilities', 'restricted/capabilities', 'restricted/privilege-escalation', 'restricted/run-as-non-root', 'restricted/seccomp',
  ]);
});

test('pods of every kind are checked: Pod, StatefulSet, DaemonSet, Job, CronJob', () => {
  const podSpec = { containers: [{ name: 'c', image: 'busybox:1.36', resources: { requests: { cpu: '1m', memory: '1Mi' }, limits: { memory: '1Mi' } } }], hostNetwork: true };
  const template = { metadata: { labels: { a: 'b' } }, spec: podSpec };
  const manifests = [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { selector: { matchLabels: { a: 'b' } }, template, serviceName: 's' } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template, ttlSecondsAfterFinished: 60 } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '@daily', startingDeadlineSeconds: 60, jobTemplate: { spec: { template } } } },
  ];
  const hostNetwork = check(manifests, { profile: 'baseline' }).findings.map((f) => `${f.resource.kind} ${f.path}`);
  expect(hostNetwork).toEqual([
    'Pod spec.hostNetwork', 'StatefulSet spec.template.spec.hostNetwork', 'DaemonSet spec.template.spec.hostNetwork',
    'Job spec.template.spec.hostNetwork', 'CronJob spec.jobTemplate.spec.template.spec.hostNetwork',
  ]);
});

describe('namespace-admits-pods', () => {
  const namespace = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });
  /** A Deployment whose containers run as root, exempted from the rule of the plugin's profile by its annotation. */
  const root = () => {
    const d = deployment({ metadata: { annotations: { 'cdk8s-appflow/exempt': 'restricted/run-as-non-root: the image runs as root' } } });
    pod(d).securityContext.runAsNonRoot = false;
    return d;
  };
  const admission = (manifests: unknown[], kubernetesVersion?: string) =>
    check(manifests, kubernetesVersion ? { kubernetesVersion: kubernetesVersion as KubernetesVersion } : {}).findings.filter((f) => f.rule === 'namespace-admits-pods');

  test('pods that the level their Namespace enforces refuses: an error, whatever the pod\'s own exemptions say', () => {
    const findings = admission([namespace({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.33' }), root()]);
    expect(lines(findings)).toEqual(['namespace-admits-pods Deployment web spec.template.spec.securityContext.runAsNonRoot']);
    expect(findings[0].severity).toBe('error');
    expect(findings[0].message).toBe('its Namespace shop enforces the restricted Pod Security level (pod-security.kubernetes.io/enforce: restricted, version v1.33), '
      + 'and the pods fail restricted/run-as-non-root: admission refuses every pod of it, so the Deployment runs none (its controller reports FailedCreate)');
    expect(findings[0].fix).toMatch(/^make the pods meet the restricted level, or label the Namespace pod-security\.kubernetes\.io\/enforce: baseline, the level they meet/);
  });

  test('pods that meet the level, another namespace, a privileged or unlabelled Namespace, or no Namespace in the manifests: nothing', () => {
    expect(admission([namespace({ 'pod-security.kubernetes.io/enforce': 'baseline' }), root()])).toEqual([]);
    expect(admission([namespace({ 'pod-security.kubernetes.io/enforce': 'restricted' }), deployment()])).toEqual([]);
    expect(admission([namespace({ 'pod-security.kubernetes.io/enforce': 'privileged' }), root()])).toEqual([]);
    expect(admission([namespace({ 'pod-security.kubernetes.io/warn': 'restricted' }), root()])).toEqual([]);
    expect(admission([{ ...namespace({ 'pod-security.kubernetes.io/enforce': 'restricted' }), metadata: { name: 'other', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }, root()])).toEqual([]);
    expect(admission([root()])).toEqual([]);
  });

  test('a pod that fails baseline too: the fix names privileged; a bare Pod is refused itself', () => {
    const hostNetwork = deployment();
    pod(hostNetwork).hostNetwork = true;
    const findings = admission([namespace({ 'pod-security.kubernetes.io/enforce': 'baseline' }), hostNetwork,
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'shop' }, spec: { ...pod(deployment()), hostPID: true } }]);
    expect(findings.map((f) => `${f.resource.kind} ${f.path}`)).toEqual(['Deployment spec.template.spec.hostNetwork', 'Pod spec.hostPID']);
    expect(findings[0].fix).toMatch(/enforce: privileged, the level they meet/);
    expect(findings[1].message).toMatch(/fail baseline\/host-namespaces: admission refuses the Pod$/);
  });

  test('the policies of the Namespace\'s enforce-version, else of the target version', () => {
    const probeHost = deployment();
    container(probeHost).readinessProbe = { httpGet: { host: '10.0.0.1', path: '/ready', port: 8080 } };
    const at = (labels: Record<string, string>, target?: string) => admission([namespace({ 'pod-security.kubernetes.io/enforce': 'baseline', ...labels }), probeHost], target);
    expect(at({ 'pod-security.kubernetes.io/enforce-version': 'v1.34' })).toHaveLength(1);
    expect(at({ 'pod-security.kubernetes.io/enforce-version': 'v1.40' })).toHaveLength(1);
    expect(at({ 'pod-security.kubernetes.io/enforce-version': 'v1.33' }, '1.35')).toEqual([]);
    expect(at({ 'pod-security.kubernetes.io/enforce-version': 'v1.20' }, '1.35')).toEqual([]);
    expect(at({ 'pod-security.kubernetes.io/enforce-version': 'latest' }, '1.35')).toHaveLength(1);
    expect(at({}, '1.35')).toHaveLength(1);
    expect(at({})).toEqual([]);
  });
});
