/**
 * The rule of the pods behind a Service (src/guard/rules/service-pods.ts), through ChangeGuard.compare, on the
 * changes of release that new-user trial 12 made: a canary by replicas from 100 to 0, a switch of release strategy,
 * back to a rolling release, and what must find nothing (a blue/green switch, a canary's steps).
 */
import { ChangeGuard, ChangeRule, ChangeSeverity } from '../../../src';
import { expectFinding } from '../findings';

const APP = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };

function deployment(name: string, replicas: number | undefined, track?: string) {
  const labels = track === undefined ? APP : { ...APP, 'cdk8s-appflow/track': track };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'api', image: 'registry.example.com/shop/api:1.0.0' }] } },
    },
  };
}

function service(name: string, track?: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop' },
    spec: { selector: track === undefined ? APP : { ...APP, 'cdk8s-appflow/track': track }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

/** A canary by replicas: one Service over both tracks. */
const byReplicas = (stable: number, canary: number) => [service('api'), deployment('api-stable', stable, 'stable'), deployment('api-canary', canary, 'canary')];
/** A blue/green release: the Service selects the active track, the preview Service the other. */
const blueGreen = (active: string, idle: string) => [service('api', active), service('api-preview', idle), deployment('api-blue', 4, 'blue'),
  deployment('api-green', 4, 'green')];
const rolling = () => [service('api'), deployment('api', 4)];

test('a canary by replicas from weight 100 to 0: every pod of the Service goes away while the stable ones start from none', () => {
  const findings = ChangeGuard.compare(byReplicas(0, 10), byReplicas(10, 0));
  expect(findings).toHaveLength(1);
  expectFinding(findings[0], {
    rule: ChangeRule.SERVICE_PODS_REPLACED,
    severity: ChangeSeverity.WARNING,
    kind: 'Service',
    name: 'api',
    field: '(the pods it selects)',
    before: 'Deployment api-canary',
    after: 'Deployment api-stable',
    happens: [/^the Service shop\/api sends traffic now to the pods of Deployment api-canary, and after the apply only to pods that do not run yet: Deployment api-canary goes to 0 replicas\. Until the new pods are ready, the Service has no ready endpoints/],
    proceed: [/^go in two applies: first one in which the pods that serve now keep serving while the new ones start \(a canary by replicas: an intermediate weight, 100 to 50 to 0/],
  });
  expect(findings[0].failing).toBe(false);
  // Steps that keep pods of the Service running: nothing.
  expect(ChangeGuard.compare(byReplicas(0, 10), byReplicas(5, 5))).toEqual([]);
  expect(ChangeGuard.compare(byReplicas(5, 5), byReplicas(10, 0))).toEqual([]);
  expect(ChangeGuard.compare(byReplicas(9, 1), byReplicas(0, 10))).toEqual([]);
});

test('from a rolling release to blue/green: the Service\'s new selector leaves the running pods out, and pruning last does not help', () => {
  const findings = ChangeGuard.compare(rolling(), blueGreen('blue', 'green'));
  // One finding, this rule's: guard/deployment-replaced would advise pruning last, which keeps pods no Service selects.
  expect(findings.map((f) => [f.rule, f.kind, f.name])).toEqual([[ChangeRule.SERVICE_PODS_REPLACED, 'Service', 'api']]);
  expect(findings[0].consequence).toMatch(/Deployment api is gone, and the new selector does not select its pods \(pruning last does not help\)/);
  expect(findings[0].remedy).toMatch(/A switch of release strategy that changes the Service's selector .* has no such first step: plan the gap, or acknowledge it/);
});

test('from release tracks back to a rolling release: the old track serves until the prune deletes it, so pruning last helps', () => {
  const tracks = [service('api', 'stable'), service('api-canary', 'canary'), deployment('api-stable', 4, 'stable'), deployment('api-canary', 2, 'canary')];
  const findings = ChangeGuard.compare(tracks, rolling());
  expect(findings.map((f) => [f.rule, f.name])).toEqual([[ChangeRule.SERVICE_PODS_REPLACED, 'api']]);
  expect(findings[0].consequence).toMatch(/after the apply only to pods that do not run yet: the prune of the same apply deletes Deployment api-stable, whose pods serve it until then\./);
  expect(findings[0].remedy).toMatch(/^remove the old workloads only once the new pods are ready: Argo CD sync option PruneLast=true/);
});

test('a Deployment renamed under the same Service is guard/deployment-replaced\'s, not reported twice', () => {
  const findings = ChangeGuard.compare(rolling(), [service('api'), deployment('api-v2', 4)]);
  expect(findings.map((f) => f.rule)).toEqual([ChangeRule.DEPLOYMENT_REPLACED]);
});

test('a blue/green switch, and its rollback, find nothing: the idle track runs already', () => {
  expect(ChangeGuard.compare(blueGreen('blue', 'green'), blueGreen('green', 'blue'))).toEqual([]);
  expect(ChangeGuard.compare(blueGreen('green', 'blue'), blueGreen('blue', 'green'))).toEqual([]);
  // An idle track scaled to 0: the switch is to pods that do not run.
  const idleAtZero = blueGreen('blue', 'green').map((m: any) => (m.metadata.name === 'api-green' ? deployment('api-green', 0, 'green') : m));
  const findings = ChangeGuard.compare(idleAtZero, blueGreen('green', 'blue').map((m: any) => (m.metadata.name === 'api-blue' ? deployment('api-blue', 0, 'blue') : m)));
  expect(findings.map((f) => f.name)).toEqual(['api']);
  expect(findings[0].consequence).toMatch(/the new selector does not select the pods of Deployment api-blue; Deployment api-blue goes to 0 replicas|Deployment api-blue goes to 0 replicas/);
});

test('replicas left to an autoscaler count as running pods; a Service that selected no running pods finds nothing', () => {
  const autoscaled = [service('api'), deployment('api', undefined)];
  expect(ChangeGuard.compare(autoscaled, [service('api'), deployment('api', undefined)])).toEqual([]);
  const rules = (findings: Array<{ rule: string }>) => findings.map((f) => f.rule);
  expect(rules(ChangeGuard.compare([service('api'), deployment('api', 0)], [service('api', 'blue'), deployment('api-blue', 4, 'blue')])))
    .not.toContain(ChangeRule.SERVICE_PODS_REPLACED);
  // A Service left without pods to wait for (its workload removed, or at 0 replicas) is not this rule's.
  expect(ChangeGuard.compare(rolling(), [service('api')])).toEqual([]);
  expect(ChangeGuard.compare(rolling(), [service('api'), deployment('api', 0)])).toEqual([]);
});
