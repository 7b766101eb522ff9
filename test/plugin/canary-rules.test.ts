/**
 * The release rule of the plugin: canary-reached (the Service of a canary track is a backend of an Ingress or a route
 * of the manifests). Each failure yields exactly the expected finding; the fixed manifests none.
 */
import { check, cleanApp, deployment, lines, service } from './support';
import { RULES } from '../../src/plugin';

const CANARY = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web', 'cdk8s-appflow/track': 'canary' };

/** The clean application with a canary track: its Deployment `web-canary` and its Service `web-canary`. */
function withCanary(): Array<Record<string, any>> {
  return [
    ...cleanApp(),
    deployment({ metadata: { name: 'web-canary' }, spec: { selector: { matchLabels: CANARY } }, podMetadata: { labels: CANARY } }),
    service({ selector: CANARY }, { name: 'web-canary' }),
  ];
}

function route(backendRefs: Array<Record<string, any>>, extra: Record<string, any> = {}, kind = 'HTTPRoute', namespace = 'shop'): Record<string, any> {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name: 'web', namespace },
    spec: { parentRefs: [{ name: 'public', namespace: 'gateways' }], rules: [{ backendRefs, ...extra }] },
  };
}

function canary(manifests: unknown[]): string[] {
  return lines(check(manifests).findings.filter((f) => f.rule === 'canary-reached'));
}

test('canary-reached is a works-when-applied error', () => {
  expect(RULES.filter((r) => r.id === 'canary-reached').map((r) => `${r.family} ${r.severity}`)).toEqual(['works-when-applied error']);
});

test('a canary Service that no Ingress or route sends traffic to: a finding on the Service, at its track selector', () => {
  const result = check(withCanary());
  expect(lines(result.findings.filter((f) => f.rule === 'canary-reached'))).toEqual(['canary-reached Service web-canary spec.selector["cdk8s-appflow/track"]']);
  const finding = result.findings.find((f) => f.rule === 'canary-reached')!;
  expect(finding.severity).toBe('error');
  expect(finding.message).toBe('Service shop/web-canary selects the pods of the canary track, and no Ingress, HTTPRoute or GRPCRoute of the manifests sends '
    + 'traffic to it: no user reaches the canary, and nothing applies its share of the traffic');
  expect(finding.fix).toContain('or send traffic to web-canary from your own route or Ingress');
});

test.each<[string, Array<Record<string, any>>]>([
  ['an HTTPRoute that weighs the two tracks', [route([{ name: 'web', port: 80, weight: 90 }, { name: 'web-canary', port: 80, weight: 10 }])]],
  ['an HTTPRoute that gives the canary no share yet (weight 0)', [route([{ name: 'web', port: 80, weight: 100 }, { name: 'web-canary', port: 80, weight: 0 }])]],
  ['a GRPCRoute', [route([{ name: 'web-canary', port: 80 }], {}, 'GRPCRoute')]],
  ['a route of another namespace, by the backendRef\'s namespace', [route([{ name: 'web-canary', namespace: 'shop', port: 80 }], {}, 'HTTPRoute', 'edge')]],
  ['an ingress-nginx canary Ingress', [{
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web-canary', namespace: 'shop', annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' } },
    spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web-canary', port: { name: 'http' } } } }] } }] },
  }]],
  ['an Ingress\'s default backend', [{
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'catch-all', namespace: 'shop' }, spec: { defaultBackend: { service: { name: 'web-canary', port: { number: 80 } } } },
  }]],
])('reached by %s: no finding', (_what, routes) => {
  expect(canary([...withCanary(), ...routes])).toEqual([]);
});

test.each<[string, Array<Record<string, any>>]>([
  ['a request mirror only (its copies are answered to no one)', [route([{ name: 'web', port: 80 }], {
    filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'web-canary', port: 80 } } }],
  })]],
  ['a route to a Service of the same name in another namespace', [route([{ name: 'web-canary', namespace: 'other', port: 80 }])]],
  ['an Ingress of another namespace', [{
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'other' }, spec: { defaultBackend: { service: { name: 'web-canary', port: { number: 80 } } } },
  }]],
  ['a backendRef of another kind', [route([{ group: 'example.com', kind: 'Backend', name: 'web-canary' }])]],
])('not reached with %s: the finding', (_what, routes) => {
  expect(canary([...withCanary(), ...routes])).toEqual(['canary-reached Service web-canary spec.selector["cdk8s-appflow/track"]']);
});

test('the Services of the stable track and of a blue/green preview are not judged', () => {
  const stable = { ...CANARY, 'cdk8s-appflow/track': 'stable' };
  const green = { ...CANARY, 'cdk8s-appflow/track': 'green' };
  expect(canary([
    ...cleanApp(),
    service({ selector: stable }, { name: 'web-stable' }),
    service({ selector: green }, { name: 'web-preview' }),
  ])).toEqual([]);
});

test('exempted by the Service\'s annotation (a service mesh sends it traffic)', () => {
  const manifests = withCanary();
  manifests[manifests.length - 1].metadata.annotations = { 'cdk8s-appflow/exempt': 'canary-reached: the mesh splits the traffic (VirtualService web)' };
  expect(canary(manifests)).toEqual(['canary-reached Service web-canary spec.selector["cdk8s-appflow/track"] (exempted)']);
});
