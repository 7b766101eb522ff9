import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { AppIdentity, AppService, AppSynthesis, ContainerImage, NetworkPeer, NetworkPort, PlatformDefaults, StatelessWorkload, WebService } from '../../src';
import { checkManifests } from '../../src/plugin';
import { AppGrpcRoute, AppGrpcRouteProps } from '../../src/publish/app-grpc-route';
import { PathModifier, RouteFilter } from '../../src/publish/route-filters';
import { RouteMatchType } from '../../src/publish/route-options';
import { ManifestYaml } from '../../src/testing';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/orders:1.4.0');
const PUBLIC_GATEWAY = { name: 'public', namespace: 'gateways', sectionName: 'grpc' };

interface Shop {
  readonly app: App;
  readonly chart: Chart;
  readonly identity: AppIdentity;
  /** The orders service: ports `grpc` (9000, h2c) and `metrics` (9090). */
  readonly orders: AppService;
  /** The next version of the orders service, beside it: port `grpc` (9000). */
  readonly ordersNext: AppService;
}

/** A gRPC application in the `shop` namespace, with the platform's default Gateway set on the app (unless `gateway` is false). */
function shop(options: { app?: App; gateway?: boolean } = {}): Shop {
  const app = options.app ?? Testing.app();
  if (options.gateway ?? true) {
    PlatformDefaults.set(app, { gateway: PUBLIC_GATEWAY });
  }
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const identity = new AppIdentity(chart, 'Identity', { name: 'orders', partOf: 'shop' });
  const ports = [{ name: 'grpc', number: 9000 }, { name: 'metrics', number: 9090 }];
  const workload = new StatelessWorkload(chart, 'Orders', { identity, container: { image: IMAGE, ports } });
  const orders = new AppService(chart, 'Service', {
    workload, ports: [{ name: 'grpc', port: 9000, appProtocol: 'kubernetes.io/h2c' }, { name: 'metrics', port: 9090 }],
  });
  const next = new StatelessWorkload(chart, 'Next', {
    identity: identity.withTrack(chart, 'NextIdentity', 'next'), name: 'orders-next', container: { image: IMAGE, ports },
  });
  const ordersNext = new AppService(chart, 'NextService', { workload: next, name: 'orders-next', ports: [{ name: 'grpc', port: 9000, appProtocol: 'kubernetes.io/h2c' }] });
  return { app, chart, identity, orders, ordersNext };
}

/** A GRPCRoute of the shop: one host name, every call to the orders service, unless the props say otherwise. */
function route(s: Shop, props: Partial<AppGrpcRouteProps> = {}): AppGrpcRoute {
  return new AppGrpcRoute(s.chart, 'Route', { name: 'orders', hostnames: ['grpc.example.com'], rules: [{ backends: [{ service: s.orders }] }], ...props });
}

function routeManifest(chart: Chart): any {
  return only(synth(chart), 'GRPCRoute');
}

test('a service and a method to one backend, every other call to another: the GRPCRoute attached to the default Gateway', () => {
  const s = shop();
  const r = route(s, {
    rules: [
      { method: { service: 'shop.v1.Orders', method: 'CancelOrder' }, backends: [{ service: s.ordersNext, portName: 'grpc' }] },
      { backends: [{ service: s.orders, portName: 'grpc' }] },
    ],
  });
  expect(routeManifest(s.chart)).toEqual({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: {
      name: 'orders',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'cdk8s' },
    },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'grpc' }],
      hostnames: ['grpc.example.com'],
      rules: [
        { matches: [{ method: { type: 'Exact', service: 'shop.v1.Orders', method: 'CancelOrder' } }], backendRefs: [{ name: 'orders-next', port: 9000 }] },
        { backendRefs: [{ name: 'orders', port: 9000 }] },
      ],
    },
  });
  expect(r.name).toBe('orders');
  // The route belongs to the application, not to the release track of its first backend.
  expect(r.applicationName).toBe('orders');
  expect(r.urls).toEqual(['https://grpc.example.com/']);
});

test('headers, weights, header filters and a mirror, in one rule (snapshot)', () => {
  const s = shop();
  route(s, {
    gateways: [{ name: 'public', namespace: 'gateways', sectionName: 'grpc' }, { name: 'internal', namespace: 'gateways' }],
    rules: [{
      method: { service: 'shop\\.v1\\..*', type: RouteMatchType.REGULAR_EXPRESSION },
      headers: [{ name: 'x-tenant', value: 'acme' }],
      backends: [{ service: s.orders, weight: 90 }, { service: s.ordersNext, weight: 10 }],
      filters: [
        RouteFilter.modifyRequestHeaders({ set: { 'x-gateway': 'public' } }),
        RouteFilter.modifyResponseHeaders({ remove: ['x-internal-trace'] }),
        RouteFilter.mirror({ service: s.orders, portName: 'metrics' }),
      ],
    }],
  });
  expect(routeManifest(s.chart).spec.rules).toEqual([{
    matches: [{ method: { type: 'RegularExpression', service: 'shop\\.v1\\..*' }, headers: [{ name: 'x-tenant', value: 'acme', type: 'Exact' }] }],
    filters: [
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-gateway', value: 'public' }] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['x-internal-trace'] } },
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'orders', port: 9090 } } },
    ],
    backendRefs: [{ name: 'orders', port: 9000, weight: 90 }, { name: 'orders-next', port: 9000, weight: 10 }],
  }]);
  expect(ManifestYaml.ofChart(s.chart)).toMatchSnapshot();
});

test('a match of headers alone, and of a method of any service', () => {
  const s = shop();
  route(s, {
    rules: [
      { headers: [{ name: 'x-canary', value: 'true' }], backends: [{ service: s.ordersNext }] },
      { method: { method: 'Check' }, backends: [{ service: s.orders }] },
      { method: { service: 'shop.v1.Orders' }, backends: [{ service: s.orders }] },
    ],
  });
  expect(routeManifest(s.chart).spec.rules.map((r: any) => r.matches)).toEqual([
    [{ headers: [{ name: 'x-canary', value: 'true', type: 'Exact' }] }],
    [{ method: { type: 'Exact', method: 'Check' } }],
    [{ method: { type: 'Exact', service: 'shop.v1.Orders' } }],
  ]);
});

test('a Gateway of the props, without platform defaults; URLs over plain HTTP, none for a wildcard host name', () => {
  const s = shop({ gateway: false });
  const r = route(s, { gateway: { name: 'shop-gateway' }, scheme: 'http', hostnames: ['orders.shop.internal', '*.shop.internal'], applicationName: 'shop-orders' });
  expect(routeManifest(s.chart).spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop-gateway' }]);
  expect(r.urls).toEqual(['http://orders.shop.internal/']);
  expect(r.applicationName).toBe('shop-orders');
});

test('synth writes its URLs to <outdir>-side-files/urls/<application>.txt, beside those of the application\'s HTTP routes', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-grpc-route-'));
  try {
    const s = shop({ app: new App({ outdir }) });
    route(s, { hostnames: ['grpc.example.com', 'orders.example.com'] });
    AppSynthesis.synth(s.app);
    expect(fs.readFileSync(path.join(`${outdir}-side-files`, 'urls', 'orders.txt'), 'utf-8')).toBe('https://grpc.example.com/\nhttps://orders.example.com/\n');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
  }
});

test('works when applied: a pattern\'s NetworkPolicy blocks the Gateway behind the GRPCRoute until it admits it (docs/publish.md)', () => {
  const findings = (admitGateway: boolean) => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    PlatformDefaults.set(chart, { gateway: PUBLIC_GATEWAY, ingressControllerNamespace: 'ingress-nginx' });
    const orders = new WebService(chart, 'Orders', { name: 'orders', image: IMAGE, ports: [{ name: 'grpc', number: 9000 }], monitor: false });
    // A client of orders: orders' pods get a NetworkPolicy that lets the client in, and no one else.
    new WebService(chart, 'Client', { name: 'client', image: IMAGE, ports: [{ name: 'http', number: 8080 }], connections: [{ to: orders }], monitor: false });
    new AppGrpcRoute(chart, 'Route', { name: 'orders', hostnames: ['grpc.example.com'], rules: [{ backends: [{ service: orders.service! }] }] });
    if (admitGateway) {
      orders.networkPolicy!.allowFrom({ peers: [NetworkPeer.ingressController()], ports: [NetworkPort.named('grpc')] });
    }
    const result = checkManifests([{ file: 'shop.yaml', documents: synth(chart) }], { cluster: { ingressController: { namespace: 'ingress-nginx' } } });
    return result.findings.filter((f) => f.rule.startsWith('flow/')).map((f) => `${f.rule} ${f.path}`);
  };
  expect(findings(false)).toEqual(['flow/ingress spec.rules[0].backendRefs[0]']);
  expect(findings(true)).toEqual([]);
});

describe('refused (exact messages)', () => {
  const SERVICE = 'Expected a fully-qualified gRPC service name: identifiers of letters, digits and "_" (not starting with a digit) joined by "." '
    + '(e.g. "shop.v1.Orders"), or a regular expression with type RouteMatchType.REGULAR_EXPRESSION.';
  test.each<[string, (s: Shop) => Partial<AppGrpcRouteProps>, string]>([
    ['a redirect', (s) => ({ rules: [{ backends: [{ service: s.orders }], filters: [RouteFilter.redirect({ scheme: 'https' })] }] }),
      'shop/Route: invalid rules[0].filters[0] "RequestRedirect": a GRPCRoute has no RequestRedirect filter. '
      + 'Expected a filter of one of the types that a GRPCRoute takes: RequestHeaderModifier, ResponseHeaderModifier, RequestMirror.'],
    ['a URL rewrite', (s) => ({ rules: [{ backends: [{ service: s.orders }], filters: [RouteFilter.rewriteUrl({ path: PathModifier.replaceFullPath('/') })] }] }),
      'shop/Route: invalid rules[0].filters[0] "URLRewrite": a GRPCRoute has no URLRewrite filter. '
      + 'Expected a filter of one of the types that a GRPCRoute takes: RequestHeaderModifier, ResponseHeaderModifier, RequestMirror.'],
    ['two response header modifiers', (s) => ({
      rules: [{ backends: [{ service: s.orders }], filters: [RouteFilter.modifyResponseHeaders({ remove: ['a'] }), RouteFilter.modifyResponseHeaders({ remove: ['b'] })] }],
    }), 'shop/Route: invalid rules[0].filters[1] "ResponseHeaderModifier": rules[0].filters[0] is a ResponseHeaderModifier filter too. '
      + 'Expected one filter of each type per rule (mirrors excepted): all the header changes in one.'],
    ['a method match of neither service nor method', (s) => ({ rules: [{ method: {}, backends: [{ service: s.orders }] }] }),
      'shop/Route: invalid rules[0].method {}: it names neither a service nor a method. Expected a gRPC service (e.g. "shop.v1.Orders"), a method (e.g. "GetOrder"), or both.'],
    ['a service name with "-"', (s) => ({ rules: [{ method: { service: 'shop-v1.Orders' }, backends: [{ service: s.orders }] }] }),
      `shop/Route: invalid rules[0].method.service "shop-v1.Orders": it is not a gRPC service name, which an exact match needs. ${SERVICE}`],
    ['a service name with a leading "." (the CRD allows it; no request path has it)', (s) => ({ rules: [{ method: { service: '.shop.Orders' }, backends: [{ service: s.orders }] }] }),
      `shop/Route: invalid rules[0].method.service ".shop.Orders": it is not a gRPC service name, which an exact match needs. ${SERVICE}`],
    ['a service name with a "/"', (s) => ({ rules: [{ method: { service: 'shop.v1.Orders/Get' }, backends: [{ service: s.orders }] }] }),
      `shop/Route: invalid rules[0].method.service "shop.v1.Orders/Get": it is not a gRPC service name, which an exact match needs. ${SERVICE}`],
    ['a method name starting with a digit', (s) => ({ rules: [{ method: { service: 'shop.v1.Orders', method: '2Get' }, backends: [{ service: s.orders }] }] }),
      'shop/Route: invalid rules[0].method.method "2Get": it is not a gRPC method name, which an exact match needs. '
      + 'Expected a gRPC method name: letters, digits and "_", not starting with a digit (e.g. "GetOrder"), or a regular expression with type RouteMatchType.REGULAR_EXPRESSION.'],
    ['an empty regular expression', (s) => ({ rules: [{ method: { service: '', type: RouteMatchType.REGULAR_EXPRESSION }, backends: [{ service: s.orders }] }] }),
      `shop/Route: invalid rules[0].method.service "": it is empty. ${SERVICE}`],
    ['a method match type that does not exist', (s) => ({ rules: [{ method: { service: 'a', type: 'Prefix' as RouteMatchType }, backends: [{ service: s.orders }] }] }),
      'shop/Route: invalid rules[0].method.type "Prefix": it is not a match type. Expected RouteMatchType.EXACT or RouteMatchType.REGULAR_EXPRESSION.'],
    ['two rules of the same calls', (s) => ({
      rules: [
        { method: { service: 'shop.v1.Orders' }, backends: [{ service: s.orders }] },
        { backends: [{ service: s.orders }] },
        { method: { service: 'shop.v1.Orders', type: RouteMatchType.EXACT }, backends: [{ service: s.ordersNext }] },
      ],
    }), 'shop/Route: invalid rules[2] "shop.v1.Orders/*": rules[0] matches the same calls (the same service, method and headers). '
      + 'Expected each combination of service, method and headers in one rule only.'],
    ['two rules of every call', (s) => ({ rules: [{ backends: [{ service: s.orders }] }, { backends: [{ service: s.ordersNext }] }] }),
      'shop/Route: invalid rules[1] "every call": rules[0] matches the same calls (the same service, method and headers). '
      + 'Expected each combination of service, method and headers in one rule only.'],
    ['one header twice in a rule', (s) => ({ rules: [{ headers: [{ name: 'x-tenant', value: 'a' }, { name: 'X-Tenant', value: 'b' }], backends: [{ service: s.orders }] }] }),
      'shop/Route: invalid rules[0].headers[1].name "X-Tenant": rules[0].headers[0] matches the same header (header names are case-insensitive). Expected each header once per rule.'],
    ['no rule', () => ({ rules: [] }), 'shop/Route: invalid rules []: the route has no rule. Expected at least one rule, e.g. { backends: [{ service }] }.'],
    ['a rule without backend', () => ({ rules: [{ backends: [] }] }),
      'shop/Route: invalid rules[0].backends []: the rule has no backend. Expected at least one backend, e.g. [{ service }].'],
    ['a port name the Service does not have', (s) => ({ rules: [{ backends: [{ service: s.ordersNext, portName: 'metrics' }] }] }),
      'shop/Route: invalid rules[0].backends[0].portName "metrics": the Service orders-next has no port of that name. Expected one of its ports: grpc.'],
    ['weights that add up to 90', (s) => ({ rules: [{ backends: [{ service: s.orders, weight: 80 }, { service: s.ordersNext, weight: 10 }] }] }),
      'shop/Route: invalid rules[0].backends [80,10]: weights 80 and 10 add up to 90. '
      + 'Expected weights that add up to 100 (percentages of the rule\'s requests), or no weight at all to share the requests equally.'],
    ['no host name', () => ({ hostnames: [] }), 'shop/Route: invalid hostnames []: the route serves no host name. Expected at least one host name, e.g. ["shop.example.com"].'],
    ['one Gateway twice without sectionNames', () => ({ gateways: [{ name: 'public', namespace: 'gateways' }, { name: 'public', namespace: 'gateways' }] }),
      'shop/Route: invalid gateways[1].sectionName (undefined): gateways[0] is the same Gateway (gateways/public), and a route attaches to one Gateway twice only through two listeners. '
      + 'Expected a different sectionName on each reference to one Gateway, or the Gateway once without a sectionName.'],
  ])('%s', (_what, props, message) => {
    const s = shop();
    expect(refusalOf(() => route(s, props(s))).message).toBe(message);
  });

  test('no Gateway: neither in the props nor in the platform defaults', () => {
    const s = shop({ gateway: false });
    expect(refusalOf(() => route(s)).message).toBe('shop/Route: invalid gateway (undefined): the route names no Gateway, and the platform defaults set none. '
      + 'Expected a gateway, e.g. { name: "public", namespace: "gateways" }, or one for every route in PlatformDefaults.set(app, { gateway }).');
  });
});

describe('untyped JavaScript input: an input error, never a TypeError', () => {
  test.each<[string, (s: Shop) => Record<string, unknown>, string]>([
    ['rules as an object', () => ({ rules: {} }),
      'shop/Route: invalid rules {}: it is an object, not a list. Expected a list of rules, e.g. [{ method: { service: "shop.v1.Orders" }, backends: [{ service }] }].'],
    ['a method match as a string', (s) => ({ rules: [{ method: 'shop.v1.Orders/Get', backends: [{ service: s.orders }] }] }),
      'shop/Route: invalid rules[0].method "shop.v1.Orders/Get": it is a string, not an object. Expected a gRPC method match: { service?, method?, type? }.'],
    ['a service name as a number', (s) => ({ rules: [{ method: { service: 7 }, backends: [{ service: s.orders }] }] }),
      'shop/Route: invalid rules[0].method.service 7: it is a number, not a string. Expected a fully-qualified gRPC service name: identifiers of letters, digits and "_" '
      + '(not starting with a digit) joined by "." (e.g. "shop.v1.Orders"), or a regular expression with type RouteMatchType.REGULAR_EXPRESSION.'],
    ['a backend that is null', () => ({ rules: [{ backends: [null] }] }),
      'shop/Route: invalid rules[0].backends[0] null: it is null, not an object. Expected a list of backends, e.g. [{ service }].'],
  ])('%s', (_what, make, message) => {
    const s = shop();
    expect(refusalOf(() => route(s, make(s) as any)).message).toBe(message);
  });

  test.each([undefined, null, 7])('props %j', (props) => {
    expect(refusalOf(() => new AppGrpcRoute(shop().chart, 'Route', props as any)).message)
      .toMatch(/^shop\/Route: invalid props .*Expected the props of the route: at least name, hostnames and rules\.$/);
  });
});
