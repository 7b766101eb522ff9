import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, ContainerImage, CronSchedule, ScheduledWorkload, ScheduledWorkloadProps, Warnings } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

function nightly(props: Partial<ScheduledWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'nightly-report', version: '1.2.0', partOf: 'shop' });
  const cron = new ScheduledWorkload(chart, 'Report', {
    identity,
    schedule: CronSchedule.expression('30 3 * * *'),
    timeZone: 'Europe/Berlin',
    container: {
      image: ContainerImage.fromReference('registry.example.com/shop/reports:1.2.0'),
      resources: { cpuRequest: kplus.Cpu.millis(250), memoryRequest: Size.mebibytes(256), memoryLimit: Size.mebibytes(256) },
    },
    ...props,
  });
  return { chart, identity, cron };
}

test('a nightly report at 03:30 Berlin time', () => {
  const { chart } = nightly({ activeDeadline: Duration.hours(1), completions: 1 });
  const cronJob = only(synth(chart), 'CronJob');
  expect(cronJob.spec).toMatchObject({
    schedule: '30 3 * * *',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: 300,
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: { spec: { backoffLimit: 6, activeDeadlineSeconds: 3600, completions: 1 } },
  });
  expect(cronJob.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
  expect(yamlOf(chart)).toMatchSnapshot();
});

test('a macro, a TTL instead of the history, concurrency and suspension', () => {
  const { chart } = nightly({
    schedule: CronSchedule.daily(), ttlAfterFinished: Duration.hours(6), concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE, suspend: true,
  });
  const spec = only(synth(chart), 'CronJob').spec;
  expect(spec).toMatchObject({ schedule: '0 0 * * *', concurrencyPolicy: 'Replace', suspend: true, jobTemplate: { spec: { ttlSecondsAfterFinished: 21600 } } });
  // cdk8s-plus-34 keeps its history limits beside the TTL; the TTL deletes the jobs first.
  expect(spec.successfulJobsHistoryLimit).toBe(3);
});

test.each([
  [{ schedule: CronSchedule.expression('TZ=Europe/Berlin 30 2 * * *') }, /test\/Report: invalid schedule "TZ=Europe\/Berlin 30 2 \* \* \*": it sets a time zone with "TZ="/],
  [{ schedule: CronSchedule.expression('30 25 * * *') }, /invalid schedule "30 25 \* \* \*": its hour field "25" is out of range 0-23/],
  [{ schedule: '30 2 * * *' as any }, /invalid schedule "30 2 \* \* \*": it is not a CronSchedule/],
  [{ timeZone: 'Local' }, /invalid timeZone "Local"/],
  [{ timeZone: 'Europe/Berln' }, /invalid timeZone "Europe\/Berln": it is not a known IANA time zone/],
  [{ name: `nightly-report-${'x'.repeat(38)}` }, /invalid name "nightly-report-x{38}": it is 53 characters long, more than 52/],
  [{ startingDeadline: Duration.seconds(5) }, /invalid startingDeadline 5: it is below 10/],
  [{ ttlAfterFinished: Duration.hours(1), successfulJobsHistory: 5 }, /invalid successfulJobsHistory 5: `ttlAfterFinished` is set too/],
  [{ failedJobsHistory: -1 }, /invalid failedJobsHistory -1: it is below 0/],
])('refused: %#', (props, message) => {
  expect(() => nightly(props as Partial<ScheduledWorkloadProps>)).toThrow(message);
});

const INT32 = 2 ** 31;
test.each([
  ['successfulJobsHistory above int32', { successfulJobsHistory: INT32 }, 'successfulJobsHistory', INT32, 'it is above 2147483647',
    'a number of jobs: an integer from 0 to 2147483647'],
  ['failedJobsHistory above int32', { failedJobsHistory: INT32 }, 'failedJobsHistory', INT32, 'it is above 2147483647',
    'a number of jobs: an integer from 0 to 2147483647'],
  ['startingDeadline above 100 years (an int64 field)', { startingDeadline: Duration.seconds(2 ** 63) }, 'startingDeadline', 2 ** 63, 'it is above 3153600000',
    'a duration in whole seconds (the CronJob controller checks every 10 seconds) from 10 to 3153600000'],
  ['startingDeadline of NaN seconds', { startingDeadline: Duration.seconds(NaN) }, 'startingDeadline', NaN, 'it is not a finite number',
    'a duration in whole seconds (the CronJob controller checks every 10 seconds) from 10 to 3153600000'],
  ['a job backoffLimit above int32', { backoffLimit: INT32 }, 'backoffLimit', INT32, 'it is above 2147483647', 'a count: an integer from 0 to 2147483647'],
  // From untyped JavaScript: the API server knows only Allow, Forbid and Replace (found by a new-user trial).
  ['a concurrency policy in the wrong case', { concurrencyPolicy: 'forbid' }, 'concurrencyPolicy', 'forbid', 'it is not a concurrency policy',
    'one of "Allow", "Forbid", "Replace" (ConcurrencyPolicy of cdk8s-plus-34)'],
])('refused: %s', (_, props, prop, value, problem, accepted) => {
  expect(refusalOf(() => nightly(props as Partial<ScheduledWorkloadProps>))).toMatchObject({ constructPath: 'test/Report', prop, value, problem, accepted });
});

describe('sidecars: each run completes only when every container exits', () => {
  const SHIPPER = ContainerImage.fromReference('registry.example.com/tools/uploader:1.0.0');

  test('a sidecar not declared to exit is refused, in the props or added later', () => {
    expect(refusalOf(() => nightly({ sidecars: [{ name: 'uploader', image: SHIPPER }] }))).toMatchObject({
      constructPath: 'test/Report',
      prop: 'sidecars[0]',
      value: 'uploader',
      problem: expect.stringMatching(/^a Job completes only when every container of its pod exits; this sidecar never does/),
      accepted: expect.stringMatching(/declared with `exitsOnItsOwn: true`.*or its work done in the main container$/),
    });
    const { cron } = nightly();
    expect(refusalOf(() => cron.addSidecar({ name: 'uploader', image: SHIPPER }))).toMatchObject({ constructPath: 'test/Report', prop: 'sidecars[0]', value: 'uploader' });
  });

  test('a sidecar declared to exit on its own is accepted', () => {
    const { chart } = nightly({ sidecars: [{ name: 'uploader', image: SHIPPER, exitsOnItsOwn: true }] });
    const pod = only(synth(chart), 'CronJob').spec.jobTemplate.spec.template;
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['nightly-report', 'uploader']);
    expect(pod.metadata.annotations['cdk8s-appflow/exits-on-its-own']).toBe('uploader');
  });
});

describe('a day without a run when the clocks go forward', () => {
  test('a warning names the day, the run and the hour the clocks skip', () => {
    const { cron } = nightly({ schedule: CronSchedule.expression('30 2 * * *') });
    expect(Warnings.of(cron)).toEqual(['test/Report: the schedule "30 2 * * *" in Europe/Berlin loses a run when the clocks go forward: on 2026-03-29 02:30 '
      + '(the clocks go from 02:00 to 03:00) the CronJob controller does not run it, and the day has no other run, so CronJobNotSucceeding (if '
      + 'monitored) fires. Schedule it outside the hour the clocks skip, or in UTC (no timeZone)']);
  });

  test('no warning outside the skipped hour, in UTC, in a zone without daylight saving time, or when the day keeps other runs', () => {
    expect(Warnings.of(nightly().cron)).toEqual([]);
    expect(Warnings.of(nightly({ schedule: CronSchedule.expression('30 2 * * *'), timeZone: undefined }).cron)).toEqual([]);
    expect(Warnings.of(nightly({ schedule: CronSchedule.expression('30 2 * * *'), timeZone: 'Asia/Tokyo' }).cron)).toEqual([]);
    expect(Warnings.of(nightly({ schedule: CronSchedule.expression('*/15 * * * *') }).cron)).toEqual([]);
    // A weekday job: the clocks go forward on a Sunday.
    expect(Warnings.of(nightly({ schedule: CronSchedule.expression('30 2 * * MON-FRI') }).cron)).toEqual([]);
  });

  test('CronSchedule.skippedRunIn: other zones and the length of their change', () => {
    expect(CronSchedule.expression('0 2 * * SUN').skippedRunIn('America/New_York')).toBe('2026-03-08 02:00 (the clocks go from 02:00 to 03:00)');
    expect(CronSchedule.expression('0 2 * * *').skippedRunIn('Australia/Sydney')).toBe('2026-10-04 02:00 (the clocks go from 02:00 to 03:00)');
    // Lord Howe Island moves its clocks by 30 minutes.
    expect(CronSchedule.expression('15 2 * * *').skippedRunIn('Australia/Lord_Howe')).toBe('2026-10-04 02:15 (the clocks go from 02:00 to 02:30)');
    expect(CronSchedule.expression('45 2 * * *').skippedRunIn('Australia/Lord_Howe')).toBeUndefined();
    expect(() => CronSchedule.expression('30 2 * * *').skippedRunIn('Mars/Olympus')).toThrow(/invalid schedule "30 2 \* \* \*" in "Mars\/Olympus": /);
  });
});
