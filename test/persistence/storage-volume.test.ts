import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppIdentity, BatchWorkload, ConfigFiles, ContainerImage, DaemonWorkload, ProjectedSource, PersistentClaim, PlatformDefaults, ReplicaStorage,
  SecurityProfile, SecurityRelaxation,
  StatefulWorkload,
  StatelessWorkload, StatelessWorkloadProps, StorageVolume,
} from '../../src';
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
        'argocd.argoproj.io/sync-options': 'Delete=false',
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
      'test/Web: invalid volume "data" "ReadWriteOnce": the claim can be attached by one node at a time, and the pods of this workload can run on several nodes: all but the first would hang.',
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
    const single = new StatelessWorkload(chart, 'Single', { identity, name: 'single', replicas: 1, container: { image: APP } });
    expect(() => StorageVolume.fromClaim('data', claim).mountIn(single, '/data')).not.toThrow();
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
    [[ProjectedSource.serviceAccountToken('t', undefined, Duration.minutes(5))], /invalid volume "bundle"\.sources 300: a ServiceAccount token lives at least 10 minutes/],
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
    [{ name: 'uploads', size: Size.mebibytes(512) }, /invalid size "524288Ki": it is not a whole number of gibibytes above zero/],
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
