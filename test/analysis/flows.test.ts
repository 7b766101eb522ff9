/**
 * The ingress flows of Gateway API routes in the analysis core: the Gateway's data plane (the cluster's ingress
 * controller) to the pods behind each backend of an HTTPRoute or a GRPCRoute, and behind each Service that a
 * RequestMirror filter copies the requests to. (The plugin's rules over these flows are tested in test/plugin.)
 */
import { ClusterComponents, flowsOf, ManifestModel, NetworkPolicies, readObjects } from '../../src/analysis';

const CLUSTER: ClusterComponents = { ingressController: { namespace: 'envoy-gateway-system' } };

function app(name: string, namespace = 'shop', port = { name: 'grpc', number: 9000 }): Array<Record<string, any>> {
  const labels = { 'app.kubernetes.io/name': name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name, image: `registry.example.com/${name}:1`, ports: [{ name: port.name, containerPort: port.number }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: labels, ports: [{ name: port.name, port: port.number, targetPort: port.name }] } },
  ];
}

function route(kind: 'HTTPRoute' | 'GRPCRoute', rules: unknown[]): Record<string, any> {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: { name: 'orders', namespace: 'shop' }, spec: { parentRefs: [{ name: 'public' }], rules } };
}

/** A NetworkPolicy of `shop` that isolates the pods named `name` and admits only the namespace `shop`. */
function isolate(name: string): Record<string, any> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] }],
    },
  };
}

/** The ingress flows as `<declared at>: <what> -> <pods> port <port> (admitted|blocked)`. */
function ingressFlows(documents: unknown[], cluster: ClusterComponents = CLUSTER): string[] {
  const model = new ManifestModel(readObjects([{ file: 'app.yaml', documents }]).objects);
  return flowsOf(model, cluster).flows.filter((f) => f.kind === 'ingress')
    .map((f) => `${f.path}: ${f.what} -> ${f.destination.description} port ${f.port.number} (${f.admission.admitted ? 'admitted' : 'blocked'})`);
}

test('a GRPCRoute backend: a flow from the Gateway to its pods, blocked by a policy that does not admit it', () => {
  const grpcRoute = route('GRPCRoute', [{ matches: [{ method: { service: 'shop.v1.Orders' } }], backendRefs: [{ name: 'orders', port: 9000 }] }]);
  expect(ingressFlows([...app('orders'), grpcRoute])).toEqual([
    'spec.rules[0].backendRefs[0]: traffic of GRPCRoute shop/orders to Service shop/orders -> the pods of Deployment shop/orders port 9000 (admitted)',
  ]);
  expect(ingressFlows([...app('orders'), grpcRoute, isolate('orders')])).toEqual([
    'spec.rules[0].backendRefs[0]: traffic of GRPCRoute shop/orders to Service shop/orders -> the pods of Deployment shop/orders port 9000 (blocked)',
  ]);
});

test('a RequestMirror filter of a rule or of a backend: a flow to the pods of the mirror, of another namespace too', () => {
  const documents = [
    ...app('orders'),
    ...app('orders-next'),
    ...app('orders-shadow', 'shadow'),
    route('HTTPRoute', [{
      backendRefs: [{
        name: 'orders',
        port: 9000,
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'orders-shadow', namespace: 'shadow', port: 9000 } } }],
      }],
      filters: [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: 'b' }] } },
        { type: 'RequestMirror', requestMirror: { backendRef: { name: 'orders-next', port: 9000 } } },
      ],
    }]),
    isolate('orders-next'),
  ];
  expect(ingressFlows(documents)).toEqual([
    'spec.rules[0].backendRefs[0]: traffic of HTTPRoute shop/orders to Service shop/orders -> the pods of Deployment shop/orders port 9000 (admitted)',
    'spec.rules[0].filters[1].requestMirror.backendRef: mirrored traffic of HTTPRoute shop/orders to Service shop/orders-next '
      + '-> the pods of Deployment shop/orders-next port 9000 (blocked)',
    'spec.rules[0].backendRefs[0].filters[0].requestMirror.backendRef: mirrored traffic of HTTPRoute shop/orders to Service shadow/orders-shadow '
      + '-> the pods of Deployment shadow/orders-shadow port 9000 (admitted)',
  ]);
});

test('a mirror that names no Service of the manifests, another kind, or a malformed filter: no flow, and no TypeError', () => {
  const grpcRoute = route('GRPCRoute', [{
    backendRefs: [{ name: 'orders', port: 9000, filters: 'none' }],
    filters: [
      null,
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'missing', port: 9000 } } },
      { type: 'RequestMirror', requestMirror: { backendRef: { group: 'example.com', kind: 'Backend', name: 'orders' } } },
      { type: 'RequestMirror', requestMirror: 'orders' },
    ],
  }]);
  expect(ingressFlows([...app('orders'), grpcRoute])).toEqual([
    'spec.rules[0].backendRefs[0]: traffic of GRPCRoute shop/orders to Service shop/orders -> the pods of Deployment shop/orders port 9000 (admitted)',
  ]);
});

test('without an ingress controller in the cluster components, no route flow at all', () => {
  const httpRoute = route('HTTPRoute', [{ backendRefs: [{ name: 'orders', port: 9000 }], filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'orders', port: 9000 } } }] }]);
  expect(ingressFlows([...app('orders'), httpRoute], {})).toEqual([]);
});

test('NetworkPolicies: the policies that isolate pods are those whose pod selector selects their labels, whatever its form, in the order of the manifests', () => {
  const pods = { namespace: 'shop', labels: { 'app.kubernetes.io/name': 'orders', 'tier': 'api' }, description: 'the pods of orders' };
  const denyAll = (name: string, podSelector: unknown, namespace = 'shop') => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec: { podSelector, policyTypes: ['Ingress'] },
  });
  const documents = [
    denyAll('by-name-and-tier', { matchLabels: { 'tier': 'api', 'app.kubernetes.io/name': 'orders' } }),
    denyAll('other-app', { matchLabels: { 'app.kubernetes.io/name': 'cart' } }),
    denyAll('other-tier', { matchLabels: { 'app.kubernetes.io/name': 'orders', 'tier': 'web' } }),
    denyAll('all-pods', {}),
    denyAll('no-selector', undefined),
    denyAll('by-expression', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'web'] }] }),
    denyAll('expression-not-met', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }),
    denyAll('other-namespace', {}, 'cart'),
    denyAll('by-tier', { matchLabels: { tier: 'api' } }),
  ];
  const policies = new NetworkPolicies(new ManifestModel(readObjects([{ file: 'app.yaml', documents }]).objects));
  const admission = policies.admission({ namespace: 'shop', description: 'a client' }, pods, { number: 80, protocol: 'TCP' });
  expect(admission.admitted).toBe(false);
  expect(admission.blocking.map((b) => b.policy.id.name)).toEqual(['by-name-and-tier', 'all-pods', 'no-selector', 'by-expression', 'by-tier']);
});
