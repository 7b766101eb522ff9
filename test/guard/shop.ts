/**
 * The application the change guard tests change: a shop made with the library's constructs, with every kind of
 * object the guard has rules for (a StatefulSet with claim templates and its Services, a shared claim, a
 * Deployment, a Job). Each test synthesizes a baseline and a changed version.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, BatchJob, ChangeFinding, ContainerImage, PersistentClaim, ReplicaStorage, ServiceExposure, StatefulService, StatefulWorkload,
  WebService,
} from '../../src';

const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) };

export interface ShopVersion {
  readonly namespace?: string;
  /** The shared claim. */
  readonly claimName?: string;
  readonly claimGi?: number;
  readonly claimClass?: string;
  readonly claimModes?: kplus.PersistentVolumeAccessMode[];
  readonly claimProtected?: boolean;
  readonly withClaim?: boolean;
  /** The database (StatefulService). */
  readonly dbName?: string;
  readonly dbImage?: string;
  readonly dbReplicas?: number;
  readonly dbExposure?: ServiceExposure;
  readonly dbPodManagement?: kplus.PodManagementPolicy;
  readonly templates?: Array<{ name: string; gi: number; storageClassName?: string }>;
  /** The web application (WebService). */
  readonly webImage?: string;
  readonly webReplicas?: number;
  readonly webMemoryMi?: number;
  /** The import Job (BatchJob). */
  readonly jobImage?: string;
  readonly jobTtl?: boolean;
  /** Extra objects, made in the chart. */
  readonly extra?: (chart: Chart) => void;
}

/** Synthesizes one version of the shop. */
export function shop(v: ShopVersion = {}): any[] {
  return Testing.synth(shopChart(v));
}

export function shopChart(v: ShopVersion = {}): Chart {
  const chart = new Chart(Testing.app(), 'shop', { namespace: v.namespace ?? 'shop' });
  new StatefulService(chart, 'Db', {
    name: v.dbName ?? 'mysql',
    image: ContainerImage.fromReference(v.dbImage ?? 'mysql:8.0.36'),
    ports: [{ name: 'mysql', number: 3306 }],
    runAsUser: 999,
    fsGroup: 999,
    resources,
    replicas: v.dbReplicas ?? 1,
    podManagementPolicy: v.dbPodManagement,
    serviceExposure: v.dbExposure,
    replicaStorage: (v.templates ?? [{ name: 'data', gi: 10 }]).map((t) => ({
      name: t.name, mountPath: `/var/lib/${t.name}`, size: Size.gibibytes(t.gi), storageClassName: t.storageClassName,
    })),
  });
  if (v.withClaim ?? true) {
    new PersistentClaim(chart, 'Uploads', {
      name: v.claimName ?? 'uploads',
      size: Size.gibibytes(v.claimGi ?? 20),
      storageClassName: v.claimClass ?? 'fast-ssd',
      accessModes: v.claimModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      protectFromDeletion: v.claimProtected ?? false,
    });
  }
  new WebService(chart, 'Web', {
    name: 'web',
    image: ContainerImage.fromReference(v.webImage ?? 'nginxinc/nginx-unprivileged:1.27.3-alpine'),
    port: 8080,
    replicas: v.webReplicas ?? 2,
    resources: { ...resources, memoryRequest: Size.mebibytes(v.webMemoryMi ?? 128) },
  });
  new BatchJob(chart, 'Import', {
    name: 'import',
    image: ContainerImage.fromReference(v.jobImage ?? 'busybox:1.36'),
    command: ['sh', '-c', 'echo import'],
    resources,
    deleteAfterFinished: v.jobTtl ?? false,
  });
  v.extra?.(chart);
  return chart;
}

/** A StatefulWorkload with a given headless Service name (StatefulService always names it `<name>-headless`). */
export function statefulWorkload(serviceName: string): any[] {
  const chart = new Chart(Testing.app(), 'db', { namespace: 'db' });
  const db = new StatefulWorkload(chart, 'Db', {
    identity: new AppIdentity(chart, 'Identity', { name: 'pg' }),
    serviceName,
    runAsUser: 999,
    fsGroup: 999,
    container: { image: ContainerImage.fromReference('postgres:16.3'), ports: [{ name: 'pg', number: 5432 }], resources },
  });
  ReplicaStorage.addTo(db, { name: 'data', mountPath: '/var/lib/postgresql/data', size: Size.gibibytes(10) });
  return Testing.synth(chart);
}

/** A deep copy of the manifests, with one object changed in place by `change`. */
export function edit(manifests: any[], kind: string, name: string, change: (object: any) => void): any[] {
  const copy = JSON.parse(JSON.stringify(manifests));
  const found = copy.filter((m: any) => m.kind === kind && m.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  }
  change(found[0]);
  return copy;
}

/** The findings in a short form for toEqual: `rule severity Kind ns/name field`. */
export function summary(findings: ChangeFinding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.severity}${f.acknowledged ? ' acknowledged' : ''} ${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name} ${f.field}`);
}

/** The single finding of a comparison; fails the test when there is not exactly one. */
export function single(findings: ChangeFinding[]): ChangeFinding {
  if (findings.length !== 1) {
    throw new Error(`expected one finding, found ${findings.length}:\n${findings.map((f) => f.message).join('\n')}`);
  }
  return findings[0];
}

/** A chart shop in namespace shop, with what `make` adds. */
export function withChart(make: (chart: Chart) => void): Chart {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  make(chart);
  return chart;
}

/** A Deployment files whose pods mount the claim uploads. */
export function mountUploads(chart: Chart): void {
  const claim = kplus.PersistentVolumeClaim.fromClaimName(chart, 'UploadsRef', 'uploads');
  new kplus.Deployment(chart, 'Files', {
    metadata: { name: 'files' },
    replicas: 1,
    securityContext: { ensureNonRoot: true, user: 1000, group: 1000 },
    containers: [{
      name: 'files',
      image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
      portNumber: 8080,
      resources: { cpu: { request: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64) } },
      volumeMounts: [{ path: '/srv', volume: kplus.Volume.fromPersistentVolumeClaim(chart, 'UploadsVolume', claim) }],
    }],
  });
}
