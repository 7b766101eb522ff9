/**
 * Property tests of bad input: every workload kind (and CronSchedule, TimeZone) with random and hostile props
 * either synthesizes valid, secure manifests or refuses the input with an AppflowInputError that names the prop.
 * See test/property/harness.ts.
 */
import * as kplus from 'cdk8s-plus-34';
import * as fc from 'fast-check';
import { count, duration, hostileString, mostly, name, optional, percentOrAbsolute, wrongType } from './arbitraries';
import { assertOutcomes, BuildContext, propertyParameters, propertyTimeout, synthOrRefuse } from './harness';
import { appName, podProps, replicatedProps, rolloutStrategy } from './pod-arbitraries';
import {
  AppIdentity, AppWorkloadProps, BatchWorkload, CronSchedule, DaemonWorkload, ScheduledWorkload, SecurityRelaxation, StatefulWorkload,
  StatelessWorkload, TimeZone,
} from '../../src';

/** The identity of the application: usually valid; sometimes not an AppIdentity. */
const identityProps = mostly(fc.record({
  name: appName,
  version: optional(fc.constantFrom('1.0.0', '2.1.3-rc.1')),
  component: optional(fc.constantFrom('api', 'worker')),
}, { requiredKeys: ['name'] }), wrongType, 60);

function identityOf({ chart }: BuildContext, props: any): AppIdentity {
  return props !== null && typeof props === 'object' && typeof props.name === 'string'
    ? new AppIdentity(chart, 'Identity', props)
    : props as AppIdentity;
}

const RUNS = 60;

describe('workload kinds refuse bad input with a house error, or synthesize valid manifests', () => {
  test('StatelessWorkload', () => {
    const arbitrary = fc.record({
      identity: identityProps,
      pod: podProps,
      replicated: replicatedProps,
      strategy: optional(rolloutStrategy),
      progressDeadline: optional(duration(1, 1200)),
      revisionHistoryLimit: optional(count(0, 20)),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse((context) => {
      new StatelessWorkload(context.chart, 'Web', {
        ...input.pod,
        ...input.replicated,
        identity: identityOf(context, input.identity),
        strategy: input.strategy,
        progressDeadline: input.progressDeadline,
        revisionHistoryLimit: input.revisionHistoryLimit,
      } as AppWorkloadProps);
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('StatefulWorkload', () => {
    const arbitrary = fc.record({
      identity: identityProps,
      pod: podProps,
      replicated: replicatedProps,
      podManagementPolicy: optional(mostly(fc.constantFrom(...Object.values(kplus.PodManagementPolicy)), fc.constantFrom('Bogus') as fc.Arbitrary<any>)),
      partition: optional(count(0, 5)),
      serviceName: optional(name),
      // A StatefulWorkload needs a port for its headless Service: usually given.
      addPort: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }).map(({ addPort, ...input }) => addPort && input.pod.container?.ports === undefined
      ? { ...input, pod: { ...input.pod, container: { ...input.pod.container, ports: [{ name: 'db', number: 5432 }] } } } : input);
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse((context) => {
      new StatefulWorkload(context.chart, 'Db', {
        ...input.pod,
        ...input.replicated,
        identity: identityOf(context, input.identity),
        podManagementPolicy: input.podManagementPolicy,
        partition: input.partition,
        serviceName: input.serviceName,
      } as AppWorkloadProps);
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('DaemonWorkload', () => {
    const arbitrary = fc.record({
      identity: identityProps,
      pod: podProps,
      maxUnavailable: optional(percentOrAbsolute),
      maxSurge: optional(percentOrAbsolute),
      minReady: optional(duration(0, 30)),
      tolerateAllTaints: optional(fc.boolean()),
      hostNetwork: optional(fc.boolean()),
    }).map((input) => input.hostNetwork && input.pod.relax === undefined && input.pod.securityProfile === undefined
      // hostNetwork needs an opt-in, usually given.
      ? { ...input, pod: { ...input.pod, relax: [SecurityRelaxation.HOST_NETWORK] } } : input);
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse((context) => {
      const { identity, pod, ...rest } = input;
      new DaemonWorkload(context.chart, 'Agent', { ...pod, ...rest, identity: identityOf(context, identity) } as AppWorkloadProps);
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  const jobOptions = fc.record({
    completions: optional(count(1, 5)),
    parallelism: optional(count(1, 5)),
    backoffLimit: optional(count(0, 10)),
    activeDeadline: optional(duration(1, 3600)),
    ttlAfterFinished: optional(duration(0, 86400), 0.25),
    restartPolicy: optional(mostly(fc.constantFrom(kplus.RestartPolicy.NEVER, kplus.RestartPolicy.ON_FAILURE),
      fc.constantFrom(kplus.RestartPolicy.ALWAYS, 'Bogus') as fc.Arbitrary<any>, 4), 0.25),
  }, { requiredKeys: [] });

  test('BatchWorkload', () => {
    const arbitrary = fc.record({
      identity: identityProps,
      pod: podProps,
      job: jobOptions,
      deleteAfterFinished: optional(mostly(fc.constant(true), fc.constant(false), 4)),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse((context) => {
      new BatchWorkload(context.chart, 'Import', {
        ...input.pod, ...input.job, deleteAfterFinished: input.deleteAfterFinished, identity: identityOf(context, input.identity),
      } as AppWorkloadProps);
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('ScheduledWorkload', () => {
    const arbitrary = fc.record({
      identity: identityProps,
      pod: podProps,
      job: jobOptions,
      schedule: mostly(cronExpression.map((e) => CronSchedule.expression(e)), wrongType, 40),
      timeZone: optional(timeZone),
      concurrencyPolicy: optional(mostly(fc.constantFrom(...Object.values(kplus.ConcurrencyPolicy)), fc.constantFrom('Bogus') as fc.Arbitrary<any>)),
      startingDeadline: optional(duration(10, 600)),
      suspend: optional(fc.boolean()),
      successfulJobsHistory: optional(count(0, 10), 0.25),
      failedJobsHistory: optional(count(0, 10), 0.25),
    }).map((input) => (input.successfulJobsHistory !== undefined || input.failedJobsHistory !== undefined) && input.job.ttlAfterFinished !== undefined
      // The history limits and ttlAfterFinished exclude each other: usually only one is given.
      && input.suspend !== true ? { ...input, job: { ...input.job, ttlAfterFinished: undefined } } : input);
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse((context) => {
      const { identity, pod, job, ...rest } = input;
      new ScheduledWorkload(context.chart, 'Nightly', { ...pod, ...job, ...rest, identity: identityOf(context, identity) } as any);
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

/** A cron field: usually valid for its range, sometimes not. */
function cronField(min: number, max: number, names: string[] = []): fc.Arbitrary<string> {
  const value = fc.integer({ min, max }).map(String);
  const valid = fc.oneof(
    fc.constant('*'),
    value,
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.integer({ min: 1, max: max + 1 }).map((n) => `*/${n}`),
    fc.array(value, { minLength: 2, maxLength: 3 }).map((v) => v.join(',')),
    ...(names.length > 0 ? [fc.constantFrom(...names)] : []),
  );
  const hostile = fc.oneof(
    fc.constantFrom('', '?', '*/0', '-1', `${max + 1}`, `${min - 1}`, '1-', '-', '5-1', '*/', '/5', '1,,2', 'L', '#', '1/2/3', '**', 'x', '99999999999999999999'),
    hostileString,
  );
  return mostly(valid, hostile, 80);
}

/** A cron expression: 5 fields or a macro, usually valid. */
const cronExpression: fc.Arbitrary<string> = mostly(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(cronField(0, 59), cronField(0, 23), cronField(1, 31), cronField(1, 12, ['JAN', 'dec']), cronField(0, 6, ['MON', 'sun']))
        .map((fields) => fields.join(' ')),
    },
    { weight: 1, arbitrary: fc.constantFrom('@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually') },
  ),
  fc.oneof(hostileString, fc.constantFrom('@every 5m', '@Daily', '@daily 1', 'TZ=UTC 0 3 * * *', '0  3 * * *', ' 0 3 * * *', '0 3 * *', '0 3 * * * *',
    '0\t3 * * *', 'CRON_TZ=Europe/Berlin 0 3 * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 7')),
);

/** A time zone, usually a valid IANA name. */
const timeZone: fc.Arbitrary<string> = mostly(
  fc.constantFrom('Europe/Berlin', 'America/New_York', 'Etc/UTC', 'UTC', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Pacific/Kiritimati'),
  fc.oneof(hostileString, fc.constantFrom('europe/berlin', 'Local', 'local', 'Mars/Base', 'Europe/Berlin ', 'Europe//Berlin', '../etc/passwd',
    'Europe/Berlinn', 'EST5EDT', 'GMT+1', 'Etc/GMT+1', 'Europe/A_Very_Long_Zone')),
  3,
);

describe('CronSchedule and TimeZone', () => {
  const RULE_RUNS = 300;

  test('a schedule is refused with a reason, or renders to the same 5 fields (macros expanded)', () => {
    fc.assert(fc.property(cronExpression, (expression) => {
      const schedule = CronSchedule.expression(expression);
      const problem = schedule.problemWith();
      if (problem !== undefined) {
        expect(problem).not.toBe('');
        expect(() => schedule.toCron()).toThrow(/^invalid schedule .*\. Expected 5 fields/s);
        return;
      }
      const rendered = schedule.toCron().expressionString;
      expect(rendered.split(' ')).toHaveLength(5);
      if (!expression.startsWith('@')) {
        expect(rendered).toBe(expression.split(/ +/).join(' '));
      }
      expect(CronSchedule.expression(rendered).problemWith()).toBeUndefined();
    }), propertyParameters(RULE_RUNS));
  });

  test('a time zone is refused with a reason, or is a case-exact IANA name the runtime knows', () => {
    fc.assert(fc.property(timeZone, (zone) => {
      const problem = TimeZone.problemWith(zone);
      if (problem !== undefined) {
        expect(problem).not.toBe('');
        return;
      }
      // The runtime knows it (it may resolve an alias to another name of the same zone), and it is not "Local".
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone })).not.toThrow();
      expect(zone.toLowerCase()).not.toBe('local');
      expect(zone).toMatch(/^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/);
    }), propertyParameters(RULE_RUNS));
  });
});
