import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, ContainerImage, StatefulWorkload, StatefulWorkloadProps, Warnings } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const MYSQL = ContainerImage.fromReference('mysql:8.0.36');

function mysql(props: Partial<StatefulWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'mysql', version: '8.0.36', component: 'database', partOf: 'shop' });
  const db = new StatefulWorkload(chart, 'Db', {
    identity,
    replicas: 3,
    runAsUser: 999,
    runAsGroup: 999,
    fsGroup: 999,
    container: {
      image: MYSQL,
      ports: [{ name: 'mysql', number: 3306 }],
      resources: { cpuRequest: kplus.Cpu.millis(500), memoryRequest: Size.gibibytes(1), memoryLimit: Size.gibibytes(1) },
    },
    ...props,
  });
  return { chart, identity, db };
}

test('a MySQL StatefulSet with per-replica storage and a headless governing Service', () => {
  const { chart, identity, db } = mysql();
  db.addReplicaVolumeClaim({ name: 'data', spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: kplus.k8s.Quantity.fromString('10Gi') } } } }, '/var/lib/mysql');
  const manifests = synth(chart);
  const sts = only(manifests, 'StatefulSet');
  expect(sts.spec).toMatchObject({
    replicas: 3,
    serviceName: 'mysql-headless',
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    selector: { matchLabels: identity.selectorLabels },
  });
  expect(sts.spec.volumeClaimTemplates).toEqual([{
    // The application's labels but its version: claim templates cannot change from one release to the next.
    metadata: { name: 'data', labels: Object.fromEntries(Object.entries(identity.labels).filter(([k]) => k !== 'app.kubernetes.io/version')) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
  }]);
  expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/var/lib/mysql', name: 'data' });
  // cdk8s-plus-34 lists the claim as a pod volume too; the StatefulSet controller replaces it with each replica's claim.
  expect(sts.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['tmp', 'data']);
  const headless = only(manifests, 'Service');
  expect(headless.metadata.name).toBe('mysql-headless');
  expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: identity.selectorLabels });
  expect(headless.spec.ports).toEqual([{ name: 'mysql', port: 3306, targetPort: 3306 }]);
  expect(only(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  expect(db.headlessService).toBeInstanceOf(kplus.Service);
  expect(yamlOf(chart)).toMatchSnapshot();
});

test('one replica by default (no PDB, no spread); partition, parallel pod management, service name', () => {
  const { chart } = mysql({ replicas: undefined, partition: 2, podManagementPolicy: kplus.PodManagementPolicy.PARALLEL, serviceName: 'mysql-peers' });
  const manifests = synth(chart);
  const sts = only(manifests, 'StatefulSet');
  expect(sts.spec).toMatchObject({ replicas: 1, podManagementPolicy: 'Parallel', serviceName: 'mysql-peers', updateStrategy: { rollingUpdate: { partition: 2 } } });
  expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
});

test('the claim names do not depend on construct ids', () => {
  const claims = (id: string) => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, `${id}Identity`, { name: 'mysql' });
    const db = new StatefulWorkload(chart, id, { identity, container: { image: MYSQL, ports: [{ name: 'mysql', number: 3306 }] } });
    db.addReplicaVolumeClaim({ name: 'data', spec: { accessModes: ['ReadWriteOnce'] } }, '/var/lib/mysql');
    const sts = only(synth(chart), 'StatefulSet');
    return { name: sts.metadata.name, claims: sts.spec.volumeClaimTemplates.map((t: any) => t.metadata.name) };
  };
  expect(claims('Db')).toEqual(claims('RenamedDatabase'));
});

test.each([
  [{ name: 'x'.repeat(53) }, /test\/Db: invalid name "x{53}": it is 53 characters long, more than 52/],
  [{ name: 'my.sql' }, /invalid name "my\.sql": it contains "\."/],
  [{ partition: -1 }, /invalid partition -1: it is below 0/],
  [{ serviceName: '1mysql' }, /invalid serviceName "1mysql": it starts with "1", not a letter/],
  [{ container: { image: ContainerImage.fromReference('mysql:8.4.3') } },
    /test\/Db: invalid container\.ports \(undefined\): the main container declares no port, and the headless Service that gives each pod its DNS name needs one/],
])('refused: %#', (props, message) => {
  expect(() => mysql(props as Partial<StatefulWorkloadProps>)).toThrow(message);
});

test('claim templates: a duplicate name and a relative mount path are refused', () => {
  const { db } = mysql();
  db.addReplicaVolumeClaim({ name: 'data', spec: {} }, '/data');
  expect(() => db.addReplicaVolumeClaim({ name: 'data', spec: {} }, '/other')).toThrow(/invalid claim\.name "data": another claim template of this workload has the same name/);
  expect(() => db.addReplicaVolumeClaim({ name: 'logs', spec: {} }, 'logs')).toThrow(/invalid mountPath "logs": it is not an absolute path/);
  expect(() => db.addReplicaVolumeClaim({ name: 'Logs', spec: {} }, '/logs')).toThrow(/invalid claim\.name "Logs"/);
});

test('a version bump leaves the claim templates alone (they are immutable)', () => {
  const templates = (version: string) => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'mysql', version, partOf: 'shop' });
    const db = new StatefulWorkload(chart, 'Db', { identity, container: { image: MYSQL, ports: [{ name: 'mysql', number: 3306 }] } });
    db.addReplicaVolumeClaim({ name: 'data', spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: kplus.k8s.Quantity.fromString('1Gi') } } } }, '/var/lib/mysql');
    return only(synth(chart), 'StatefulSet').spec.volumeClaimTemplates;
  };
  expect(templates('8.0.37')).toEqual(templates('8.0.36'));
  expect(templates('8.0.36')[0].metadata.labels).toEqual({
    'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'cdk8s',
  });
});

test('refused: a partition above int32', () => {
  expect(refusalOf(() => mysql({ partition: 2 ** 31 }))).toMatchObject({
    constructPath: 'test/Db', prop: 'partition', value: 2 ** 31, problem: 'it is above 2147483647', accepted: 'an ordinal: an integer from 0 to 2147483647',
  });
});

describe('warnings', () => {
  test('scaling a StatefulSet by load: each new replica starts empty', () => {
    const { db } = mysql({ replicas: undefined, autoscaling: { minReplicas: 3, maxReplicas: 5 } });
    expect(Warnings.of(db)).toContainEqual(expect.stringMatching(/the replicas of a StatefulSet are scaled by load: each new replica starts with empty storage/));
    expect(Warnings.of(mysql().db).filter((w) => w.includes('scaled by load'))).toEqual([]);
  });

  test('a partition not below the replicas: the update changes no pod', () => {
    expect(Warnings.of(mysql({ partition: 3 }).db)).toContainEqual('test/Db: partition 3 is not below the replicas (3): a rolling update changes no pod until '
      + 'the partition is lowered');
    expect(Warnings.of(mysql({ partition: 2 }).db).filter((w) => w.includes('partition'))).toEqual([]);
  });
});
