import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, BatchWorkload, ConfigFiles, ContainerImage, CronSchedule, DaemonWorkload, ProjectedSource, PersistentClaim, PlatformDefaults,
  ReplicaStorage, RolloutStrategy, ScheduledWorkload,
  SecurityProfile, SecurityRelaxation,
  StatefulWorkload,
  StatelessWorkload, StatelessWorkloadProps, StorageVolume, Warnings,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const APP = ContainerImage.fromReference('registry.example.com/shop/web:2.3.1');
const NGINX = ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine');

function web(props: Partial<StatelessWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
  const workload = new StatelessWorkload(chart, 'Web', {
    identity,
    replicas: 1,
    container: {
      image: APP,
      ports: [{ name: 'http', number: 8080 }],
      resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(256), memoryLimit: Size.mebibytes(256) },
    },
    ...props,
  });
  return { chart, identity, workload };
}

function podSpec(chart: Chart, kind = 'Deployment'): any {
  const manifest = only(synth(chart), kind);
  return kind === 'CronJob' ? manifest.spec.jobTemplate.spec.template.spec : manifest.spec.template.spec;
}

describe('scratch space', () => {
  test('a web app with an emptyDir cache in memory, with a size limit', () => {
    const { chart, workload } = web({ replicas: 3 });
    StorageVolume.scratch('cache', { sizeLimit: Size.mebibytes(512), inMemory: true }).mountIn(workload, '/var/cache/web');
    const spec = podSpec(chart);
    expect(spec.volumes).toContainEqual({ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'cache', mountPath: '/var/cache/web' });
    // Scratch space is writable by every user: no fsGroup needed.
    expect(spec.securityContext.fsGroup).toBeUndefined();
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('one call mounts into several or all containers, with a subPath and read-only', () => {
    const { chart, workload } = web({
      sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'proxy', number: 8081 }] }],
      initContainers: [{ name: 'warm', image: APP, command: ['warm-cache'] }],
    });
    const shared = StorageVolume.scratch('shared');
    shared.mountIn(workload, '/shared', { allContainers: true });
    StorageVolume.scratch('static').mountIn(workload, '/usr/share/nginx/html', { containers: ['proxy'], subPath: 'html', readOnly: true });
    const spec = podSpec(chart);
    for (const c of [...spec.containers, ...spec.initContainers]) {
      expect(c.volumeMounts).toContainEqual({ name: 'shared', mountPath: '/shared' });
    }
    expect(spec.containers[1].volumeMounts).toContainEqual({ name: 'static', mountPath: '/usr/share/nginx/html', subPath: 'html', readOnly: true });
    expect(spec.containers[0].volumeMounts.map((m: any) => m.name)).not.toContain('static');
    expect(spec.volumes.filter((v: any) => v.name === 'shared')).toHaveLength(1);
  });
});

describe('persistent storage', () => {
  test('a shared claim: explicit name, storage class from the platform, protected from deletion, fsGroup for the non-root pod', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { storageClassName: 'fast-ssd' });
    const { chart, identity, workload } = web({ runAsUser: 10001, runAsGroup: 10001 }, new Chart(app, 'shop'));
    const uploads = new PersistentClaim(chart, 'Uploads', {
      name: 'web-uploads', size: Size.gibibytes(20), identity, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
    });
    StorageVolume.fromClaim('uploads', uploads).mountIn(workload, '/srv/uploads');
    const manifests = synth(chart);
    const claim = only(manifests, 'PersistentVolumeClaim');
    expect(claim.metadata).toEqual({
      name: 'web-uploads',
      labels: identity.labels,
      annotations: {
        'helm.sh/resource-policy': 'keep',
        'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
        'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      },
    });
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'fast-ssd', volumeMode: 'Filesystem',
    });
    const spec = only(manifests, 'Deployment').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'web-uploads', readOnly: false } });
    expect(spec.securityContext.fsGroup).toBe(10001);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('protection can be switched off; the storage class set or left to the cluster', () => {
    const chart = Testing.chart();
    new PersistentClaim(chart, 'Scratch', { name: 'scratch', size: Size.gibibytes(1), protectFromDeletion: false, storageClassName: 'standard' });
    const claim = only(synth(chart), 'PersistentVolumeClaim');
    expect(claim.metadata.annotations).toBeUndefined();
    expect(claim.spec.storageClassName).toBe('standard');
    const other = Testing.chart();
    new PersistentClaim(other, 'Data', { name: 'data', size: Size.gibibytes(1) });
    expect(only(synth(other), 'PersistentVolumeClaim').spec.storageClassName).toBeUndefined();
  });

  test('an existing claim by name; fsGroup from the user when there is no group, or 10001', () => {
    const { chart, workload } = web({ runAsUser: 1000 });
    StorageVolume.fromExistingClaim('data', 'legacy-data').mountIn(workload, '/data');
    const spec = podSpec(chart);
    expect(spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'legacy-data', readOnly: false } });
    expect(spec.securityContext.fsGroup).toBe(1000);
    const plain = web();
    StorageVolume.fromExistingClaim('data', 'legacy-data').mountIn(plain.workload, '/data');
    expect(podSpec(plain.chart).securityContext.fsGroup).toBe(10001);
    const given = web({ fsGroup: 2000 });
    StorageVolume.fromExistingClaim('data', 'legacy-data').mountIn(given.workload, '/data');
    expect(podSpec(given.chart).securityContext.fsGroup).toBe(2000);
  });

  test('a read-only mount needs no fsGroup', () => {
    const { chart, workload } = web();
    StorageVolume.fromExistingClaim('data', 'legacy-data').mountIn(workload, '/data', { readOnly: true });
    expect(podSpec(chart).securityContext.fsGroup).toBeUndefined();
  });

  test('a claim name does not depend on construct ids', () => {
    const names = (id: string) => {
      const chart = Testing.chart();
      new PersistentClaim(chart, id, { name: 'web-uploads', size: Size.gibibytes(5) });
      return synth(chart).map((m) => m.metadata.name);
    };
    expect(names('Uploads')).toEqual(names('SomethingElseEntirely'));
  });
});

describe('ReadWriteOnce claims and several nodes', () => {
  const rwo = (chart: Chart) => new PersistentClaim(chart, 'Data', { name: 'data', size: Size.gibibytes(5) });

  test('refused for a Deployment with several replicas, unless acknowledged', () => {
    const { chart, workload } = web({ replicas: 3 });
    const volume = StorageVolume.fromClaim('data', rwo(chart));
    expect(() => volume.mountIn(workload, '/data')).toThrow(
      'test/Web: invalid volume "data" "ReadWriteOnce": the claim can be attached by one node at a time, and the pods of this workload can run on several nodes '
      + '(more than one replica, or a rolling update that starts the new pod before it stops the old one): all but the first would hang.',
    );
    volume.mountIn(workload, '/data', { acknowledgeSingleNode: true });
    expect(podSpec(chart).volumes).toContainEqual(expect.objectContaining({ name: 'data' }));
  });

  test('refused for a daemon, an autoscaled Deployment and parallel jobs; accepted for one replica', () => {
    const chart = Testing.chart();
    const claim = rwo(chart);
    const identity = new AppIdentity(chart, 'Identity', { name: 'x' });
    const daemon = new DaemonWorkload(chart, 'Daemon', { identity, container: { image: APP } });
    expect(() => StorageVolume.fromClaim('data', claim).mountIn(daemon, '/data')).toThrow(/can run on several nodes/);
    const scaled = new StatelessWorkload(chart, 'Scaled', {
      identity, name: 'scaled', container: { image: APP, resources: { cpuRequest: kplus.Cpu.millis(100) } }, autoscaling: { minReplicas: 1, maxReplicas: 3 },
    });
    expect(() => StorageVolume.fromClaim('data', claim).mountIn(scaled, '/data')).toThrow(/can run on several nodes/);
    const job = new BatchWorkload(chart, 'Job', { identity, name: 'job', parallelism: 2, container: { image: APP } });
    expect(() => StorageVolume.fromClaim('data', claim).mountIn(job, '/data')).toThrow(/can run on several nodes/);
    // Each kind says why, and what keeps its pods to one node.
    expect(refusalOf(() => StorageVolume.fromClaim('data', claim).mountIn(daemon, '/data'))).toMatchObject({
      problem: 'the claim can be attached by one node at a time, and the pods of this workload can run on several nodes (a DaemonSet runs a pod on every node): '
        + 'all but the first would hang',
      accepted: 'a ReadWriteMany claim, a node path (StorageVolume.hostPath), or `acknowledgeSingleNode: true` when the pods are kept on one node',
    });
    expect(refusalOf(() => StorageVolume.fromClaim('data', claim).mountIn(job, '/data'))).toMatchObject({
      problem: expect.stringContaining('(parallelism above 1 runs several pods at once)'),
      accepted: 'a ReadWriteMany claim, parallelism 1, or `acknowledgeSingleNode: true` when the pods are kept on one node',
    });
    const overlapping = new ScheduledWorkload(chart, 'Cron', {
      identity, name: 'cron', schedule: CronSchedule.hourly(), concurrencyPolicy: kplus.ConcurrencyPolicy.ALLOW, container: { image: APP },
    });
    expect(refusalOf(() => StorageVolume.fromClaim('data', claim).mountIn(overlapping, '/data'))).toMatchObject({
      problem: expect.stringContaining('(parallelism above 1, or concurrencyPolicy Allow, which lets a run start while the last one runs)'),
      accepted: 'a ReadWriteMany claim, parallelism 1 with concurrencyPolicy Forbid (the default) or Replace, or `acknowledgeSingleNode: true` when the pods are '
        + 'kept on one node',
    });
    const single = new StatelessWorkload(chart, 'Single', {
      identity, name: 'single', replicas: 1, container: { image: APP }, strategy: RolloutStrategy.recreate(),
    });
    expect(() => StorageVolume.fromClaim('data', claim).mountIn(single, '/data')).not.toThrow();
  });

  test('one replica whose rolling update adds a pod before it stops the old one: refused (the rollout would hang on the claim); Recreate or maxSurge 0 pass', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    const claim = rwo(chart);
    const one = (id: string, strategy?: RolloutStrategy) =>
      new StatelessWorkload(chart, id, { identity, name: id.toLowerCase(), replicas: 1, container: { image: APP }, strategy });
    const surging = one('Default');
    expect(surging.canRunOnSeveralNodes).toBe(true);
    expect(() => StorageVolume.fromClaim('data', claim).mountIn(surging, '/data')).toThrow(
      new RegExp('^test/Default: invalid volume "data" "ReadWriteOnce": .*\\(more than one replica, or a rolling update that starts the new pod before it stops '
        + 'the old one\\).*Expected .*strategy: RolloutStrategy\\.recreate\\(\\), or a rolling update with maxSurge 0'));
    const noSurge = RolloutStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(0), maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
    });
    for (const [id, strategy] of [['Recreate', RolloutStrategy.recreate()], ['NoSurge', noSurge]] as const) {
      const workload = one(id, strategy);
      expect(workload.canRunOnSeveralNodes).toBe(false);
      expect(() => StorageVolume.fromClaim('data', claim).mountIn(workload, '/data')).not.toThrow();
    }
  });

  test('an existing claim of unknown access modes is not checked; of known ones, it is', () => {
    const { workload } = web({ replicas: 3 });
    expect(() => StorageVolume.fromExistingClaim('a', 'a').mountIn(workload, '/a')).not.toThrow();
    expect(() => StorageVolume.fromExistingClaim('b', 'b', { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] }).mountIn(workload, '/b'))
      .toThrow(/invalid volume "b" "ReadWriteOncePod"/);
  });
});

describe('node paths', () => {
  test('refused without the explicit opt-in, saying it breaks the profile', () => {
    const { workload } = web();
    expect(() => StorageVolume.hostPath('logs', { path: '/var/log' }).mountIn(workload, '/host/var/log')).toThrow(
      'test/Web: invalid volume "logs" "/var/log": a node path (hostPath) breaks the baseline and restricted profiles: the pod could read or change the node\'s files. Expected a workload made with `relax: [SecurityRelaxation.HOST_PATH]` (an explicit opt-in), or another kind of volume.',
    );
  });

  test('a log agent reading node paths by opt-in, read-only, named in the pod', () => {
    const chart = Testing.chart();
    const agent = new DaemonWorkload(chart, 'Agent', {
      identity: new AppIdentity(chart, 'Identity', { name: 'log-agent' }),
      relax: [SecurityRelaxation.HOST_PATH],
      container: { image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4') },
    });
    StorageVolume.hostPath('varlog', { path: '/var/log', type: kplus.HostPathVolumeType.DIRECTORY }).mountIn(agent, '/var/log', { readOnly: true });
    const pod = only(synth(chart), 'DaemonSet').spec.template;
    expect(pod.spec.volumes).toContainEqual({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
    expect(pod.metadata.annotations['cdk8s-appflow/security-relaxations']).toBe('host-path');
  });

  test('a writable node path in non-root pods: a warning that the kubelet does not give it to the fsGroup, and no fsGroup for it', () => {
    const chart = Testing.chart();
    const agent = new DaemonWorkload(chart, 'Agent', {
      identity: new AppIdentity(chart, 'Identity', { name: 'agent' }),
      relax: [SecurityRelaxation.HOST_PATH],
      container: { image: ContainerImage.fromReference('fluent/fluent-bit:3.0.4') },
    });
    StorageVolume.hostPath('state', { path: '/var/lib/agent', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }).mountIn(agent, '/state');
    expect(Warnings.of(agent).filter((w) => w.includes('node path'))).toEqual(['test/Agent: the node path /var/lib/agent is mounted writable at /state in pods that run as non-root, and the '
      + 'kubelet does not give a node path to the fsGroup: they can write it only if the directory on each node lets their user write (one the kubelet '
      + 'makes for DirectoryOrCreate is root\'s, mode 0755). Make it theirs on the nodes, mount it read-only, or run as root (relax RUN_AS_ROOT)']);
    expect(only(synth(chart), 'DaemonSet').spec.template.spec.securityContext.fsGroup).toBeUndefined();
  });

  test('a privileged workload needs no relaxation; the path must be absolute', () => {
    const { chart, workload } = web({ securityProfile: SecurityProfile.PRIVILEGED });
    StorageVolume.hostPath('sock', { path: '/run/containerd/containerd.sock', type: kplus.HostPathVolumeType.SOCKET }).mountIn(workload, '/run/containerd.sock');
    expect(podSpec(chart).volumes).toContainEqual({ name: 'sock', hostPath: { path: '/run/containerd/containerd.sock', type: 'Socket' } });
    expect(() => StorageVolume.hostPath('bad', { path: 'var/log' }).mountIn(workload, '/x')).toThrow(/invalid volume "bad"\.path "var\/log": it is not an absolute path/);
  });
});

describe('config and secret files', () => {
  test('ConfigMap and Secret volumes, read-only by default, with items and a mode', () => {
    const { chart, workload } = web();
    const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'web-config' }, data: { 'app.yaml': 'a: 1', 'other.yaml': 'b: 2' } });
    const secret = new kplus.Secret(chart, 'Tls', { metadata: { name: 'web-tls' }, stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    StorageVolume.fromConfigMap('config', config, { items: { 'app.yaml': { path: 'app.yaml' } } }).mountIn(workload, '/etc/web');
    StorageVolume.fromSecret('tls', secret, { defaultMode: 0o440 }).mountIn(workload, '/etc/tls');
    const spec = podSpec(chart);
    expect(spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'web-config', items: [{ key: 'app.yaml', path: 'app.yaml' }] } });
    expect(spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'web-tls', defaultMode: 0o440 } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/web', readOnly: true });
  });
});

test('the items of a ConfigMap of the app name its keys, checked at synth (when its data is complete): a ConfigFiles\' too', () => {
  const { chart, workload } = web();
  const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'web-config' }, data: { 'app.yaml': 'a: 1' } });
  StorageVolume.fromConfigMap('config', config, { items: { 'nope.yaml': { path: 'nope.yaml' }, 'later.yaml': { path: 'later.yaml' } } }).mountIn(workload, '/etc/web');
  config.addData('later.yaml', 'b: 2');
  expect(() => synth(chart)).toThrow('[test/Web] test/Web: invalid volume "config".items "nope.yaml": the ConfigMap web-config has no such key '
    + '(its keys: app.yaml, later.yaml), so the pods would fail to mount the volume. Expected one of the ConfigMap\'s keys: "app.yaml", "later.yaml".');

  const other = web();
  const imported = kplus.ConfigMap.fromConfigMapName(other.chart, 'Imported', 'made-elsewhere');
  StorageVolume.fromConfigMap('imported', imported, { items: { 'any.yaml': { path: 'any.yaml' } } }).mountIn(other.workload, '/etc/other');
  expect(() => synth(other.chart)).not.toThrow();
});

describe('projected volumes', () => {
  test('ConfigMap keys, Secret keys, pod fields and a ServiceAccount token in one directory', () => {
    const { chart, workload } = web();
    const config = new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'web-config' }, data: { 'app.yaml': 'a: 1' } });
    const secret = new kplus.Secret(chart, 'Creds', { metadata: { name: 'web-creds' }, stringData: { password: 'x' } });
    StorageVolume.projected('bundle', [
      ProjectedSource.configMap(config, { 'app.yaml': 'config/app.yaml' }),
      ProjectedSource.secret(secret, { password: 'secrets/password' }),
      ProjectedSource.podFields({ 'pod/labels': 'metadata.labels' }),
      ProjectedSource.serviceAccountToken('tokens/vault', 'vault', Duration.hours(1)),
    ], 0o440).mountIn(workload, '/etc/bundle');
    const spec = podSpec(chart);
    expect(spec.volumes).toContainEqual({
      name: 'bundle',
      projected: {
        defaultMode: 0o440,
        sources: [
          { configMap: { name: 'web-config', items: [{ key: 'app.yaml', path: 'config/app.yaml' }] } },
          { secret: { name: 'web-creds', items: [{ key: 'password', path: 'secrets/password' }] } },
          { downwardAPI: { items: [{ path: 'pod/labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          { serviceAccountToken: { path: 'tokens/vault', audience: 'vault', expirationSeconds: 3600 } },
        ],
      },
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'bundle', mountPath: '/etc/bundle', readOnly: true });
  });

  test.each([
    [[], /invalid volume "bundle"\.sources \[\]: there is no source/],
    [[ProjectedSource.podFields({ '/abs': 'metadata.name' })], /invalid volume "bundle"\.sources "\/abs": it is empty, absolute or goes up/],
    [[ProjectedSource.podFields({ a: 'metadata.name' }), ProjectedSource.podFields({ a: 'metadata.uid' })], /invalid volume "bundle"\.sources "a": two sources write this path/],
    [[ProjectedSource.serviceAccountToken('t', undefined, Duration.minutes(5))], /invalid volume "bundle"\.sources\[0\]\.expiration 300: a ServiceAccount token lives at least 10 minutes/],
  ])('refused %#', (sources, message) => {
    expect(() => StorageVolume.projected('bundle', sources as ProjectedSource[]).mountIn(web().workload, '/b')).toThrow(message);
  });
});

describe('config files from a folder', () => {
  test('an nginx configuration folder mounted read-only into a sidecar', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-nginx-'));
    try {
      fs.writeFileSync(path.join(dir, 'nginx.conf'), 'worker_processes 1;\nevents { worker_connections 1024; }\n');
      fs.writeFileSync(path.join(dir, 'default.conf'), 'server {\n  listen 8081;\n  location / { proxy_pass http://127.0.0.1:8080; }\n}\n');
      const { chart, workload, identity } = web({ sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'proxy', number: 8081 }] }] });
      const files = new ConfigFiles(chart, 'NginxConfig', { name: 'web-nginx', directory: dir, identity });
      StorageVolume.fromConfigMap('nginx-config', files.configMap).mountIn(workload, '/etc/nginx/conf.d', { containers: ['proxy'] });
      const manifests = synth(chart);
      expect(only(manifests, 'ConfigMap').data).toEqual({
        'default.conf': 'server {\n  listen 8081;\n  location / { proxy_pass http://127.0.0.1:8080; }\n}\n',
        'nginx.conf': 'worker_processes 1;\nevents { worker_connections 1024; }\n',
      });
      const spec = only(manifests, 'Deployment').spec.template.spec;
      expect(spec.containers[1].volumeMounts).toContainEqual({ name: 'nginx-config', mountPath: '/etc/nginx/conf.d', readOnly: true });
      // The pods roll when the configuration changes.
      expect(only(manifests, 'Deployment').spec.template.metadata.annotations['cdk8s-appflow/config-checksum']).toMatch(/^sha256:/);
      expect(yamlOf(chart)).toMatchSnapshot();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('refused', () => {
  test('a mount path used twice in one container', () => {
    const { workload } = web();
    StorageVolume.scratch('a').mountIn(workload, '/data');
    expect(() => StorageVolume.scratch('b').mountIn(workload, '/data')).toThrow(
      'test/Web: invalid mountVolume(path) "/data": the container "web" already mounts the volume "a" there. Expected a mount path used once in each container.',
    );
    // /tmp is taken by the read-only root's scratch volume.
    expect(() => StorageVolume.scratch('c').mountIn(workload, '/tmp')).toThrow(/the container "web" already mounts the volume "tmp" there/);
  });

  test('two volumes of one name', () => {
    const { workload } = web();
    StorageVolume.scratch('data').mountIn(workload, '/a');
    expect(() => StorageVolume.scratch('data').mountIn(workload, '/b')).toThrow(
      /invalid mountVolume\(volume\) "data": another volume of the pod has the same name\. Expected a volume name unique in the pod\./,
    );
  });

  test('the same volume mounted twice, in two places, is one volume', () => {
    const { chart, workload } = web();
    const data = StorageVolume.scratch('data');
    data.mountIn(workload, '/a');
    data.mountIn(workload, '/b');
    expect(podSpec(chart).volumes.filter((v: any) => v.name === 'data')).toHaveLength(1);
  });

  test.each([
    [(w: any) => StorageVolume.scratch('Data').mountIn(w, '/data'), /invalid volume\.name "Data"/],
    [(w: any) => StorageVolume.scratch('data').mountIn(w, 'data'), /invalid mountVolume\(path\) "data": it is not an absolute path/],
    [(w: any) => StorageVolume.scratch('data').mountIn(w, '/'), /invalid mountVolume\(path\) "\/": it is not an absolute path below the root/],
    [(w: any) => StorageVolume.scratch('data').mountIn(w, '/d', { containers: ['nope'] }), /invalid mountVolume\(containers\[0\]\) "nope": the pod has no container of that name\. Expected one of web/],
    [(w: any) => StorageVolume.scratch('data').mountIn(w, '/d', { subPath: '../etc' }), /invalid mountVolume\(subPath\) "\.\.\/etc": it is absolute or goes up/],
  ])('%#', (mount, message) => {
    expect(() => mount(web().workload)).toThrow(message);
  });

  test.each([
    [{ name: 'Web_Uploads', size: Size.gibibytes(1) }, /test\/Claim: invalid name "Web_Uploads"/],
    [{ name: 'uploads', size: Size.mebibytes(512) }, /invalid size "512Mi": it is not a whole number of gibibytes above zero/],
    [{ name: 'uploads', size: '10Gi' as any }, /invalid size "10Gi": it is not a Size\. Expected a size such as Size\.gibibytes\(10\)/],
    [{ name: 'uploads', size: Size.gibibytes(1), accessModes: [] }, /invalid accessModes \[\]: there is no access mode/],
    [{ name: 'uploads', size: Size.gibibytes(1), accessModes: ['ReadWriteAll' as any] }, /invalid accessModes "ReadWriteAll": it is not an access mode/],
    [{ name: 'uploads', size: Size.gibibytes(1), storageClassName: 'Fast SSD' }, /invalid storageClassName "Fast SSD"/],
  ])('claim %#', (props, message) => {
    expect(() => new PersistentClaim(Testing.chart(), 'Claim', props)).toThrow(message);
  });
});

test('a StatefulWorkload with per-replica storage keeps claim names when construct ids change', () => {
  const claims = (id: string) => {
    const chart = Testing.chart();
    const db = new StatefulWorkload(chart, id, {
      identity: new AppIdentity(chart, `${id}Identity`, { name: 'postgres' }),
      container: { image: ContainerImage.fromReference('postgres:16.3'), ports: [{ name: 'postgres', number: 5432 }] },
    });
    ReplicaStorage.addTo(db, { name: 'data', mountPath: '/var/lib/postgresql/data', size: Size.gibibytes(10) });
    return only(synth(chart), 'StatefulSet').spec.volumeClaimTemplates.map((t: any) => t.metadata.name);
  };
  expect(claims('Db')).toEqual(['data']);
  expect(claims('Postgres')).toEqual(claims('Db'));
});

test('per-replica storage gives a non-root pod an fsGroup, as every writable claim does; a read-only one does not', () => {
  const fsGroupOf = (readOnly: boolean | undefined, runAsUser?: number) => {
    const chart = Testing.chart();
    const db = new StatefulWorkload(chart, 'Db', {
      identity: new AppIdentity(chart, 'Identity', { name: 'mysql' }),
      runAsUser,
      container: { image: ContainerImage.fromReference('mysql:8.4.3'), ports: [{ name: 'mysql', number: 3306 }] },
    });
    ReplicaStorage.addTo(db, { name: 'data', mountPath: '/var/lib/mysql', size: Size.gibibytes(10), readOnly });
    return only(synth(chart), 'StatefulSet').spec.template.spec.securityContext.fsGroup;
  };
  expect(fsGroupOf(undefined, 999)).toBe(999);
  expect(fsGroupOf(undefined)).toBe(10001);
  expect(fsGroupOf(true, 999)).toBeUndefined();
});

describe('bad input of the volume factories is refused with the volume and the prop when mounted', () => {
  test('existing claim: access modes that are not a list, or unknown', () => {
    const mount = (accessModes: any) => refusalOf(() => StorageVolume.fromExistingClaim('data', 'data', { accessModes }).mountIn(web().workload, '/data'));
    const notList = mount('ReadWriteOnce');
    expect(notList).toMatchObject({ constructPath: 'test/Web', prop: 'volume "data".accessModes', value: 'ReadWriteOnce', problem: 'it is not a list' });
    expect(notList.accepted).toMatch(/^a list of one or more of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod/);
    expect(mount(['ReadWriteSometimes'])).toMatchObject({ prop: 'volume "data".accessModes', value: 'ReadWriteSometimes', problem: 'it is not an access mode' });
    expect(mount([])).toMatchObject({ prop: 'volume "data".accessModes', problem: 'there is no access mode' });
    // Known modes: mounted (ReadWriteMany may be shared).
    const { chart, workload } = web({ replicas: 3 });
    StorageVolume.fromExistingClaim('data', 'data', { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] }).mountIn(workload, '/data');
    expect(podSpec(chart).volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: false } });
  });

  test.each(['Legacy_Data', '', '-data', 'data.', 'x'.repeat(64), 42, undefined])('existing claim: a claim name %j that is not a DNS-1123 subdomain', (claimName) => {
    const error = refusalOf(() => StorageVolume.fromExistingClaim('data', claimName as any).mountIn(web().workload, '/data'));
    expect(error).toMatchObject({ constructPath: 'test/Web', prop: 'volume "data".claimName', value: claimName });
    expect(error.accepted).toMatch(/^the name of an existing PersistentVolumeClaim, a DNS-1123 subdomain: /);
    expect(() => StorageVolume.fromExistingClaim('data', claimName as any).mountIn(web().workload, '/data')).toThrow(/^test\/Web: invalid volume "data"\.claimName /);
  });

  test('existing claim: options that are null are no options (the claim name is still checked)', () => {
    const { chart, workload } = web();
    StorageVolume.fromExistingClaim('data', 'legacy.data', null as any).mountIn(workload, '/data');
    expect(podSpec(chart).volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'legacy.data', readOnly: false } });
  });

  test('scratch: a size limit that is not whole mebibytes above zero', () => {
    const mount = (sizeLimit: Size) => refusalOf(() => StorageVolume.scratch('cache', { sizeLimit }).mountIn(web().workload, '/cache'));
    const accepted = 'a size in whole mebibytes above zero, e.g. Size.mebibytes(512) or Size.gibibytes(1)';
    expect(mount(Size.kibibytes(1))).toMatchObject({
      constructPath: 'test/Web', prop: 'volume "cache".sizeLimit', value: '1Ki', problem: 'it is not a whole number of mebibytes (cdk8s-plus-34 writes it in Mi)', accepted,
    });
    expect(mount(Size.mebibytes(1.5))).toMatchObject({ value: '1536Ki', problem: 'it is not a whole number of mebibytes (cdk8s-plus-34 writes it in Mi)' });
    expect(mount(Size.mebibytes(NaN))).toMatchObject({ value: 'NaNKi', problem: 'it is not a finite size', accepted });
    expect(mount(Size.gibibytes(Infinity))).toMatchObject({ value: 'InfinityKi', problem: 'it is not a finite size' });
    expect(mount(Size.mebibytes(0))).toMatchObject({ value: '0Ki', problem: 'it is not above zero', accepted });
    expect(mount('1Gi' as any)).toMatchObject({ value: '1Gi', problem: 'it is not a Size' });
    // Whole mebibytes, in any unit.
    const { chart, workload } = web();
    StorageVolume.scratch('cache', { sizeLimit: Size.kibibytes(2048) }).mountIn(workload, '/cache');
    expect(podSpec(chart).volumes).toContainEqual({ name: 'cache', emptyDir: { sizeLimit: '2Mi' } });
  });

  test('projected ServiceAccount token: an expiration that is not whole seconds from 10 minutes to 2^32 seconds', () => {
    const mount = (expiration: any) => refusalOf(() => StorageVolume.projected('bundle', [
      ProjectedSource.podFields({ name: 'metadata.name' }),
      ProjectedSource.serviceAccountToken('token', 'vault', expiration),
    ]).mountIn(web().workload, '/bundle'));
    const accepted = 'an expiration in whole seconds from Duration.minutes(10) to 4294967296 seconds (2^32)';
    // Not whole seconds: refused when mounted, not when the source is made (cdk8s would throw without a prop).
    expect(mount(Duration.millis(1500))).toMatchObject({
      constructPath: 'test/Web', prop: 'volume "bundle".sources[1].expiration', value: 1.5, problem: 'it is not a whole number', accepted,
    });
    expect(mount(Duration.seconds(599))).toMatchObject({ value: 599, problem: 'a ServiceAccount token lives at least 10 minutes (600 seconds)', accepted });
    expect(mount(Duration.seconds(2 ** 32 + 1))).toMatchObject({ value: 2 ** 32 + 1, problem: 'it is more than 4294967296 seconds (2^32), the longest the API server accepts' });
    expect(mount(3600)).toMatchObject({ value: 3600, problem: 'it is not a Duration' });
    // The limits themselves are accepted.
    for (const seconds of [600, 2 ** 32]) {
      const { chart, workload } = web();
      StorageVolume.projected('bundle', [ProjectedSource.serviceAccountToken('token', undefined, Duration.seconds(seconds))]).mountIn(workload, '/bundle');
      expect(podSpec(chart).volumes).toContainEqual({ name: 'bundle', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: seconds } }] } });
    }
  });

  test.each([
    ['fromConfigMap', (chart: Chart, defaultMode: number) =>
      StorageVolume.fromConfigMap('files', new kplus.ConfigMap(chart, 'Config', { metadata: { name: 'config' } }), { defaultMode })],
    ['fromSecret', (chart: Chart, defaultMode: number) =>
      StorageVolume.fromSecret('files', kplus.Secret.fromSecretName(chart, 'Secret', 'secret'), { defaultMode })],
    ['projected', (_chart: Chart, defaultMode: number) =>
      StorageVolume.projected('files', [ProjectedSource.podFields({ name: 'metadata.name' })], defaultMode)],
  ])('%s: a defaultMode that is not an integer from 0 to 0o777', (_kind, make) => {
    const mount = (mode: number) => {
      const { chart, workload } = web();
      return refusalOf(() => make(chart, mode).mountIn(workload, '/files'));
    };
    const accepted = 'file mode bits (e.g. 0o644): an integer from 0 to 511';
    expect(mount(1.5)).toMatchObject({ constructPath: 'test/Web', prop: 'volume "files".defaultMode', value: 1.5, problem: 'it is not a whole number', accepted });
    expect(mount(-1)).toMatchObject({ prop: 'volume "files".defaultMode', value: -1, problem: 'it is below 0', accepted });
    expect(mount(0o1000)).toMatchObject({ value: 512, problem: 'it is above 511', accepted });
    expect(mount(NaN)).toMatchObject({ value: NaN, problem: 'it is not a finite number' });
    for (const mode of [0, 0o777]) {
      const { chart, workload } = web();
      make(chart, mode).mountIn(workload, '/files');
      expect(podSpec(chart).volumes.find((v: any) => v.name === 'files')).toMatchObject(
        _kind === 'fromConfigMap' ? { configMap: { defaultMode: mode } } : _kind === 'fromSecret' ? { secret: { defaultMode: mode } } : { projected: { defaultMode: mode } });
    }
  });
});

describe('claim sizes that cdk8s cannot convert, and a container named twice, are refused with a house error', () => {
  const GIB = 'a size in whole gibibytes, e.g. Size.gibibytes(10)';
  test.each([
    ['infinite', Size.gibibytes(Infinity), 'InfinityGi', 'it is not a finite size'],
    ['NaN', Size.mebibytes(NaN), 'NaNMi', 'it is not a finite size'],
    ['half a kibibyte', Size.kibibytes(0.5), '0.5Ki', 'it is not a whole number of kibibytes'],
  ])('a claim size that is %s', (_, size, value, problem) => {
    expect(refusalOf(() => new PersistentClaim(Testing.chart(), 'Claim', { name: 'uploads', size }))).toMatchObject({
      constructPath: 'test/Claim', prop: 'size', value, problem, accepted: GIB,
    });
  });

  test('a per-replica claim size that is NaN', () => {
    const chart = Testing.chart();
    const db = new StatefulWorkload(chart, 'Db', {
      identity: new AppIdentity(chart, 'Identity', { name: 'mysql' }),
      container: { image: ContainerImage.fromReference('mysql:8.4.3'), ports: [{ name: 'mysql', number: 3306 }] },
    });
    expect(refusalOf(() => ReplicaStorage.addTo(db, { name: 'data', mountPath: '/var/lib/mysql', size: Size.gibibytes(NaN) }))).toMatchObject({
      constructPath: 'test/Db', prop: 'size', value: 'NaNGi', problem: 'it is not a finite size', accepted: GIB,
    });
  });

  test('a container named twice in `containers`', () => {
    const { workload } = web({ sidecars: [{ name: 'proxy', image: NGINX, ports: [{ name: 'proxy', number: 8081 }] }] });
    expect(refusalOf(() => StorageVolume.scratch('data').mountIn(workload, '/data', { containers: ['web', 'proxy', 'web'] }))).toMatchObject({
      constructPath: 'test/Web',
      prop: 'mountVolume(containers[2])',
      value: 'web',
      problem: 'containers[0] names the same container',
      accepted: 'each container once (a container mounts a volume once at a path)',
    });
  });

  test('containers that is not a list', () => {
    const { workload } = web();
    expect(refusalOf(() => workload.mountVolume(kplus.Volume.fromEmptyDir(workload, 'V', 'data'), '/data', { containers: 'web' as any }))).toMatchObject({
      constructPath: 'test/Web', prop: 'mountVolume(containers)', value: 'web', problem: 'it is not a list', accepted: 'a list of one or more of web',
    });
  });
});
