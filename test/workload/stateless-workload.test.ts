import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, ContainerImage, DisruptionBudget, RolloutStrategy, StatelessWorkload, StatelessWorkloadProps, TopologySpread,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const NGINX = ContainerImage.fromReference('nginx:1.14.0-alpine');
const abs = (n: number) => kplus.PercentOrAbsolute.absolute(n);

function workload(props: Partial<StatelessWorkloadProps> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'hello-deploy', version: '1.14.0' });
  const web = new StatelessWorkload(chart, 'Web', {
    identity,
    container: { image: NGINX, ports: [{ name: 'http', number: 8080 }] },
    ...props,
  });
  return { chart, identity, web };
}

describe('rolling update', () => {
  test('10 replicas, minReadySeconds 10, maxSurge 1, maxUnavailable 1, revision history for rollback', () => {
    const { chart } = workload({
      replicas: 10,
      minReady: Duration.seconds(10),
      strategy: RolloutStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }),
      revisionHistoryLimit: 5,
    });
    const deployment = only(synth(chart), 'Deployment');
    expect(deployment.spec).toMatchObject({
      replicas: 10,
      minReadySeconds: 10,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 5,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    });
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('defaults: 2 replicas, 25% surge and unavailability, 10 revisions, a PDB and a soft spread across nodes', () => {
    const { chart, identity } = workload();
    const manifests = synth(chart);
    const deployment = only(manifests, 'Deployment');
    expect(deployment.metadata.name).toBe('hello-deploy');
    expect(deployment.spec).toMatchObject({
      replicas: 2,
      revisionHistoryLimit: 10,
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      selector: { matchLabels: identity.selectorLabels },
    });
    expect(deployment.spec.template.spec.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: identity.selectorLabels },
    }]);
    const pdb = only(manifests, 'PodDisruptionBudget');
    expect(pdb.metadata.name).toBe('hello-deploy');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: identity.selectorLabels } });
    expect(pdb.metadata.labels).toEqual(identity.labels);
  });

  test('recreate', () => {
    const { chart } = workload({ strategy: RolloutStrategy.recreate() });
    expect(only(synth(chart), 'Deployment').spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('one replica: no PDB and no spread by default', () => {
    const { chart } = workload({ replicas: 1 });
    const manifests = synth(chart);
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(only(manifests, 'Deployment').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('spread across zones, required; or switched off', () => {
    const zones = workload({ spread: [TopologySpread.acrossZones({ required: true, maxSkew: 2 })] });
    expect(only(synth(zones.chart), 'Deployment').spec.template.spec.topologySpreadConstraints).toEqual([{
      maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: zones.identity.selectorLabels },
    }]);
    const off = workload({ spread: [] });
    expect(only(synth(off.chart), 'Deployment').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('a disruption budget by minimum available, or none', () => {
    const min = workload({ replicas: 4, disruptionBudget: DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.percent(50)) });
    expect(only(synth(min.chart), 'PodDisruptionBudget').spec.minAvailable).toBe('50%');
    // 66% of 3 replicas is 2 (rounded up): one pod may go.
    expect(() => workload({ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.percent(66)) })).not.toThrow();
    const none = workload({ replicas: 4, disruptionBudget: DisruptionBudget.none() });
    expect(synth(none.chart).filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(none.web.disruptionBudget).toBeUndefined();
  });
});

describe('autoscaling', () => {
  test('an HPA on CPU (70% by default) and no replica count on the Deployment', () => {
    const { chart, web } = workload({
      container: { image: NGINX, resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) } },
      autoscaling: { minReplicas: 2, maxReplicas: 10 },
    });
    const manifests = synth(chart);
    expect(only(manifests, 'Deployment').spec.replicas).toBeUndefined();
    const hpa = only(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.metadata.name).toBe('hello-deploy');
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-deploy' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(web.autoscaler).toBeDefined();
  });

  test('memory target, and scaling behaviour', () => {
    const { chart } = workload({
      container: { image: NGINX, resources: { memoryRequest: Size.mebibytes(256) } },
      autoscaling: { minReplicas: 3, maxReplicas: 6, memoryUtilization: 80, scaleDown: { stabilizationWindow: Duration.minutes(10) } },
    });
    const hpa = only(synth(chart), 'HorizontalPodAutoscaler');
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(600);
  });
});

describe('refused', () => {
  const cpu = { image: NGINX, resources: { cpuRequest: kplus.Cpu.millis(100) } };
  test.each([
    [{ replicas: -1 }, /test\/Web: invalid replicas -1: it is below 0\. Expected a replica count: an integer from 0 to 2147483647\./],
    [{ replicas: 1.5 }, /invalid replicas 1\.5: it is not a whole number/],
    [{ strategy: RolloutStrategy.rollingUpdate({ maxSurge: abs(0), maxUnavailable: kplus.PercentOrAbsolute.percent(0) }) },
      /invalid strategy "maxSurge 0, maxUnavailable 0": a rolling update can neither add a pod nor remove one, so it would never progress\. Expected a maxSurge or a maxUnavailable above zero\./],
    [{ strategy: RolloutStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(150) }) }, /invalid strategy\.maxSurge "150%": it is not a whole number of pods/],
    // From an untyped caller: a plain object was read as Recreate, which stops every pod at once.
    [{ strategy: { maxUnavailable: 0, maxSurge: 1 } as any },
      /test\/Web: invalid strategy \{"maxUnavailable":0,"maxSurge":1\}: it is not a RolloutStrategy\. Expected RolloutStrategy\.rollingUpdate\(\{ maxSurge, maxUnavailable \}\) or RolloutStrategy\.recreate\(\)\./],
    [{ strategy: 'RollingUpdate' as any }, /invalid strategy "RollingUpdate": it is not a RolloutStrategy/],
    [{ minReady: Duration.seconds(600), progressDeadline: Duration.seconds(600) },
      /invalid progressDeadline "10 minutes": it is not longer than minReady \(10 minutes\), so every rollout would be reported as failed/],
    [{ minReady: Duration.millis(1500) }, /invalid minReady 1\.5: it is not a whole number/],
    [{ revisionHistoryLimit: -1 }, /invalid revisionHistoryLimit -1: it is below 0/],
    [{ replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 5 }, container: cpu },
      /invalid replicas 3: it is fixed while `autoscaling` is set: every apply would reset the count the autoscaler chose\. Expected either `replicas` or `autoscaling`, not both\./],
    [{ autoscaling: { minReplicas: 5, maxReplicas: 2 }, container: cpu }, /invalid autoscaling\.minReplicas 5: it is above maxReplicas \(2\)\. Expected minReplicas at most maxReplicas\./],
    [{ autoscaling: { minReplicas: 0, maxReplicas: 2 }, container: cpu }, /invalid autoscaling\.minReplicas 0: it is below 1/],
    [{ autoscaling: { minReplicas: 1, maxReplicas: 2, cpuUtilization: 0 }, container: cpu }, /invalid autoscaling\.cpuUtilization 0: it is below 1/],
    [{ autoscaling: { minReplicas: 1, maxReplicas: 2 } },
      /invalid autoscaling\.cpuUtilization 70: the container "hello-deploy" has no cpu request, which the utilization is measured against/],
    [{ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.absolute(3)) },
      /invalid disruptionBudget "minAvailable 3": it would block every eviction \(minAvailable 3 is not below the 3 replicas\), so nodes could never be drained/],
    [{ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.percent(100)) }, /it would block every eviction \(minAvailable is 100%\)/],
    [{ replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailable(kplus.PercentOrAbsolute.absolute(0)) }, /it would block every eviction \(maxUnavailable is 0\)/],
    // A percentage of the replicas is rounded up, as the disruption controller does.
    [{ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.percent(67)) },
      /invalid disruptionBudget "minAvailable 67%": it would block every eviction \(minAvailable 67% of the 3 replicas is 3, rounded up\), so nodes could never be drained/],
    [{
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      container: cpu,
      disruptionBudget: DisruptionBudget.minAvailable(kplus.PercentOrAbsolute.percent(60)),
    },
    /\(minAvailable 60% of the 2 replicas \(the autoscaling minimum\) is 2, rounded up\)/],
    [{ replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailable(kplus.PercentOrAbsolute.percent(0)) }, /it would block every eviction \(maxUnavailable is 0%\)/],
    [{ autoscaling: { minReplicas: 2, maxReplicas: 5 }, container: cpu, disruptionBudget: DisruptionBudget.minAvailable(abs(2)) },
      /minAvailable 2 is not below the 2 replicas \(the autoscaling minimum\)/],
    [{ disruptionBudget: DisruptionBudget.maxUnavailable(kplus.PercentOrAbsolute.absolute(-1)) }, /invalid disruptionBudget\.maxUnavailable -1/],
    [{ name: 'Hello_Deploy' }, /invalid name "Hello_Deploy": it contains "_" and uppercase letters/],
  ])('%#', (props, message) => {
    expect(() => workload(props as Partial<StatelessWorkloadProps>)).toThrow(message);
  });

  test('an identity that is not an AppIdentity', () => {
    expect(() => new StatelessWorkload(Testing.chart(), 'Web', { identity: { name: 'x' } as any, container: { image: NGINX } }))
      .toThrow(/test\/Web: invalid identity \{"name":"x"\}: it is not an AppIdentity/);
  });
});

describe('refused: the exact errors', () => {
  const cpu = { image: NGINX, resources: { cpuRequest: kplus.Cpu.millis(100) } };
  const INT32 = 2 ** 31;
  test.each([
    ['replicas above int32', { replicas: INT32 }, 'replicas', INT32, 'it is above 2147483647', 'a replica count: an integer from 0 to 2147483647'],
    ['revisionHistoryLimit above int32', { revisionHistoryLimit: INT32 }, 'revisionHistoryLimit', INT32, 'it is above 2147483647',
      'a number of revisions: an integer from 0 to 2147483647'],
    ['progressDeadline above int32 seconds', { progressDeadline: Duration.seconds(INT32) }, 'progressDeadline', INT32, 'it is above 2147483647',
      'a duration in whole seconds from 1 to 2147483647'],
    ['minReady above int32 seconds', { minReady: Duration.seconds(INT32) }, 'minReady', INT32, 'it is above 2147483647',
      'a duration in whole seconds from 0 to 2147483647'],
    ['minReady of NaN seconds', { minReady: Duration.seconds(NaN) }, 'minReady', NaN, 'it is not a finite number', 'a duration in whole seconds from 0 to 2147483647'],
    ['minReady of infinite seconds', { minReady: Duration.seconds(Infinity) }, 'minReady', Infinity, 'it is not a finite number',
      'a duration in whole seconds from 0 to 2147483647'],
    ['minReady of half a millisecond', { minReady: Duration.millis(0.5) }, 'minReady', 0.0005, 'it is not a whole number',
      'a duration in whole seconds from 0 to 2147483647'],
    ['progressDeadline of half a millisecond', { progressDeadline: Duration.millis(0.5) }, 'progressDeadline', 0.0005, 'it is not a whole number',
      'a duration in whole seconds from 1 to 2147483647'],
    ['autoscaling minReplicas above int32', { autoscaling: { minReplicas: INT32, maxReplicas: INT32 }, container: cpu }, 'autoscaling.minReplicas', INT32,
      'it is above 2147483647', 'a replica count: an integer from 1 to 2147483647'],
    ['autoscaling maxReplicas above int32', { autoscaling: { minReplicas: 1, maxReplicas: INT32 }, container: cpu }, 'autoscaling.maxReplicas', INT32,
      'it is above 2147483647', 'a replica count: an integer from 1 to 2147483647'],
    ['a maxSurge above int32', { strategy: RolloutStrategy.rollingUpdate({ maxSurge: abs(INT32) }) }, 'strategy.maxSurge', INT32,
      'it is not a whole number of pods from 0 to 2147483647, nor a whole percentage from 0 to 100',
      'PercentOrAbsolute.absolute(n) with n from 0 to 2147483647, or PercentOrAbsolute.percent(p) with p from 0 to 100'],
  ])('%s', (_, props, prop, value, problem, accepted) => {
    expect(refusalOf(() => workload(props as Partial<StatelessWorkloadProps>))).toMatchObject({ constructPath: 'test/Web', prop, value, problem, accepted });
  });

  const SKEW = 'a number of pods: an integer from 1 to 2147483647';
  test.each([
    ['a maxSkew of 0', TopologySpread.acrossNodes({ maxSkew: 0 }), 'spread[0].maxSkew', 0, 'it is below 1', SKEW],
    ['a negative maxSkew', TopologySpread.acrossZones({ maxSkew: -1 }), 'spread[0].maxSkew', -1, 'it is below 1', SKEW],
    ['a fractional maxSkew', TopologySpread.acrossNodes({ maxSkew: 1.5 }), 'spread[0].maxSkew', 1.5, 'it is not a whole number', SKEW],
    ['a NaN maxSkew', TopologySpread.acrossNodes({ maxSkew: NaN }), 'spread[0].maxSkew', NaN, 'it is not a finite number', SKEW],
    ['a maxSkew above int32', TopologySpread.acrossNodes({ maxSkew: INT32 }), 'spread[0].maxSkew', INT32, 'it is above 2147483647', SKEW],
    ['an empty topology key', TopologySpread.byNodeLabel(''), 'spread[0].topologyKey', '', 'it is empty', expect.stringMatching(/^a node label key: an optional DNS-1123/)],
    ['a topology key that is not a label key', TopologySpread.byNodeLabel('Rack Name'), 'spread[0].topologyKey', 'Rack Name',
      'it contains " ", which is not allowed', expect.stringMatching(/^a node label key: /)],
  ])('spread with %s', (_, spread, prop, value, problem, accepted) => {
    expect(refusalOf(() => workload({ spread: [spread] }))).toMatchObject({ constructPath: 'test/Web', prop, value, problem, accepted });
  });

  test('two spreads of one topology key and the same `required`', () => {
    const spread = [TopologySpread.acrossNodes(), TopologySpread.acrossZones(), TopologySpread.acrossNodes({ maxSkew: 2 })];
    expect(refusalOf(() => workload({ spread })))
      .toMatchObject({
        constructPath: 'test/Web',
        prop: 'spread[2]',
        value: 'kubernetes.io/hostname',
        problem: 'spread[0] has the same topology key and `required` (false)',
        accepted: 'one spread per topology key and `required` (Kubernetes keys the constraints by topologyKey and whenUnsatisfiable)',
      });
  });

  test('spread that is not a list of TopologySpread', () => {
    expect(refusalOf(() => workload({ spread: TopologySpread.acrossNodes() as any }))).toMatchObject({ prop: 'spread', problem: 'it is not a list' });
    expect(refusalOf(() => workload({ spread: [{ topologyKey: 'zone', maxSkew: 1, required: false } as any] }))).toMatchObject({
      prop: 'spread[0]', problem: 'it is not a TopologySpread', accepted: 'TopologySpread.acrossNodes(), acrossZones() or byNodeLabel(key)',
    });
  });

  test('one topology key, soft and hard: two constraints (Kubernetes keys them by topologyKey and whenUnsatisfiable)', () => {
    const { chart } = workload({ spread: [TopologySpread.acrossNodes({ maxSkew: 3 }), TopologySpread.acrossNodes({ required: true })] });
    expect(only(synth(chart), 'Deployment').spec.template.spec.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew]))
      .toEqual([['kubernetes.io/hostname', 'ScheduleAnyway', 3], ['kubernetes.io/hostname', 'DoNotSchedule', 1]]);
  });
});

test('the cdk8s-plus-34 Deployment and its ApiObject are reachable', () => {
  const { web } = workload();
  expect(web.deployment).toBeInstanceOf(kplus.Deployment);
  expect(web.workload).toBe(web.deployment);
  expect(web.apiObject.kind).toBe('Deployment');
  expect(web.name).toBe('hello-deploy');
});
