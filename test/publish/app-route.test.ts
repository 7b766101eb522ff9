import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { AppIdentity, AppService, AppSynthesis, ContainerImage, PlatformDefaults, ServiceExposure, StatelessWorkload } from '../../src';
import { AppRoute, AppRouteProps, HttpMethod, RoutePathType } from '../../src/publish/app-route';
import { PathModifier, RouteFilter } from '../../src/publish/route-filters';
import { RouteMatchType } from '../../src/publish/route-options';
import { ManifestYaml } from '../../src/testing';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const IMAGE = ContainerImage.fromReference('registry.example.com/shop/web:2.3.1');
const PUBLIC_GATEWAY = { name: 'public', namespace: 'gateways', sectionName: 'https' };

interface Shop {
  readonly app: App;
  readonly chart: Chart;
  readonly webIdentity: AppIdentity;
  /** The web front end: ports `http` (80) and `metrics` (9090). */
  readonly web: AppService;
  /** The API: port `http` (8000). */
  readonly api: AppService;
}

/**
 * An application in the `shop` namespace, with the platform's default Gateway set on the app (unless `gateway` is false).
 */
function shop(options: { app?: App; gateway?: boolean } = {}): Shop {
  const app = options.app ?? Testing.app();
  if (options.gateway ?? true) {
    PlatformDefaults.set(app, { gateway: PUBLIC_GATEWAY });
  }
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const webIdentity = new AppIdentity(chart, 'WebIdentity', { name: 'web', partOf: 'shop' });
  const webWorkload = new StatelessWorkload(chart, 'Web', {
    identity: webIdentity,
    container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }, { name: 'metrics', number: 9090 }] },
  });
  const web = new AppService(chart, 'WebService', { workload: webWorkload, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] });
  const apiIdentity = new AppIdentity(chart, 'ApiIdentity', { name: 'api', partOf: 'shop' });
  const apiWorkload = new StatelessWorkload(chart, 'Api', { identity: apiIdentity, container: { image: IMAGE, ports: [{ name: 'http', number: 8000 }] } });
  const api = new AppService(chart, 'ApiService', { workload: apiWorkload });
  return { app, chart, webIdentity, web, api };
}

/** A route of the shop: one host name, everything to the web front end, unless the props say otherwise. */
function route(s: Shop, props: Partial<AppRouteProps> = {}): AppRoute {
  return new AppRoute(s.chart, 'Route', { name: 'shop', hostnames: ['shop.example.com'], rules: [{ backends: [{ service: s.web }] }], ...props });
}

function routeManifest(chart: Chart): any {
  return only(synth(chart), 'HTTPRoute');
}

test('one host name and two rules: the HTTPRoute attached to the default Gateway', () => {
  const s = shop();
  const r = route(s, {
    rules: [
      { backends: [{ service: s.web }] },
      { path: '/api', backends: [{ service: s.api, portName: 'http' }] },
    ],
  });
  expect(routeManifest(s.chart)).toEqual({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'shop', namespace: 'shop', labels: s.webIdentity.labels },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api', port: 8000 }] },
      ],
    },
  });
  expect(r.name).toBe('shop');
  expect(r.applicationName).toBe('web');
  expect(r.urls).toEqual(['https://shop.example.com/', 'https://shop.example.com/api']);
});

test('a canary: 90% of the requests to the stable track, 10% to the canary', () => {
  const app = Testing.app();
  PlatformDefaults.set(app, { gateway: PUBLIC_GATEWAY });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const foo = new AppIdentity(chart, 'Identity', { name: 'foo' });
  const ports = [{ name: 'http', number: 8080 }];
  const stable = new StatelessWorkload(chart, 'Stable', {
    identity: foo.withTrack(chart, 'StableIdentity', 'stable'), name: 'foo-stable', container: { image: IMAGE, ports },
  });
  const canary = new StatelessWorkload(chart, 'Canary', {
    identity: foo.withTrack(chart, 'CanaryIdentity', 'canary'), name: 'foo-canary', container: { image: IMAGE, ports },
  });
  const stableService = new AppService(chart, 'StableService', { workload: stable, name: 'foo-stable', ports: [{ name: 'http', port: 80 }] });
  const canaryService = new AppService(chart, 'CanaryService', { workload: canary, name: 'foo-canary', ports: [{ name: 'http', port: 80 }] });
  const r = new AppRoute(chart, 'Route', {
    name: 'foo',
    hostnames: ['foo.example.com'],
    rules: [{ backends: [{ service: stableService, weight: 90 }, { service: canaryService, weight: 10 }] }],
  });
  expect(routeManifest(chart).spec.rules).toEqual([{
    matches: [{ path: { type: 'PathPrefix', value: '/' } }],
    backendRefs: [{ name: 'foo-stable', port: 80, weight: 90 }, { name: 'foo-canary', port: 80, weight: 10 }],
  }]);
  expect(r.applicationName).toBe('foo');
  // The route belongs to the application, not to the stable track of its first backend.
  expect(routeManifest(chart).metadata.labels).toEqual({
    'app.kubernetes.io/name': 'foo', 'app.kubernetes.io/instance': 'foo', 'app.kubernetes.io/managed-by': 'cdk8s',
  });
  expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
});

describe('backends', () => {
  test('several backends without weights share the requests equally: no weight is written', () => {
    const s = shop();
    route(s, { rules: [{ backends: [{ service: s.web }, { service: s.api }] }] });
    expect(routeManifest(s.chart).spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }, { name: 'api', port: 8000 }]);
  });

  test('the only backend of a rule gets no weight, even when given 100', () => {
    const s = shop();
    route(s, { rules: [{ backends: [{ service: s.web, weight: 100 }] }] });
    expect(routeManifest(s.chart).spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
  });

  test('weights of 100 and 0 are written, 0 included', () => {
    const s = shop();
    route(s, { rules: [{ backends: [{ service: s.web, weight: 100 }, { service: s.api, weight: 0 }] }] });
    expect(routeManifest(s.chart).spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80, weight: 100 }, { name: 'api', port: 8000, weight: 0 }]);
  });

  test('a named port other than the first', () => {
    const s = shop();
    route(s, { rules: [{ path: '/metrics', pathType: RoutePathType.EXACT, backends: [{ service: s.web, portName: 'metrics' }] }] });
    expect(routeManifest(s.chart).spec.rules).toEqual([
      { matches: [{ path: { type: 'Exact', value: '/metrics' } }], backendRefs: [{ name: 'web', port: 9090 }] },
    ]);
  });

  test('a Service in another namespace is referenced with its namespace', () => {
    const s = shop();
    const catalogChart = new Chart(s.app, 'catalog', { namespace: 'catalog' });
    const identity = new AppIdentity(catalogChart, 'Identity', { name: 'catalog' });
    const workload = new StatelessWorkload(catalogChart, 'Catalog', { identity, container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }] } });
    const catalog = new AppService(catalogChart, 'Service', { workload });
    route(s, { rules: [{ backends: [{ service: s.web }] }, { path: '/catalog', backends: [{ service: catalog }] }] });
    const rules = routeManifest(s.chart).spec.rules;
    expect(rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    expect(rules[1].backendRefs).toEqual([{ name: 'catalog', namespace: 'catalog', port: 8080 }]);
  });

  test('the same path with another path type is another rule', () => {
    const s = shop();
    route(s, {
      rules: [
        { path: '/api', backends: [{ service: s.api }] },
        { path: '/api', pathType: RoutePathType.EXACT, backends: [{ service: s.web }] },
      ],
    });
    expect(routeManifest(s.chart).spec.rules.map((r: any) => r.matches[0].path)).toEqual([
      { type: 'PathPrefix', value: '/api' }, { type: 'Exact', value: '/api' },
    ]);
  });

  test('the route carries the labels of the first backend\'s application', () => {
    const s = shop();
    route(s, { rules: [{ path: '/api', backends: [{ service: s.api }] }, { backends: [{ service: s.web }] }] });
    expect(routeManifest(s.chart).metadata.labels).toEqual({
      'app.kubernetes.io/name': 'api',
      'app.kubernetes.io/instance': 'api',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });
});

describe('the Gateway', () => {
  test('the gateway of the props overrides the platform default', () => {
    const s = shop();
    route(s, { gateway: { name: 'internal', namespace: 'infra' } });
    expect(routeManifest(s.chart).spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal', namespace: 'infra' },
    ]);
  });

  test('a Gateway of the route\'s namespace, without platform defaults', () => {
    const s = shop({ gateway: false });
    route(s, { gateway: { name: 'shop-gateway', sectionName: 'web' } });
    expect(routeManifest(s.chart).spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop-gateway', sectionName: 'web' },
    ]);
  });

  test('a chart\'s platform default overrides the app\'s', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { gateway: PUBLIC_GATEWAY });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    PlatformDefaults.set(chart, { gateway: { name: 'shop-only' } });
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    const workload = new StatelessWorkload(chart, 'Web', { identity, container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }] } });
    const service = new AppService(chart, 'Service', { workload });
    new AppRoute(chart, 'Route', { name: 'web', hostnames: ['web.example.com'], rules: [{ backends: [{ service }] }] });
    expect(routeManifest(chart).spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop-only' }]);
  });
});

describe('published URLs', () => {
  test('one per host name and rule path; a wildcard host name is not a URL', () => {
    const s = shop();
    const r = route(s, {
      hostnames: ['shop.example.com', '*.shop.example.com', 'www.shop.example.com'],
      rules: [
        { backends: [{ service: s.web }] },
        { path: '/api', backends: [{ service: s.api }] },
        { path: '/api/v1', pathType: RoutePathType.EXACT, backends: [{ service: s.api }] },
      ],
    });
    expect(r.urls).toEqual([
      'https://shop.example.com/', 'https://shop.example.com/api', 'https://shop.example.com/api/v1',
      'https://www.shop.example.com/', 'https://www.shop.example.com/api', 'https://www.shop.example.com/api/v1',
    ]);
    expect(routeManifest(s.chart).spec.hostnames).toEqual(['shop.example.com', '*.shop.example.com', 'www.shop.example.com']);
  });

  test('only wildcard host names: no URL', () => {
    expect(route(shop(), { hostnames: ['*.example.com'] }).urls).toEqual([]);
  });

  test('the scheme, and an explicit application', () => {
    const r = route(shop(), { scheme: 'http', applicationName: 'storefront' });
    expect(r.urls).toEqual(['http://shop.example.com/']);
    expect(r.applicationName).toBe('storefront');
  });

  test('synth writes <outdir>-side-files/urls/<application>.txt, with the URLs of every route of the application', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-route-'));
    try {
      const s = shop({ app: new App({ outdir }) });
      route(s, { rules: [{ backends: [{ service: s.web }] }, { path: '/api', backends: [{ service: s.api }] }] });
      new AppRoute(s.chart, 'Admin', { name: 'shop-admin', hostnames: ['admin.example.com'], rules: [{ backends: [{ service: s.web }] }] });
      new AppRoute(s.chart, 'ApiRoute', { name: 'api', hostnames: ['api.example.com'], rules: [{ backends: [{ service: s.api }] }] });
      AppSynthesis.synth(s.app);
      expect(fs.readFileSync(path.join(`${outdir}-side-files`, 'urls', 'web.txt'), 'utf-8'))
        .toBe('https://admin.example.com/\nhttps://shop.example.com/\nhttps://shop.example.com/api\n');
      expect(fs.readFileSync(path.join(`${outdir}-side-files`, 'urls', 'api.txt'), 'utf-8')).toBe('https://api.example.com/\n');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
    }
  });
});

describe('refused', () => {
  const accepted = (s: Shop): Partial<AppRouteProps> => ({ rules: [{ backends: [{ service: s.web }] }] });
  test.each<[string, (s: Shop) => Partial<AppRouteProps>, RegExp]>([
    ['no host name', () => ({ hostnames: [] }),
      /^shop\/Route: invalid hostnames \[\]: the route serves no host name\. Expected at least one host name/],
    ['a wildcard that is not the leftmost label', () => ({ hostnames: ['shop.*.example.com'] }),
      /^shop\/Route: invalid hostnames\[0\] "shop\.\*\.example\.com": it has a wildcard that is not its whole leftmost label .*\. Expected a host name: /],
    ['a partial wildcard label', () => ({ hostnames: ['shop.example.com', '*shop.example.com'] }),
      /^shop\/Route: invalid hostnames\[1\] "\*shop\.example\.com": it has a wildcard that is not its whole leftmost label/],
    ['an IP address', () => ({ hostnames: ['10.0.0.1'] }), /^shop\/Route: invalid hostnames\[0\] "10\.0\.0\.1": it is an IP address, not a host name\./],
    ['uppercase letters', () => ({ hostnames: ['Shop.example.com'] }),
      /^shop\/Route: invalid hostnames\[0\] "Shop\.example\.com": it contains uppercase letters, which are not allowed\./],
    ['two identical host names', () => ({ hostnames: ['shop.example.com', 'www.example.com', 'shop.example.com'] }),
      /^shop\/Route: invalid hostnames\[2\] "shop\.example\.com": hostnames\[0\] is the same host name\. Expected each host name once\.$/],
    ['no rule', () => ({ rules: [] }), /^shop\/Route: invalid rules \[\]: the route has no rule\. Expected at least one rule/],
    ['a rule without backend', (s) => ({ rules: [{ backends: [{ service: s.web }] }, { path: '/api', backends: [] }] }),
      /^shop\/Route: invalid rules\[1\]\.backends \[\]: the rule has no backend\. Expected at least one backend/],
    ['a path without a leading "/"', (s) => ({ rules: [{ path: 'api', backends: [{ service: s.api }] }] }),
      /^shop\/Route: invalid rules\[0\]\.path "api": it does not start with "\/"\. Expected an absolute path starting with "\/"/],
    ['a path with "//"', (s) => ({ rules: [{ path: '/api//v1', backends: [{ service: s.api }] }] }),
      /^shop\/Route: invalid rules\[0\]\.path "\/api\/\/v1": it contains "\/\/"\./],
    ['a path with a space', (s) => ({ rules: [{ path: '/my api', backends: [{ service: s.api }] }] }),
      /^shop\/Route: invalid rules\[0\]\.path "\/my api": it contains characters that are not allowed in a URL path/],
    ['two rules with the same path and path type', (s) => ({
      rules: [{ path: '/api', backends: [{ service: s.api }] }, { backends: [{ service: s.web }] }, { path: '/api', backends: [{ service: s.web }] }],
    }), /^shop\/Route: invalid rules\[2\]\.path "\/api": rules\[0\] has the same path and path type \(PathPrefix\)\. Expected each path/],
    ['the same prefix with a trailing "/"', (s) => ({ rules: [{ path: '/api', backends: [{ service: s.api }] }, { path: '/api/', backends: [{ service: s.web }] }] }),
      /^shop\/Route: invalid rules\[1\]\.path "\/api\/": rules\[0\] has the same path and path type \(PathPrefix\)/],
    ['the default path twice', (s) => ({ rules: [{ backends: [{ service: s.api }] }, { path: '/', backends: [{ service: s.web }] }] }),
      /^shop\/Route: invalid rules\[1\]\.path "\/": rules\[0\] has the same path and path type \(PathPrefix\)/],
    ['a port name the Service does not have', (s) => ({ rules: [{ backends: [{ service: s.web, portName: 'grpc' }] }] }),
      /^shop\/Route: invalid rules\[0\]\.backends\[0\]\.portName "grpc": the Service web has no port of that name\. Expected one of its ports: http, metrics\.$/],
    ['the same Service port twice in a rule', (s) => ({ rules: [{ backends: [{ service: s.web, portName: 'http' }, { service: s.web }] }] }),
      /^shop\/Route: invalid rules\[0\]\.backends\[1\]\.portName "http": rules\[0\]\.backends\[0\] is the same Service port\./],
    ['an ExternalName Service', (s) => ({
      rules: [{ backends: [{ service: new AppService(s.chart, 'Legacy', { name: 'legacy', exposure: ServiceExposure.externalName('legacy.example.com') }) }] }],
    }), /^shop\/Route: invalid rules\[0\]\.backends\[0\]\.service "legacy": it is an ExternalName Service \(an alias of legacy\.example\.com\), which has no ports\. Expected a Service that selects pods/],
    ['weights that add up to more than 100', (s) => ({ rules: [{ backends: [{ service: s.web, weight: 90 }, { service: s.api, weight: 20 }] }] }),
      /^shop\/Route: invalid rules\[0\]\.backends \[90,20\]: weights 90 and 20 add up to 110\. Expected weights that add up to 100/],
    ['weights that add up to less than 100', (s) => ({
      rules: [{ backends: [{ service: s.web }] }, { path: '/api', backends: [{ service: s.web, weight: 50 }, { service: s.api, weight: 30 }, { service: s.web, portName: 'metrics', weight: 10 }] }],
    }), /^shop\/Route: invalid rules\[1\]\.backends \[50,30,10\]: weights 50, 30 and 10 add up to 90\./],
    ['a weight for some backends only', (s) => ({ rules: [{ backends: [{ service: s.web, weight: 100 }, { service: s.api }] }] }),
      /^shop\/Route: invalid rules\[0\]\.backends\[1\]\.weight \(undefined\): rules\[0\]\.backends\[0\] has a weight, so every backend of the rule needs one\./],
    ['a weight above 100', (s) => ({ rules: [{ backends: [{ service: s.web, weight: 110 }, { service: s.api, weight: -10 }] }] }),
      /^shop\/Route: invalid rules\[0\]\.backends\[0\]\.weight 110: it is above 100\. Expected a percentage of the rule's requests: an integer from 0 to 100\.$/],
    ['a negative weight', (s) => ({ rules: [{ backends: [{ service: s.web, weight: 110 }, { service: s.api, weight: -10 }].reverse() }] }),
      /^shop\/Route: invalid rules\[0\]\.backends\[0\]\.weight -10: it is below 0\./],
    ['a weight that is not an integer', (s) => ({ rules: [{ backends: [{ service: s.web, weight: 99.5 }, { service: s.api, weight: 0.5 }] }] }),
      /^shop\/Route: invalid rules\[0\]\.backends\[0\]\.weight 99\.5: it is not a whole number\./],
    ['a weight below 100 for the only backend', (s) => ({ rules: [{ backends: [{ service: s.web, weight: 50 }] }] }),
      /^shop\/Route: invalid rules\[0\]\.backends\[0\]\.weight 50: the only backend of a rule receives all its requests\./],
    ['an invalid name', () => ({ name: 'Shop_Route' }),
      /^shop\/Route: invalid name "Shop_Route": it contains "_" and uppercase letters, which are not allowed\. Expected a DNS-1123 subdomain: /],
    ['a scheme other than http and https', () => ({ scheme: 'ftp' }),
      /^shop\/Route: invalid scheme "ftp": it is not a scheme that a Gateway serves\. Expected "https" or "http"\.$/],
    ['an application name that is no file name', () => ({ applicationName: 'shop/front' }),
      /^shop\/Route: invalid applicationName "shop\/front": it contains "\/", which is not allowed\. Expected a DNS-1123 subdomain: /],
    ['more than 16 host names', () => ({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }),
      /^shop\/Route: invalid hostnames .*: there are 17 host names, more than 16\. Expected at most 16 host names per route/],
    ['an invalid Gateway name', () => ({ gateway: { name: 'Public' } }), /^shop\/Route: invalid gateway\.name "Public": it contains uppercase letters/],
    ['an invalid Gateway namespace', () => ({ gateway: { name: 'public', namespace: 'gate.ways' } }),
      /^shop\/Route: invalid gateway\.namespace "gate\.ways": it contains "\.", which is not allowed/],
  ])('%s', (_what, props, message) => {
    const s = shop();
    expect(() => route(s, { ...accepted(s), ...props(s) })).toThrow(message);
  });

  test('no Gateway: neither in the props nor in the platform defaults', () => {
    const s = shop({ gateway: false });
    expect(() => route(s)).toThrow(
      /^shop\/Route: invalid gateway \(undefined\): the route names no Gateway, and the platform defaults set none\. Expected a gateway, e\.g\./);
  });
});

describe('untyped JavaScript input: an input error, never a TypeError', () => {
  test.each<[string, (s: Shop) => Record<string, unknown>, RegExp]>([
    ['hostnames as a string', () => ({ hostnames: 'shop.example.com' }), /^shop\/Route: invalid hostnames "shop\.example\.com": it is a string, not a list\. Expected a list of host names/],
    ['rules as an object', () => ({ rules: {} }), /^shop\/Route: invalid rules \{\}: it is an object, not a list\. Expected a list of rules/],
    ['a rule that is null', () => ({ rules: [null] }), /^shop\/Route: invalid rules\[0\] null: it is null, not an object\./],
    ['backends as a string', () => ({ rules: [{ backends: 'web' }] }), /^shop\/Route: invalid rules\[0\]\.backends "web": it is a string, not a list\./],
    ['a backend that is null', () => ({ rules: [{ backends: [null] }] }), /^shop\/Route: invalid rules\[0\]\.backends\[0\] null: it is null, not an object\./],
    ['gateway as a string', () => ({ gateway: 'public' }), /^shop\/Route: invalid gateway "public": it is a string, not an object\./],
  ])('%s', (_what, make, message) => {
    const s = shop();
    expect(() => route(s, make(s) as any)).toThrow(message);
  });

  test.each([undefined, null, 7])('props %j', (props) => {
    expect(() => new AppRoute(shop().chart, 'Route', props as any))
      .toThrow(/^shop\/Route: invalid props .*Expected the props of the route: at least name, hostnames and rules\.$/);
  });
});

test('a path breaks the rule of every HTTP path (FormatRule.HTTP_PATH, shared with Ingresses) before the CRD\'s own', () => {
  const s = shop();
  expect(() => route(s, { rules: [{ path: '/a/../b', backends: [{ service: s.web }] }] })).toThrow(/invalid rules\[0\]\.path "\/a\/\.\.\/b": it contains "\/\.\.\/"/);
  const other = shop();
  expect(() => route(other, { rules: [{ path: '/a#b', backends: [{ service: other.web }] }] })).toThrow(/invalid rules\[0\]\.path "\/a#b": it contains "#"/);
});

test.each([['/api/*', '"*"', RoutePathType.PREFIX], ['/api/(.*)', '"*"', RoutePathType.PREFIX], ['/orders/.+', '".+"', RoutePathType.EXACT]])(
  'a glob or a regular expression as a path, %j, is refused: a PathPrefix or Exact path matches literally', (bad, marks, pathType) => {
    const s = shop();
    expect(refusalOf(() => route(s, { rules: [{ path: bad, pathType, backends: [{ service: s.web }] }] }))).toMatchObject({
      constructPath: 'shop/Route',
      prop: 'rules[0].path',
      value: bad,
      problem: `it reads as a pattern (${marks}), but a ${pathType} path matches literally: no request has this path, and the backend gets no traffic`,
      accepted: 'the literal path (a prefix already matches everything under it: "/api" matches "/api/v1/orders")',
    });
  });

describe('matches on headers, query parameters and methods', () => {
  test('written beside the path, each with its type (Exact unless told)', () => {
    const s = shop();
    route(s, {
      rules: [
        {
          path: '/api',
          headers: [{ name: 'X-Canary', value: 'always' }, { name: 'User-Agent', value: '.*Mobile.*', type: RouteMatchType.REGULAR_EXPRESSION }],
          queryParams: [{ name: 'version', value: '2' }],
          method: HttpMethod.POST,
          backends: [{ service: s.api }],
        },
        { backends: [{ service: s.web }] },
      ],
    });
    expect(routeManifest(s.chart).spec.rules[0].matches).toEqual([{
      path: { type: 'PathPrefix', value: '/api' },
      headers: [{ name: 'X-Canary', value: 'always', type: 'Exact' }, { name: 'User-Agent', value: '.*Mobile.*', type: 'RegularExpression' }],
      queryParams: [{ name: 'version', value: '2', type: 'Exact' }],
      method: 'POST',
    }]);
  });

  test('one path with and without headers: two rules; a header name of every RFC 7230 token character', () => {
    const s = shop();
    route(s, {
      rules: [
        { path: '/api', headers: [{ name: "x-!#$%&'*+-.^_`|~09AZ", value: 'on' }], backends: [{ service: s.web }] },
        { path: '/api', backends: [{ service: s.api }] },
      ],
    });
    expect(routeManifest(s.chart).spec.rules.map((r: any) => r.backendRefs[0].name)).toEqual(['web', 'api']);
  });

  test('a rule that a plain GET does not reach publishes no URL; a GET rule does', () => {
    const s = shop();
    const r = route(s, {
      rules: [
        { path: '/beta', headers: [{ name: 'X-Beta', value: 'on' }], backends: [{ service: s.web }] },
        { path: '/search', queryParams: [{ name: 'q', value: 'x' }], backends: [{ service: s.web }] },
        { path: '/orders', method: HttpMethod.POST, backends: [{ service: s.api }] },
        { path: '/status', method: HttpMethod.GET, backends: [{ service: s.api }] },
        { path: '/', backends: [{ service: s.web }] },
      ],
    });
    expect(r.urls).toEqual(['https://shop.example.com/status', 'https://shop.example.com/']);
  });
});

describe('filters', () => {
  test('header modifiers of the request and the response', () => {
    const s = shop();
    route(s, {
      rules: [{
        backends: [{ service: s.web }],
        filters: [
          RouteFilter.modifyRequestHeaders({ set: { 'X-Environment': 'production' }, add: { 'X-Via': 'gateway' }, remove: ['X-Debug'] }),
          RouteFilter.modifyResponseHeaders({ remove: ['Server', 'X-Powered-By'] }),
        ],
      }],
    });
    expect(routeManifest(s.chart).spec.rules[0].filters).toEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { set: [{ name: 'X-Environment', value: 'production' }], add: [{ name: 'X-Via', value: 'gateway' }], remove: ['X-Debug'] },
      },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['Server', 'X-Powered-By'] } },
    ]);
  });

  test('a redirect: a rule without backends; its URL is published (a GET reaches it)', () => {
    const s = shop();
    const r = route(s, {
      rules: [
        { path: '/old', filters: [RouteFilter.redirect({ scheme: 'https', hostname: 'www.example.com', port: 8443, statusCode: 301, path: PathModifier.replaceFullPath('/new') })] },
        { path: '/docs', filters: [RouteFilter.redirect({ path: PathModifier.replacePrefixMatch('/manual') })], backends: [] },
        { backends: [{ service: s.web }] },
      ],
    });
    const rules = routeManifest(s.chart).spec.rules;
    expect(rules[0]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/old' } }],
      filters: [{
        type: 'RequestRedirect',
        requestRedirect: { scheme: 'https', hostname: 'www.example.com', port: 8443, statusCode: 301, path: { type: 'ReplaceFullPath', replaceFullPath: '/new' } },
      }],
    });
    expect(rules[1].filters[0].requestRedirect).toEqual({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/manual' } });
    expect(rules[1].backendRefs).toBeUndefined();
    expect(r.urls).toEqual(['https://shop.example.com/old', 'https://shop.example.com/docs', 'https://shop.example.com/']);
  });

  test('a route of redirects only: the application and labels are the route\'s own', () => {
    const s = shop();
    const r = route(s, { name: 'legacy', rules: [{ filters: [RouteFilter.redirect({ hostname: 'shop.example.com', statusCode: 301 })] }] });
    expect(r.applicationName).toBe('legacy');
    expect(routeManifest(s.chart).metadata.labels).toBeUndefined();
  });

  test('a URL rewrite of the host name and the matched prefix', () => {
    const s = shop();
    route(s, {
      rules: [{
        path: '/v1',
        backends: [{ service: s.api }],
        filters: [RouteFilter.rewriteUrl({ hostname: 'api.internal', path: PathModifier.replacePrefixMatch('/') })],
      }],
    });
    expect(routeManifest(s.chart).spec.rules[0].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { hostname: 'api.internal', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
    ]);
  });

  test('mirrors: several, each to a Service port, another namespace\'s with its namespace', () => {
    const s = shop();
    const shadowChart = new Chart(s.app, 'shadow', { namespace: 'shadow' });
    const identity = new AppIdentity(shadowChart, 'Identity', { name: 'web-next' });
    const workload = new StatelessWorkload(shadowChart, 'Next', { identity, container: { image: IMAGE, ports: [{ name: 'http', number: 8080 }] } });
    const next = new AppService(shadowChart, 'Service', { workload });
    route(s, {
      rules: [{
        backends: [{ service: s.web }],
        filters: [RouteFilter.mirror({ service: s.api }), RouteFilter.mirror({ service: next, portName: 'http' })],
      }],
    });
    expect(routeManifest(s.chart).spec.rules[0].filters).toEqual([
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'api', port: 8000 } } },
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'web-next', namespace: 'shadow', port: 8080 } } },
    ]);
  });
});

test('a route of every kind of rule: matches, filters, a redirect, timeouts, two listeners (snapshot)', () => {
  const s = shop();
  route(s, {
    gateways: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }, { name: 'public', namespace: 'gateways', sectionName: 'http' }],
    rules: [
      { backends: [{ service: s.web }], filters: [RouteFilter.modifyResponseHeaders({ set: { 'Strict-Transport-Security': 'max-age=31536000' } })] },
      {
        path: '/api',
        headers: [{ name: 'X-Api-Version', value: '2' }],
        backends: [{ service: s.api }],
        filters: [RouteFilter.rewriteUrl({ path: PathModifier.replacePrefixMatch('/v2') }), RouteFilter.mirror({ service: s.web, portName: 'metrics' })],
        timeouts: { request: Duration.seconds(30), backendRequest: Duration.seconds(10) },
      },
      { path: '/api', method: HttpMethod.GET, backends: [{ service: s.api }], timeouts: { request: Duration.seconds(5) } },
      { path: '/shop', filters: [RouteFilter.redirect({ path: PathModifier.replacePrefixMatch('/'), statusCode: 301 })] },
    ],
  });
  expect(ManifestYaml.ofChart(s.chart)).toMatchSnapshot();
});

describe('timeouts', () => {
  test.each<[Duration, string]>([
    [Duration.seconds(30), '30s'],
    [Duration.minutes(90), '1h30m'],
    [Duration.millis(1500), '1s500ms'],
    [Duration.millis(250), '250ms'],
    [Duration.hours(99999), '99999h'],
    [Duration.seconds(0), '0s'],
  ])('%s is written as the Gateway API duration %s', (duration, written) => {
    const s = shop();
    route(s, { rules: [{ backends: [{ service: s.web }], timeouts: { request: duration } }] });
    expect(routeManifest(s.chart).spec.rules[0].timeouts).toEqual({ request: written });
  });

  test('a backend request timeout up to the request timeout, or any without a request timeout (zero)', () => {
    const s = shop();
    route(s, {
      rules: [
        { backends: [{ service: s.web }], timeouts: { request: Duration.seconds(10), backendRequest: Duration.seconds(10) } },
        { path: '/report', backends: [{ service: s.web }], timeouts: { request: Duration.seconds(0), backendRequest: Duration.minutes(5) } },
        { path: '/api', backends: [{ service: s.api }], timeouts: { backendRequest: Duration.seconds(2) } },
        { path: '/static', backends: [{ service: s.web }], timeouts: {} },
      ],
    });
    expect(routeManifest(s.chart).spec.rules.map((r: any) => r.timeouts)).toEqual([
      { request: '10s', backendRequest: '10s' }, { request: '0s', backendRequest: '5m' }, { backendRequest: '2s' }, undefined,
    ]);
  });
});

describe('several Gateways', () => {
  test('two listeners of one Gateway and another Gateway, instead of the platform default', () => {
    const s = shop();
    route(s, {
      gateways: [
        { name: 'public', namespace: 'gateways', sectionName: 'https' },
        { name: 'public', namespace: 'gateways', sectionName: 'http' },
        { name: 'internal' },
      ],
    });
    expect(routeManifest(s.chart).spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' },
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'http' },
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal' },
    ]);
  });

  test('one Gateway of the props\' list, without platform defaults', () => {
    const s = shop({ gateway: false });
    route(s, { gateways: [{ name: 'shop-gateway' }] });
    expect(routeManifest(s.chart).spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop-gateway' }]);
  });
});

/** The message of the input error that making the route throws. */
function refusal(make: () => unknown): string {
  return refusalOf(make).message;
}

describe('refused: matches, filters, timeouts and Gateways (exact messages)', () => {
  const HEADER_NAME = 'Expected an HTTP header name: an RFC 7230 token of at most 256 letters, digits and !#$%&\'*+-.^_`|~ (e.g. "X-Canary").';
  const PATH = 'Expected an absolute path starting with "/", of at most 1024 URL path characters, without "//", "/./", "/../", "%2F" or "#", '
    + 'nor ending with "/." or "/.." (e.g. "/" or "/api").';
  const TIMEOUT = 'Expected a Duration of whole milliseconds, at most 99999 hours (e.g. Duration.seconds(30)), or Duration.seconds(0) for no timeout.';
  test.each<[string, (s: Shop) => Partial<AppRouteProps>, string]>([
    // Header matches.
    ['a header name with a space', (s) => ({ rules: [{ headers: [{ name: 'X Canary', value: 'on' }], backends: [{ service: s.web }] }] }),
      `shop/Route: invalid rules[0].headers[0].name "X Canary": it contains " ", which is not allowed. ${HEADER_NAME}`],
    ['a pseudo-header', (s) => ({ rules: [{ headers: [{ name: ':authority', value: 'shop' }], backends: [{ service: s.web }] }] }),
      `shop/Route: invalid rules[0].headers[0].name ":authority": it contains ":", which is not allowed. ${HEADER_NAME}`],
    ['a header name of 257 characters', (s) => ({ rules: [{ headers: [{ name: 'x'.repeat(257), value: 'on' }], backends: [{ service: s.web }] }] }),
      `shop/Route: invalid rules[0].headers[0].name "${'x'.repeat(80)}"… (257 characters): it is 257 characters long, more than 256. ${HEADER_NAME}`],
    ['an empty header value', (s) => ({ rules: [{ headers: [{ name: 'X-Canary', value: '' }], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].headers[0].value "": it is empty. Expected a header value of 1 to 4096 characters.'],
    ['one header twice, in another case', (s) => ({ rules: [{ headers: [{ name: 'X-Canary', value: 'a' }, { name: 'x-canary', value: 'b' }], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].headers[1].name "x-canary": rules[0].headers[0] matches the same header (header names are case-insensitive). '
      + 'Expected each header once per rule.'],
    ['two rules with the same path and headers', (s) => ({
      rules: [
        { path: '/api', headers: [{ name: 'X-Canary', value: 'on' }], backends: [{ service: s.api }] },
        { path: '/api/', headers: [{ name: 'x-canary', value: 'on' }], backends: [{ service: s.web }] },
      ],
    }), 'shop/Route: invalid rules[1].path "/api/": rules[0] matches the same requests (the same path and path type, headers, query parameters and method). '
      + 'Expected each combination of path, headers, query parameters and method in one rule only.'],
    // Query parameters and methods.
    ['a query parameter name with "="', (s) => ({ rules: [{ queryParams: [{ name: 'a=b', value: 'c' }], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].queryParams[0].name "a=b": it contains "=", which is not allowed. '
      + 'Expected a query parameter name: at most 256 letters, digits and !#$%&\'*+-.^_`|~ (e.g. "version").'],
    ['one query parameter twice', (s) => ({ rules: [{ queryParams: [{ name: 'v', value: '1' }, { name: 'v', value: '2' }], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].queryParams[1].name "v": rules[0].queryParams[0] matches the same query parameter. '
      + 'Expected each query parameter once per rule (names are case-sensitive).'],
    ['a query parameter value of 1025 characters', (s) => ({ rules: [{ queryParams: [{ name: 'q', value: 'x'.repeat(1025) }], backends: [{ service: s.web }] }] }),
      `shop/Route: invalid rules[0].queryParams[0].value "${'x'.repeat(80)}"… (1025 characters): it is 1025 characters long, more than 1024. `
      + 'Expected a query parameter value of 1 to 1024 characters.'],
    ['a method that HTTPRoutes do not know', (s) => ({ rules: [{ method: 'FETCH' as HttpMethod, backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].method "FETCH": it is not an HTTP method. Expected HttpMethod.GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH.'],
    ['a match type that does not exist', (s) => ({ rules: [{ headers: [{ name: 'X-A', value: 'b', type: 'Prefix' as RouteMatchType }], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].headers[0].type "Prefix": it is not a match type. Expected RouteMatchType.EXACT or RouteMatchType.REGULAR_EXPRESSION.'],
    // Backends and redirects.
    ['a rule without backends nor redirect', () => ({ rules: [{ path: '/' }] }),
      'shop/Route: invalid rules[0].backends (undefined): the rule has no backend. Expected at least one backend, e.g. [{ service }] (or a RouteFilter.redirect() in filters).'],
    ['a redirect and a backend in one rule', (s) => ({ rules: [{ filters: [RouteFilter.redirect({ scheme: 'https' })], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].backends ["web"]: rules[0].filters[0] redirects: the Gateway answers the requests itself, and sends them to no backend. '
      + 'Expected no backends in a rule that redirects (or no redirect).'],
    ['a redirect and a rewrite in one rule', (s) => ({
      rules: [{ backends: [], filters: [RouteFilter.rewriteUrl({ hostname: 'a.example.com' }), RouteFilter.redirect({ scheme: 'https' })] }, { backends: [{ service: s.web }] }],
    }), 'shop/Route: invalid rules[0].filters[1] "RequestRedirect": rules[0].filters[0] is a URL rewrite, and a redirect sends no request on to be rewritten. '
      + 'Expected either a redirect or a URL rewrite in a rule, not both.'],
    ['two request header modifiers', (s) => ({
      rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.modifyRequestHeaders({ set: { 'X-A': '1' } }), RouteFilter.modifyRequestHeaders({ set: { 'X-B': '2' } })] }],
    }), 'shop/Route: invalid rules[0].filters[1] "RequestHeaderModifier": rules[0].filters[0] is a RequestHeaderModifier filter too. '
      + 'Expected one filter of each type per rule (mirrors excepted): all the header changes in one.'],
    ['a redirect that changes nothing', () => ({ rules: [{ filters: [RouteFilter.redirect({ statusCode: 301 })] }] }),
      'shop/Route: invalid rules[0].filters[0] {"statusCode":301}: the redirect changes nothing of the URL: it would send clients back to where they are, in a loop. '
      + 'Expected at least one of scheme, hostname, port and path.'],
    ['a redirect scheme other than http and https', () => ({ rules: [{ filters: [RouteFilter.redirect({ scheme: 'ftp' })] }] }),
      'shop/Route: invalid rules[0].filters[0].scheme "ftp": it is not a scheme that a redirect takes. Expected "https" or "http".'],
    ['a redirect status code 307', () => ({ rules: [{ filters: [RouteFilter.redirect({ scheme: 'https', statusCode: 307 })] }] }),
      'shop/Route: invalid rules[0].filters[0].statusCode 307: it is not a status code of a Gateway API redirect. Expected 301 (moved permanently) or 302 (found, the default).'],
    ['a redirect port above 65535', () => ({ rules: [{ filters: [RouteFilter.redirect({ port: 70000 })] }] }),
      'shop/Route: invalid rules[0].filters[0].port 70000: it is above 65535. Expected a port number: an integer from 1 to 65535.'],
    ['a redirect to a wildcard host name', () => ({ rules: [{ filters: [RouteFilter.redirect({ hostname: '*.example.com' })] }] }),
      /^shop\/Route: invalid rules\[0\]\.filters\[0\]\.hostname "\*\.example\.com": it contains "\*", which is not allowed\. Expected a DNS-1123 subdomain: / as unknown as string],
    ['a prefix replacement in a rule of an exact path', (s) => ({
      rules: [{ path: '/v1', pathType: RoutePathType.EXACT, backends: [{ service: s.web }], filters: [RouteFilter.rewriteUrl({ path: PathModifier.replacePrefixMatch('/v2') })] }],
    }), 'shop/Route: invalid rules[0].filters[0].path "/v2": PathModifier.replacePrefixMatch replaces the path prefix that the rule matched, and the rule matches an Exact path. '
      + 'Expected PathModifier.replaceFullPath(), or a rule whose pathType is RoutePathType.PREFIX.'],
    ['a path modifier without a leading "/"', () => ({ rules: [{ filters: [RouteFilter.redirect({ path: PathModifier.replaceFullPath('new') })] }] }),
      `shop/Route: invalid rules[0].filters[0].path "new": it does not start with "/". ${PATH}`],
    ['a rewrite that changes nothing', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.rewriteUrl({})] }] }),
      'shop/Route: invalid rules[0].filters[0] {}: the rewrite changes nothing. Expected a hostname, a path, or both.'],
    ['a header modifier that changes nothing', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.modifyResponseHeaders({ set: {}, remove: [] })] }] }),
      'shop/Route: invalid rules[0].filters[0] {"set":{},"remove":[]}: it changes no header. Expected at least one header to set, add or remove.'],
    ['one header set and removed', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.modifyRequestHeaders({ set: { 'X-Env': 'prod' }, remove: ['x-env'] })] }] }),
      'shop/Route: invalid rules[0].filters[0].remove[0] "x-env": rules[0].filters[0].set["X-Env"] changes the same header (header names are case-insensitive). '
      + 'Expected each header in one of set, add and remove, once.'],
    ['one header set and added', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.modifyRequestHeaders({ set: { 'X-Env': 'a' }, add: { 'X-ENV': 'b' } })] }] }),
      'shop/Route: invalid rules[0].filters[0].add "X-ENV": rules[0].filters[0].set["X-Env"] changes the same header (header names are case-insensitive). '
      + 'Expected each header in one of set, add and remove, once.'],
    ['a header to set with an invalid name', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.modifyRequestHeaders({ set: { 'X Env': 'a' } })] }] }),
      `shop/Route: invalid rules[0].filters[0].set "X Env": it contains " ", which is not allowed. ${HEADER_NAME}`],
    ['a header to add with an empty value', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.modifyResponseHeaders({ add: { 'X-Env': '' } })] }] }),
      'shop/Route: invalid rules[0].filters[0].add["X-Env"] "": it is empty. Expected a header value of 1 to 4096 characters.'],
    ['17 headers to remove', (s) => ({
      rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.modifyRequestHeaders({ remove: Array.from({ length: 17 }, (_, i) => `X-${i}`) })] }],
    }), 'shop/Route: invalid rules[0].filters[0].remove "17 headers": there are more than 16. Expected at most 16 headers to remove.'],
    ['a mirror to an ExternalName Service', (s) => ({
      rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.mirror({ service: new AppService(s.chart, 'Legacy', { name: 'legacy', exposure: ServiceExposure.externalName('legacy.example.com') }) })] }],
    }), 'shop/Route: invalid rules[0].filters[0].service "legacy": it is an ExternalName Service (an alias of legacy.example.com), which has no ports. '
      + 'Expected a Service that selects pods (ClusterIP, NodePort or LoadBalancer).'],
    ['a mirror to a port the Service does not have', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.mirror({ service: s.api, portName: 'grpc' })] }] }),
      'shop/Route: invalid rules[0].filters[0].portName "grpc": the Service api has no port of that name. Expected one of its ports: http.'],
    ['two mirrors to one Service port', (s) => ({ rules: [{ backends: [{ service: s.web }], filters: [RouteFilter.mirror({ service: s.api }), RouteFilter.mirror({ service: s.api, portName: 'http' })] }] }),
      'shop/Route: invalid rules[0].filters[1].portName "http": rules[0].filters[0] mirrors to the same Service port. Expected each Service port mirrored once per rule.'],
    // Timeouts.
    ['a backend request timeout longer than the request timeout', (s) => ({
      rules: [{ backends: [{ service: s.web }], timeouts: { request: Duration.seconds(30), backendRequest: Duration.minutes(1) } }],
    }), 'shop/Route: invalid rules[0].timeouts.backendRequest "1m": it is longer than the request timeout (rules[0].timeouts.request, 30s), which covers the requests to the backends. '
      + 'Expected a backend request timeout no longer than the request timeout.'],
    ['a timeout of a fraction of a millisecond', (s) => ({ rules: [{ backends: [{ service: s.web }], timeouts: { request: Duration.millis(0.5) } }] }),
      `shop/Route: invalid rules[0].timeouts.request "0.5 millis": it is not a whole number of milliseconds. ${TIMEOUT}`],
    ['a timeout of 100000 hours', (s) => ({ rules: [{ backends: [{ service: s.web }], timeouts: { backendRequest: Duration.hours(100000) } }] }),
      `shop/Route: invalid rules[0].timeouts.backendRequest "4166 days 15 hours": it is longer than 99999 hours, the longest Gateway API duration. ${TIMEOUT}`],
    // Gateways.
    ['gateway and gateways', () => ({ gateway: { name: 'public' }, gateways: [{ name: 'internal' }] }),
      'shop/Route: invalid gateways ["internal"]: gateway is given too. Expected either gateway (one Gateway) or gateways (several), not both.'],
    ['an empty list of Gateways', () => ({ gateways: [] }),
      'shop/Route: invalid gateways []: the route names no Gateway. '
      + 'Expected at least one Gateway, e.g. [{ name: "public", namespace: "gateways" }], or no gateways to attach to the platform default gateway.'],
    ['one Gateway twice, once without a sectionName', () => ({ gateways: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }, { name: 'public', namespace: 'gateways' }] }),
      'shop/Route: invalid gateways[1].sectionName (undefined): gateways[0] is the same Gateway (gateways/public), and a route attaches to one Gateway twice only through two listeners. '
      + 'Expected a different sectionName on each reference to one Gateway, or the Gateway once without a sectionName.'],
    ['one listener twice (the route\'s namespace given once, left out once)', () => ({ gateways: [{ name: 'shop-gateway', sectionName: 'web' }, { name: 'shop-gateway', namespace: 'shop', sectionName: 'web' }] }),
      'shop/Route: invalid gateways[1].sectionName "web": gateways[0] is the same listener of the same Gateway (shop/shop-gateway). Expected each listener of a Gateway once.'],
    ['an invalid name in the list of Gateways', () => ({ gateways: [{ name: 'public' }, { name: 'Internal' }] }),
      /^shop\/Route: invalid gateways\[1\]\.name "Internal": it contains uppercase letters/ as unknown as string],
  ])('%s', (_what, props, message) => {
    const s = shop();
    const make = () => route(s, { ...props(s) });
    if (typeof message === 'string') {
      expect(refusal(make)).toBe(message);
    } else {
      expect(make).toThrow(message);
    }
  });
});

describe('untyped JavaScript input to the new props: an input error, never a TypeError', () => {
  test.each<[string, (s: Shop) => Record<string, unknown>, string]>([
    ['headers as an object', (s) => ({ rules: [{ headers: { 'X-A': 'b' }, backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].headers {"X-A":"b"}: it is an object, not a list. Expected a list of header matches, e.g. [{ name: "X-Canary", value: "always" }].'],
    ['a header value that is a number', (s) => ({ rules: [{ headers: [{ name: 'X-A', value: 1 }], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].headers[0].value 1: it is a number, not a string. Expected a header value of 1 to 4096 characters.'],
    ['filters as a filter', (s) => ({ rules: [{ filters: RouteFilter.redirect({ scheme: 'https' }), backends: [{ service: s.web }] }] }),
      /^shop\/Route: invalid rules\[0\]\.filters .*: it is an object, not a list\. Expected a list of filters/ as unknown as string],
    ['a filter that is a plain object', (s) => ({ rules: [{ filters: [{ type: 'RequestRedirect' }], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].filters[0] {"type":"RequestRedirect"}: it is an object, not a RouteFilter. '
      + 'Expected a filter made by RouteFilter.modifyRequestHeaders(), modifyResponseHeaders(), redirect(), rewriteUrl() or mirror().'],
    ['a header modifier without changes', (s) => ({ rules: [{ filters: [RouteFilter.modifyRequestHeaders(undefined as any)], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].filters[0] {}: it changes no header. Expected at least one header to set, add or remove.'],
    ['headers to remove as a string', (s) => ({ rules: [{ filters: [RouteFilter.modifyRequestHeaders({ remove: 'X-Debug' as any })], backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].filters[0].remove "X-Debug": it is a string, not a list. Expected a list of header names, e.g. ["X-Debug"].'],
    ['a redirect path as a string', () => ({ rules: [{ filters: [RouteFilter.redirect({ path: '/new' as any })] }] }),
      'shop/Route: invalid rules[0].filters[0].path "/new": it is a string, not a PathModifier. '
      + 'Expected PathModifier.replaceFullPath("/new/path") or PathModifier.replacePrefixMatch("/new-prefix").'],
    ['a mirror without a Service', () => ({ rules: [{ filters: [RouteFilter.mirror({} as any)], backends: [] }] }),
      'shop/Route: invalid rules[0].filters[0].service (undefined): it is not an AppService. Expected an AppService of the application.'],
    ['timeouts as a number', (s) => ({ rules: [{ timeouts: 30, backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].timeouts 30: it is a number, not an object. Expected the timeouts: { request?, backendRequest? }, e.g. { request: Duration.seconds(30) }.'],
    ['a timeout as a string', (s) => ({ rules: [{ timeouts: { request: '30s' }, backends: [{ service: s.web }] }] }),
      'shop/Route: invalid rules[0].timeouts.request "30s": it is not a Duration. '
      + 'Expected a Duration of whole milliseconds, at most 99999 hours (e.g. Duration.seconds(30)), or Duration.seconds(0) for no timeout.'],
    ['gateways as a Gateway', () => ({ gateways: { name: 'public' } }),
      'shop/Route: invalid gateways {"name":"public"}: it is an object, not a list. Expected a list of Gateways, e.g. [{ name: "public", namespace: "gateways", sectionName: "https" }].'],
    ['a Gateway of the list that is null', () => ({ gateways: [null] }),
      'shop/Route: invalid gateways[0] null: it is null, not an object. Expected a list of Gateways, e.g. [{ name: "public", namespace: "gateways", sectionName: "https" }].'],
  ])('%s', (_what, make, message) => {
    const s = shop();
    const build = () => route(s, make(s) as any);
    if (typeof message === 'string') {
      expect(refusal(build)).toBe(message);
    } else {
      expect(build).toThrow(message);
    }
  });
});
