/**
 * Every prop of the shared options interfaces reaches the manifests through every pattern that takes it: a pattern
 * that silently dropped one (as StatefulService once dropped `autoscaling` and `partition`, NodeDaemon `maxSurge`)
 * fails here. The names come from src/workload/option-names.ts, which the compiler checks against the interfaces, so a
 * prop added to an interface is covered as soon as it has a sample below (a missing sample fails the test).
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppPattern, BatchJob, ContainerImage, CronSchedule, DisruptionBudget, JobCompletionMode, KubernetesVersion, NodeDaemon, PlatformDefaults,
  PodReplacementPolicy,
  RegistryCredentials, ReplicaAntiAffinity, RolloutStrategy, ScalingTrigger, ScheduledJob, SecurityProfile, SecurityRelaxation,
  StatefulService, TerminationMessagePolicy, TopologySpread, WebService,
} from '../../src';
import {
  BATCH_OPTIONS, CONTAINER_OPTIONS, DAEMON_OPTIONS, JOB_OPTIONS, POD_OPTIONS, SCHEDULE_OPTIONS, STATEFUL_OPTIONS, STATELESS_OPTIONS,
} from '../../src/workload/option-names';
import { synth } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/app:1.0.0');
const resources = { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) };

/** A value of one prop, and the props it needs beside it (given to both the pattern with the value and without it). */
interface Sample {
  readonly value: unknown;
  readonly context?: Record<string, unknown>;
  /** Props that the value replaces (given only with it), e.g. `port` for `ports`. */
  readonly replaces?: Record<string, unknown>;
}

/** One sample per option name, made in the chart of the test (some are constructs). */
const SAMPLES: Record<string, (chart: Chart) => Sample> = {
  // ContainerOptions
  command: () => ({ value: ['/srv/app'] }),
  args: () => ({ value: ['--verbose'] }),
  workingDir: () => ({ value: '/srv' }),
  env: () => ({ value: { LOG_LEVEL: kplus.EnvValue.fromValue('debug') } }),
  envFrom: (chart) => ({ value: [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'External', 'external'))] }),
  ports: () => ({ value: [{ name: 'web', number: 9090 }], replaces: { port: undefined } }),
  resources: () => ({ value: { cpuRequest: kplus.Cpu.millis(250), memoryRequest: Size.mebibytes(64) } }),
  preStopDelay: () => ({ value: Duration.seconds(5) }),
  addCapabilities: () => ({ value: ['NET_BIND_SERVICE'] }),
  volumeMounts: (chart) => ({ value: [{ path: '/extra', volume: kplus.Volume.fromEmptyDir(chart, 'Mounted', 'mounted') }] }),
  lifecycle: () => ({ value: { postStart: kplus.Handler.fromCommand(['/srv/warm-up']) } }),
  terminationMessagePolicy: () => ({ value: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR }),
  // PodOptions
  sidecars: () => ({ value: [{ name: 'helper', image: IMAGE, exitsOnItsOwn: true }] }),
  initContainers: () => ({ value: [{ name: 'init', image: IMAGE }] }),
  terminationGracePeriod: () => ({ value: Duration.seconds(45) }),
  serviceAccount: (chart) => ({ value: kplus.ServiceAccount.fromServiceAccountName(chart, 'Account', 'shop-app') }),
  mountServiceAccountToken: () => ({ value: true }),
  securityProfile: () => ({ value: SecurityProfile.BASELINE }),
  relax: () => ({ value: [SecurityRelaxation.NO_SECCOMP_PROFILE] }),
  // User namespaces need a target of Kubernetes 1.33 or later: the chart targets 1.36, with the value and without.
  userNamespace: (chart) => {
    PlatformDefaults.set(chart, { kubernetesVersion: KubernetesVersion.V1_36 });
    return { value: true };
  },
  // Native sidecars are the default from Kubernetes 1.29: the chart targets 1.36, and the value turns them off.
  nativeSidecars: (chart) => {
    PlatformDefaults.set(chart, { kubernetesVersion: KubernetesVersion.V1_36 });
    return { value: false, context: { sidecars: [{ name: 'helper', image: IMAGE, exitsOnItsOwn: true }] } };
  },
  runAsUser: () => ({ value: 2000 }),
  runAsGroup: () => ({ value: 2000 }),
  fsGroup: () => ({ value: 2000 }),
  tmpVolume: () => ({ value: false }),
  volumes: (chart) => ({ value: [kplus.Volume.fromEmptyDir(chart, 'Extra', 'extra')] }),
  nodeSelector: () => ({ value: { 'kubernetes.io/arch': 'arm64' } }),
  tolerations: () => ({ value: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] }),
  priorityClassName: () => ({ value: 'high' }),
  affinity: () => ({
    value: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] }] },
      },
    },
  }),
  replicaAntiAffinity: () => ({ value: ReplicaAntiAffinity.perNode() }),
  runtimeClassName: () => ({ value: 'gvisor' }),
  dns: () => ({ value: { searches: ['svc.example.com'] } }),
  hostAliases: () => ({ value: [{ ip: '10.0.0.5', hostnames: ['db.internal'] }] }),
  shareProcessNamespace: () => ({ value: true }),
  enableServiceLinks: () => ({ value: false }),
  podAnnotations: () => ({ value: { 'example.com/team': 'shop' } }),
  podLabels: () => ({ value: { 'example.com/team': 'shop' } }),
  pullSecrets: () => ({ value: [RegistryCredentials.fromSecretName('registry-pull')] }),
  rollOnConfigChange: (chart) => ({
    value: false,
    context: { envFrom: [kplus.Env.fromConfigMap(new kplus.ConfigMap(chart, 'Settings', { metadata: { name: 'settings' }, data: { MODE: 'fast' } }))] },
  }),
  // ReplicatedOptions
  replicas: () => ({ value: 3 }),
  autoscaling: () => ({ value: { minReplicas: 2, maxReplicas: 4 } }),
  eventScaling: () => ({ value: { minReplicas: 1, maxReplicas: 4, triggers: [ScalingTrigger.cpu({ utilization: 70 })] } }),
  minReady: () => ({ value: Duration.seconds(10) }),
  disruptionBudget: () => ({ value: DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.absolute(1)), context: { replicas: 3 } }),
  spread: () => ({ value: [TopologySpread.acrossZones()] }),
  // StatelessOptions
  strategy: () => ({ value: RolloutStrategy.recreate() }),
  progressDeadline: () => ({ value: Duration.seconds(300) }),
  revisionHistoryLimit: () => ({ value: 3 }),
  // StatefulOptions
  podManagementPolicy: () => ({ value: kplus.PodManagementPolicy.PARALLEL }),
  partition: () => ({ value: 1, context: { replicas: 3 } }),
  // DaemonOptions
  maxUnavailable: () => ({ value: kplus.PercentOrAbsolute.absolute(2) }),
  maxSurge: () => ({ value: kplus.PercentOrAbsolute.absolute(1) }),
  tolerateAllTaints: () => ({ value: true }),
  // The relaxation comes with it: without hostNetwork, it would relax nothing (refused).
  hostNetwork: () => ({ value: true, replaces: { relax: [SecurityRelaxation.HOST_NETWORK] } }),
  // JobOptions, BatchOptions
  completions: () => ({ value: 3 }),
  parallelism: () => ({ value: 2 }),
  // An indexed Job needs completions.
  completionMode: () => ({ value: JobCompletionMode.INDEXED, context: { completions: 3 } }),
  backoffLimit: () => ({ value: 2 }),
  activeDeadline: () => ({ value: Duration.hours(1) }),
  ttlAfterFinished: () => ({ value: Duration.hours(2) }),
  restartPolicy: () => ({ value: kplus.RestartPolicy.ON_FAILURE }),
  deleteAfterFinished: () => ({ value: false }),
  // ScheduleOptions
  schedule: () => ({ value: CronSchedule.hourly() }),
  timeZone: () => ({ value: 'Europe/Berlin' }),
  concurrencyPolicy: () => ({ value: kplus.ConcurrencyPolicy.ALLOW }),
  startingDeadline: () => ({ value: Duration.minutes(10) }),
  suspend: () => ({ value: true }),
  successfulJobsHistory: () => ({ value: 5 }),
  failedJobsHistory: () => ({ value: 2 }),
  // A Job's pod replacement policy needs a target of Kubernetes 1.29 or later: the chart targets 1.36.
  podReplacementPolicy: (chart) => {
    PlatformDefaults.set(chart, { kubernetesVersion: KubernetesVersion.V1_36 });
    return { value: PodReplacementPolicy.FAILED };
  },
};

interface PatternCase {
  readonly make: (chart: Chart, props: any) => AppPattern;
  readonly base: Record<string, unknown>;
  readonly options: readonly string[];
}

const PATTERNS: Record<string, PatternCase> = {
  WebService: {
    make: (chart, props) => new WebService(chart, 'App', props),
    base: { name: 'web', image: IMAGE, port: 8080, resources, monitor: false },
    options: [...CONTAINER_OPTIONS, ...POD_OPTIONS, ...STATELESS_OPTIONS],
  },
  StatefulService: {
    make: (chart, props) => new StatefulService(chart, 'App', props),
    base: { name: 'db', image: IMAGE, port: 5432, resources, monitor: false },
    options: [...CONTAINER_OPTIONS, ...POD_OPTIONS, ...STATEFUL_OPTIONS],
  },
  NodeDaemon: {
    make: (chart, props) => new NodeDaemon(chart, 'App', props),
    base: { name: 'agent', image: IMAGE, resources, monitor: false },
    options: [...CONTAINER_OPTIONS, ...POD_OPTIONS, ...DAEMON_OPTIONS],
  },
  BatchJob: {
    make: (chart, props) => new BatchJob(chart, 'App', props),
    base: { name: 'import', image: IMAGE, resources, monitor: false },
    options: [...CONTAINER_OPTIONS, ...POD_OPTIONS, ...BATCH_OPTIONS],
  },
  ScheduledJob: {
    make: (chart, props) => new ScheduledJob(chart, 'App', props),
    base: { name: 'report', image: IMAGE, resources, schedule: CronSchedule.daily(), monitor: false },
    options: [...CONTAINER_OPTIONS, ...POD_OPTIONS, ...JOB_OPTIONS, ...SCHEDULE_OPTIONS],
  },
};

/** The manifests of the pattern made with the props (every chart goes through the strict validator). */
function manifestsOf(pattern: PatternCase, sample: ((chart: Chart) => Sample) | undefined, option: string, withValue: boolean): any[] {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const made = sample?.(chart);
  const props = { ...pattern.base, ...made?.context, ...(withValue ? { ...made?.replaces, [option]: made?.value } : {}) };
  pattern.make(chart, props);
  return synth(chart);
}

describe.each(Object.entries(PATTERNS))('%s', (_name, pattern) => {
  test.each(pattern.options.map((o) => [o]))('%s reaches the manifests', (option) => {
    const sample = SAMPLES[option];
    expect(sample === undefined ? `no sample for ${option}: add one to SAMPLES` : 'sampled').toBe('sampled');
    const without = manifestsOf(pattern, sample, option, false);
    const withValue = manifestsOf(pattern, sample, option, true);
    expect(withValue).not.toEqual(without);
  });
});

test('every option list names props that some pattern takes, and every sample is used', () => {
  const used = new Set(Object.values(PATTERNS).flatMap((p) => p.options));
  expect(Object.keys(SAMPLES).filter((name) => !used.has(name))).toEqual([]);
});
