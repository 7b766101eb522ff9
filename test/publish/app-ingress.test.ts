import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, AppIngress, AppIngressProps, AppService, AppSynthesis, ContainerImage, IngressController, IngressTls, PlatformDefaults,
  StatelessWorkload, TlsIssuer, Warnings, WebService,
} from '../../src';
import { AppflowInputError } from '../../src/core/errors';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

function shop(app: App = Testing.app()) {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const service = (name: string, port: number) => {
    const identity = new AppIdentity(chart, `${name}Identity`, { name, partOf: 'shop' });
    const workload = new StatelessWorkload(chart, `${name}Workload`, {
      identity,
      container: {
        image: ContainerImage.fromReference(`registry.example.com/shop/${name}:1.0.0`),
        ports: [{ name: 'http', number: port }],
        resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) },
      },
    });
    return new AppService(chart, `${name}Service`, { workload, ports: [{ name: 'http', port: 80 }] });
  };
  return { app, chart, web: service('web', 8080), api: service('api', 3000), admin: service('admin', 9000) };
}

function ingress(props: Partial<AppIngressProps> = {}, parts = shop()) {
  const ing = new AppIngress(parts.chart, 'Ingress', {
    name: 'shop',
    rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: { service: parts.web } }] }],
    ...props,
  });
  return { ...parts, ing, manifest: () => only(synth(parts.chart), 'Ingress') };
}

describe('TLS', () => {
  test('one host with TLS from cert-manager: issuer annotation, derived Secret name, HTTPS redirect for ingress-nginx', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { ingressClassName: 'nginx', tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod') });
    const { ing, manifest, chart } = ingress({}, shop(app));
    expect(manifest()).toMatchObject({
      metadata: {
        name: 'shop',
        namespace: 'shop',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' },
      },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
    });
    expect(ing.urls).toEqual(['https://shop.example.com/']);
    expect(ing.tlsSecretName).toBe('shop-tls');
    // The reference to the Secret (cdk8s-plus reads its name) is kept out of the construct tree, which cdk8s walks
    // at every chart it synthesizes; its path stays the Ingress's.
    expect(ing.node.tryFindChild('TlsSecret')).toBeUndefined();
    expect(chart.node.findAll().filter((c) => c.node.id === 'TlsSecret')).toEqual([]);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('a TLS setting that is not an IngressTls, or an issuer that is not a TlsIssuer, is refused: it would read as no TLS', () => {
    const accepted = 'IngressTls.certManager() (the platform\'s tlsIssuer) or certManager(TlsIssuer.clusterIssuer("letsencrypt-prod")), '
      + 'IngressTls.fromSecret("web-tls"), or IngressTls.none() for plain HTTP';
    for (const tls of ['letsencrypt-prod', { secretName: 'x' }, true]) {
      expect(refusalOf(() => ingress({ tls: tls as any }))).toMatchObject({ constructPath: 'shop/Ingress', prop: 'tls', value: tls, problem: 'it is not an IngressTls', accepted });
    }
    expect(refusalOf(() => ingress({ tls: IngressTls.certManager('letsencrypt-prod' as any) }))).toMatchObject({
      prop: 'tls.issuer', value: 'letsencrypt-prod', problem: 'it is a string, not a TlsIssuer',
    });
  });

  test('a pattern\'s publish.tls that is not an IngressTls: refused against it', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    PlatformDefaults.set(chart, { tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod') });
    expect(refusalOf(() => new WebService(chart, 'Web', {
      name: 'web', image: ContainerImage.fromReference('nginxinc/nginx-unprivileged:1.27.3-alpine'), port: 8080, publish: { hosts: ['shop.example.com'], tls: 'letsencrypt-prod' as any },
    }))).toMatchObject({ constructPath: 'shop/Web', prop: 'publish.tls', value: 'letsencrypt-prod', problem: 'it is not an IngressTls' });
  });

  test('an existing Secret, an Issuer of the namespace, no TLS, and Traefik\'s redirect', () => {
    expect(ingress({ tls: IngressTls.fromSecret('wildcard-tls') }).manifest().spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'wildcard-tls' }]);
    expect(ingress({ tls: IngressTls.certManager(TlsIssuer.issuer('shop-ca')) }).manifest().metadata.annotations['cert-manager.io/issuer']).toBe('shop-ca');
    const plain = ingress({ tls: IngressTls.none() });
    expect(plain.manifest().spec.tls).toBeUndefined();
    expect(plain.ing.urls).toEqual(['http://shop.example.com/']);
    expect(ingress({ ingressClassName: 'traefik', tls: IngressTls.fromSecret('x') }).manifest().metadata.annotations).toEqual({
      'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure', 'traefik.ingress.kubernetes.io/router.tls': 'true',
    });
  });

  test('a controller without a known redirect annotation gets a warning; other annotations pass through', () => {
    const { ing, manifest } = ingress({
      ingressClassName: 'haproxy', tls: IngressTls.fromSecret('x'), annotations: { 'haproxy.org/ssl-redirect': 'true' },
    });
    expect(ing.controller).toBe(IngressController.GENERIC);
    expect(manifest().metadata.annotations).toEqual({ 'haproxy.org/ssl-redirect': 'true' });
    expect(Warnings.of(ing)).toEqual([expect.stringMatching(/the HTTP to HTTPS redirect has no known annotation/)]);
  });
});

test('two hosts and three paths, several Services, a default backend', () => {
  const parts = shop();
  const { manifest, ing, chart } = ingress({
    tls: IngressTls.fromSecret('shop-tls'),
    controller: IngressController.NGINX,
    rules: [
      { host: 'shop.example.com', paths: [{ path: '/', backend: { service: parts.web } }, { path: '/api', backend: { service: parts.api } }] },
      { host: 'admin.example.com', paths: [{ path: '/', pathType: kplus.HttpIngressPathType.EXACT, backend: { service: parts.admin, portName: 'http' } }] },
    ],
    defaultBackend: { service: parts.web },
  }, parts);
  const spec = manifest().spec;
  expect(spec.rules.map((r: any) => `${r.host}:${r.http.paths.map((p: any) => `${p.path}->${p.backend.service.name}`).join(',')}`))
    .toEqual(['shop.example.com:/->web,/api->api', 'admin.example.com:/->admin']);
  expect(spec.defaultBackend).toEqual({ service: { name: 'web', port: { number: 80 } } });
  expect(ing.urls).toEqual(['https://shop.example.com/', 'https://shop.example.com/api', 'https://admin.example.com/']);
  expect(yamlOf(chart)).toMatchSnapshot();
});

test('an ingress-nginx canary Ingress at 10%', () => {
  const parts = shop();
  const { chart } = ingress({ controller: IngressController.NGINX, nginxCanary: { service: parts.api, weight: 10 } }, parts);
  const canary = only(synth(chart).filter((m) => m.metadata.name === 'shop-canary'), 'Ingress');
  expect(canary.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' });
  expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('api');
});

test('an ingress-nginx canary of an Ingress with only a default backend gets the default backend, to the canary Service', () => {
  const parts = shop();
  const { chart } = ingress({
    rules: [], defaultBackend: { service: parts.web }, controller: IngressController.NGINX, nginxCanary: { service: parts.api, weight: 20 },
  }, parts);
  const manifests = synth(chart);
  expect(only(manifests, 'Ingress', 'shop').spec).toEqual({ defaultBackend: { service: { name: 'web', port: { number: 80 } } } });
  const canary = only(manifests, 'Ingress', 'shop-canary');
  expect(canary.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '20' });
  expect(canary.spec).toEqual({ defaultBackend: { service: { name: 'api', port: { number: 80 } } } });
});

test('with rules and a default backend, the canary repeats both', () => {
  const parts = shop();
  const { chart } = ingress({
    defaultBackend: { service: parts.admin }, controller: IngressController.NGINX, nginxCanary: { service: parts.api, weight: 5 },
  }, parts);
  const canary = only(synth(chart), 'Ingress', 'shop-canary');
  expect(canary.spec.defaultBackend).toEqual({ service: { name: 'api', port: { number: 80 } } });
  expect(canary.spec.rules).toEqual([
    { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } },
  ]);
});

test('the host "constructor" (a valid host name) is a host like any other', () => {
  const parts = shop();
  const { chart, ing } = ingress({
    rules: [
      { host: 'constructor', paths: [{ path: '/', backend: { service: parts.web } }, { path: '/api', backend: { service: parts.api } }] },
      { host: 'shop.example.com', paths: [{ backend: { service: parts.web } }] },
    ],
    controller: IngressController.NGINX,
    nginxCanary: { service: parts.api, weight: 10 },
  }, parts);
  const manifests = synth(chart);
  expect(only(manifests, 'Ingress', 'shop').spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => p.path)])).toEqual([
    ['constructor', ['/', '/api']],
    ['shop.example.com', ['/']],
  ]);
  expect(only(manifests, 'Ingress', 'shop-canary').spec.rules.map((r: any) => r.host)).toEqual(['constructor', 'shop.example.com']);
  expect(ing.urls).toEqual(['http://constructor/', 'http://constructor/api', 'http://shop.example.com/']);
});

test('synth writes the published URLs of the application to urls/<application>.txt', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-urls-'));
  try {
    const parts = shop(new App({ outdir }));
    new AppIngress(parts.chart, 'Ingress', {
      name: 'shop',
      tls: IngressTls.fromSecret('shop-tls'),
      rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: { service: parts.web } }, { path: '/checkout', backend: { service: parts.web } }] }],
    });
    new AppIngress(parts.chart, 'Admin', { name: 'admin', rules: [{ host: 'admin.example.com', paths: [{ backend: { service: parts.admin } }] }] });
    AppSynthesis.synth(parts.app);
    expect(fs.readFileSync(path.join(`${outdir}-side-files`, 'urls', 'web.txt'), 'utf-8')).toBe('https://shop.example.com/\nhttps://shop.example.com/checkout\n');
    expect(fs.readFileSync(path.join(`${outdir}-side-files`, 'urls', 'admin.txt'), 'utf-8')).toBe('http://admin.example.com/\n');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
  }
});

test.each([true, false])('an application name used in two namespaces: a URL file each, named with its namespace, never one file of both '
  + '(blog writes URL files: %j)', (blogFiles) => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-urls-'));
  try {
    const app = new App({ outdir });
    const hosts: Record<string, string> = { shop: 'shop.example.com', blog: 'blog.example.com' };
    for (const namespace of ['shop', 'blog']) {
      const chart = new Chart(app, namespace, { namespace });
      if (namespace === 'blog' && !blogFiles) {
        PlatformDefaults.set(chart, { publishedUrlFiles: false });
      }
      const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
      const workload = new StatelessWorkload(chart, 'Web', {
        identity, container: { image: ContainerImage.fromReference('registry.example.com/web:1.0.0'), ports: [{ name: 'http', number: 8080 }] },
      });
      const service = new AppService(chart, 'Service', { workload, ports: [{ name: 'http', port: 80 }] });
      new AppIngress(chart, 'Ingress', { name: 'web', rules: [{ host: hosts[namespace], paths: [{ backend: { service } }] }] });
    }
    AppSynthesis.synth(app, { checks: false });
    const urls = path.join(`${outdir}-side-files`, 'urls');
    // With blog's switched off, shop's is the only file of the name, and keeps the usual name.
    const shopFile = blogFiles ? 'web.shop.txt' : 'web.txt';
    expect(fs.readdirSync(urls).sort()).toEqual(blogFiles ? ['web.blog.txt', 'web.shop.txt'] : ['web.txt']);
    expect(fs.readFileSync(path.join(urls, shopFile), 'utf-8')).toBe('http://shop.example.com/\n');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
  }
});

test('the platform default publishedUrlFiles: false writes no URL file; a scope below may set it true again', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-urls-'));
  try {
    const app = new App({ outdir });
    PlatformDefaults.set(app, { publishedUrlFiles: false });
    const parts = shop(app);
    new AppIngress(parts.chart, 'Ingress', { name: 'shop', rules: [{ host: 'shop.example.com', paths: [{ backend: { service: parts.web } }] }] });
    const other = new Chart(parts.app, 'other', { namespace: 'other' });
    PlatformDefaults.set(other, { publishedUrlFiles: true });
    const identity = new AppIdentity(other, 'Identity', { name: 'blog' });
    const workload = new StatelessWorkload(other, 'Workload', {
      identity,
      container: {
        image: ContainerImage.fromReference('registry.example.com/blog:1.0.0'),
        ports: [{ name: 'http', number: 8080 }],
        resources: { cpuRequest: kplus.Cpu.millis(100), memoryRequest: Size.mebibytes(128) },
      },
    });
    const blog = new AppService(other, 'Service', { workload, ports: [{ name: 'http', port: 80 }] });
    new AppIngress(other, 'Ingress', { name: 'blog', rules: [{ host: 'blog.example.com', paths: [{ backend: { service: blog } }] }] });
    AppSynthesis.synth(parts.app);
    expect(fs.existsSync(path.join(`${outdir}-side-files`, 'urls', 'web.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(`${outdir}-side-files`, 'urls', 'blog.txt'), 'utf-8')).toBe('http://blog.example.com/\n');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
  }
});

describe('refused', () => {
  test.each([
    [(p: any) => ({ rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: { service: p.web } }, { path: '/', backend: { service: p.api } }] }] }),
      /shop\/Ingress: invalid rules\[0\]\.paths\[1\]\.path "\/": the host shop\.example\.com already has a rule for this path\. Expected each host and path once\./],
    [(p: any) => ({ rules: [{ host: 'shop.example.com', paths: [{ path: 'api', backend: { service: p.web } }] }] }),
      /invalid rules\[0\]\.paths\[0\]\.path "api": it does not start with "\/"/],
    [(p: any) => ({ rules: [{ host: 'shop.*.example.com', paths: [{ backend: { service: p.web } }] }] }),
      /invalid rules\[0\]\.host "shop\.\*\.example\.com": it has a wildcard that is not its whole leftmost label/],
    [(p: any) => ({ rules: [{ host: 'a.example.com', paths: [{ backend: { service: p.web } }] }, { host: 'a.example.com', paths: [{ path: '/x', backend: { service: p.web } }] }] }),
      /invalid rules\[1\]\.host "a\.example\.com": rules\[0\] has the same host/],
    [() => ({ tls: IngressTls.fromSecret('shop-tls'), tlsHosts: ['other.example.com'] }),
      /invalid tlsHosts\[0\] "other\.example\.com": no rule serves this host\. Expected one of the hosts of the rules: shop\.example\.com\./],
    [() => ({ tls: IngressTls.certManager() }), /invalid tls "IngressTls\.certManager\(\)": no issuer is given and the platform defaults have no tlsIssuer/],
    [() => ({ redirectToHttps: true }), /invalid redirectToHttps true: the Ingress has no TLS to redirect to/],
    [(p: any) => ({ rules: [{ host: 'shop.example.com', paths: [{ backend: { service: p.web, portName: 'grpc' } }] }] }),
      /invalid rules\[0\]\.paths\[0\]\.backend\.portName "grpc": the Service web has no port of that name\. Expected one of http\./],
    [(p: any) => ({ controller: IngressController.TRAEFIK, nginxCanary: { service: p.api, weight: 10 } }),
      /invalid nginxCanary "api": canary annotations are ingress-nginx's, and the controller is traefik\. Expected an Ingress served by ingress-nginx \(ingressClassName "nginx", here or in the platform defaults, or controller: IngressController\.NGINX\)/],
    [(p: any) => ({ controller: IngressController.NGINX, nginxCanary: { service: p.api, weight: 110 } }), /invalid nginxCanary\.weight 110: it is not a whole percentage/],
    [() => ({ rules: [] }), /invalid rules \[\]: the Ingress has no rule and no default backend/],
    [() => ({ name: 'Shop' }), /invalid name "Shop"/],
  ])('%#', (make, message) => {
    const parts = shop();
    expect(() => ingress(make(parts) as Partial<AppIngressProps>, parts)).toThrow(message);
  });
});

describe('refused with the prop and what is accepted', () => {
  function refusal(make: (p: ReturnType<typeof shop>) => Partial<AppIngressProps>): AppflowInputError {
    const parts = shop();
    return refusalOf(() => ingress(make(parts), parts));
  }

  test.each([null, undefined])('a backend whose service is %s, in a rule, the default backend or the canary', (service) => {
    const expected = { constructPath: 'shop/Ingress', value: service, problem: 'it is not an AppService', accepted: 'an AppService' };
    expect(refusal(() => ({ rules: [{ host: 'shop.example.com', paths: [{ backend: { service: service as any } }] }] })))
      .toMatchObject({ ...expected, prop: 'rules[0].paths[0].backend.service' });
    expect(refusal(() => ({ rules: [], defaultBackend: { service: service as any } }))).toMatchObject({ ...expected, prop: 'defaultBackend.service' });
    // Before the controller check, which names the canary Service.
    expect(refusal(() => ({ controller: IngressController.TRAEFIK, nginxCanary: { service: service as any, weight: 10 } })))
      .toMatchObject({ ...expected, prop: 'nginxCanary.service' });
    expect(refusal((p) => ({ controller: IngressController.NGINX, nginxCanary: { service: p.api, portName: 'grpc', weight: 10 } })))
      .toMatchObject({ prop: 'nginxCanary.portName', value: 'grpc', problem: 'the Service api has no port of that name', accepted: 'one of http' });
  });

  test.each(['', 'a/b', '../../escape', 'Web', 'web.txt/'])('an application name %j that is not a DNS-1123 subdomain (it names the URL file)', (applicationName) => {
    const error = refusal(() => ({ applicationName }));
    expect(error).toMatchObject({ constructPath: 'shop/Ingress', prop: 'applicationName', value: applicationName });
    expect(error.accepted).toMatch(/DNS-1123 subdomain/);
  });
});

test('refused: an annotation "constructor" (a valid key, which cdk8s cannot serialize)', () => {
  expect(refusalOf(() => ingress({ annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'constructor': 'x' } }))).toMatchObject({
    constructPath: 'shop/Ingress',
    prop: 'annotations',
    value: 'constructor',
    problem: 'cdk8s cannot write a map with this key (its serialization reads obj.constructor.name of every object)',
    accepted: 'a label key other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)',
  });
});

describe('paths the API server refuses', () => {
  test.each(['/a/../b', '//', '/a//b', '/./a', '/a/.', '/a/..', '/a%2Fb', '/a%2fb'])('%j, as a Prefix or Exact path', (bad) => {
    for (const pathType of [undefined, kplus.HttpIngressPathType.PREFIX, kplus.HttpIngressPathType.EXACT]) {
      const error = refusalOf(() => {
        const parts = shop();
        ingress({ rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: { service: parts.web } }, { path: bad, pathType, backend: { service: parts.api } }] }] }, parts);
      });
      expect(error).toMatchObject({ constructPath: 'shop/Ingress', prop: 'rules[0].paths[1].path', value: bad });
      expect(error.message).toMatch(/which the API server refuses in a (Prefix|Exact) path\. Expected an HTTP path: an absolute path starting with "\/", without "\/\/", "\/\.\/", "\/\.\.\/"/);
    }
  });

  test('the rule of HTTPRoutes, in one place (FormatRule.HTTP_PATH)', () => {
    const parts = shop();
    expect(() => ingress({ rules: [{ host: 'shop.example.com', paths: [{ path: '/a/../b', backend: { service: parts.web } }] }] }, parts))
      .toThrow(/shop\/Ingress: invalid rules\[0\]\.paths\[0\]\.path "\/a\/\.\.\/b": it contains "\/\.\.\/", which the API server refuses in a Prefix path/);
  });

  test('an ImplementationSpecific path is the controller\'s to read (a regular expression for ingress-nginx): it only starts with "/"', () => {
    const parts = shop();
    const { manifest } = ingress({
      rules: [{ host: 'shop.example.com', paths: [{ path: '/api(/|$)(.*)', pathType: kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC, backend: { service: parts.web } }] }],
    }, parts);
    expect(manifest().spec.rules[0].http.paths[0]).toMatchObject({ path: '/api(/|$)(.*)', pathType: 'ImplementationSpecific' });
    expect(() => ingress({
      rules: [{ host: 'shop.example.com', paths: [{ path: 'api', pathType: kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC, backend: { service: parts.web } }] }],
    }, shop())).toThrow(/invalid rules\[0\]\.paths\[0\]\.path "api": it does not start with "\/"/);
  });

  test.each([
    ['/api/*', '"*"'], ['/api/(.*)', '"*"'], ['/v[0-9]', '"[", "]"'], ['/api/(v1|v2)', '"|"'], ['/items/.+', '".+"'], ['/api$', 'a final "$"'],
    ['/a\\b', '"\\\\"'], ['/{id}', '"{", "}"'],
  ])('a glob or a regular expression as a Prefix or Exact path, %j: it would match literally, and no request has that path', (bad, marks) => {
    for (const pathType of [kplus.HttpIngressPathType.PREFIX, kplus.HttpIngressPathType.EXACT]) {
      const error = refusalOf(() => {
        const parts = shop();
        // A controller that is not ingress-nginx: the pattern is refused for every controller.
        ingress({ ingressClassName: 'traefik', rules: [{ host: 'shop.example.com', paths: [{ path: bad, pathType, backend: { service: parts.web } }] }] }, parts);
      });
      expect(error).toMatchObject({
        constructPath: 'shop/Ingress',
        prop: 'rules[0].paths[0].path',
        value: bad,
        problem: `it reads as a pattern (${marks}), but a ${pathType} path matches literally: no request has this path, and the backend gets no traffic`,
      });
      expect(error.accepted).toMatch(/^the literal path \(a prefix already matches everything under it: "\/api" matches "\/api\/v1\/orders"\); for a regular expression, an AppIngress path of type HttpIngressPathType\.IMPLEMENTATION_SPECIFIC/);
    }
  });

  test('a regular expression is accepted as an ImplementationSpecific path, and "(", ")" and "+" alone in a Prefix path of other controllers', () => {
    const parts = shop();
    const { manifest } = ingress({
      ingressClassName: 'traefik',
      rules: [{
        host: 'shop.example.com',
        paths: [
          { path: '/wiki/Shop_(retail)', backend: { service: parts.web } },
          { path: '/c++', backend: { service: parts.api } },
          { path: '/api/(.*)', pathType: kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC, backend: { service: parts.admin } },
        ],
      }],
    }, parts);
    expect(manifest().spec.rules[0].http.paths.map((p: any) => p.path).sort()).toEqual(['/api/(.*)', '/c++', '/wiki/Shop_(retail)']);
  });

  describe('ingress-nginx refuses a Prefix or Exact path of other characters than letters, digits, ".", "_", "-" and "/" (strict-validate-path-type)', () => {
    test.each([['/~user', '"~"'], ['/@scope/pkg', '"@"'], ['/api:batch', '":"'], ['/caf%C3%A9', '"%"'], ['/c++', '"+"']])('%j', (bad, others) => {
      const error = refusalOf(() => {
        const parts = shop();
        ingress({ ingressClassName: 'nginx', rules: [{ host: 'shop.example.com', paths: [{ path: bad, backend: { service: parts.web } }] }] }, parts);
      });
      expect(error).toMatchObject({
        constructPath: 'shop/Ingress',
        prop: 'rules[0].paths[0].path',
        value: bad,
        problem: 'ingress-nginx refuses it: from v1.12 (strict-validate-path-type, its default) a Prefix or Exact path has only letters, digits, ".", "_", "-" '
          + `and "/", and this one has ${others}`,
        accepted: 'a path of those characters; or an AppIngress path of type HttpIngressPathType.IMPLEMENTATION_SPECIFIC (ingress-nginx reads it as a prefix '
          + 'and does not check it); or controller: IngressController.GENERIC when your ingress-nginx runs with strict-validate-path-type "false"',
      });
    });

    test('accepted: those characters; the same path as ImplementationSpecific; and for a controller that is not ingress-nginx', () => {
      const parts = shop();
      const { manifest } = ingress({
        ingressClassName: 'nginx',
        rules: [{
          host: 'shop.example.com',
          paths: [
            { path: '/v1.2/order_items-all', backend: { service: parts.web } },
            { path: '/~user', pathType: kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC, backend: { service: parts.api } },
          ],
        }],
      }, parts);
      expect(manifest().spec.rules[0].http.paths.map((p: any) => p.path).sort()).toEqual(['/v1.2/order_items-all', '/~user']);
      const generic = shop();
      const other = ingress({
        ingressClassName: 'nginx',
        controller: IngressController.GENERIC,
        rules: [{ host: 'shop.example.com', paths: [{ path: '/~user', backend: { service: generic.web } }] }],
      }, generic);
      expect(other.manifest().spec.rules[0].http.paths[0].path).toBe('/~user');
    });
  });

  test('a path type that is not one', () => {
    expect(refusalOf(() => {
      const parts = shop();
      ingress({ rules: [{ host: 'shop.example.com', paths: [{ pathType: 'Regex' as any, backend: { service: parts.web } }] }] }, parts);
    })).toMatchObject({ prop: 'rules[0].paths[0].pathType', value: 'Regex', accepted: 'HttpIngressPathType.PREFIX (the default), EXACT or IMPLEMENTATION_SPECIFIC' });
  });
});

describe('untyped JavaScript input: an input error, never a TypeError', () => {
  test.each<[string, (p: ReturnType<typeof shop>) => any, RegExp]>([
    ['rules as a string', () => ({ rules: 'shop.example.com' }), /invalid rules "shop\.example\.com": it is a string, not a list\. Expected a list of host rules/],
    ['rules as an object', () => ({ rules: {} }), /invalid rules \{\}: it is an object, not a list\. Expected a list of host rules/],
    ['a rule that is null', () => ({ rules: [null] }), /invalid rules\[0\] null: it is null, not an object\. Expected a list of host rules/],
    ['paths as a string', () => ({ rules: [{ host: 'shop.example.com', paths: '/' }] }), /invalid rules\[0\]\.paths "\/": it is a string, not a list\. Expected a list of one or more paths/],
    ['a path that is null', () => ({ rules: [{ host: 'shop.example.com', paths: [null] }] }), /invalid rules\[0\]\.paths\[0\] null: it is null, not an object/],
    ['tlsHosts as a string', () => ({ tls: IngressTls.fromSecret('shop-tls'), tlsHosts: 'shop.example.com' }), /invalid tlsHosts "shop\.example\.com": it is a string, not a list/],
    ['annotations as a string', () => ({ annotations: 'x' }), /invalid annotations "x": it is a string, not an object\. Expected a map of annotation keys to values/],
    ['annotations as a list', () => ({ annotations: ['x'] }), /invalid annotations \["x"\]: it is a list, not an object/],
  ])('%s', (_what, make, message) => {
    const parts = shop();
    expect(refusalOf(() => ingress(make(parts), parts))).toMatchObject({ constructPath: 'shop/Ingress' });
    const again = shop();
    expect(() => ingress(make(again), again)).toThrow(message);
  });

  test.each([undefined, null, 'shop'])('props %j', (props) => {
    expect(() => new AppIngress(shop().chart, 'Ingress', props as any))
      .toThrow(/^shop\/Ingress: invalid props .*: (there are no props|they are a string, not an object)\. Expected the props of the Ingress: at least name and rules\.$/);
  });
});
