import { Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AccessGrant, AppIdentity, AppServiceAccount, AppServiceAccountProps, ContainerImage, ExternalSecretSource, KubernetesVersion,
  PlatformDefaults, PlatformSetting, PodSecurity, ProjectedSource, RegistryCredentials, ReplicaAntiAffinity, ResourceField, SecretStoreRef,
  SecurityProfile, SecurityRelaxation, StatelessWorkload, StatelessWorkloadProps, StorageVolume, TerminationMessagePolicy, Warnings, WorkloadIdentity,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const APP = ContainerImage.fromReference('registry.example.com/shop/app:0.3.2');
const NGINX = ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine');

function make(props: Partial<StatelessWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'app' });
  const web = new StatelessWorkload(chart, 'Web', {
    identity,
    replicas: 1,
    container: { image: APP, ports: [{ name: 'app', number: 3000 }] },
    ...props,
  });
  return { chart, identity, web };
}

function podOf(chart: Chart): any {
  return only(synth(chart), 'Deployment').spec.template;
}

describe('security', () => {
  test('restricted by default: non-root, no privilege escalation, capabilities dropped, RuntimeDefault seccomp, read-only root with /tmp', () => {
    const { chart, web } = make();
    const pod = podOf(chart);
    expect(web.securityProfile).toBe(SecurityProfile.RESTRICTED);
    expect(pod.metadata.annotations['cdk8s-appflow/security-profile']).toBe('restricted');
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    const container = pod.spec.containers[0];
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
    });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(PodSecurity.problemsOf(only(synth(chart), 'Deployment'), SecurityProfile.RESTRICTED)).toEqual([]);
  });

  test('each relaxation is applied and named in an annotation', () => {
    const { chart } = make({
      relax: [SecurityRelaxation.RUN_AS_ROOT, SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM, SecurityRelaxation.PRIVILEGE_ESCALATION,
        SecurityRelaxation.DEFAULT_CAPABILITIES, SecurityRelaxation.NO_SECCOMP_PROFILE],
    });
    const pod = podOf(chart);
    expect(pod.metadata.annotations['cdk8s-appflow/security-relaxations'])
      .toBe('default-capabilities,no-seccomp-profile,privilege-escalation,run-as-root,writable-root-filesystem');
    expect(pod.spec.securityContext.runAsNonRoot).toBe(false);
    expect(pod.spec.securityContext.seccompProfile).toBeUndefined();
    expect(pod.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: true, privileged: false, readOnlyRootFilesystem: false, runAsNonRoot: false,
    });
    expect(pod.spec.volumes).toBeUndefined();
    const rules = PodSecurity.problemsOf(only(synth(chart), 'Deployment'), SecurityProfile.RESTRICTED).map((p) => p.rule).sort();
    // run-as-non-root twice: on the pod and on the container.
    expect(rules).toEqual(['restricted/capabilities', 'restricted/privilege-escalation', 'restricted/run-as-non-root', 'restricted/run-as-non-root', 'restricted/seccomp']);
  });

  test('a workload can relax one rule only', () => {
    const { chart } = make({ relax: [SecurityRelaxation.WRITABLE_ROOT_FILESYSTEM] });
    const pod = podOf(chart);
    expect(pod.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(pod.spec.containers[0].securityContext.runAsNonRoot).toBe(true);
    expect(PodSecurity.problemsOf(only(synth(chart), 'Deployment'), SecurityProfile.RESTRICTED)).toEqual([]);
  });

  test('baseline and privileged profiles, per workload or from the platform', () => {
    const baseline = make({ securityProfile: SecurityProfile.BASELINE });
    const pod = podOf(baseline.chart);
    expect(pod.metadata.annotations['cdk8s-appflow/security-profile']).toBe('baseline');
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: false, runAsNonRoot: false,
    });
    expect(PodSecurity.problemsOf(only(synth(baseline.chart), 'Deployment'), SecurityProfile.BASELINE)).toEqual([]);

    const app = Testing.app();
    PlatformDefaults.set(app, { switchOff: [PlatformSetting.SECURITY_PROFILE] });
    const privileged = make({}, new Chart(app, 'c'));
    expect(privileged.web.securityProfile).toBe(SecurityProfile.PRIVILEGED);
    expect(podOf(privileged.chart).spec.securityContext.seccompProfile).toBeUndefined();
  });

  test('runAsUser, runAsGroup, fsGroup, NET_BIND_SERVICE', () => {
    const { chart } = make({
      runAsUser: 101,
      runAsGroup: 101,
      fsGroup: 2000,
      container: { image: NGINX, ports: [{ name: 'http', number: 80 }], addCapabilities: ['NET_BIND_SERVICE'] },
    });
    const pod = podOf(chart);
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 101, runAsGroup: 101, fsGroup: 2000 });
    expect(pod.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });

  test('a container runs as its own user, over the pod\'s (an image whose user is root)', () => {
    const { chart } = make({
      runAsUser: 1000,
      sidecars: [{ name: 'shell', image: ContainerImage.fromReference('busybox:1.36.1'), runAsUser: 65534 }],
    });
    const pod = podOf(chart);
    expect(pod.spec.securityContext.runAsUser).toBe(1000);
    expect(pod.spec.containers[0].securityContext.runAsUser).toBeUndefined();
    expect(pod.spec.containers[1].securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true });
  });

  test('the service account token is mounted only when asked', () => {
    const chart = Testing.chart();
    const account = new kplus.ServiceAccount(chart, 'Account', { metadata: { name: 'app' } });
    make({ serviceAccount: account, mountServiceAccountToken: true }, chart);
    expect(podOf(chart).spec).toMatchObject({ serviceAccountName: 'app', automountServiceAccountToken: true });
  });
});

describe('resources', () => {
  test('from the platform defaults; a container overrides and switches off', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, {
      cpuRequest: kplus.Cpu.millis(100), cpuLimit: kplus.Cpu.units(1), memoryRequest: Size.mebibytes(128), memoryLimit: Size.mebibytes(512),
    });
    const { chart } = make({
      container: { image: APP, resources: { memoryLimit: Size.gibibytes(1), switchOff: [ResourceField.CPU_LIMIT] } },
      sidecars: [{ name: 'proxy', image: NGINX }],
    }, new Chart(app, 'c'));
    const [main, proxy] = podOf(chart).spec.containers;
    expect(main.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1024Mi' } });
    expect(proxy.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } });
  });

  test('a workload switches a platform default off for all its containers', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { cpuRequest: kplus.Cpu.millis(100), cpuLimit: kplus.Cpu.units(1) });
    const { chart } = make({ platformDefaults: { switchOff: [PlatformSetting.CPU_LIMIT] } }, new Chart(app, 'c'));
    expect(podOf(chart).spec.containers[0].resources).toEqual({ requests: { cpu: '100m' } });
  });

  test('a container with no request at all is warned about', () => {
    const { chart } = make();
    expect(Warnings.of(chart)).toEqual([expect.stringMatching(/^test\/Web: the main container "app" requests no CPU and no memory/)]);
  });

  test.each([
    [{ cpuRequest: kplus.Cpu.units(2), cpuLimit: kplus.Cpu.millis(500) }, /test\/Web: invalid container\.resources\.cpuRequest "2": it is above the cpu limit 500m/],
    [{ memoryRequest: Size.gibibytes(2), memoryLimit: Size.mebibytes(512) }, /invalid container\.resources\.memoryRequest "2Gi": it is above the memory limit 512Mi/],
    [{ memoryRequest: Size.kibibytes(1536) }, /invalid container\.resources\.memoryRequest "1536Ki": it is not a whole number of mebibytes above zero/],
    [{ cpuRequest: kplus.Cpu.millis(0) }, /invalid container\.resources\.cpuRequest "0m": it is not above zero/],
    [{ cpuRequest: 50 as unknown as kplus.Cpu }, /^test\/Web: invalid container\.resources\.cpuRequest 50: it is a number, not a Cpu\. Expected a CPU amount above zero, e\.g\. Cpu\.millis\(250\)/],
    [{ cpuLimit: '500m' as unknown as kplus.Cpu }, /^test\/Web: invalid container\.resources\.cpuLimit "500m": it is a string, not a Cpu\./],
    [{ cpuLimit: kplus.Cpu.millis(500), switchOff: [ResourceField.CPU_LIMIT] }, /invalid container\.resources\.cpuLimit "500m": the same field is also switched off/],
    [{ switchOff: ['cpuLimits' as ResourceField] }, /invalid container\.resources\.switchOff "cpuLimits": it is not a resource field/],
    [{ ephemeralStorageRequest: Size.mebibytes(512) }, /invalid container\.resources\.ephemeralStorageRequest "524288Ki": it is not a whole number of gibibytes/],
    [{ ephemeralStorageRequest: Size.gibibytes(4), ephemeralStorageLimit: Size.gibibytes(2) },
      /invalid container\.resources\.ephemeralStorageRequest "4Gi": it is above the ephemeralStorage limit 2Gi/],
  ])('refused: %#', (resources, message) => {
    expect(() => make({ container: { image: APP, resources } })).toThrow(message);
  });

  test('a request or a limit of the container against the other of the platform defaults: refused against what the container set, naming the default', () => {
    const chart = () => {
      const app = Testing.app();
      PlatformDefaults.set(app, { memoryRequest: Size.mebibytes(256), cpuLimit: kplus.Cpu.millis(200) });
      return new Chart(app, 'test');
    };
    expect(refusalOf(() => make({ container: { image: APP, resources: { memoryLimit: Size.mebibytes(128) } } }, chart()))).toMatchObject({
      prop: 'container.resources.memoryLimit',
      value: '128Mi',
      problem: 'it is below the memory request 256Mi, the platform default memoryRequest (set at <root>)',
      accepted: 'a memory limit at least the request, or a memoryRequest of the container\'s own (the request is what the scheduler reserves, the limit '
        + 'what the container may use)',
    });
    expect(refusalOf(() => make({ container: { image: APP, resources: { cpuRequest: kplus.Cpu.millis(500) } } }, chart()))).toMatchObject({
      prop: 'container.resources.cpuRequest',
      value: '500m',
      problem: 'it is above the cpu limit 200m, the platform default cpuLimit (set at <root>)',
    });
  });
});

describe('containers', () => {
  test('a sidecar reverse proxy in front of the app, sharing localhost; an init container; env, command, preStop delay', () => {
    const chart = Testing.chart();
    const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'app-config' }, data: { LOG_LEVEL: 'info' } });
    make({
      terminationGracePeriod: Duration.seconds(45),
      container: {
        image: APP,
        ports: [{ name: 'app', number: 3000 }],
        args: ['--listen', '127.0.0.1:3000'],
        env: {
          NODE_ENV: kplus.EnvValue.fromValue('production'),
          LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LOG_LEVEL'),
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
        },
        envFrom: [kplus.Env.fromConfigMap(config)],
        preStopDelay: Duration.seconds(10),
      },
      sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'http', number: 8080 }] }],
      initContainers: [{ name: 'migrate', image: APP, command: ['node', 'migrate.js'] }],
    }, chart);
    const pod = podOf(chart);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'proxy']);
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['migrate']);
    expect(pod.spec.initContainers[0].volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.spec.containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '10'] } } });
    expect(pod.spec.terminationGracePeriodSeconds).toBe(45);
    expect(pod.spec.containers[0].env).toEqual([
      { name: 'NODE_ENV', value: 'production' },
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { key: 'LOG_LEVEL', name: 'app-config' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expect(pod.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'app-config' } }]);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test.each([
    [{ sidecars: [{ name: 'app', image: NGINX }] }, /test\/Web: invalid sidecars\[0\]\.name "app": the main container has the same name\. Expected a container name unique in the pod/],
    [{ initContainers: [{ name: 'proxy', image: NGINX }], sidecars: [{ name: 'proxy', image: NGINX }] }, /invalid initContainers\[0\]\.name "proxy": the sidecar container has the same name/],
    [{ sidecars: [{ image: NGINX }] }, /invalid sidecars\[0\]\.name \(undefined\): a sidecar or init container must be named/],
    [{ sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'http', number: 3000 }] }] },
      /invalid sidecars\[0\]\.ports\[0\]\.number 3000: the port "app" of the main container "app" listens on 3000\/TCP too, and the containers of a pod share one network namespace/],
    [{ sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'app', number: 8080 }] }] },
      /invalid sidecars\[0\]\.ports\[0\]\.name "app": the port "app" of the main container "app" has the same port name/],
    [{ container: { image: APP, ports: [{ name: 'a', number: 80 }, { name: 'b', number: 80 }] } }, /invalid container\.ports\[1\]\.number 80: the port "a" of the main container/],
    [{ container: { image: APP, ports: [{ name: 'HTTP', number: 80 }] } }, /invalid container\.ports\[0\]\.name "HTTP": it contains uppercase letters/],
    [{ container: { image: APP, ports: [{ name: 'http', number: 70000 }] } }, /invalid container\.ports\[0\]\.number 70000: it is above 65535/],
    [{ container: { image: APP, env: { '1BAD': kplus.EnvValue.fromValue('x') } } }, /invalid container\.env "1BAD": it starts with the digit "1"/],
    [{ container: { image: APP, preStopDelay: Duration.seconds(30) } },
      /invalid container\.preStopDelay "30 seconds": it is not shorter than the termination grace period \(30 seconds\)/],
    [{ container: { image: APP, preStopDelay: Duration.millis(500) } }, /invalid container\.preStopDelay 0\.5: it is not a whole number/],
    [{ container: { image: APP, addCapabilities: ['SYS_ADMIN'] } }, /invalid container\.addCapabilities "SYS_ADMIN": the restricted profile does not allow adding it\. Expected one of NET_BIND_SERVICE/],
    [{ container: { image: APP, addCapabilities: ['CAP_NET_ADMIN'] } }, /invalid container\.addCapabilities "CAP_NET_ADMIN": it is not a capability name/],
    [{ container: { image: 'nginx' as any } }, /invalid container\.image "nginx": it is not a ContainerImage/],
    [{ container: { image: APP, name: 'App' } }, /invalid container\.name "App"/],
    [{ container: undefined as any }, /invalid container \(undefined\): there is no main container/],
    [{ runAsUser: 0 }, /invalid runAsUser 0: it is root, and the restricted profile runs containers as non-root/],
    [{ runAsUser: -5 }, /invalid runAsUser -5: it is not a user or group ID/],
    [{ sidecars: [{ name: 'shell', image: NGINX, runAsUser: 0 }] }, /test\/Web: invalid sidecars\[0\]\.runAsUser 0: it is root, and the restricted profile runs containers as non-root\. Expected a non-zero user ID/],
    [{ container: { image: APP, runAsUser: 1.5 } }, /invalid container\.runAsUser 1\.5: it is not a user ID\. Expected an integer from 0 to 2147483647\./],
    [{ relax: ['root' as SecurityRelaxation] }, /invalid relax "root": it is not a security relaxation/],
    [{ securityProfile: 'strict' as SecurityProfile }, /invalid securityProfile "strict": it is not a security profile/],
    [{ terminationGracePeriod: Duration.millis(1500) }, /invalid terminationGracePeriod 1\.5/],
    [{ nodeSelector: { 'bad key': 'x' } }, /invalid nodeSelector "bad key"/],
    [{ priorityClassName: 'High_Priority' }, /invalid priorityClassName "High_Priority"/],
  ])('refused: %#', (props, message) => {
    expect(() => make(props as Partial<StatelessWorkloadProps>)).toThrow(message);
  });
});

describe('placement (JSON patches on the pod spec)', () => {
  test('node selector, tolerations, priority class', () => {
    const { chart } = make({
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm5.large' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }],
      priorityClassName: 'high-priority',
    });
    const spec = podOf(chart).spec;
    expect(spec.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'm5.large' });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }]);
    expect(spec.priorityClassName).toBe('high-priority');
  });
});

describe('tolerations', () => {
  test('what Kubernetes accepts: every taint, a key of any value, a value, NoExecute with seconds, empty operator and effect', () => {
    const tolerations = [
      { operator: 'Exists' },
      { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'shop' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'gpu', operator: '', value: '', effect: '' },
    ];
    const { chart } = make({ tolerations });
    expect(podOf(chart).spec.tolerations).toEqual(tolerations);
  });

  const ACCEPTED_EFFECTS = 'one of "NoSchedule", "PreferNoSchedule", "NoExecute", or no effect (to match every effect)';
  const SECONDS = 'a number of seconds (0 evicts at once): an integer from 0 to 3153600000';
  test.each([
    ['an unknown operator', { key: 'k', operator: 'Bogus' }, 'tolerations[0].operator', 'Bogus', 'it is not a toleration operator', '"Exists" or "Equal" (the default)'],
    // cdk8s drops a field of another name: this one would read as Equal with an empty value, which tolerates no gpu=true taint.
    ['a misspelt field', { key: 'gpu', opertor: 'Exists', effect: 'NoSchedule' }, 'tolerations[0].opertor', 'Exists',
      'it is not a field of a toleration (did you mean operator?)', 'only key, operator, value, effect, tolerationSeconds'],
    ['an operator in the wrong case', { key: 'k', operator: 'exists' }, 'tolerations[0].operator', 'exists', 'it is not a toleration operator',
      '"Exists" or "Equal" (the default)'],
    ['an unknown effect', { key: 'k', operator: 'Exists', effect: 'Bogus' }, 'tolerations[0].effect', 'Bogus', 'it is not a taint effect', ACCEPTED_EFFECTS],
    ['an effect in the wrong case', { key: 'k', effect: 'noschedule' }, 'tolerations[0].effect', 'noschedule', 'it is not a taint effect', ACCEPTED_EFFECTS],
    ['a key that is not a label key', { key: 'bad key', operator: 'Exists' }, 'tolerations[0].key', 'bad key', 'it contains " ", which is not allowed',
      expect.stringMatching(/^a taint key, which is a label key: an optional DNS-1123 subdomain prefix/)],
    ['no key without Exists', { value: 'shop', effect: 'NoSchedule' }, 'tolerations[0].operator', 'Equal',
      'the key is empty, and only the operator Exists matches every key', 'operator "Exists" without a key (to tolerate every taint), or a key'],
    ['an empty key with Equal', { key: '', operator: 'Equal' }, 'tolerations[0].operator', 'Equal',
      'the key is empty, and only the operator Exists matches every key', 'operator "Exists" without a key (to tolerate every taint), or a key'],
    ['a value with Exists', { key: 'k', operator: 'Exists', value: 'shop' }, 'tolerations[0].value', 'shop', 'the operator is Exists, which matches every value',
      'no value with the operator Exists, or the operator "Equal"'],
    ['a value that is not a label value', { key: 'k', value: 'a b' }, 'tolerations[0].value', 'a b', 'it contains " ", which is not allowed',
      expect.stringMatching(/^a taint value, which is a label value: empty, or at most 63/)],
    ['fractional seconds', { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1.5 }, 'tolerations[0].tolerationSeconds', 1.5,
      'it is not a whole number', SECONDS],
    ['NaN seconds', { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: NaN }, 'tolerations[0].tolerationSeconds', NaN,
      'it is not a finite number', SECONDS],
    ['negative seconds', { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -1 }, 'tolerations[0].tolerationSeconds', -1,
      'it is below 0', SECONDS],
    ['more than 100 years of seconds', { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 ** 63 }, 'tolerations[0].tolerationSeconds', 2 ** 63,
      'it is above 3153600000', SECONDS],
    ['seconds for a NoSchedule taint', { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }, 'tolerations[0].tolerationSeconds', 60,
      'the effect is "NoSchedule", and only NoExecute taints evict pods after a time', 'tolerationSeconds with effect "NoExecute" only'],
    ['seconds for every effect', { key: 'k', operator: 'Exists', tolerationSeconds: 60 }, 'tolerations[0].tolerationSeconds', 60,
      'the effect is not given, and only NoExecute taints evict pods after a time', 'tolerationSeconds with effect "NoExecute" only'],
  ])('refused: %s', (_, toleration, prop, value, problem, accepted) => {
    expect(refusalOf(() => make({ tolerations: [{ key: 'ok', operator: 'Exists' }, toleration as kplus.k8s.Toleration] })))
      .toMatchObject({ constructPath: 'test/Web', prop: prop.replace('[0]', '[1]'), value, problem, accepted });
  });

  test('refused: not a list, or an item that is not a toleration', () => {
    expect(refusalOf(() => make({ tolerations: { key: 'k' } as any }))).toMatchObject({
      prop: 'tolerations',
      value: { key: 'k' },
      problem: 'it is an object, not a list',
      accepted: 'a list of tolerations, e.g. [{ key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }]',
    });
    expect(refusalOf(() => make({ tolerations: [null as any] }))).toMatchObject({
      prop: 'tolerations[0]',
      value: null,
      problem: 'it is not a toleration',
      accepted: 'a toleration such as { key: "dedicated", operator: "Equal", value: "batch", effect: "NoSchedule" }',
    });
  });
});

describe('refused inputs: the exact errors', () => {
  test.each([
    ['NaN seconds', Duration.seconds(NaN), NaN, 'it is not a finite number'],
    ['infinite seconds', Duration.seconds(Infinity), Infinity, 'it is not a finite number'],
    ['half a millisecond', Duration.millis(0.5), 0.0005, 'it is not a whole number'],
    ['more than 100 years', Duration.seconds(3153600001), 3153600001, 'it is above 3153600000'],
    ['2^63 seconds', Duration.seconds(2 ** 63), 2 ** 63, 'it is above 3153600000'],
  ])('terminationGracePeriod of %s (an int64 field, bounded to 100 years)', (_, terminationGracePeriod, value, problem) => {
    expect(refusalOf(() => make({ terminationGracePeriod }))).toMatchObject({
      constructPath: 'test/Web', prop: 'terminationGracePeriod', value, problem, accepted: 'a duration in whole seconds from 0 to 3153600000',
    });
  });

  test('a preStopDelay of NaN seconds', () => {
    expect(refusalOf(() => make({ container: { image: APP, preStopDelay: Duration.seconds(NaN) } }))).toMatchObject({
      prop: 'container.preStopDelay', value: NaN, problem: 'it is not a finite number', accepted: 'a duration in whole seconds from 1 to 3600',
    });
  });

  test.each([
    ['memoryRequest', Size.mebibytes(NaN), 'NaNMi', 'it is not a finite size', 'a size in whole mebibytes, e.g. Size.mebibytes(1)'],
    ['memoryLimit', Size.gibibytes(Infinity), 'InfinityGi', 'it is not a finite size', 'a size in whole mebibytes, e.g. Size.mebibytes(1)'],
    ['memoryRequest', Size.kibibytes(0.5), '0.5Ki', 'it is not a whole number of kibibytes', 'a size in whole mebibytes, e.g. Size.mebibytes(1)'],
    ['ephemeralStorageRequest', Size.gibibytes(NaN), 'NaNGi', 'it is not a finite size', 'a size in whole gibibytes, e.g. Size.gibibytes(1)'],
    ['ephemeralStorageLimit', Size.mebibytes(Infinity), 'InfinityMi', 'it is not a finite size', 'a size in whole gibibytes, e.g. Size.gibibytes(1)'],
  ])('a container %s of %s', (field, size, value, problem, accepted) => {
    expect(refusalOf(() => make({ container: { image: APP, resources: { [field]: size } } }))).toMatchObject({
      constructPath: 'test/Web', prop: `container.resources.${field}`, value, problem, accepted,
    });
  });

  test('a NaN memory limit that is also switched off is named as cdk8s writes it', () => {
    const resources = { memoryLimit: Size.mebibytes(NaN), switchOff: [ResourceField.MEMORY_LIMIT] };
    expect(refusalOf(() => make({ container: { image: APP, resources } })))
      .toMatchObject({ prop: 'container.resources.memoryLimit', value: 'NaNMi', problem: 'the same field is also switched off' });
  });

  test.each([
    ['name', [{ name: 'http', number: 80 }, { name: 'http', number: 81 }], 'initContainers[0].ports[1].name', 'http',
      'the port "http" of the init container "migrate" has the same port name', 'a port name unique in the container, so that Services and probes name one port'],
    ['number', [{ name: 'a', number: 80 }, { name: 'b', number: 80 }], 'initContainers[0].ports[1].number', 80,
      'the port "a" of the init container "migrate" listens on 80/TCP too', 'a port number (and protocol) unique in the container'],
  ])('two ports of one %s in one init container', (_, ports, prop, value, problem, accepted) => {
    expect(refusalOf(() => make({ initContainers: [{ name: 'migrate', image: APP, ports }] }))).toMatchObject({
      constructPath: 'test/Web', prop, value, problem, accepted,
    });
  });

  test('init containers may use the ports of the main container and of each other (they run one at a time, before it)', () => {
    const { chart } = make({
      initContainers: [
        { name: 'migrate', image: APP, ports: [{ name: 'app', number: 3000 }] },
        { name: 'seed', image: APP, ports: [{ name: 'app', number: 3000 }, { name: 'udp', number: 3000, protocol: kplus.Protocol.UDP }] },
      ],
    });
    expect(podOf(chart).spec.initContainers.map((c: any) => c.ports)).toEqual([
      [{ containerPort: 3000, name: 'app' }],
      [{ containerPort: 3000, name: 'app' }, { containerPort: 3000, name: 'udp', protocol: 'UDP' }],
    ]);
  });

  test('a pod annotation "constructor" (a valid key, which cdk8s cannot serialize)', () => {
    expect(refusalOf(() => make({ podAnnotations: { constructor: 'x' } }))).toMatchObject({
      constructPath: 'test/Web',
      prop: 'podAnnotations',
      value: 'constructor',
      accepted: 'a label key other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)',
    });
  });

  test.each<[string, Record<string, unknown>, string, unknown, string]>([
    ['a pod annotation that is a number', { podAnnotations: { 'example.com/retries': 5 } }, 'podAnnotations["example.com/retries"]', 5,
      'test/Web: invalid podAnnotations["example.com/retries"] 5: it is a number, not a string. Expected a string: annotation values are strings (write "true", "42").'],
    ['a pod label that is a boolean', { podLabels: { 'example.com/canary': true } }, 'podLabels["example.com/canary"]', true,
      'test/Web: invalid podLabels["example.com/canary"] true: it is a boolean, not a string. Expected a label value: '],
    ['pod labels as a list', { podLabels: ['team'] }, 'podLabels', ['team'],
      'test/Web: invalid podLabels ["team"]: it is a list, not an object. Expected a map of label keys to values, e.g. { "example.com/team": "shop" }.'],
  ])('refused, as the API server would refuse the pods: %s', (_what, props, prop, value, message) => {
    const error = refusalOf(() => make(props));
    expect(error).toMatchObject({ constructPath: 'test/Web', prop, value });
    expect(error.message.startsWith(message)).toBe(true);
  });

  test('other keys named like Object.prototype properties work, and so does a node selector "constructor" (written by a JSON patch)', () => {
    const { chart } = make({ podAnnotations: { toString: 'a', valueOf: 'b' }, nodeSelector: { constructor: 'c' } });
    const pod = podOf(chart);
    expect(pod.metadata.annotations).toMatchObject({ toString: 'a', valueOf: 'b' });
    expect(pod.spec.nodeSelector).toEqual({ constructor: 'c' });
  });
});

describe('config changes roll the pods', () => {
  function withConfig(level: string, unrelated = 'x', rollOnConfigChange?: boolean) {
    const chart = Testing.chart();
    const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'app-config' }, data: { LOG_LEVEL: level } });
    const secret = new kplus.Secret(chart, 'Secret', { metadata: { name: 'app-secret' }, stringData: { token: 'abc' } });
    new kplus.ConfigMap(chart, 'Unrelated', { metadata: { name: 'other' }, data: { value: unrelated } });
    make({
      rollOnConfigChange,
      container: {
        image: APP,
        env: { LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LOG_LEVEL'), TOKEN: kplus.EnvValue.fromSecretValue({ secret, key: 'token' }) },
      },
    }, chart);
    return podOf(chart).metadata.annotations['cdk8s-appflow/config-checksum'];
  }

  test('the checksum changes with the data of a ConfigMap the pods use, not with others', () => {
    const info = withConfig('info');
    expect(info).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(withConfig('info')).toBe(info);
    expect(withConfig('debug')).not.toBe(info);
    expect(withConfig('info', 'changed')).toBe(info);
  });

  test('a Secret made by an ExternalSecret of the chart: its definition counts (another remote key rolls the pods), nothing else of it', () => {
    const checksumOf = (remoteKey: string, refreshInterval?: Duration) => {
      const chart = Testing.chart();
      const db = new ExternalSecretSource(chart, 'Db', {
        name: 'app-db', store: SecretStoreRef.cluster('vault'), refreshInterval, keys: [{ key: 'password', remoteKey, property: 'password' }],
      });
      make({ container: { image: APP, env: { DB_PASSWORD: db.envValue('password') } } }, chart);
      return podOf(chart).metadata.annotations['cdk8s-appflow/config-checksum'];
    };
    const first = checksumOf('shop/db');
    expect(first).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(checksumOf('shop/db')).toBe(first);
    expect(checksumOf('shop/db-v2')).not.toBe(first);
    expect(checksumOf('shop/db', Duration.minutes(5))).not.toBe(first);
  });

  test('no checksum when the pods use no config of the chart, or when switched off', () => {
    expect(podOf(make().chart).metadata.annotations['cdk8s-appflow/config-checksum']).toBeUndefined();
    expect(withConfig('info', 'x', false)).toBeUndefined();
  });

  test('volumes and envFrom count too', () => {
    const checksumOf = (value: string) => {
      const chart = Testing.chart();
      const files = new kplus.ConfigMap(chart, 'Files', { metadata: { name: 'files' }, data: { 'app.conf': value } });
      const env = new kplus.Secret(chart, 'Env', { metadata: { name: 'env' }, stringData: { A: 'b' } });
      const volume = kplus.Volume.fromConfigMap(chart, 'FilesVolume', files, { name: 'files' });
      make({ volumes: [volume], container: { image: APP, envFrom: [kplus.Env.fromSecret(env)], volumeMounts: [{ path: '/etc/app', volume, readOnly: true }] } }, chart);
      return podOf(chart).metadata.annotations['cdk8s-appflow/config-checksum'];
    };
    expect(checksumOf('a=1')).toMatch(/^sha256:/);
    expect(checksumOf('a=2')).not.toBe(checksumOf('a=1'));
  });

  // Each place of the pod spec that can name a ConfigMap or a Secret, alone: a change of the data must change the checksum.
  type PropsWith = (chart: Chart, config: kplus.ConfigMap, secret: kplus.Secret) => Partial<StatelessWorkloadProps>;
  test.each<[string, PropsWith, (web: StatelessWorkload, config: kplus.ConfigMap) => void]>([
    ['a volume only mounted (cdk8s-plus-34 adds it to the pod at synth)', (chart, config) => {
      const volume = kplus.Volume.fromConfigMap(chart, 'V', config, { name: 'files' });
      return { container: { image: APP, volumeMounts: [{ path: '/etc/app', volume, readOnly: true }] } };
    }, () => undefined],
    ['a Secret volume of the pod that no container mounts', (chart, _config, secret) => ({ volumes: [kplus.Volume.fromSecret(chart, 'V', secret, { name: 'token' })] }), () => undefined],
    ['the env of an init container', (_chart, config) => ({
      initContainers: [{ name: 'migrate', image: APP, env: { LEVEL: kplus.EnvValue.fromConfigMap(config, 'level') } }],
    }), () => undefined],
    ['the envFrom of a sidecar added after the workload', () => ({}), (web, config) => {
      web.addSidecar({ name: 'agent', image: APP, envFrom: [kplus.Env.fromConfigMap(config)] });
    }],
    ['a variable added to the main container through cdk8s-plus-34', () => ({}), (web, config) => {
      web.workload.containers[0].env.addVariable('LEVEL', kplus.EnvValue.fromConfigMap(config, 'level'));
    }],
  ])('%s counts', (_what, props, after) => {
    const checksumOf = (level: string, secretValue: string) => {
      const chart = Testing.chart();
      const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'app-config' }, data: { level } });
      const secret = new kplus.Secret(chart, 'Secret', { metadata: { name: 'app-secret' }, stringData: { token: secretValue } });
      const { web } = make(props(chart, config, secret), chart);
      after(web, config);
      return podOf(chart).metadata.annotations['cdk8s-appflow/config-checksum'];
    };
    const first = checksumOf('info', 'a');
    expect(first).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(checksumOf('info', 'a')).toBe(first);
    expect([checksumOf('debug', 'a'), checksumOf('info', 'b')]).not.toEqual([first, first]);
  });
});

describe('the target Kubernetes version', () => {
  /** A chart whose App targets a Kubernetes version. */
  function chartFor(kubernetesVersion: KubernetesVersion): Chart {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion });
    return new Chart(app, 'test');
  }

  test('a user namespace (hostUsers: false) from Kubernetes 1.33, validated against that version', () => {
    for (const version of [KubernetesVersion.V1_33, KubernetesVersion.V1_36]) {
      const { chart } = make({ userNamespace: true }, chartFor(version));
      expect(podOf(chart).spec.hostUsers).toBe(false);
    }
    expect(podOf(make({ userNamespace: false }, chartFor(KubernetesVersion.V1_36)).chart).spec.hostUsers).toBeUndefined();
    expect(podOf(make().chart).spec.hostUsers).toBeUndefined();
  });

  test('a user namespace is refused for an older target, with the version it needs and where the target is set', () => {
    expect(refusalOf(() => make({ userNamespace: true }))).toMatchObject({
      constructPath: 'test/Web',
      prop: 'userNamespace',
      value: true,
      problem: 'it needs user namespaces for pods (hostUsers: false), on by default from Kubernetes 1.33, and the target is Kubernetes 1.27 '
        + '(platform default kubernetesVersion, the built-in default)',
      accepted: 'no userNamespace, or a target of Kubernetes 1.33 or later (PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_33 }))',
    });
    expect(() => make({ userNamespace: true }, chartFor(KubernetesVersion.V1_32))).toThrow(
      'test/Web: invalid userNamespace true: it needs user namespaces for pods (hostUsers: false), on by default from Kubernetes 1.33, and the target '
      + 'is Kubernetes 1.32 (platform default kubernetesVersion, set at <root>). Expected no userNamespace, or a target of Kubernetes 1.33 or later '
      + '(PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_33 })).');
  });

  test('userNamespace must be a boolean', () => {
    expect(refusalOf(() => make({ userNamespace: 'yes' as any }, chartFor(KubernetesVersion.V1_36)))).toMatchObject({
      prop: 'userNamespace', value: 'yes', problem: 'it is not a boolean', accepted: 'true (a user namespace of the pods\' own) or false',
    });
  });

  test('from 1.29 the sidecars are native sidecars (after the init containers, restartPolicy Always); before, and with nativeSidecars: false, regular containers', () => {
    const props = {
      initContainers: [{ name: 'migrate', image: APP }],
      sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'proxy', number: 8443 }], preStopDelay: Duration.seconds(5) }],
    };
    const shape = (chart: Chart) => {
      const spec = podOf(chart).spec;
      return { containers: spec.containers.map((c: any) => c.name), initContainers: spec.initContainers.map((c: any) => `${c.name}${c.restartPolicy ? ` (${c.restartPolicy})` : ''}`) };
    };
    const native = make(props, chartFor(KubernetesVersion.V1_29));
    expect(native.web.nativeSidecars).toBe(true);
    // A lifecycle hook (the preStop delay) is allowed on a native sidecar, as on a regular one.
    expect(podOf(native.chart).spec.initContainers[1].lifecycle.preStop.exec.command).toEqual(['sleep', '5']);
    expect(shape(native.chart)).toEqual({ containers: ['app'], initContainers: ['migrate', 'proxy (Always)'] });
    expect(shape(make(props, chartFor(KubernetesVersion.V1_28)).chart)).toEqual({ containers: ['app', 'proxy'], initContainers: ['migrate'] });
    const off = make({ ...props, nativeSidecars: false }, chartFor(KubernetesVersion.V1_36));
    expect(off.web.nativeSidecars).toBe(false);
    expect(shape(off.chart)).toEqual({ containers: ['app', 'proxy'], initContainers: ['migrate'] });
  });

  test('from 1.30 a preStopDelay is the kubelet\'s sleep action (no sleep needed in the image), beside a postStart hook; before, sleep runs in the image', () => {
    const props = {
      container: { image: APP, ports: [{ name: 'app', number: 3000 }], preStopDelay: Duration.seconds(5) },
      sidecars: [{
        name: 'proxy',
        image: NGINX,
        preStopDelay: Duration.seconds(3),
        lifecycle: { postStart: kplus.Handler.fromCommand(['/warm-up']) },
        terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR,
      }],
      nativeSidecars: false,
    };
    const at30 = podOf(make(props, chartFor(KubernetesVersion.V1_30)).chart).spec.containers;
    expect(at30[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(at30[1].lifecycle).toEqual({ postStart: { exec: { command: ['/warm-up'] } }, preStop: { sleep: { seconds: 3 } } });
    expect(at30[1].terminationMessagePolicy).toBe('FallbackToLogsOnError');
    const at29 = podOf(make(props, chartFor(KubernetesVersion.V1_29)).chart).spec.containers;
    expect(at29[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
    expect(at29[1].lifecycle.preStop).toEqual({ exec: { command: ['sleep', '3'] } });
  });

  test('a JSON patch of a field newer than Kubernetes 1.27 reaches the manifest (cdk8s-plus-34\'s L1 objects know the fields of 1.34)', () => {
    // cdk8s-plus-27 dropped them (cdk8s#2172): the reason the library moved to cdk8s-plus-34 (docs/versions.md).
    const { chart, web } = make({ initContainers: [{ name: 'proxy', image: NGINX }] }, chartFor(KubernetesVersion.V1_36));
    web.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/initContainers/0/restartPolicy', 'Always'));
    expect(podOf(chart).spec.initContainers[0]).toMatchObject({ name: 'proxy', restartPolicy: 'Always' });
  });

  test('a preStopDelay on an init container is refused (the API server refuses lifecycle hooks on init containers)', () => {
    expect(refusalOf(() => make({ initContainers: [{ name: 'migrate', image: APP, preStopDelay: Duration.seconds(5) }] }))).toMatchObject({
      constructPath: 'test/Web',
      prop: 'initContainers[0].preStopDelay',
      value: '5 seconds',
      problem: 'an init container runs to completion before the others start: nothing stops it, and the API server refuses lifecycle hooks on it',
      accepted: 'no preStopDelay on an init container (the main container and the sidecars may have one)',
    });
  });
});

describe('pod labels and pull Secrets', () => {
  test('podLabels go on the pods, never in the selector', () => {
    const { chart } = make({ podLabels: { 'example.com/team': 'shop', 'azure.workload.identity/use': 'true' } });
    const deployment = only(synth(chart), 'Deployment');
    expect(deployment.spec.template.metadata.labels).toMatchObject({ 'example.com/team': 'shop', 'azure.workload.identity/use': 'true' });
    expect(deployment.spec.selector.matchLabels).not.toHaveProperty('example.com/team');
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a label of the application', { 'app.kubernetes.io/name': 'other' }, 'test/Web: invalid podLabels["app.kubernetes.io/name"] "other": app.kubernetes.io/name is a label '
      + 'of the application ("app"), which the library sets. Expected a label key of its own; the application\'s labels come from its identity.'],
    ['a value that is no label value', { 'example.com/team': 'shop team' }, 'test/Web: invalid podLabels["example.com/team"] "shop team": it contains " ", which '],
  ])('refused: %s', (_, podLabels, message) => {
    expect(refusalOf(() => make({ podLabels: podLabels as Record<string, string> })).message.startsWith(message)).toBe(true);
  });

  test('pullSecrets and the platform default imagePullSecrets: each named in imagePullSecrets', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { imagePullSecrets: ['registry-example-com-pull'] });
    const { chart } = make({ pullSecrets: [RegistryCredentials.fromSecretName('ghcr-pull')] }, new Chart(app, 'shop', { namespace: 'shop' }));
    expect(podOf(chart).spec.imagePullSecrets).toEqual([{ name: 'registry-example-com-pull' }, { name: 'ghcr-pull' }]);
  });

  test('untyped callers: pullSecrets that are not RegistryCredentials', () => {
    expect(refusalOf(() => make({ pullSecrets: ['ghcr-pull'] as any })).message).toBe('test/Web: invalid pullSecrets[0] "ghcr-pull": it is not RegistryCredentials. '
      + 'Expected RegistryCredentials.fromSecretName("ghcr-pull").');
    expect(refusalOf(() => make({ pullSecrets: 'ghcr-pull' as any })).message).toBe('test/Web: invalid pullSecrets "ghcr-pull": it is a string, not a list. '
      + 'Expected a list of RegistryCredentials.fromSecretName(...), .fromExternalSecret(...), .fromSecretSource(...) or .fromLogin(...).');
    // A name no Secret can have: the pods would get no credentials, and fail to pull from a private registry.
    expect(refusalOf(() => make({ pullSecrets: [RegistryCredentials.fromSecretName('Registry_Pull')] }))).toMatchObject({
      constructPath: 'test/Web', prop: 'pullSecrets[0]', value: 'Registry_Pull',
    });
    expect(refusalOf(() => make({ pullSecrets: [{ secretName: 'ghcr-pull' }] as any })).message).toBe('test/Web: invalid pullSecrets[0] {"secretName":"ghcr-pull"}: '
      + 'it is not RegistryCredentials. Expected RegistryCredentials.fromSecretName(...), .fromExternalSecret(...), .fromSecretSource(...) or .fromLogin(...).');
  });
});

describe('the ServiceAccount the pods run as', () => {
  function withAccount(account: Partial<AppServiceAccountProps>, props: Partial<StatelessWorkloadProps> = {}) {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const identity = new AppIdentity(chart, 'AccountIdentity', { name: 'app' });
    const serviceAccount = new AppServiceAccount(chart, 'Account', { identity, ...account });
    const made = make({ serviceAccount, ...props }, chart);
    return { ...made, pod: () => podOf(chart) };
  }

  test('an AppServiceAccount: its pods get its token when it asks for one, and the pod labels of its workload identity', () => {
    const { pod } = withAccount({
      automountToken: true,
      workloadIdentity: WorkloadIdentity.azure({ clientId: '11111111-2222-3333-4444-555555555555' }),
      grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'app-flags')],
    });
    expect(pod().spec.serviceAccountName).toBe('app');
    expect(pod().spec.automountServiceAccountToken).toBe(true);
    expect(pod().metadata.labels['azure.workload.identity/use']).toBe('true');
  });

  test('mountServiceAccountToken of the workload wins over the ServiceAccount', () => {
    expect(withAccount({ automountToken: true }, { mountServiceAccountToken: false }).pod().spec.automountServiceAccountToken).toBe(false);
  });

  test('grants that no token can use: a warning', () => {
    const { web } = withAccount({ grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'app-flags')] });
    expect(Warnings.of(web)).toContainEqual(expect.stringMatching(/^shop\/Web: the pods run as the ServiceAccount app, whose grants let it call the Kubernetes API, and they get no API token/));
    const { web: mounted } = withAccount({ grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'app-flags')], automountToken: true });
    expect(Warnings.of(mounted).filter((w) => w.includes('ServiceAccount'))).toEqual([]);
  });

  test('a token for the API server projected into a volume later settles the warning; a token for another audience does not', () => {
    const grants = [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'app-flags')];
    const tokenWarnings = (web: StatelessWorkload) => Warnings.of(web).filter((w) => w.includes('they get no API token'));
    const { web } = withAccount({ grants });
    StorageVolume.projected('vault-token', [ProjectedSource.serviceAccountToken('token', 'vault')]).mountIn(web, '/var/run/vault');
    expect(tokenWarnings(web)).toHaveLength(1);
    StorageVolume.projected('api-token', [ProjectedSource.serviceAccountToken('token')]).mountIn(web, '/var/run/api');
    expect(tokenWarnings(web)).toEqual([]);
    // What the synthesis prints is read then too.
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      Testing.synth(Chart.of(web));
      expect(write.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('they get no API token'))).toEqual([]);
    } finally {
      write.mockRestore();
    }
  });
});


describe('scheduling, DNS and lifecycle', () => {
  test('affinity as given, with the replicas kept apart by the application\'s selector added to its pod anti-affinity', () => {
    const nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }] },
    };
    const zone = { labelSelector: { matchLabels: { tier: 'cache' } }, topologyKey: 'topology.kubernetes.io/zone' };
    const { chart } = make({
      affinity: { nodeAffinity, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [zone] } },
      replicaAntiAffinity: ReplicaAntiAffinity.perNode({ required: true }),
    });
    const { selector, template } = only(synth(chart), 'Deployment').spec;
    expect(template.spec.affinity).toEqual({
      nodeAffinity,
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [zone, { labelSelector: { matchLabels: selector.matchLabels }, topologyKey: 'kubernetes.io/hostname' }],
      },
    });
  });

  test('a preferred anti-affinity per zone, weighted', () => {
    const { chart } = make({ replicaAntiAffinity: ReplicaAntiAffinity.perZone({ weight: 50 }) });
    expect(podOf(chart).spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
      weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/instance': 'app' } }, topologyKey: 'topology.kubernetes.io/zone' },
    }]);
  });

  test('runtime class, DNS, host aliases, a shared process namespace, no service links, lifecycle hooks', () => {
    const { chart } = make({
      runtimeClassName: 'gvisor',
      dns: { policy: kplus.DnsPolicy.CLUSTER_FIRST, searches: ['svc.example.com'], options: [{ name: 'ndots', value: '2' }] },
      hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.internal'] }],
      shareProcessNamespace: true,
      enableServiceLinks: false,
      container: {
        image: APP,
        ports: [{ name: 'app', number: 3000 }],
        lifecycle: { postStart: kplus.Handler.fromCommand(['/app/warm-up']), preStop: kplus.Handler.fromHttpGet('/drain', { port: 3000 }) },
      },
    });
    const spec = podOf(chart).spec;
    expect(spec).toMatchObject({
      runtimeClassName: 'gvisor',
      dnsPolicy: 'ClusterFirst',
      dnsConfig: { searches: ['svc.example.com'], options: [{ name: 'ndots', value: '2' }] },
      hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.internal'] }],
      shareProcessNamespace: true,
      enableServiceLinks: false,
    });
    expect(spec.containers[0].lifecycle).toEqual({
      postStart: { exec: { command: ['/app/warm-up'] } },
      preStop: { httpGet: { path: '/drain', port: 3000, scheme: 'HTTP' } },
    });
  });

  test('a postStart hook with preStopDelay: both', () => {
    const { chart } = make({
      container: { image: APP, preStopDelay: Duration.seconds(5), lifecycle: { postStart: kplus.Handler.fromCommand(['/app/warm-up']) } },
    });
    expect(podOf(chart).spec.containers[0].lifecycle).toEqual({
      postStart: { exec: { command: ['/app/warm-up'] } },
      preStop: { exec: { command: ['sleep', '5'] } },
    });
  });

  test.each<[string, Partial<StatelessWorkloadProps>, string]>([
    ['a preStop hook and a preStopDelay', { container: { image: APP, preStopDelay: Duration.seconds(5), lifecycle: { preStop: kplus.Handler.fromCommand(['x']) } } },
      'test/Web: invalid container.preStopDelay "5 seconds": it is a preStop hook, and lifecycle.preStop is one too: a container has one preStop hook. '
      + 'Expected either lifecycle.preStop or preStopDelay.'],
    ['a hook on an init container', { initContainers: [{ name: 'init', image: APP, lifecycle: { postStart: kplus.Handler.fromCommand(['x']) } }] },
      'test/Web: invalid initContainers[0].lifecycle ["postStart"]: an init container runs to completion before the others start, and the API server refuses lifecycle '
      + 'hooks on it. Expected no lifecycle on an init container (the main container and the sidecars may have one).'],
    ['a hook that is no Handler', { container: { image: APP, lifecycle: { postStart: { exec: ['x'] } as any } } },
      'test/Web: invalid container.lifecycle.postStart {"exec":["x"]}: it is not a Handler. Expected Handler.fromCommand([...]), Handler.fromHttpGet(path, { port }) '
      + 'or Handler.fromTcpSocket({ port }).'],
    ['a replicaAntiAffinity that is no ReplicaAntiAffinity', { replicaAntiAffinity: { topologyKey: 'kubernetes.io/hostname' } as any },
      'test/Web: invalid replicaAntiAffinity {"topologyKey":"kubernetes.io/hostname"}: it is not a ReplicaAntiAffinity. Expected ReplicaAntiAffinity.perNode() or '
      + 'ReplicaAntiAffinity.perZone(), with { required } or { weight }.'],
    ['a weight out of range', { replicaAntiAffinity: ReplicaAntiAffinity.perNode({ weight: 0 }) },
      'test/Web: invalid replicaAntiAffinity.weight 0: it is below 1. Expected a weight: an integer from 1 to 100.'],
    ['a weight on a required rule', { replicaAntiAffinity: ReplicaAntiAffinity.perNode({ weight: 50, required: true }) },
      'test/Web: invalid replicaAntiAffinity.weight 50: a required rule has no weight (only preferred rules are weighed). Expected a weight without `required`, '
      + 'or `required` without a weight.'],
    ['required that is no boolean', { replicaAntiAffinity: ReplicaAntiAffinity.perNode({ required: 'yes' as any }) },
      'test/Web: invalid replicaAntiAffinity.required "yes": it is not a boolean. Expected true or false.'],
    ['a runtime class that is no name', { runtimeClassName: 'gVisor' }, 'test/Web: invalid runtimeClassName "gVisor": it contains uppercase letters'],
    ['shareProcessNamespace that is no boolean', { shareProcessNamespace: 'yes' as any },
      'test/Web: invalid shareProcessNamespace "yes": it is not a boolean. Expected true or false.'],
    ['an affinity that is no object', { affinity: 'spread' as any }, 'test/Web: invalid affinity "spread": it is a string, not an object.'],
  ])('refused: %s', (_, props, message) => {
    expect(refusalOf(() => make(props)).message.startsWith(message)).toBe(true);
  });
});

test('the platform default tolerations come before the pods\' own', () => {
  const app = Testing.app();
  PlatformDefaults.set(app, { tolerations: [{ key: 'pool', operator: 'Equal', value: 'apps', effect: 'NoSchedule' }] });
  const { chart } = make({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }, new Chart(app, 'shop', { namespace: 'shop' }));
  expect(podOf(chart).spec.tolerations).toEqual([
    { key: 'pool', operator: 'Equal', value: 'apps', effect: 'NoSchedule' },
    { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' },
  ]);
});

describe('termination message policy', () => {
  test('written for each container that has one: the main container, a sidecar, an init container, a sidecar added later', () => {
    const policy = TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR;
    const { chart, web } = make({
      container: { image: APP, ports: [{ name: 'app', number: 3000 }], terminationMessagePolicy: policy },
      sidecars: [{ name: 'proxy', image: APP }],
      initContainers: [{ name: 'migrate', image: APP, terminationMessagePolicy: TerminationMessagePolicy.FILE }],
    });
    web.addSidecar({ name: 'agent', image: APP, terminationMessagePolicy: policy });
    const spec = podOf(chart).spec;
    expect(spec.containers.map((c: any) => [c.name, c.terminationMessagePolicy])).toEqual([['app', policy], ['proxy', undefined], ['agent', policy]]);
    expect(spec.initContainers.map((c: any) => [c.name, c.terminationMessagePolicy])).toEqual([['migrate', 'File']]);
  });

  test('refused: a value that is no policy', () => {
    expect(refusalOf(() => make({ sidecars: [{ name: 'proxy', image: APP, terminationMessagePolicy: 'Logs' as any }] })).message).toBe(
      'test/Web: invalid sidecars[0].terminationMessagePolicy "Logs": it is not a termination message policy. Expected one of "File", "FallbackToLogsOnError".');
  });
});

