import { SecurityProfile } from '../../src/core/security-profile';
import { PodSecurity } from '../../src/testing/pod-security';

const { RESTRICTED, BASELINE, PRIVILEGED } = SecurityProfile;
const POD = 'spec.template.spec';
const C0 = `${POD}.containers[0]`;

/** A Deployment that complies with the restricted profile. */
function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 8080 }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

/** A restricted-compliant container. */
function container(name: string): any {
  return { name, image: 'busybox:1.36', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } };
}

function podSpec(manifest: any): any {
  return manifest.spec.template.spec;
}

function c0(manifest: any): any {
  return podSpec(manifest).containers[0];
}

/** The rule and path of each problem. */
function found(manifest: any, profile: SecurityProfile): Array<{ rule: string; path: string }> {
  return PodSecurity.problemsOf(manifest, profile).map((p) => ({ rule: p.rule, path: p.path }));
}

/** A baseline violation: the problems under BASELINE and RESTRICTED, nothing under PRIVILEGED. */
function expectBaseline(manifest: any, ...expected: Array<[string, string]>): void {
  const problems = expected.map(([rule, path]) => ({ rule, path }));
  expect(found(manifest, BASELINE)).toEqual(problems);
  expect(found(manifest, RESTRICTED)).toEqual(problems);
  expect(found(manifest, PRIVILEGED)).toEqual([]);
}

/** A restricted-only violation: the problems under RESTRICTED, nothing under BASELINE or PRIVILEGED. */
function expectRestricted(manifest: any, ...expected: Array<[string, string]>): void {
  expect(found(manifest, RESTRICTED)).toEqual(expected.map(([rule, path]) => ({ rule, path })));
  expect(found(manifest, BASELINE)).toEqual([]);
  expect(found(manifest, PRIVILEGED)).toEqual([]);
}

/** No problem under any profile. */
function expectClean(manifest: any): void {
  expect(PodSecurity.problemsOf(manifest, RESTRICTED)).toEqual([]);
  expect(PodSecurity.problemsOf(manifest, BASELINE)).toEqual([]);
  expect(PodSecurity.problemsOf(manifest, PRIVILEGED)).toEqual([]);
}

test('a restricted-compliant Deployment has no problem under any profile', () => {
  expectClean(deployment());
});

describe('baseline rules', () => {
  test('baseline/host-process: hostProcess on the pod and on a container', () => {
    const m = deployment();
    podSpec(m).securityContext.windowsOptions = { hostProcess: true };
    c0(m).securityContext.windowsOptions = { hostProcess: true };
    expectBaseline(m,
      ['baseline/host-process', `${POD}.securityContext.windowsOptions.hostProcess`],
      ['baseline/host-process', `${C0}.securityContext.windowsOptions.hostProcess`]);
  });

  test.each(['hostNetwork', 'hostPID', 'hostIPC'])('baseline/host-namespaces: %s', (field) => {
    const m = deployment();
    podSpec(m)[field] = true;
    expectBaseline(m, ['baseline/host-namespaces', `${POD}.${field}`]);
  });

  test('baseline/privileged', () => {
    const m = deployment();
    c0(m).securityContext.privileged = true;
    expectBaseline(m, ['baseline/privileged', `${C0}.securityContext.privileged`]);
  });

  test('baseline/capabilities: a capability outside the baseline list (reported once, also under RESTRICTED)', () => {
    const m = deployment();
    c0(m).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN'];
    expectBaseline(m, ['baseline/capabilities', `${C0}.securityContext.capabilities.add[1]`]);
  });

  test('baseline/host-path-volumes (reported once, also under RESTRICTED)', () => {
    const m = deployment();
    podSpec(m).volumes.push({ name: 'host', hostPath: { path: '/var/run' } });
    expectBaseline(m, ['baseline/host-path-volumes', `${POD}.volumes[1].hostPath`]);
  });

  test('baseline/host-ports', () => {
    const m = deployment();
    c0(m).ports[0].hostPort = 8080;
    expectBaseline(m, ['baseline/host-ports', `${C0}.ports[0].hostPort`]);
  });

  test.each(['unconfined', 'localhost', ''])('baseline/apparmor: %j', (profile) => {
    const m = deployment();
    m.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': profile };
    expectBaseline(m, ['baseline/apparmor', 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]']);
  });

  test('baseline/selinux: type, user and role, on the pod and on a container', () => {
    const m = deployment();
    podSpec(m).securityContext.seLinuxOptions = { type: 'spc_t' };
    c0(m).securityContext.seLinuxOptions = { user: 'system_u', role: 'system_r', level: 's0:c123,c456' };
    expectBaseline(m,
      ['baseline/selinux', `${POD}.securityContext.seLinuxOptions.type`],
      ['baseline/selinux', `${C0}.securityContext.seLinuxOptions.user`],
      ['baseline/selinux', `${C0}.securityContext.seLinuxOptions.role`]);
  });

  test('baseline/proc-mount', () => {
    const m = deployment();
    c0(m).securityContext.procMount = 'Unmasked';
    expectBaseline(m, ['baseline/proc-mount', `${C0}.securityContext.procMount`]);
  });

  test('baseline/seccomp: Unconfined on a container (reported once, also under RESTRICTED)', () => {
    const m = deployment();
    c0(m).securityContext.seccompProfile = { type: 'Unconfined' };
    expectBaseline(m, ['baseline/seccomp', `${C0}.securityContext.seccompProfile.type`]);
  });

  test('baseline/seccomp: Unconfined on the pod leaves the containers without a restricted profile', () => {
    const m = deployment();
    podSpec(m).securityContext.seccompProfile = { type: 'Unconfined' };
    expect(found(m, BASELINE)).toEqual([{ rule: 'baseline/seccomp', path: `${POD}.securityContext.seccompProfile.type` }]);
    expect(found(m, RESTRICTED)).toEqual([
      { rule: 'baseline/seccomp', path: `${POD}.securityContext.seccompProfile.type` },
      { rule: 'restricted/seccomp', path: `${C0}.securityContext.seccompProfile.type` },
    ]);
    expect(found(m, PRIVILEGED)).toEqual([]);
  });

  test('baseline/sysctls: an unsafe sysctl', () => {
    const m = deployment();
    podSpec(m).securityContext.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '65536' }];
    expectBaseline(m, ['baseline/sysctls', `${POD}.securityContext.sysctls[1].name`]);
  });
});

describe('restricted rules', () => {
  test('restricted/volume-types', () => {
    const m = deployment();
    podSpec(m).volumes.push({ name: 'shared', nfs: { server: 'nfs.example.com', path: '/exports' } });
    expectRestricted(m, ['restricted/volume-types', `${POD}.volumes[1].nfs`]);
  });

  test('restricted/privilege-escalation: unset or true', () => {
    const m = deployment();
    delete c0(m).securityContext.allowPrivilegeEscalation;
    expectRestricted(m, ['restricted/privilege-escalation', `${C0}.securityContext.allowPrivilegeEscalation`]);
    c0(m).securityContext.allowPrivilegeEscalation = true;
    expectRestricted(m, ['restricted/privilege-escalation', `${C0}.securityContext.allowPrivilegeEscalation`]);
  });

  test('restricted/run-as-non-root: set by neither the pod nor the container', () => {
    const m = deployment();
    delete podSpec(m).securityContext.runAsNonRoot;
    expectRestricted(m, ['restricted/run-as-non-root', `${C0}.securityContext.runAsNonRoot`]);
  });

  test('restricted/run-as-non-root: false on the pod', () => {
    const m = deployment();
    podSpec(m).securityContext.runAsNonRoot = false;
    expectRestricted(m,
      ['restricted/run-as-non-root', `${POD}.securityContext.runAsNonRoot`],
      ['restricted/run-as-non-root', `${C0}.securityContext.runAsNonRoot`]);
  });

  test('restricted/run-as-non-root: false on a container, even when the pod sets true', () => {
    const m = deployment();
    c0(m).securityContext.runAsNonRoot = false;
    expectRestricted(m, ['restricted/run-as-non-root', `${C0}.securityContext.runAsNonRoot`]);
  });

  test('restricted/run-as-user: 0 on the pod and on a container', () => {
    const m = deployment();
    podSpec(m).securityContext.runAsUser = 0;
    c0(m).securityContext.runAsUser = 0;
    expectRestricted(m,
      ['restricted/run-as-user', `${POD}.securityContext.runAsUser`],
      ['restricted/run-as-user', `${C0}.securityContext.runAsUser`]);
  });

  test('restricted/seccomp: set by neither the pod nor the container', () => {
    const m = deployment();
    delete podSpec(m).securityContext.seccompProfile;
    expectRestricted(m, ['restricted/seccomp', `${C0}.securityContext.seccompProfile.type`]);
  });

  test('restricted/seccomp: a type other than RuntimeDefault or Localhost', () => {
    const m = deployment();
    podSpec(m).securityContext.seccompProfile = { type: 'Custom' };
    c0(m).securityContext.seccompProfile = { type: 'Custom' };
    expectRestricted(m,
      ['restricted/seccomp', `${POD}.securityContext.seccompProfile.type`],
      ['restricted/seccomp', `${C0}.securityContext.seccompProfile.type`]);
  });

  test('restricted/capabilities: ALL not dropped', () => {
    const m = deployment();
    c0(m).securityContext.capabilities.drop = ['NET_RAW'];
    expectRestricted(m, ['restricted/capabilities', `${C0}.securityContext.capabilities.drop`]);
    delete c0(m).securityContext.capabilities;
    expectRestricted(m, ['restricted/capabilities', `${C0}.securityContext.capabilities.drop`]);
  });

  test('restricted/capabilities: a baseline capability other than NET_BIND_SERVICE added', () => {
    const m = deployment();
    c0(m).securityContext.capabilities.add = ['CHOWN'];
    expectRestricted(m, ['restricted/capabilities', `${C0}.securityContext.capabilities.add[0]`]);
  });
});

describe('one problem per field', () => {
  test('every container, init container and ephemeral container is checked, each with its path', () => {
    const m = deployment();
    const spec = podSpec(m);
    spec.containers.push(container('sidecar'));
    spec.initContainers = [container('init')];
    spec.ephemeralContainers = [container('debug')];
    for (const c of [spec.containers[0], spec.containers[1], spec.initContainers[0], spec.ephemeralContainers[0]]) {
      delete c.securityContext.allowPrivilegeEscalation;
    }
    expectRestricted(m,
      ['restricted/privilege-escalation', `${POD}.containers[0].securityContext.allowPrivilegeEscalation`],
      ['restricted/privilege-escalation', `${POD}.containers[1].securityContext.allowPrivilegeEscalation`],
      ['restricted/privilege-escalation', `${POD}.initContainers[0].securityContext.allowPrivilegeEscalation`],
      ['restricted/privilege-escalation', `${POD}.ephemeralContainers[0].securityContext.allowPrivilegeEscalation`]);
  });

  test('a container without a securityContext breaks every per-container restricted rule', () => {
    const m = deployment();
    delete podSpec(m).securityContext;
    delete c0(m).securityContext;
    expectRestricted(m,
      ['restricted/privilege-escalation', `${C0}.securityContext.allowPrivilegeEscalation`],
      ['restricted/run-as-non-root', `${C0}.securityContext.runAsNonRoot`],
      ['restricted/seccomp', `${C0}.securityContext.seccompProfile.type`],
      ['restricted/capabilities', `${C0}.securityContext.capabilities.drop`]);
  });

  test('messages say what is wrong and how to fix it', () => {
    const m = deployment();
    delete c0(m).securityContext.allowPrivilegeEscalation;
    podSpec(m).hostNetwork = true;
    expect(PodSecurity.problemsOf(m, RESTRICTED).map((p) => p.message)).toEqual([
      expect.stringMatching(/^must not be true \(baseline profile\): remove hostNetwork/),
      'must be false (restricted profile): set allowPrivilegeEscalation: false',
    ]);
  });
});

describe('alternatives that pass', () => {
  test('runAsNonRoot on every container instead of on the pod', () => {
    const m = deployment();
    const spec = podSpec(m);
    delete spec.securityContext.runAsNonRoot;
    spec.initContainers = [container('init')];
    for (const c of [spec.containers[0], spec.initContainers[0]]) {
      c.securityContext.runAsNonRoot = true;
    }
    expectClean(m);
  });

  test('seccomp Localhost, on the pod or on every container instead of the pod', () => {
    const m = deployment();
    podSpec(m).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' };
    expectClean(m);
    delete podSpec(m).securityContext.seccompProfile;
    c0(m).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' };
    expectClean(m);
  });

  test('NET_BIND_SERVICE added', () => {
    const m = deployment();
    c0(m).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    expectClean(m);
  });

  test('hostPort 0 and explicit false or default values', () => {
    const m = deployment();
    const spec = podSpec(m);
    c0(m).ports[0].hostPort = 0;
    Object.assign(spec, { hostNetwork: false, hostPID: false, hostIPC: false });
    Object.assign(c0(m).securityContext, { privileged: false, procMount: 'Default', runAsUser: 1000 });
    spec.securityContext.windowsOptions = { hostProcess: false };
    spec.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' };
    spec.securityContext.sysctls = [{ name: 'net.ipv4.ip_local_reserved_ports', value: '8080' }, { name: 'kernel.shm_rmid_forced', value: '1' }];
    expectClean(m);
  });

  test('AppArmor runtime/default and localhost/<profile>', () => {
    const m = deployment();
    m.spec.template.metadata.annotations = {
      'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/sidecar': 'localhost/k8s-web',
      'example.com/unrelated': 'unconfined',
    };
    expectClean(m);
  });

  test('the restricted volume types, and a volume without a source (an emptyDir by default)', () => {
    const m = deployment();
    podSpec(m).volumes = [
      { name: 'a', configMap: { name: 'a' } },
      { name: 'b', secret: { secretName: 'b' } },
      { name: 'c', persistentVolumeClaim: { claimName: 'c' } },
      { name: 'd', projected: { sources: [] } },
      { name: 'e', downwardAPI: { items: [] } },
      { name: 'f', csi: { driver: 'secrets-store.csi.k8s.io' } },
      { name: 'g', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: 'h' },
    ];
    expectClean(m);
  });

  test('Windows pods are exempt from the Linux-only restricted rules (privilege escalation, seccomp, capabilities)', () => {
    const m = deployment();
    const spec = podSpec(m);
    spec.os = { name: 'windows' };
    delete spec.securityContext.seccompProfile;
    c0(m).securityContext = {};
    expectClean(m);
    spec.securityContext.runAsNonRoot = false;
    expectRestricted(m,
      ['restricted/run-as-non-root', `${POD}.securityContext.runAsNonRoot`],
      ['restricted/run-as-non-root', `${C0}.securityContext.runAsNonRoot`]);
  });
});

describe('where the pod spec is', () => {
  test('a Pod: spec and metadata', () => {
    const d = deployment();
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: {} as any }, spec: podSpec(d) };
    expectClean(pod);
    pod.spec.hostPID = true;
    pod.metadata.annotations['container.apparmor.security.beta.kubernetes.io/web'] = 'unconfined';
    expectBaseline(pod,
      ['baseline/host-namespaces', 'spec.hostPID'],
      ['baseline/apparmor', 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]']);
  });

  test('a Job: spec.template', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { template: deployment().spec.template } };
    expectClean(job);
    job.spec.template.spec.containers[0].securityContext.privileged = true;
    expectBaseline(job, ['baseline/privileged', 'spec.template.spec.containers[0].securityContext.privileged']);
  });

  test('a CronJob: spec.jobTemplate.spec.template', () => {
    const template = deployment().spec.template;
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } };
    expectClean(cronJob);
    delete template.spec.containers[0].securityContext.allowPrivilegeEscalation;
    template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' };
    expect(found(cronJob, RESTRICTED)).toEqual([
      { rule: 'baseline/apparmor', path: 'spec.jobTemplate.spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]' },
      { rule: 'restricted/privilege-escalation', path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation' },
    ]);
  });

  test.each([
    ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'], ['v1', 'ReplicationController'],
  ])('%s %s: spec.template', (apiVersion, kind) => {
    const m = { ...deployment(), apiVersion, kind };
    podSpec(m).hostIPC = true;
    expectBaseline(m, ['baseline/host-namespaces', `${POD}.hostIPC`]);
  });

  test('a Service, a ConfigMap, a workload without a pod spec and a non-object have no problem', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], hostNetwork: true } };
    expectClean(service);
    expectClean({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} });
    expectClean({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
    expectClean(null);
    expectClean('kind: Pod');
  });
});

describe('problemsOfAll and resource', () => {
  test('resource names each object; problemsOfAll concatenates the problems of every manifest', () => {
    const web = deployment();
    delete c0(web).securityContext.allowPrivilegeEscalation;
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { template: deployment().spec.template } };
    job.spec.template.spec.hostNetwork = true;
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: {} };

    expect(PodSecurity.problemsOf(web, RESTRICTED)).toEqual([{
      resource: 'apps/v1 Deployment shop/web',
      rule: 'restricted/privilege-escalation',
      path: `${C0}.securityContext.allowPrivilegeEscalation`,
      message: 'must be false (restricted profile): set allowPrivilegeEscalation: false',
    }]);
    expect(PodSecurity.problemsOfAll([web, service, job], RESTRICTED).map((p) => `${p.resource}: ${p.rule} at ${p.path}`)).toEqual([
      `apps/v1 Deployment shop/web: restricted/privilege-escalation at ${C0}.securityContext.allowPrivilegeEscalation`,
      'batch/v1 Job migrate: baseline/host-namespaces at spec.template.spec.hostNetwork',
    ]);
    expect(PodSecurity.problemsOfAll([web, service, job], BASELINE).map((p) => p.resource)).toEqual(['batch/v1 Job migrate']);
    expect(PodSecurity.problemsOfAll([web, service, job], PRIVILEGED)).toEqual([]);
    expect(PodSecurity.problemsOfAll([], RESTRICTED)).toEqual([]);
  });

  test('an unknown profile is an error', () => {
    expect(() => PodSecurity.problemsOf(deployment(), 'bogus' as SecurityProfile)).toThrow(/unknown security profile "bogus"/);
  });
});
