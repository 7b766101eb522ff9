/**
 * The best-practice rules of the plugin: each with manifests that break it and manifests that pass.
 */
import { check, cleanApp, cleanContainer, cleanPodSpec, deployment, ingress, LABELS, lines, pdb, rulesOf, service } from './support';
import { KubernetesVersion } from '../../src';
import { RULES } from '../../src/plugin';

const DIGEST = 'sha256:6e63b5a5bab688f0681da02507ed315b960b608112af6992c07c7e18a6e882c0';

/** The clean app with its Deployment replaced. */
function appWith(d: Record<string, any>, ...more: Array<Record<string, any>>): Array<Record<string, any>> {
  return [d, pdb(), service(), ingress(), ...more];
}

function job(spec: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'import', namespace: 'shop' },
    spec: { ttlSecondsAfterFinished: 3600, template: { spec: cleanPodSpec({ restartPolicy: 'Never', containers: [cleanContainer({ name: 'import', readinessProbe: undefined, ports: undefined })] }) }, ...spec },
  };
}

function cronJob(spec: Record<string, any> = {}): Record<string, any> {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'shop' },
    spec: { schedule: '0 3 * * *', startingDeadlineSeconds: 600, jobTemplate: { spec: job().spec }, ...spec },
  };
}

test('the best-practice rules have the severities of docs/validation.md', () => {
  expect(Object.fromEntries(RULES.filter((r) => r.family === 'best-practice').map((r) => [r.id, r.severity]))).toEqual({
    'container-resources': 'error',
    'image-tag-pinned': 'error',
    'readiness-probe': 'error',
    'min-replicas': 'warning',
    'pod-disruption-budget': 'warning',
    'topology-spread': 'warning',
    'selector-matches-labels': 'error',
    'service-selects-pods': 'error',
    'ingress-backend-service': 'error',
    'duplicate-env': 'error',
    'secret-in-env': 'error',
    'cronjob-starting-deadline': 'warning',
    'job-ttl': 'warning',
  });
});

describe('container-resources', () => {
  test('a container (or init container) without requests or a memory limit is reported, per missing field', () => {
    const d = deployment({ pod: { initContainers: [cleanContainer({ name: 'init', resources: { requests: { cpu: '10m', memory: '16Mi' } }, readinessProbe: undefined })] } });
    delete d.spec.template.spec.containers[0].resources;
    expect(lines(check(appWith(d)).findings)).toEqual([
      'container-resources Deployment web spec.template.spec.initContainers[0].resources.limits.memory',
      'container-resources Deployment web spec.template.spec.containers[0].resources.requests.cpu',
      'container-resources Deployment web spec.template.spec.containers[0].resources.requests.memory',
      'container-resources Deployment web spec.template.spec.containers[0].resources.limits.memory',
    ]);
    expect(check(appWith(d)).findings[1].message).toBe('container "web" has no CPU request');
  });

  test('limits without requests pass (the API server copies them), and so do a LimitRange\'s defaults', () => {
    const limitsOnly = deployment({ pod: { containers: [cleanContainer({ resources: { limits: { cpu: '1', memory: '1Gi' } } })] } });
    expect(lines(check(appWith(limitsOnly)).findings)).toEqual([]);
    const none = deployment({ pod: { containers: [cleanContainer({ resources: {} })] } });
    const limitRange = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults', namespace: 'shop' },
      spec: { limits: [{ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { cpu: '100m' } }] },
    };
    expect(lines(check(appWith(none, limitRange)).findings)).toEqual([]);
  });
});

describe('image-tag-pinned', () => {
  test.each(['nginx', 'nginx:latest', 'registry.example.com:5000/team/app', 'registry.example.com:5000/team/app:latest'])('%s is reported', (image) => {
    const result = check(appWith(deployment({ pod: { containers: [cleanContainer({ image })] } })));
    expect(lines(result.findings)).toEqual(['image-tag-pinned Deployment web spec.template.spec.containers[0].image']);
    expect(result.findings[0].fix).toMatch(/^pin ".*" to a version tag or a digest/);
  });

  test.each(['nginx:1.27.3-alpine', 'registry.example.com:5000/team/app:2.0', `nginx@${DIGEST}`, `nginx:latest@${DIGEST}`])('%s passes', (image) => {
    expect(lines(check(appWith(deployment({ pod: { containers: [cleanContainer({ image })] } }))).findings)).toEqual([]);
  });
});

describe('readiness-probe', () => {
  test('a container that serves the Service\'s target port without a readiness probe is reported', () => {
    const result = check(appWith(deployment({ pod: { containers: [cleanContainer({ readinessProbe: undefined })] } })));
    expect(lines(result.findings)).toEqual(['readiness-probe Deployment web spec.template.spec.containers[0].readinessProbe']);
    expect(result.findings[0].message).toBe('container "web" serves port "http" of Service shop/web and has no readiness probe');
  });

  test('with a numeric target port that no container declares, some container must have a readiness probe', () => {
    const d = deployment({ pod: { containers: [cleanContainer({ readinessProbe: undefined, ports: undefined })] } });
    expect(lines(check([d, pdb(), service({ ports: [{ port: 80, targetPort: 8080 }] })]).findings)).toEqual([
      'readiness-probe Deployment web spec.template.spec.containers',
    ]);
  });

  test('passes: pods behind no Service, a sidecar that serves no target port, a Service that publishes pods that are not ready', () => {
    const noProbe = deployment({ pod: { containers: [cleanContainer({ readinessProbe: undefined })] } });
    expect(rulesOf(check([noProbe, pdb()]))).toEqual([]);
    const sidecar = deployment({ pod: { containers: [cleanContainer(), cleanContainer({ name: 'agent', image: 'agent:1.0', ports: undefined, readinessProbe: undefined })] } });
    expect(rulesOf(check(appWith(sidecar)))).toEqual([]);
    expect(rulesOf(check([noProbe, pdb(), service({ publishNotReadyAddresses: true })]))).toEqual([]);
  });
});

describe('min-replicas', () => {
  test('one replica behind a Service is reported (a warning), and an autoscaler\'s minimum counts', () => {
    const result = check(appWith(deployment({ spec: { replicas: 1 } })));
    expect(lines(result.findings)).toEqual(['min-replicas Deployment web spec.replicas']);
    expect(result.findings[0]).toMatchObject({ severity: 'warning', fix: 'set spec.replicas: 2 or more' });
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5 },
    };
    const scaled = deployment();
    delete scaled.spec.replicas;
    const withHpa = check(appWith(scaled, hpa));
    expect(lines(withHpa.findings)).toEqual(['min-replicas Deployment web spec.replicas']);
    expect(withHpa.findings[0].fix).toBe('set minReplicas: 2 or more on the HorizontalPodAutoscaler');
    expect(rulesOf(check(appWith(scaled, { ...hpa, spec: { ...hpa.spec, minReplicas: 2 } })))).toEqual([]);
  });

  test('a KEDA ScaledObject\'s minimum counts too (minReplicaCount, default 0; its target a Deployment unless it says otherwise)', () => {
    const scaledObject = (spec: Record<string, unknown>) => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { name: 'web' }, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } }], ...spec },
    });
    const scaled = deployment();
    delete scaled.spec.replicas;
    expect(rulesOf(check(appWith(scaled, scaledObject({ minReplicaCount: 2, maxReplicaCount: 10 }))))).toEqual([]);
    const low = check(appWith(scaled, scaledObject({ maxReplicaCount: 10 })));
    expect(lines(low.findings)).toEqual(['min-replicas Deployment web spec.replicas']);
    expect(low.findings[0]).toMatchObject({
      message: '0 replicas behind Service shop/web (the minimum of its ScaledObject): the Service is down while the pod restarts or its node drains',
      fix: 'set minReplicaCount: 2 or more on the ScaledObject',
    });
  });

  test('behind a headless Service (a StatefulSet\'s peers) and the clients\' Service: the finding names the clients\' Service', () => {
    const headless = service({ clusterIP: 'None' }, { name: 'web-headless' });
    const result = check([deployment({ spec: { replicas: 1 } }), headless, service()]);
    expect(result.findings.filter((f) => f.rule === 'min-replicas').map((f) => f.message))
      .toEqual(['one replica behind Service shop/web: the Service is down while the pod restarts or its node drains']);
  });

  test('passes: two tracks of one replica each behind one Service (a canary), a DaemonSet', () => {
    const stable = deployment({ metadata: { name: 'web-stable' }, spec: { replicas: 1 } });
    const canary = deployment({ metadata: { name: 'web-canary' }, spec: { replicas: 1 } });
    expect(rulesOf(check([stable, canary, service()]))).toEqual([]);
    const daemonSet: Record<string, any> = { ...deployment(), kind: 'DaemonSet' };
    delete daemonSet.spec.replicas;
    expect(rulesOf(check([daemonSet, service()]))).toEqual([]);
  });
});

describe('pod-disruption-budget', () => {
  test('a replicated workload behind a Service without a budget is reported', () => {
    const result = check([deployment(), service()]);
    expect(lines(result.findings)).toEqual(['pod-disruption-budget Deployment web spec.template.metadata.labels']);
    expect(result.findings[0].message).toMatch(/^no PodDisruptionBudget selects the pods \(up to 2 replicas behind Service shop\/web\)/);
  });

  test('a budget that allows no eviction is reported on the budget; two budgets on the workload', () => {
    expect(lines(check([deployment(), service(), pdb({ maxUnavailable: 0 })]).findings)).toEqual([
      'pod-disruption-budget PodDisruptionBudget web spec.maxUnavailable',
    ]);
    expect(lines(check([deployment(), service(), pdb({ maxUnavailable: undefined, minAvailable: 2 })]).findings)).toEqual([
      'pod-disruption-budget PodDisruptionBudget web spec.minAvailable',
    ]);
    const second = { ...pdb(), metadata: { name: 'web-2', namespace: 'shop' } };
    expect(lines(check([deployment(), service(), pdb(), second]).findings)).toEqual([
      'pod-disruption-budget Deployment web spec.template.metadata.labels',
    ]);
  });

  test('a percentage is rounded up, as the disruption controller does: minAvailable 60% of 2 replicas keeps both', () => {
    const result = check([deployment(), service(), pdb({ maxUnavailable: undefined, minAvailable: '60%' })]);
    expect(lines(result.findings)).toEqual(['pod-disruption-budget PodDisruptionBudget web spec.minAvailable']);
    expect(result.findings[0].message).toBe('minAvailable 60% of the 2 replicas is 2, rounded up: no pod of Deployment shop/web can be evicted, so node drains hang');
    expect(rulesOf(check([deployment(), service(), pdb({ maxUnavailable: undefined, minAvailable: '50%' })]))).toEqual([]);
    expect(lines(check([deployment(), service(), pdb({ maxUnavailable: '0%' })]).findings)).toEqual(['pod-disruption-budget PodDisruptionBudget web spec.maxUnavailable']);
    // maxUnavailable is rounded up too: 1% of 2 replicas lets one go.
    expect(rulesOf(check([deployment(), service(), pdb({ maxUnavailable: '1%' })]))).toEqual([]);
  });

  test('an autoscaled workload: the budget is judged at the least replicas', () => {
    const autoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 6 },
    };
    const result = check([deployment(), service(), autoscaler, pdb({ maxUnavailable: undefined, minAvailable: '67%' })]);
    expect(result.findings.filter((f) => f.rule === 'pod-disruption-budget').map((f) => f.message)).toEqual([
      'minAvailable 67% of the 3 replicas (the least of 3 to 6) is 3, rounded up: no pod of Deployment shop/web can be evicted while it runs 3, so node drains hang',
    ]);
  });

  test('passes: a budget with minAvailable below the replicas; a budget in another namespace does not count', () => {
    expect(rulesOf(check([deployment(), service(), pdb({ maxUnavailable: undefined, minAvailable: 1 })]))).toEqual([]);
    expect(rulesOf(check([deployment(), service(), { ...pdb(), metadata: { name: 'web', namespace: 'other' } }]))).toEqual(['pod-disruption-budget']);
  });
});

describe('topology-spread', () => {
  test('a replicated workload behind a Service that does not spread its pods is reported', () => {
    expect(lines(check(appWith(deployment({ pod: { topologySpreadConstraints: undefined } }))).findings)).toEqual([
      'topology-spread Deployment web spec.template.spec.topologySpreadConstraints',
    ]);
    const other = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'other' } } }];
    const result = check(appWith(deployment({ pod: { topologySpreadConstraints: other } })));
    expect(result.findings[0].message).toMatch(/no topology spread constraint or anti-affinity term selects the workload's own pods/);
  });

  test('passes: a pod anti-affinity term on its own labels', () => {
    const affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: LABELS } } }] } };
    expect(rulesOf(check(appWith(deployment({ pod: { topologySpreadConstraints: undefined, affinity } }))))).toEqual([]);
  });
});

describe('selector-matches-labels', () => {
  test('a selector that does not match the pod template labels is reported, per label', () => {
    const d = deployment({ spec: { selector: { matchLabels: { ...LABELS, 'app.kubernetes.io/version': '1.0' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } } });
    expect(lines(check(appWith(d)).findings)).toEqual([
      'selector-matches-labels Deployment web spec.selector.matchLabels["app.kubernetes.io/version"]',
      'selector-matches-labels Deployment web spec.selector.matchExpressions[0]',
    ]);
    const none = deployment();
    delete none.spec.selector;
    expect(lines(check(appWith(none)).findings)).toEqual(['selector-matches-labels Deployment web spec.selector']);
    const empty = deployment({ spec: { selector: {} } });
    expect(check(appWith(empty)).findings.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([
      'selector-matches-labels spec.selector: the selector is empty (it would select every pod of the namespace; the API server refuses it)',
    ]);
  });

  test('a ReplicationController\'s selector map is checked too', () => {
    const rc: Record<string, any> = { ...deployment(), apiVersion: 'v1', kind: 'ReplicationController' };
    rc.spec = { ...rc.spec, selector: { 'app.kubernetes.io/name': 'api' } };
    expect(lines(check([rc]).findings)).toEqual(['selector-matches-labels ReplicationController web spec.selector["app.kubernetes.io/name"]']);
    rc.spec = { ...rc.spec, selector: LABELS };
    expect(lines(check([rc]).findings)).toEqual([]);
  });

  test('passes: match expressions that the labels meet', () => {
    const d = deployment({ spec: { selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }, { key: 'track', operator: 'DoesNotExist' }] } } });
    expect(rulesOf(check(appWith(d)))).toEqual([]);
  });
});

describe('service-selects-pods', () => {
  test('a Service that selects no pod of its namespace is reported, with a hint when the pods are elsewhere', () => {
    const result = check([deployment({ metadata: { namespace: 'other' } }), service()]);
    expect(lines(result.findings.filter((f) => f.rule === 'service-selects-pods'))).toEqual(['service-selects-pods Service web spec.selector']);
    expect(result.findings.find((f) => f.rule === 'service-selects-pods')!.message).toBe(
      'selects no pod of the manifests in namespace shop (selector app.kubernetes.io/name=web, app.kubernetes.io/instance=web); Deployment other/web in another namespace has these labels');
  });

  test('a named target port that no selected container names is reported', () => {
    const result = check(appWith(deployment(), service({ ports: [{ name: 'metrics', port: 9090, targetPort: 'metrics' }] }, { name: 'web-metrics' })));
    expect(lines(result.findings)).toEqual(['service-selects-pods Service web-metrics spec.ports[0].targetPort']);
    expect(result.findings[0].fix).toBe('name a container port "metrics" in the pods, or target one of their ports: http');
  });

  test('a named target port that only a native sidecar names: no endpoints before Kubernetes 1.32 (kubernetes#128850)', () => {
    const proxy = cleanContainer({ name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'admin', containerPort: 4180 }] });
    const app = appWith(deployment({ pod: { initContainers: [proxy] } }), service({ ports: [{ name: 'admin', port: 4180, targetPort: 'admin' }] }, { name: 'web-admin' }));
    const at31 = check(app, { kubernetesVersion: KubernetesVersion.V1_31 }).findings.filter((f) => f.rule === 'service-selects-pods');
    expect(lines(at31)).toEqual(['service-selects-pods Service web-admin spec.ports[0].targetPort']);
    expect(at31[0].message).toBe('targets port "admin" by name, which only the native sidecar "proxy" names: before Kubernetes 1.32 a named port of a '
      + 'native sidecar is not resolved into the endpoints (kubernetes/kubernetes#128850), and the target is 1.31');
    expect(at31[0].fix).toBe('target the port by its number (4180), or a target of Kubernetes 1.32 or later');
    expect(check(app, { kubernetesVersion: KubernetesVersion.V1_32 }).findings.filter((f) => f.rule === 'service-selects-pods')).toEqual([]);
  });

  test('passes: a Service without a selector, an ExternalName Service, a numeric target port', () => {
    expect(rulesOf(check([service({ selector: undefined })]))).toEqual([]);
    expect(rulesOf(check([service({ type: 'ExternalName', externalName: 'db.example.com', selector: undefined })]))).toEqual([]);
    expect(rulesOf(check(appWith(deployment(), service({ ports: [{ port: 9090, targetPort: 9090 }] }, { name: 'web-9090' }))))).toEqual([]);
  });
});

describe('ingress-backend-service', () => {
  test('a backend Service that is not in the manifests, or a port it does not have, is reported', () => {
    const api: Record<string, any> = { ...ingress({ service: { name: 'api', port: { number: 80 } } }), metadata: { name: 'api', namespace: 'shop' } };
    api.spec.rules[0].host = 'api.example.com';
    const missing = check([...cleanApp(), api]);
    expect(lines(missing.findings)).toEqual(['ingress-backend-service Ingress api spec.rules[0].http.paths[0].backend.service.name']);
    expect(missing.findings[0]).toMatchObject({
      message: 'sends traffic to Service "api", which is not in the manifests in namespace shop',
      fix: 'name one of the Services of the namespace: web',
    });
    expect(lines(check([deployment(), pdb(), service(), ingress({ service: { name: 'web', port: { number: 8080 } } })]).findings)).toEqual([
      'ingress-backend-service Ingress web spec.rules[0].http.paths[0].backend.service.port.number',
    ]);
    expect(lines(check([deployment(), pdb(), service(), ingress({ service: { name: 'web', port: { name: 'grpc' } } })]).findings)).toEqual([
      'ingress-backend-service Ingress web spec.rules[0].http.paths[0].backend.service.port.name',
    ]);
  });

  test.each(['HTTPRoute', 'GRPCRoute'])('a %s is checked too', (kind) => {
    const route = (backendRefs: any[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind,
      metadata: { name: 'web', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'gateway', namespace: 'infra' }], rules: [{ backendRefs }] },
    });
    expect(lines(check([deployment(), pdb(), service(), route([{ name: 'web', port: 8080 }, { name: 'api', port: 80 }])]).findings)).toEqual([
      `ingress-backend-service ${kind} web spec.rules[0].backendRefs[0].port`,
      `ingress-backend-service ${kind} web spec.rules[0].backendRefs[1].name`,
    ]);
    expect(rulesOf(check([deployment(), pdb(), service(), route([{ name: 'web', port: 80 }, { name: 'api', namespace: 'other', port: 80 }])]))).toEqual([]);
  });

  test('passes: a port by name, a resource backend', () => {
    expect(rulesOf(check([deployment(), pdb(), service(), ingress({ service: { name: 'web', port: { name: 'http' } } })]))).toEqual([]);
    expect(rulesOf(check([deployment(), pdb(), service(), ingress({ resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' } })]))).toEqual([]);
  });
});

describe('duplicate-env', () => {
  test('an env var set twice in a container is reported at the second', () => {
    const env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'A', value: '3' }];
    const result = check(appWith(deployment({ pod: { containers: [cleanContainer({ env })] } })));
    expect(lines(result.findings)).toEqual(['duplicate-env Deployment web spec.template.spec.containers[0].env[2].name']);
    expect(result.findings[0].message).toBe('A is already set by env[0] of container "web"');
  });

  test('passes: distinct names, and the same name in two containers', () => {
    const env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
    expect(rulesOf(check(appWith(deployment({ pod: { containers: [cleanContainer({ env }), cleanContainer({ name: 'other', ports: undefined, env })] } }))))).toEqual([]);
  });
});

describe('secret-in-env', () => {
  test.each([
    ['DB_PASSWORD', 'hunter2'],
    ['GITHUB_TOKEN', 'abc'],
    ['stripeApiKey', 'sk_live_x'],
    ['AWS_SECRET_ACCESS_KEY', 'x'],
    ['CLIENT_SECRET', 'x'],
    ['SETTINGS', 'AKIAIOSFODNN7EXAMPLE'],
    ['DATABASE_URL', 'postgres://shop:s3cret@db:5432/shop'],
    ['TLS_KEY_PEM', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
    ['DEPLOY_SSH_KEY', 'ssh-ed25519 AAAA...'],
  ])('%s with a literal value is reported', (name, value) => {
    const result = check(appWith(deployment({ pod: { containers: [cleanContainer({ env: [{ name, value }] })] } })));
    expect(lines(result.findings)).toEqual(['secret-in-env Deployment web spec.template.spec.containers[0].env[0].value']);
    expect(result.findings[0].fix).toBe(`put the value in a Secret and set ${name} with valueFrom.secretKeyRef`);
  });

  test.each([
    ['DB_PASSWORD', undefined],
    ['DB_PASSWORD_FILE', '/run/secrets/db'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['PWD', '/app'],
    ['DB_PASSWORD', '$(SHARED_PASSWORD)'],
    ['DB_PASSWORD', ''],
    ['LOKI_HOST', 'loki.example.com'],
    ['DATABASE_URL', 'postgres://db:5432/shop'],
    ['KEYCLOAK_REALM', 'shop'],
    ['DATABASE_URL', 'postgres://shop:$(DB_PASSWORD)@db:5432/shop'],
    ['USE_TOKEN', 'true'],
    ['SECRET_NAME', 'db-credentials'],
  ])('%s=%s passes', (name, value) => {
    const env = [value === undefined ? { name, valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } } : { name, value }];
    expect(rulesOf(check(appWith(deployment({ pod: { containers: [cleanContainer({ env })] } }))))).toEqual([]);
  });
});

describe('cronjob-starting-deadline', () => {
  test('a CronJob without startingDeadlineSeconds is reported (a warning)', () => {
    const result = check([cronJob({ startingDeadlineSeconds: undefined })]);
    expect(lines(result.findings)).toEqual(['cronjob-starting-deadline CronJob report spec.startingDeadlineSeconds']);
    expect(result.findings[0].severity).toBe('warning');
  });

  test('passes: a CronJob with a deadline (its Jobs need no ttl: the history limits clean them up)', () => {
    const c = cronJob();
    delete c.spec.jobTemplate.spec.ttlSecondsAfterFinished;
    expect(lines(check([c]).findings)).toEqual([]);
  });
});

describe('job-ttl', () => {
  test('a Job without ttlSecondsAfterFinished is reported (a warning)', () => {
    const result = check([job({ ttlSecondsAfterFinished: undefined })]);
    expect(lines(result.findings)).toEqual(['job-ttl Job import spec.ttlSecondsAfterFinished']);
    expect(result.findings[0].severity).toBe('warning');
  });

  test('passes: a Job with a ttl', () => {
    expect(lines(check([job()]).findings)).toEqual([]);
  });
});

describe('many applications in one file', () => {
  test('each selector is matched against the pods that carry its labels, not against every pod', () => {
    // Matching every Service and budget selector against every pod made the check of one chart of a thousand
    // applications quadratic. The reads of the selectors count the matching work without timing it.
    const n = 40;
    let reads = 0;
    const counted = (selector: Record<string, any>) => new Proxy(selector, {
      get: (target, prop, receiver) => {
        reads++;
        return Reflect.get(target, prop, receiver);
      },
    });
    const manifests: Array<Record<string, any>> = [];
    for (let i = 0; i < n; i++) {
      const name = `web-${i}`;
      const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
      const app = [
        deployment({
          metadata: { name },
          spec: { selector: { matchLabels: labels } },
          podMetadata: { labels },
          pod: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }] },
        }),
        { ...pdb({ selector: counted({ matchLabels: labels }) }), metadata: { name, namespace: 'shop' } },
        service({ selector: counted(labels) }, { name }),
        ingress({ service: { name: i === 7 ? 'missing' : name, port: { number: 80 } } }),
      ];
      app[3].metadata.name = name;
      app[3].spec.rules[0].host = `${name}.example.com`;
      manifests.push(...app);
    }
    // Application 3's budget selects no pod: its pods have none.
    manifests[3 * 4 + 1].spec.selector = counted({ matchLabels: { 'app.kubernetes.io/name': 'nothing' } });
    const result = check(manifests);
    expect(lines(result.findings)).toEqual([
      'pod-disruption-budget Deployment web-3 spec.template.metadata.labels',
      'ingress-backend-service Ingress web-7 spec.rules[0].http.paths[0].backend.service.name',
    ]);
    // A few reads per selector (each is matched against the pods of its smallest label bucket: one pod), where
    // matching against every pod read each selector about n times.
    expect(reads).toBeLessThanOrEqual(20 * n);
  });
});
