import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { AppIdentity, AppService, AppSynthesis, ContainerImage, PlatformDefaults, ServiceExposure, StatelessWorkload } from '../../src';
import { AppRoute, AppRouteProps, RoutePathType } from '../../src/publish/app-route';
import { ManifestYaml } from '../../src/testing';
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

  test('synth writes <outdir>/urls/<application>.txt, with the URLs of every route of the application', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-route-'));
    try {
      const s = shop({ app: new App({ outdir }) });
      route(s, { rules: [{ backends: [{ service: s.web }] }, { path: '/api', backends: [{ service: s.api }] }] });
      new AppRoute(s.chart, 'Admin', { name: 'shop-admin', hostnames: ['admin.example.com'], rules: [{ backends: [{ service: s.web }] }] });
      new AppRoute(s.chart, 'ApiRoute', { name: 'api', hostnames: ['api.example.com'], rules: [{ backends: [{ service: s.api }] }] });
      AppSynthesis.synth(s.app);
      expect(fs.readFileSync(path.join(outdir, 'urls', 'web.txt'), 'utf-8'))
        .toBe('https://admin.example.com/\nhttps://shop.example.com/\nhttps://shop.example.com/api\n');
      expect(fs.readFileSync(path.join(outdir, 'urls', 'api.txt'), 'utf-8')).toBe('https://api.example.com/\n');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
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
