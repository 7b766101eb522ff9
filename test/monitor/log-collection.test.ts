import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, BatchWorkload, ContainerImage, CronSchedule, KubernetesVersion, LogCollection, ManifestYaml, PlatformDefaults, PodSecurity,
  ScheduledWorkload, SecurityProfile, StatelessWorkload, Warnings,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };

function legacy() {
  const chart = new Chart(Testing.app(), 'legacy', { namespace: 'legacy' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'billing' });
  const workload = new StatelessWorkload(chart, 'Billing', {
    identity, container: { image: ContainerImage.fromReference('registry.example.com/billing:7.1.0'), ports: [{ name: 'http', number: 8080 }], resources },
  });
  return { chart, workload };
}

test('hints for Fluent Bit on the pods', () => {
  const { chart, workload } = legacy();
  LogCollection.addHints(workload, { parser: 'json', exclude: false });
  const annotations = only(synth(chart), 'Deployment').spec.template.metadata.annotations;
  expect(annotations['fluentbit.io/parser']).toBe('json');
  expect(annotations['fluentbit.io/exclude']).toBeUndefined();
});

test('pods left out of the collection', () => {
  const { chart, workload } = legacy();
  LogCollection.addHints(workload, { exclude: true });
  expect(only(synth(chart), 'Deployment').spec.template.metadata.annotations['fluentbit.io/exclude']).toBe('true');
});

test('log files shipped by a sidecar that follows a shared scratch volume (snapshot)', () => {
  const { chart, workload } = legacy();
  const sidecar = LogCollection.shipFiles(workload, { directory: '/var/log/billing' });
  expect(sidecar).toBe('logs');
  expect(workload.containerNames).toEqual(['billing', 'logs']);
  const deployment = only(synth(chart), 'Deployment');
  const [main, logs] = deployment.spec.template.spec.containers;
  expect(main.volumeMounts).toContainEqual({ mountPath: '/var/log/billing', name: 'logs' });
  expect(logs.volumeMounts).toContainEqual({ mountPath: '/var/log/billing', name: 'logs', readOnly: true });
  expect(logs.command.join(' ')).toContain('exec tail -n+1 -F *.log');
  // busybox's own user is root: the sidecar runs as nobody, or the kubelet would refuse to start it (runAsNonRoot).
  expect(logs.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true });
  expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'logs', emptyDir: {} });
  // The sidecar is secured like every container.
  expect(PodSecurity.problemsOf(deployment, SecurityProfile.RESTRICTED)).toEqual([]);
  expect(ManifestYaml.ofManifests([deployment])).toMatchSnapshot();
});

test('another pattern, image and name', () => {
  const { chart, workload } = legacy();
  LogCollection.shipFiles(workload, { directory: '/opt/app/logs', files: 'audit-*.txt', name: 'audit', image: ContainerImage.fromReference('registry.example.com/tools/busybox:1.36.1') });
  const logs = only(synth(chart), 'Deployment').spec.template.spec.containers[1];
  expect(logs.name).toBe('audit');
  expect(logs.image).toBe('registry.example.com/tools/busybox:1.36.1');
  expect(logs.command[2]).toContain('tail -n+1 -F audit-*.txt');
});

test('the sidecar\'s resources, as for any container (else the platform defaults, and a warning without them)', () => {
  const { chart, workload } = legacy();
  LogCollection.shipFiles(workload, {
    directory: '/var/log/billing', resources: { cpuRequest: kplus.Cpu.millis(10), memoryRequest: Size.mebibytes(16), memoryLimit: Size.mebibytes(32) },
  });
  const logs = only(synth(chart), 'Deployment').spec.template.spec.containers[1];
  expect(logs.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } });
  expect(Warnings.of(chart).filter((w) => w.includes('"logs"'))).toEqual([]);
});

describe('refused', () => {
  test.each<[string, () => void, RegExp]>([
    ['a parser name with spaces', () => LogCollection.addHints(legacy().workload, { parser: 'my parser' }),
      /legacy\/Billing: invalid logs\.parser "my parser": it is not a parser name/],
    ['a relative directory', () => LogCollection.shipFiles(legacy().workload, { directory: 'logs' }),
      /invalid logs\.directory "logs": it is not an absolute directory path/],
    ['the root directory', () => LogCollection.shipFiles(legacy().workload, { directory: '/' }), /invalid logs\.directory "\/"/],
    ['a pattern with a shell command in it', () => LogCollection.shipFiles(legacy().workload, { directory: '/var/log/billing', files: '*.log; rm -rf /' }),
      /invalid logs\.files "\*\.log; rm -rf \/": it is not a file pattern/],
    ['a sidecar name taken by the main container', () => LogCollection.shipFiles(legacy().workload, { directory: '/var/log/billing', name: 'billing' }),
      /billing/],
  ])('%s', (_what, act, message) => {
    expect(act).toThrow(message);
  });
});

describe('a Job or CronJob: no shipping sidecar, which would never exit, unless it is a native sidecar', () => {
  function jobs(kubernetesVersion?: KubernetesVersion) {
    const app = Testing.app();
    if (kubernetesVersion !== undefined) {
      PlatformDefaults.set(app, { kubernetesVersion });
    }
    const chart = new Chart(app, 'batch', { namespace: 'batch' });
    const container = { image: ContainerImage.fromReference('registry.example.com/billing/export:7.1.0'), resources };
    const job = new BatchWorkload(chart, 'Export', { identity: new AppIdentity(chart, 'ExportIdentity', { name: 'export' }), container });
    const cron = new ScheduledWorkload(chart, 'Nightly', {
      identity: new AppIdentity(chart, 'NightlyIdentity', { name: 'nightly' }), container, schedule: CronSchedule.daily(),
    });
    return { job, cron };
  }

  test.each([['Job', 'Export'], ['CronJob', 'Nightly']])('%s', (kind, id) => {
    const { job, cron } = jobs();
    const workload = kind === 'Job' ? job : cron;
    expect(refusalOf(() => LogCollection.shipFiles(workload, { directory: '/var/log/export' }))).toMatchObject({
      constructPath: `batch/${id}`,
      prop: 'logs',
      value: '/var/log/export',
      problem: `the workload is a ${kind}, which completes only when every container of its pod exits; the log shipping sidecar follows the files `
        + 'and never exits (Kubernetes 1.27 has no native sidecars that stop with the main container), so the Job would never complete',
      accepted: 'for a job, logs written to standard output, where the node\'s log collector reads them (e.g. the log file linked to /dev/stdout in '
        + 'the image), and no log files to ship',
    });
    // Nothing was added.
    expect(workload.containerNames).toEqual([workload.mainContainerName]);
  });

  test('from Kubernetes 1.29 the shipper is a native sidecar of the Job, which stops once the export has exited', () => {
    const { job } = jobs(KubernetesVersion.V1_30);
    expect(LogCollection.shipFiles(job, { directory: '/var/log/export' })).toBe('logs');
    const pod = only(synth(job.node.scope as Chart), 'Job').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['export']);
    expect(pod.initContainers).toEqual([expect.objectContaining({
      name: 'logs', restartPolicy: 'Always', volumeMounts: expect.arrayContaining([{ name: 'logs', mountPath: '/var/log/export', readOnly: true }]),
    })]);
    expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([{ name: 'logs', mountPath: '/var/log/export' }]));
  });

  test('the hints are fine on a job', () => {
    const { job } = jobs();
    LogCollection.addHints(job, { parser: 'json' });
    expect(only(synth(job.node.scope as Chart), 'Job').spec.template.metadata.annotations['fluentbit.io/parser']).toBe('json');
  });
});
