/**
 * The scaling rule of the plugin: one-autoscaler (a workload scaled by one HorizontalPodAutoscaler or one KEDA
 * ScaledObject). Each failure yields exactly the expected finding; the fixed manifests none.
 */
import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { check, cleanApp, deployment, lines } from './support';
import { AppIdentity, ContainerImage, CronSchedule, ScalingTrigger, StatelessWorkload } from '../../src';
import { checkCharts, RULES } from '../../src/plugin';

function hpa(name: string, target: Record<string, unknown> = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, namespace = 'shop'): Record<string, any> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace },
    spec: { scaleTargetRef: target, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
  };
}

function scaledObject(name: string, target: Record<string, unknown> = { name: 'web' }, namespace = 'shop'): Record<string, any> {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name, namespace },
    spec: { scaleTargetRef: target, minReplicaCount: 2, maxReplicaCount: 10, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } }] },
  };
}

function scaling(manifests: unknown[]): string[] {
  return lines(check(manifests).findings.filter((f) => f.rule === 'one-autoscaler'));
}

test('one-autoscaler is a works-when-applied error', () => {
  expect(RULES.filter((r) => r.id === 'one-autoscaler').map((r) => `${r.family} ${r.severity}`)).toEqual(['works-when-applied error']);
});

test('an HPA and a ScaledObject on one Deployment (a ScaledObject scales a Deployment by default): a finding on the second, naming the first', () => {
  const result = check([...cleanApp(), hpa('web'), scaledObject('web')]);
  expect(lines(result.findings.filter((f) => f.rule === 'one-autoscaler'))).toEqual(['one-autoscaler ScaledObject web spec.scaleTargetRef']);
  const finding = result.findings.find((f) => f.rule === 'one-autoscaler')!;
  expect(finding.severity).toBe('error');
  expect(finding.message).toBe('ScaledObject shop/web scales Deployment shop/web, which HorizontalPodAutoscaler shop/web scales too: each sets the replicas in turn, '
    + 'so the count flaps between what they ask for (KEDA makes a HorizontalPodAutoscaler of its own for a ScaledObject)');
  expect(finding.fix).toBe('scale the workload by one autoscaler: put every metric in one HorizontalPodAutoscaler, or every trigger (cpu and memory included) in one '
    + 'ScaledObject, and delete the other');
});

test('two HPAs, two ScaledObjects, and three on one StatefulSet', () => {
  expect(scaling([hpa('a'), hpa('b')])).toEqual(['one-autoscaler HorizontalPodAutoscaler b spec.scaleTargetRef']);
  expect(scaling([scaledObject('a'), scaledObject('b', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' })]))
    .toEqual(['one-autoscaler ScaledObject b spec.scaleTargetRef']);
  const db = { kind: 'StatefulSet', name: 'db' };
  const result = check([scaledObject('db', db), hpa('db-cpu', db), hpa('db-memory', db)]);
  expect(lines(result.findings.filter((f) => f.rule === 'one-autoscaler'))).toEqual([
    'one-autoscaler HorizontalPodAutoscaler db-cpu spec.scaleTargetRef',
    'one-autoscaler HorizontalPodAutoscaler db-memory spec.scaleTargetRef',
  ]);
  expect(result.findings.find((f) => f.resource.name === 'db-memory')!.message)
    .toMatch(/^HorizontalPodAutoscaler shop\/db-memory scales StatefulSet shop\/db, which ScaledObject shop\/db and HorizontalPodAutoscaler shop\/db-cpu scale too/);
});

test('no finding: one autoscaler each, other workloads, other kinds, other namespaces, and autoscalers without a target', () => {
  expect(scaling([
    ...cleanApp(),
    hpa('web'),
    scaledObject('api', { name: 'api' }),
    scaledObject('db', { kind: 'StatefulSet', name: 'web' }),
    hpa('web', undefined, 'staging'),
    scaledObject('web', { name: 'web' }, 'other'),
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'broken', namespace: 'shop' }, spec: {} },
    { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', metadata: { name: 'web', namespace: 'shop' }, spec: { jobTargetRef: {} } },
    deployment({ metadata: { name: 'api' } }),
  ])).toEqual([]);
});

test('library-made and plain objects together: a StatelessWorkload scaled by events and an HPA written by hand', () => {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  new StatelessWorkload(chart, 'Worker', {
    identity: new AppIdentity(chart, 'Identity', { name: 'worker' }),
    container: { image: ContainerImage.fromReference('registry.example.com/shop/worker:1.0.0'), resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(64) } },
    eventScaling: {
      minReplicas: 1,
      maxReplicas: 4,
      triggers: [ScalingTrigger.cron({ timeZone: 'UTC', start: CronSchedule.expression('0 6 * * *'), end: CronSchedule.expression('0 18 * * *'), desiredReplicas: 2 })],
    },
  });
  new kplus.k8s.KubeHorizontalPodAutoscalerV2(chart, 'ByHand', {
    metadata: { name: 'worker-by-hand' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' }, maxReplicas: 3 },
  });
  const findings = checkCharts([chart]).findings.filter((f) => f.rule === 'one-autoscaler');
  expect(lines(findings)).toEqual(['one-autoscaler HorizontalPodAutoscaler worker-by-hand spec.scaleTargetRef']);
  expect(findings[0].constructPath).toBe('shop/ByHand');
});
