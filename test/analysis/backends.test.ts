import { readObjects, serviceBackendsOf } from '../../src/analysis';

/*
 * The Service backends of Ingresses and Gateway API routes, which the flows, the ingress-backend-service rule and the
 * canary-reached rule read: where each is in its object, its Service's namespace, name and port, as written.
 */

function objectOf(manifest: Record<string, any>) {
  return readObjects([{ file: 'app.k8s.yaml', documents: [manifest] }]).objects[0];
}

/** Each backend as `<path> -> <namespace>/<name>:<port> (name at, port at, host)`. */
function backends(manifest: Record<string, any>): string[] {
  return serviceBackendsOf(objectOf(manifest)).map((b) =>
    `${b.path} -> ${b.namespace}/${String(b.name)}:${String(b.port)} (${b.namePath}, ${b.portPath ?? '-'}, ${b.host ?? '-'})`);
}

test('an Ingress: its default backend, then each path of each rule with its host; port by number or name; resource backends left out', () => {
  expect(backends({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      defaultBackend: { service: { name: 'fallback', port: { number: 8080 } } },
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { name: 'http' } } } }, { path: '/static', backend: { resource: { kind: 'Bucket', name: 'b' } } }] } },
        { http: { paths: [{ path: '/api', backend: { service: { name: 'api' } } }] } },
      ],
    },
  })).toEqual([
    'spec.defaultBackend -> shop/fallback:8080 (spec.defaultBackend.service.name, spec.defaultBackend.service.port.number, -)',
    'spec.rules[0].http.paths[0].backend -> shop/web:http (spec.rules[0].http.paths[0].backend.service.name, spec.rules[0].http.paths[0].backend.service.port.name, shop.example.com)',
    'spec.rules[1].http.paths[0].backend -> shop/api:undefined (spec.rules[1].http.paths[0].backend.service.name, -, -)',
  ]);
});

test.each(['HTTPRoute', 'GRPCRoute'])('a %s: the Service backendRefs of each rule, in the namespace they name or the route\'s', (kind) => {
  expect(backends({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name: 'web', namespace: 'edge' },
    spec: {
      rules: [
        { backendRefs: [{ name: 'web', port: 80, weight: 90 }, { name: 'web-canary', namespace: 'shop', port: 80, weight: 10 }] },
        { backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b' }, { kind: 'Service', group: '', name: 'api' }] },
      ],
    },
  })).toEqual([
    'spec.rules[0].backendRefs[0] -> edge/web:80 (spec.rules[0].backendRefs[0].name, spec.rules[0].backendRefs[0].port, -)',
    'spec.rules[0].backendRefs[1] -> shop/web-canary:80 (spec.rules[0].backendRefs[1].name, spec.rules[0].backendRefs[1].port, -)',
    'spec.rules[1].backendRefs[1] -> edge/api:undefined (spec.rules[1].backendRefs[1].name, -, -)',
  ]);
});

test('other objects, and an Ingress of another API group, have none', () => {
  expect(backends({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: {} })).toEqual([]);
  expect(backends({
    apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'old', namespace: 'shop' }, spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
  })).toEqual([]);
});
