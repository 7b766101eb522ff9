/**
 * An untyped caller that passes the wrong construct (a cdk8s-plus object where the library's is asked, an application
 * pattern where its workload or Service is) gets an error that names it, never a TypeError.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AlertRules, AppIdentity, AppMonitoring, ContainerImage, ContainerProbes, HealthProbe, LogCollection, MetricsScrape, ReplicaStorage, StatefulService,
  StatelessWorkload, StorageVolume, WebService,
} from '../../src';

const image = ContainerImage.fromReference('registry.example.com/shop/web:1.0.0');
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) };
const untyped = (x: unknown): any => x;

function setup() {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const workload = new StatelessWorkload(chart, 'W', {
    identity: new AppIdentity(chart, 'I', { name: 'api' }), container: { image, resources, ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }] },
  });
  const web = new WebService(chart, 'Web', { name: 'web', image, port: 8080, resources, monitor: false });
  const db = new StatefulService(chart, 'Db', { name: 'db', image, port: 5432, resources, monitor: false });
  const plusService = new kplus.Service(chart, 'Plain', { ports: [{ name: 'metrics', port: 9090 }] });
  return { chart, workload, web, db, plusService };
}

const WORKLOADS = 'a StatelessWorkload, StatefulWorkload, DaemonWorkload, BatchWorkload or ScheduledWorkload (an application pattern\'s `workload`)';
const PATTERN = 'it is an application pattern, not a workload of cdk8s-appflow. Expected the pattern\'s `workload`, which is a workload of cdk8s-appflow.';

test.each<[string, (s: ReturnType<typeof setup>) => unknown, string]>([
  ['MetricsScrape given a pattern as its workload', (s) => new MetricsScrape(s.chart, 'M', untyped({ workload: s.web, portName: 'metrics' })),
    `shop/M: invalid workload WebService shop/Web: ${PATTERN}`],
  ['MetricsScrape given a cdk8s-plus Deployment', (s) => new MetricsScrape(s.chart, 'M', untyped({ workload: s.web.workload.workload, portName: 'metrics' })),
    `shop/M: invalid workload Deployment shop/Web/Release/Workload/Resource: it is not a workload of cdk8s-appflow. Expected ${WORKLOADS}.`],
  ['MetricsScrape without a workload', (s) => new MetricsScrape(s.chart, 'M', untyped({ portName: 'metrics' })),
    `shop/M: invalid workload (undefined): it is not a workload of cdk8s-appflow. Expected ${WORKLOADS}.`],
  ['MetricsScrape given a cdk8s-plus Service', (s) => new MetricsScrape(s.chart, 'M', untyped({ workload: s.workload, service: s.plusService, portName: 'metrics' })),
    'shop/M: invalid service Service shop/Plain: it is not an AppService. Expected the Service of the workload (an AppService), or none.'],
  ['MetricsScrape given a pattern as its Service', (s) => new MetricsScrape(s.chart, 'M', untyped({ workload: s.workload, service: s.web, portName: 'metrics' })),
    'shop/M: invalid service WebService shop/Web: it is an application pattern, not an AppService. Expected the pattern\'s `service`, which is an AppService.'],
  ['AppMonitoring given a cdk8s-plus Service', (s) => new AppMonitoring(s.chart, 'Mon', untyped({ workload: s.workload, service: s.plusService })),
    'shop/Mon: invalid service Service shop/Plain: it is not an AppService. Expected the Service of the workload (an AppService), or none.'],
  ['ContainerProbes.addTo a pattern', (s) => ContainerProbes.addTo(untyped(s.web), { liveness: HealthProbe.tcp({ portName: 'http' }) }),
    `shop/Web: invalid ContainerProbes.addTo(workload) WebService shop/Web: ${PATTERN}`],
  ['LogCollection.addHints to a pattern', (s) => LogCollection.addHints(untyped(s.web), { parser: 'json' }),
    `shop/Web: invalid LogCollection.addHints(workload) WebService shop/Web: ${PATTERN}`],
  ['LogCollection.shipFiles of nothing', () => LogCollection.shipFiles(untyped(undefined), { directory: '/var/log/app' }),
    `(no construct): invalid LogCollection.shipFiles(workload) (undefined): it is not a workload of cdk8s-appflow. Expected ${WORKLOADS}.`],
  ['StorageVolume.mountIn a pattern', (s) => StorageVolume.scratch('cache').mountIn(untyped(s.web), '/cache'),
    `shop/Web: invalid mountIn(workload) WebService shop/Web: ${PATTERN}`],
  ['ReplicaStorage.addTo a stateless workload', (s) => ReplicaStorage.addTo(untyped(s.workload), { name: 'data', mountPath: '/data', size: Size.gibibytes(1) }),
    'shop/W: invalid ReplicaStorage.addTo(workload) StatelessWorkload shop/W: it is not a StatefulWorkload. Expected a StatefulWorkload (a StatefulService\'s '
    + 'is its `workload`): storage per replica is a claim template of its StatefulSet.'],
  ['ReplicaStorage.addTo a pattern', (s) => ReplicaStorage.addTo(untyped(s.db), { name: 'data', mountPath: '/data', size: Size.gibibytes(1) }),
    'shop/Db: invalid ReplicaStorage.addTo(workload) StatefulService shop/Db: it is an application pattern, not a StatefulWorkload. Expected the pattern\'s '
    + '`workload`, which is a StatefulWorkload.'],
  ['AlertRules given a workload as its application', (s) => new AlertRules(s.chart, 'Alerts', untyped({ application: s.workload })),
    'shop/Alerts: invalid application StatelessWorkload shop/W: it is a construct, not a MonitoredApplication (the names and patterns the rules select by). '
    + 'Expected a MonitoredApplication; for a workload of the library, AppMonitoring (or a pattern\'s `monitoring`) derives one, as its `application`.'],
])('%s: refused by name', (_, call, message) => {
  let error: unknown;
  try {
    call(setup());
  } catch (e) {
    error = e;
  }
  expect(error).toMatchObject({ name: 'AppflowInputError', message });
});
