/**
 * Property tests of bad input: StorageVolume (every kind) mounted in workloads, PersistentClaim, ReplicaStorage and
 * ConfigFiles. See test/property/harness.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  absolutePath, count, duration, hostileString, labelKey, map, mostly, name, optional, scratchSizeLimit, sizeGibibytes, wrongType,
} from './arbitraries';
import { assertOutcomes, propertyTimeout, synthOrRefuse } from './harness';
import {
  AppIdentity, AppWorkload, ConfigFiles, ContainerImage, DaemonWorkload, FormatRule, PersistentClaim, ProjectedSource, ReplicaStorage,
  SecurityRelaxation,
  StatefulWorkload, StatelessWorkload, StorageVolume,
} from '../../src';

const IMAGE = ContainerImage.fromReference('nginx:1.27.3');

const accessModes = optional(mostly(
  fc.uniqueArray(fc.constantFrom(...Object.values(kplus.PersistentVolumeAccessMode)), { minLength: 1, maxLength: 2 }),
  fc.constantFrom([], ['ReadWriteSometimes'], 'ReadWriteOnce') as fc.Arbitrary<any>,
  8,
), 0.4);

const volumeName = mostly(fc.constantFrom('data', 'cache', 'config', 'logs', 'tmp'), hostileString, 8);

/** One volume, as plain data (so that a counterexample reads as what it is); `makeVolume` makes it in a chart. */
type VolumeSpec =
  | { kind: 'scratch'; name: string; sizeLimit?: Size; inMemory?: boolean }
  | { kind: 'host-path'; name: string; hostPath: string; type?: kplus.HostPathVolumeType }
  | { kind: 'claim'; name: string; claimName: string; size: Size; accessModes?: kplus.PersistentVolumeAccessMode[] }
  | { kind: 'existing-claim'; name: string; claimName: string; accessModes?: kplus.PersistentVolumeAccessMode[] }
  | { kind: 'config-map' | 'secret'; name: string; objectName: string; items?: Record<string, kplus.PathMapping>; defaultMode?: number; optional?: boolean }
  | { kind: 'projected'; name: string; sources: ProjectedSpec[]; defaultMode?: number };

type ProjectedSpec =
  | { kind: 'configMap'; items?: Record<string, string> }
  | { kind: 'podFields'; fields: Record<string, string> }
  | { kind: 'token'; path: string; audience?: string; expiration?: Duration };

function makeVolume(scope: Construct, i: number, spec: VolumeSpec): StorageVolume {
  switch (spec.kind) {
    case 'scratch': return StorageVolume.scratch(spec.name, { sizeLimit: spec.sizeLimit, inMemory: spec.inMemory });
    case 'host-path': return StorageVolume.hostPath(spec.name, { path: spec.hostPath, type: spec.type });
    case 'claim': return StorageVolume.fromClaim(spec.name,
      new PersistentClaim(scope, `Claim${i}`, { name: spec.claimName, size: spec.size, accessModes: spec.accessModes }));
    case 'existing-claim': return StorageVolume.fromExistingClaim(spec.name, spec.claimName, { accessModes: spec.accessModes });
    case 'secret': return StorageVolume.fromSecret(spec.name, kplus.Secret.fromSecretName(scope, `Secret${i}`, spec.objectName), spec);
    // A ConfigMap of the test (the library does not check the objects it is given): a valid name.
    case 'config-map': return StorageVolume.fromConfigMap(spec.name,
      new kplus.ConfigMap(scope, `ConfigMap${i}`, { metadata: { name: FormatRule.DNS1123_SUBDOMAIN.isValid(spec.objectName) ? spec.objectName : `config-${i}` }, data: { 'app.yaml': 'a: 1' } }), spec);
    case 'projected': return StorageVolume.projected(spec.name, spec.sources.map((s, j) => {
      switch (s.kind) {
        case 'configMap': return ProjectedSource.configMap(
          new kplus.ConfigMap(scope, `Projected${i}-${j}`, { metadata: { name: `projected-${i}-${j}` }, data: { 'app.yaml': 'a: 1' } }), s.items);
        case 'podFields': return ProjectedSource.podFields(s.fields);
        default: return ProjectedSource.serviceAccountToken(s.path, s.audience, s.expiration);
      }
    }), spec.defaultMode);
  }
}

/** The expiration of a projected ServiceAccount token. */
const tokenExpiration = duration(600, 86400);

const fileMode = mostly(fc.constantFrom(0o400, 0o644, 0o755), fc.constantFrom(-1, 0o1000, 4096, 1.5, NaN), 6);
const relativePath = mostly(fc.constantFrom('app.yaml', 'conf/x.yaml'), fc.oneof(hostileString, fc.constantFrom('/abs', '../up', 'a/../../b')), 6);

const volume: fc.Arbitrary<VolumeSpec> = fc.oneof(
  fc.record({ kind: fc.constant('scratch' as const), name: volumeName, sizeLimit: optional(scratchSizeLimit, 0.3), inMemory: optional(fc.boolean(), 0.3) },
    { requiredKeys: ['kind', 'name'] }),
  fc.record({
    kind: fc.constant('host-path' as const),
    name: volumeName,
    hostPath: absolutePath,
    type: optional(mostly(fc.constantFrom(...Object.values(kplus.HostPathVolumeType)), fc.constant('Bogus') as fc.Arbitrary<any>)),
  }, { requiredKeys: ['kind', 'name', 'hostPath'] }),
  fc.record({ kind: fc.constant('claim' as const), name: volumeName, claimName: name, size: sizeGibibytes, accessModes }, { requiredKeys: ['kind', 'name', 'claimName', 'size'] }),
  fc.record({ kind: fc.constant('existing-claim' as const), name: volumeName, claimName: name, accessModes }, { requiredKeys: ['kind', 'name', 'claimName'] }),
  fc.record({
    kind: fc.constantFrom('config-map' as const, 'secret' as const),
    name: volumeName,
    objectName: name,
    items: optional(map(mostly(fc.constantFrom('app.yaml', 'key'), hostileString, 6), fc.record({ path: relativePath }), 2), 0.3),
    defaultMode: optional(fileMode, 0.3),
    optional: optional(fc.boolean(), 0.3),
  }, { requiredKeys: ['kind', 'name', 'objectName'] }),
  fc.record({
    kind: fc.constant('projected' as const),
    name: volumeName,
    sources: fc.array(fc.oneof(
      fc.record({ kind: fc.constant('configMap' as const), items: optional(map(fc.constantFrom('app.yaml', 'x'), relativePath, 2)) }, { requiredKeys: ['kind'] }),
      fc.record({ kind: fc.constant('podFields' as const), fields: map(relativePath, mostly(fc.constantFrom('metadata.labels', 'metadata.name'), fc.constantFrom('spec.bogus', '')), 2) }),
      fc.record({ kind: fc.constant('token' as const), path: relativePath, audience: optional(fc.string({ maxLength: 5 })), expiration: optional(tokenExpiration) },
        { requiredKeys: ['kind', 'path'] }),
    ), { maxLength: 3 }),
    defaultMode: optional(fileMode, 0.3),
  }, { requiredKeys: ['kind', 'name', 'sources'] }),
);

const mount = fc.record({
  volume,
  path: absolutePath,
  options: fc.record({
    readOnly: optional(fc.boolean(), 0.3),
    subPath: optional(mostly(fc.constantFrom('app', 'a/b'), fc.constantFrom('/abs', '../up', 'a/../../b', '')), 0.2),
    allContainers: optional(fc.boolean(), 0.2),
    containers: optional(mostly<string[]>(fc.constant(['web']), fc.constantFrom<string[]>([], ['nope'], ['web', 'web'])), 0.1),
    acknowledgeSingleNode: optional(fc.boolean(), 0.3),
  }, { requiredKeys: [] }),
});

describe('StorageVolume', () => {
  const RUNS = 100;

  test('volumes of every kind mounted in a workload: valid volumes and mounts, or a refusal', () => {
    const arbitrary = fc.record({
      kind: fc.constantFrom('stateless', 'stateless-1', 'daemon'),
      relaxHostPath: fc.boolean(),
      sidecar: fc.boolean(),
      mounts: fc.array(mount, { minLength: 1, maxLength: 3 }),
    });
    const counts = assertOutcomes(arbitrary, RUNS, ({ kind, relaxHostPath, sidecar, mounts }) => synthOrRefuse(({ chart }) => {
      const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
      const podProps = {
        identity,
        container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }] },
        sidecars: sidecar ? [{ name: 'shipper', image: IMAGE }] : undefined,
        // A relaxation that relaxes nothing is refused (test/workload): only with a node path to relax.
        relax: relaxHostPath && mounts.some((m) => m.volume.kind === 'host-path') ? [SecurityRelaxation.HOST_PATH] : undefined,
      };
      const workload: AppWorkload = kind === 'daemon' ? new DaemonWorkload(chart, 'Web', podProps)
        : new StatelessWorkload(chart, 'Web', { ...podProps, replicas: kind === 'stateless-1' ? 1 : undefined });
      mounts.forEach((m, i) => makeVolume(chart, i, m.volume).mountIn(workload, m.path, m.options));
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

describe('PersistentClaim and ReplicaStorage', () => {
  const RUNS = 100;

  test('PersistentClaim: a valid protected claim, or a refusal', () => {
    const arbitrary = fc.record({
      name: mostly(name, wrongType, 20),
      size: mostly(sizeGibibytes, wrongType, 20),
      storageClassName: optional(name, 0.3),
      accessModes,
      volumeMode: optional(mostly(fc.constantFrom(...Object.values(kplus.PersistentVolumeMode)), fc.constant('Bogus') as fc.Arbitrary<any>), 0.2),
      protectFromDeletion: optional(fc.boolean(), 0.3),
      identity: fc.boolean(),
    });
    const counts = assertOutcomes(arbitrary, RUNS, ({ identity, ...props }) => synthOrRefuse(({ chart }) => {
      new PersistentClaim(chart, 'Claim', { ...props, identity: identity ? new AppIdentity(chart, 'Identity', { name: 'db' }) : undefined });
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('ReplicaStorage: valid claim templates mounted in the StatefulSet, or a refusal', () => {
    const storage = fc.record({
      name: volumeName,
      mountPath: absolutePath,
      size: sizeGibibytes,
      storageClassName: optional(name, 0.3),
      accessModes,
      volumeMode: optional(fc.constantFrom(...Object.values(kplus.PersistentVolumeMode)), 0.2),
      readOnly: optional(fc.boolean(), 0.3),
      subPath: optional(mostly(fc.constant('data'), fc.constantFrom('/abs', '../x')), 0.2),
    }, { requiredKeys: ['name', 'mountPath', 'size'] });
    const arbitrary = fc.record({
      storages: fc.array(storage, { minLength: 1, maxLength: 3 }),
      replicas: optional(count(1, 3), 0.5),
      runAsUser: optional(fc.constantFrom(999, 10001), 0.3),
    });
    const counts = assertOutcomes(arbitrary, RUNS, ({ storages, replicas, runAsUser }) => synthOrRefuse(({ chart }) => {
      const db = new StatefulWorkload(chart, 'Db', {
        identity: new AppIdentity(chart, 'Identity', { name: 'db' }),
        container: { image: IMAGE, ports: [{ name: 'postgres', number: 5432 }] },
        replicas,
        runAsUser,
      });
      for (const s of storages) {
        ReplicaStorage.addTo(db, s);
      }
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

describe('ConfigFiles', () => {
  const RUNS = 60;
  let folder: string;

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-property-config-'));
  });
  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** A file name: usually a valid ConfigMap key, sometimes anything a file system allows. */
  const fileName = mostly(fc.constantFrom('app.yaml', 'nginx.conf', 'settings.json', '.env'),
    fc.oneof(hostileString, fc.constantFrom('a b.txt', 'ünï.conf', '🙂.yaml', '..hidden', '-dash', 'x'.repeat(254))), 4)
    .filter((f) => f !== '' && f !== '.' && f !== '..' && !f.includes('/') && !f.includes('\0') && Buffer.byteLength(f) <= 255);
  const key = mostly(fc.constantFrom('app.yaml', 'other.conf'), hostileString, 4);

  /** File contents: text, unicode, binary, empty, or too large for a ConfigMap. */
  const content = fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 40 }).map((s) => Buffer.from(s)) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }).map((s) => Buffer.from(s)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(1048577, 'a')) },
  );

  test('files, a folder and keyed files: a valid ConfigMap, or a refusal', () => {
    const arbitrary = fc.record({
      name: mostly(name, wrongType, 20),
      files: fc.array(fc.record({ fileName: fileName, content }), { maxLength: 3 }),
      how: fc.constantFrom('files', 'directory', 'keyedFiles', 'mixed', 'none', 'missing'),
      keys: fc.array(key, { minLength: 3, maxLength: 3 }),
      immutable: optional(fc.boolean(), 0.3),
      identity: fc.boolean(),
      labelKey,
    });
    let run = 0;
    const counts = assertOutcomes(arbitrary, RUNS, (input) => {
      const dir = path.join(folder, `run-${run++}`);
      fs.mkdirSync(dir);
      const written = new Map<string, string>();
      for (const f of input.files) {
        const file = path.join(dir, f.fileName);
        fs.writeFileSync(file, f.content);
        written.set(f.fileName, file);
      }
      const files = [...written.values()];
      return synthOrRefuse(({ chart }) => {
        const keyed = Object.fromEntries(files.map((f, i) => [input.keys[i], f]));
        new ConfigFiles(chart, 'Config', {
          name: input.name,
          directory: input.how === 'directory' || input.how === 'mixed' ? dir : input.how === 'missing' ? path.join(dir, 'missing') : undefined,
          files: input.how === 'files' || input.how === 'mixed' ? files : undefined,
          keyedFiles: input.how === 'keyedFiles' ? keyed : undefined,
          immutable: input.immutable,
          identity: input.identity ? new AppIdentity(chart, 'Identity', { name: 'web' }) : undefined,
        });
      });
    });
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});
