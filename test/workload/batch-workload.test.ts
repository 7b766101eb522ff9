import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, BatchWorkload, BatchWorkloadProps, ContainerImage, JobCompletionMode, KubernetesVersion, PlatformDefaults, PodReplacementPolicy,
  TerminationMessagePolicy,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

function importJob(props: Partial<BatchWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'data-import', version: '2.1.0', partOf: 'shop' });
  const job = new BatchWorkload(chart, 'Import', {
    identity,
    container: {
      image: ContainerImage.fromReference('registry.example.com/shop/importer:2.1.0'),
      args: ['--source', 's3://shop-exports/2026-11-21'],
      resources: { cpuRequest: kplus.Cpu.millis(500), memoryRequest: Size.mebibytes(512), memoryLimit: Size.mebibytes(512) },
    },
    ...props,
  });
  return { chart, identity, job };
}

test('a one-off data import: 5 completions, 2 at a time, 3 retries, a deadline, cleaned up after a day', () => {
  const { chart } = importJob({ completions: 5, parallelism: 2, backoffLimit: 3, activeDeadline: Duration.hours(2) });
  const job = only(synth(chart), 'Job');
  expect(job.spec).toMatchObject({
    completions: 5, parallelism: 2, backoffLimit: 3, activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 86400,
  });
  expect(job.spec.template.spec.restartPolicy).toBe('Never');
  expect(job.spec.selector).toBeUndefined();
  expect(yamlOf(chart)).toMatchSnapshot();
});

test('defaults, a custom TTL, kept forever, restart on failure', () => {
  expect(only(synth(importJob().chart), 'Job').spec).toMatchObject({ backoffLimit: 6, ttlSecondsAfterFinished: 86400 });
  expect(only(synth(importJob({ ttlAfterFinished: Duration.hours(1) }).chart), 'Job').spec.ttlSecondsAfterFinished).toBe(3600);
  expect(only(synth(importJob({ deleteAfterFinished: false }).chart), 'Job').spec.ttlSecondsAfterFinished).toBeUndefined();
  expect(only(synth(importJob({ restartPolicy: kplus.RestartPolicy.ON_FAILURE }).chart), 'Job').spec.template.spec.restartPolicy).toBe('OnFailure');
});

test.each([
  [{ completions: 0 }, /test\/Import: invalid completions 0: it is below 1/],
  [{ parallelism: 1.5 }, /invalid parallelism 1\.5: it is not a whole number/],
  [{ backoffLimit: -1 }, /invalid backoffLimit -1: it is below 0/],
  [{ activeDeadline: Duration.seconds(0) }, /invalid activeDeadline 0: it is below 1/],
  [{ restartPolicy: kplus.RestartPolicy.ALWAYS }, /invalid restartPolicy "Always": a job's pods must end/],
  [{ deleteAfterFinished: false, ttlAfterFinished: Duration.hours(1) }, /invalid ttlAfterFinished "60 minutes": `deleteAfterFinished` is false/],
  [{ name: 'import.job' }, /invalid name "import\.job": it contains "\."/],
])('refused: %#', (props, message) => {
  expect(() => importJob(props as Partial<BatchWorkloadProps>)).toThrow(message);
});

const INT32 = 2 ** 31;
test.each([
  ['completions above int32', { completions: INT32 }, 'completions', INT32, 'it is above 2147483647', 'a count: an integer from 1 to 2147483647'],
  ['parallelism above int32', { parallelism: INT32 }, 'parallelism', INT32, 'it is above 2147483647', 'a count: an integer from 1 to 2147483647'],
  ['backoffLimit above int32', { backoffLimit: INT32 }, 'backoffLimit', INT32, 'it is above 2147483647', 'a count: an integer from 0 to 2147483647'],
  ['activeDeadline above 100 years (an int64 field)', { activeDeadline: Duration.seconds(2 ** 63) }, 'activeDeadline', 2 ** 63, 'it is above 3153600000',
    'a duration in whole seconds from 1 to 3153600000'],
  ['activeDeadline of NaN seconds', { activeDeadline: Duration.seconds(NaN) }, 'activeDeadline', NaN, 'it is not a finite number',
    'a duration in whole seconds from 1 to 3153600000'],
  ['activeDeadline of half a millisecond', { activeDeadline: Duration.millis(0.5) }, 'activeDeadline', 0.0005, 'it is not a whole number',
    'a duration in whole seconds from 1 to 3153600000'],
  ['ttlAfterFinished above int32 seconds', { ttlAfterFinished: Duration.seconds(INT32) }, 'ttlAfterFinished', INT32, 'it is above 2147483647',
    'a duration in whole seconds from 0 to 2147483647'],
  ['ttlAfterFinished of infinite seconds', { ttlAfterFinished: Duration.seconds(Infinity) }, 'ttlAfterFinished', Infinity, 'it is not a finite number',
    'a duration in whole seconds from 0 to 2147483647'],
])('refused: %s', (_, props, prop, value, problem, accepted) => {
  expect(refusalOf(() => importJob(props as Partial<BatchWorkloadProps>))).toMatchObject({ constructPath: 'test/Import', prop, value, problem, accepted });
});

test('the largest accepted counts and deadlines', () => {
  const { chart } = importJob({
    completions: 2147483647,
    parallelism: 2147483647,
    backoffLimit: 2147483647,
    activeDeadline: Duration.days(36500),
    ttlAfterFinished: Duration.seconds(2147483647),
  });
  expect(only(synth(chart), 'Job').spec).toMatchObject({
    completions: 2147483647,
    parallelism: 2147483647,
    backoffLimit: 2147483647,
    activeDeadlineSeconds: 3153600000,
    ttlSecondsAfterFinished: 2147483647,
  });
});

describe('sidecars: a Job completes only when every container exits', () => {
  const PROXY = ContainerImage.fromReference('registry.example.com/tools/cloud-sql-proxy:2.11.0');
  const REFUSED = {
    problem: 'a Job completes only when every container of its pod exits; this sidecar never does (it is not declared to exit on its own, '
      + 'and Kubernetes 1.27 has no native sidecars that stop with the main container), so the Job would never complete',
    accepted: 'a sidecar that exits by itself once the work is done, declared with `exitsOnItsOwn: true` (e.g. a proxy that the main container '
      + 'shuts down when it finishes), or its work done in the main container',
  };

  test.each([
    ['not declared', { name: 'proxy', image: PROXY }],
    ['declared not to exit', { name: 'proxy', image: PROXY, exitsOnItsOwn: false }],
  ])('a sidecar %s is refused', (_, sidecar) => {
    expect(refusalOf(() => importJob({ sidecars: [sidecar] }))).toMatchObject({ constructPath: 'test/Import', prop: 'sidecars[0]', value: 'proxy', ...REFUSED });
  });

  test('the second sidecar, when only the first is declared to exit', () => {
    const sidecars = [{ name: 'proxy', image: PROXY, exitsOnItsOwn: true }, { name: 'agent', image: PROXY }];
    expect(refusalOf(() => importJob({ sidecars }))).toMatchObject({ constructPath: 'test/Import', prop: 'sidecars[1]', value: 'agent' });
  });

  test('a sidecar added after the workload is made', () => {
    const { job } = importJob();
    expect(refusalOf(() => job.addSidecar({ name: 'agent', image: PROXY }))).toMatchObject({ constructPath: 'test/Import', prop: 'sidecars[0]', value: 'agent', ...REFUSED });
    expect(job.containerNames).toEqual(['data-import']);
  });

  test('a sidecar declared to exit on its own is accepted, and named in the pod annotation', () => {
    const { chart, job } = importJob({ sidecars: [{ name: 'proxy', image: PROXY, exitsOnItsOwn: true, args: ['--quitquitquit'] }] });
    job.addSidecar({ name: 'uploader', image: PROXY, exitsOnItsOwn: true });
    const pod = only(synth(chart), 'Job').spec.template;
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['data-import', 'proxy', 'uploader']);
    expect(pod.metadata.annotations['cdk8s-appflow/exits-on-its-own']).toBe('proxy,uploader');
  });

  test('no annotation without sidecars; init containers run to completion anyway', () => {
    const { chart } = importJob({ initContainers: [{ name: 'fetch', image: PROXY }] });
    expect(only(synth(chart), 'Job').spec.template.metadata.annotations['cdk8s-appflow/exits-on-its-own']).toBeUndefined();
  });

  test('from Kubernetes 1.29, a sidecar is a native sidecar: the Job completes when the main container exits', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_29 });
    const { chart, job } = importJob({
      initContainers: [{ name: 'fetch', image: PROXY }],
      sidecars: [{ name: 'proxy', image: PROXY, ports: [{ name: 'proxy', number: 15000 }] }],
    }, new Chart(app, 'test'));
    job.addSidecar({ name: 'uploader', image: PROXY, terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR });
    expect(job.nativeSidecars).toBe(true);
    const pod = only(synth(chart), 'Job').spec.template;
    // The main container alone in `containers`: the Job's pod succeeds when it exits, and the kubelet then stops the
    // native sidecars (init containers with restartPolicy: Always), which start after the init containers before them.
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['data-import']);
    expect(pod.spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['fetch', undefined], ['proxy', 'Always'], ['uploader', 'Always']]);
    expect(pod.spec.initContainers[2].terminationMessagePolicy).toBe('FallbackToLogsOnError');
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.metadata.annotations['cdk8s-appflow/exits-on-its-own']).toBeUndefined();
    expect(job.containerNames).toEqual(['data-import', 'proxy', 'fetch', 'uploader']);
  });

  test('before 1.29 the same sidecar stays a regular container, and is refused in a Job', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_28 });
    expect(refusalOf(() => importJob({ sidecars: [{ name: 'proxy', image: PROXY }] }, new Chart(app, 'test')))).toMatchObject({
      prop: 'sidecars[0]',
      problem: 'a Job completes only when every container of its pod exits; this sidecar never does (it is not declared to exit on its own, '
        + 'and Kubernetes 1.28 has no native sidecars that stop with the main container), so the Job would never complete',
      accepted: REFUSED.accepted,
    });
  });

  test('nativeSidecars: false on a target that has them: the refusal says so, and what would be accepted', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_30 });
    expect(refusalOf(() => importJob({ nativeSidecars: false, sidecars: [{ name: 'proxy', image: PROXY }] }, new Chart(app, 'test')))).toMatchObject({
      constructPath: 'test/Import',
      prop: 'sidecars[0]',
      value: 'proxy',
      problem: 'a Job completes only when every container of its pod exits; this sidecar never does (it is not declared to exit on its own, '
        + 'and it is no native sidecar, which would stop with the main container: the workload says nativeSidecars: false), so the Job would never complete',
      accepted: 'native sidecars (nativeSidecars: true, the default for the target), or ' + REFUSED.accepted,
    });
  });

  test('nativeSidecars: true needs a target of 1.29 or later, and a boolean', () => {
    expect(refusalOf(() => importJob({ nativeSidecars: true }))).toMatchObject({
      constructPath: 'test/Import',
      prop: 'nativeSidecars',
      value: true,
      problem: 'it needs native sidecars (init containers with restartPolicy: Always), on by default from Kubernetes 1.29, and the target is '
        + 'Kubernetes 1.27 (platform default kubernetesVersion, the built-in default)',
      accepted: 'nativeSidecars: false (the sidecars as regular containers), or a target of Kubernetes 1.29 or later '
        + '(PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_29 }))',
    });
    expect(refusalOf(() => importJob({ nativeSidecars: 'yes' as any }))).toMatchObject({
      prop: 'nativeSidecars',
      value: 'yes',
      problem: 'it is not a boolean',
      accepted: 'true (native sidecars: init containers with restartPolicy: Always, Kubernetes 1.29 or later) or false (regular containers)',
    });
  });

  test('exitsOnItsOwn must be a boolean', () => {
    expect(refusalOf(() => importJob({ sidecars: [{ name: 'proxy', image: PROXY, exitsOnItsOwn: 'yes' as any }] })))
      .toMatchObject({ prop: 'sidecars[0].exitsOnItsOwn', value: 'yes', problem: 'it is not a boolean' });
  });
});

describe('completionMode', () => {
  test('indexed: one pod per index from 0 to completions - 1, each told its index', () => {
    const { chart } = importJob({ completions: 10, parallelism: 3, completionMode: JobCompletionMode.INDEXED });
    expect(only(synth(chart), 'Job').spec).toMatchObject({ completions: 10, parallelism: 3, completionMode: 'Indexed' });
    expect(only(synth(importJob().chart), 'Job').spec.completionMode).toBeUndefined();
  });

  test('an indexed Job without completions, or a value that is no mode, is refused', () => {
    expect(refusalOf(() => importJob({ completionMode: JobCompletionMode.INDEXED }))).toMatchObject({
      constructPath: 'test/Import',
      prop: 'completionMode',
      value: 'Indexed',
      problem: 'an indexed Job needs completions: the indexes run from 0 to completions - 1',
    });
    expect(refusalOf(() => importJob({ completions: 3, completionMode: 'indexed' as any }))).toMatchObject({
      prop: 'completionMode', problem: 'it is not a completion mode', accepted: 'one of "NonIndexed", "Indexed" (JobCompletionMode)',
    });
  });
});

describe('podReplacementPolicy (Kubernetes 1.29 or later)', () => {
  function chartFor(kubernetesVersion: KubernetesVersion): Chart {
    const app = Testing.app();
    PlatformDefaults.set(app, { kubernetesVersion });
    return new Chart(app, 'test');
  }

  test('Failed: a replacement pod waits until the old one has terminated', () => {
    const { chart } = importJob({ podReplacementPolicy: PodReplacementPolicy.FAILED }, chartFor(KubernetesVersion.V1_29));
    expect(only(synth(chart), 'Job').spec.podReplacementPolicy).toBe('Failed');
    expect(only(synth(importJob({}, chartFor(KubernetesVersion.V1_29)).chart), 'Job').spec.podReplacementPolicy).toBeUndefined();
  });

  test('refused on an older target, with the version it needs; a value that is no policy is refused', () => {
    expect(refusalOf(() => importJob({ podReplacementPolicy: PodReplacementPolicy.FAILED }, chartFor(KubernetesVersion.V1_28)))).toMatchObject({
      constructPath: 'test/Import',
      prop: 'podReplacementPolicy',
      value: 'Failed',
      problem: 'it needs the pod replacement policy of Jobs (podReplacementPolicy), on by default from Kubernetes 1.29, and the target is '
        + 'Kubernetes 1.28 (platform default kubernetesVersion, set at <root>)',
      accepted: 'no podReplacementPolicy, or a target of Kubernetes 1.29 or later (PlatformDefaults.set(app, { kubernetesVersion: KubernetesVersion.V1_29 }))',
    });
    expect(refusalOf(() => importJob({ podReplacementPolicy: 'Sometimes' as any }, chartFor(KubernetesVersion.V1_36)))).toMatchObject({
      prop: 'podReplacementPolicy',
      value: 'Sometimes',
      problem: 'it is not a pod replacement policy',
      accepted: 'one of "TerminatingOrFailed", "Failed" (PodReplacementPolicy)',
    });
  });
});
