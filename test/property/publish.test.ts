/**
 * Property tests of bad input: AppIngress, AppRoute, AppPublication and ReleasedWorkload (rolling, blue/green,
 * canary), including the published URL files that synth writes. See test/property/harness.ts.
 */
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  count, hostName, hostileString, imageReference, labelKey, map, mostly, name, optional, portName, urlPath, wrongType,
} from './arbitraries';
import { assertOutcomes, propertyTimeout, synthOrRefuse } from './harness';
import { containerImage } from './pod-arbitraries';
import {
  AppIdentity, AppIngress, AppPublication, AppRoute, AppService, BlueGreenTrack, CanaryTraffic, ContainerImage, IngressController,
  IngressTls,
  PlatformDefaults, PublishMode, ReleasedWorkload, ReleaseStrategy, RoutePathType, ServiceExposure, TlsIssuer,
} from '../../src';

/** Two Services of two applications ("web" with ports http and admin, "api" with http), and an ExternalName one. */
function services(scope: Construct): AppService[] {
  const web = new AppIdentity(scope, 'WebIdentity', { name: 'web' });
  const api = new AppIdentity(scope, 'ApiIdentity', { name: 'api' });
  return [
    new AppService(scope, 'Web', { identity: web, ports: [{ name: 'http', port: 80, targetPortName: 'http' }, { name: 'admin', port: 9000 }] }),
    new AppService(scope, 'Api', { identity: api, ports: [{ name: 'http', port: 8080 }] }),
    new AppService(scope, 'External', { name: 'external', exposure: ServiceExposure.externalName('db.example.com') }),
  ];
}

/** A backend: one of the Services (usually one with ports), a port name or none; sometimes not a Service at all. */
const backend = fc.record({
  service: mostly(fc.constantFrom(0, 1), fc.oneof(fc.constant(2), wrongType), 10),
  portName: optional(mostly(fc.constantFrom('http', 'admin'), portName, 4), 0.4),
});
/** A host of an Ingress rule. */
const ingressHost = hostName;
const ingressBackend = backend;

function serviceOf(all: AppService[], index: any): AppService {
  return typeof index === 'number' && index >= 0 && index < all.length && Number.isInteger(index) ? all[index] : index;
}

/** A list of 1 to `max` items, usually; an empty list sometimes. */
function nonEmpty<T>(item: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[]> {
  return mostly(fc.array(item, { minLength: 1, maxLength: max }), fc.constant([]), 20);
}

/** The application name of published URLs, which names the file `urls/<application>.txt`. */
const applicationName = mostly(fc.constantFrom('web', 'shop-web', 'api.v2'),
  fc.oneof(hostileString, fc.constantFrom('../escape', '../../escape', 'a/b', '/abs', 'Web', 'web.txt', '.hidden')), 6);

const tls = fc.oneof(
  fc.record({ kind: fc.constant('secret'), secretName: name }),
  fc.record({ kind: fc.constant('certManager'), issuer: optional(fc.tuple(fc.boolean(), name), 0.6) }),
  fc.constant({ kind: 'none' }),
);

function tlsOf(spec: any): IngressTls {
  switch (spec.kind) {
    case 'secret': return IngressTls.fromSecret(spec.secretName);
    case 'certManager': return IngressTls.certManager(spec.issuer === undefined ? undefined
      : spec.issuer[0] ? TlsIssuer.clusterIssuer(spec.issuer[1]) : TlsIssuer.issuer(spec.issuer[1]));
    default: return IngressTls.none();
  }
}

const controller = optional(mostly(fc.constantFrom(...Object.values(IngressController)), fc.constant('haproxy') as fc.Arbitrary<any>), 0.3);

describe('AppIngress', () => {
  const RUNS = 150;

  test('rules, TLS, redirects, canary and published URLs: a valid Ingress and URL file, or a refusal', () => {
    const arbitrary = fc.record({
      name: mostly(name, wrongType, 20),
      rules: nonEmpty(fc.record({
        host: ingressHost,
        paths: nonEmpty(fc.record({
          path: optional(urlPath, 0.7),
          pathType: optional(mostly(fc.constantFrom(...Object.values(kplus.HttpIngressPathType)), fc.constant('Regex') as fc.Arbitrary<any>), 0.3),
          backend: ingressBackend,
        }, { requiredKeys: ['backend'] }), 2),
      }), 2),
      defaultBackend: optional(ingressBackend, 0.2),
      ingressClassName: optional(mostly(fc.constantFrom('nginx', 'traefik', 'internal-nginx', 'alb'), hostileString), 0.4),
      tls: optional(tls, 0.5),
      tlsHosts: optional(fc.array(hostName, { maxLength: 2 }), 0.15),
      redirectToHttps: optional(fc.boolean(), 0.3),
      controller,
      annotations: optional(map(labelKey, fc.string({ maxLength: 8 }), 2), 0.3),
      nginxCanary: optional(fc.record({
        backend: ingressBackend, weight: mostly(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 101, 50.5, NaN)),
      }), 0.2),
      applicationName: optional(applicationName, 0.4),
      platformIssuer: optional(name, 0.3),
    });
    const narrowed = arbitrary;
    const counts = assertOutcomes(narrowed, RUNS, (input) => synthOrRefuse(({ chart }) => {
      if (input.platformIssuer !== undefined) {
        PlatformDefaults.set(chart, { tlsIssuer: TlsIssuer.clusterIssuer(input.platformIssuer) });
      }
      const all = services(chart);
      new AppIngress(chart, 'Ingress', {
        name: input.name,
        rules: input.rules.map((r) => ({
          host: r.host,
          paths: r.paths.map((p) => ({ ...p, backend: { service: serviceOf(all, p.backend.service), portName: p.backend.portName } })),
        })),
        defaultBackend: input.defaultBackend && { service: serviceOf(all, input.defaultBackend.service), portName: input.defaultBackend.portName },
        ingressClassName: input.ingressClassName,
        tls: input.tls && tlsOf(input.tls),
        tlsHosts: input.tlsHosts,
        redirectToHttps: input.redirectToHttps,
        controller: input.controller,
        annotations: input.annotations,
        nginxCanary: input.nginxCanary && {
          service: serviceOf(all, input.nginxCanary.backend.service), portName: input.nginxCanary.backend.portName, weight: input.nginxCanary.weight,
        },
        applicationName: input.applicationName,
      });
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

const gateway = fc.record({ name, namespace: optional(name, 0.5), sectionName: optional(name, 0.3) }, { requiredKeys: ['name'] });

describe('AppRoute', () => {
  const RUNS = 150;

  test('host names, paths, weighted backends and the Gateway: a valid HTTPRoute and URL file, or a refusal', () => {
    const arbitrary = fc.record({
      name: mostly(name, wrongType, 20),
      hostnames: mostly(fc.array(hostName, { minLength: 1, maxLength: 3 }),
        fc.oneof(fc.constant([]), fc.constant(Array.from({ length: 17 }, (_, i) => `h${i}.example.com`)), wrongType), 15),
      rules: nonEmpty(fc.record({
        path: optional(urlPath, 0.7),
        pathType: optional(mostly(fc.constantFrom(...Object.values(RoutePathType)), fc.constant('RegularExpression') as fc.Arbitrary<any>), 0.3),
        backends: nonEmpty(fc.record({
          service: mostly(fc.constantFrom(0, 1), fc.oneof(fc.constant(2), wrongType), 10),
          portName: optional(mostly(fc.constantFrom('http', 'admin'), portName, 4), 0.4),
          weight: optional(mostly(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 101, 50.5, NaN)), 0.2),
        }, { requiredKeys: ['service'] }), 2),
      }, { requiredKeys: ['backends'] }), 2),
      gateway: optional(gateway, 0.7),
      platformGateway: optional(gateway, 0.7),
      applicationName: optional(applicationName, 0.4),
      scheme: optional(mostly(fc.constantFrom('https', 'http'), fc.constantFrom('HTTPS', 'ftp', '')), 0.3),
      namespace: optional(fc.constantFrom('shop', 'gateways'), 0.5),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      if (input.platformGateway !== undefined) {
        PlatformDefaults.set(chart, { gateway: input.platformGateway });
      }
      const all = services(chart);
      new AppRoute(chart, 'Route', {
        name: input.name,
        hostnames: input.hostnames,
        rules: input.rules.map((r) => ({ ...r, backends: r.backends.map((b) => ({ ...b, service: serviceOf(all, b.service) })) })),
        gateway: input.gateway,
        applicationName: input.applicationName,
        scheme: input.scheme,
      });
    }, { chartProps: { namespace: input.namespace } }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));
});

const releaseStrategy = fc.oneof(
  fc.constant({ kind: 'rolling' }),
  fc.record({
    kind: fc.constant('blueGreen'),
    active: mostly(fc.constantFrom(...Object.values(BlueGreenTrack)), fc.constant('red') as fc.Arbitrary<any>, 10),
    blueImage: optional(containerImage, 0.5),
    greenImage: optional(containerImage, 0.5),
  }, { requiredKeys: ['kind', 'active'] }),
  fc.record({
    kind: fc.constant('canary'),
    image: containerImage,
    weight: mostly(fc.constantFrom(0, 10, 20, 25, 50, 100), fc.oneof(fc.integer({ min: -5, max: 105 }), fc.constantFrom(12.5, NaN)), 6),
    traffic: optional(mostly(fc.constantFrom(...Object.values(CanaryTraffic)), fc.constant('dns') as fc.Arbitrary<any>, 10), 0.6),
    canaryReplicas: optional(count(0, 3), 0.2),
  }, { requiredKeys: ['kind', 'image', 'weight'] }),
);

function releaseOf(spec: any): ReleaseStrategy {
  switch (spec.kind) {
    case 'rolling': return ReleaseStrategy.rolling();
    case 'blueGreen': return ReleaseStrategy.blueGreen(spec);
    default: return ReleaseStrategy.canary(spec);
  }
}

describe('ReleasedWorkload and AppPublication', () => {
  const RUNS = 120;

  test('a release (rolling, blue/green, canary) published by Ingress or route: valid tracks, Services and routes, or a refusal', () => {
    const arbitrary = fc.record({
      identityName: mostly(fc.constantFrom('web', 'shop', 'a'.repeat(60)), hostileString, 10),
      name: optional(name, 0.3),
      image: mostly(imageReference, fc.constant('nginx:latest'), 10),
      replicas: optional(count(0, 10), 0.5),
      autoscaling: optional(fc.record({ minReplicas: count(1, 3), maxReplicas: count(1, 6) }), 0.15),
      release: releaseStrategy,
      servicePorts: optional(fc.array(fc.record({ name: portName, port: fc.constantFrom(80, 8080), targetPortName: optional(fc.constantFrom('http', 'admin'), 0.5) }, { requiredKeys: ['name', 'port'] }), { maxLength: 2 }), 0.3),
      serviceExposure: optional(fc.constantFrom('clusterIp', 'nodePort', 'headless'), 0.3),
      publish: optional(fc.record({
        // Published by an Ingress or a route.
        hosts: nonEmpty(ingressHost, 2),
        paths: optional(fc.array(urlPath, { maxLength: 2 }), 0.4),
        portName: optional(mostly(fc.constantFrom('http', 'admin'), portName, 4), 0.3),
        mode: optional(mostly(fc.constantFrom(...Object.values(PublishMode)), fc.constant('dns') as fc.Arbitrary<any>, 10), 0.5),
        tls: optional(tls, 0.3),
        ingressClassName: optional(fc.constantFrom('nginx', 'traefik'), 0.3),
        controller,
        gateway: optional(gateway, 0.5),
      }, { requiredKeys: ['hosts'] }), 0.7),
      platformGateway: optional(gateway, 0.5),
    });
    const counts = assertOutcomes(arbitrary, RUNS, (input) => synthOrRefuse(({ chart }) => {
      if (input.platformGateway !== undefined) {
        PlatformDefaults.set(chart, { gateway: input.platformGateway });
      }
      const release = new ReleasedWorkload(chart, 'Release', {
        identity: new AppIdentity(chart, 'Identity', { name: input.identityName }),
        name: input.name,
        container: { image: ContainerImage.fromReference(input.image), ports: [{ name: 'http', number: 8080 }, { name: 'admin', number: 9000 }], resources: { cpuRequest: kplus.Cpu.millis(100) } },
        replicas: input.replicas,
        autoscaling: input.autoscaling,
        release: releaseOf(input.release),
        servicePorts: input.servicePorts,
        serviceExposure: input.serviceExposure === 'nodePort' ? ServiceExposure.nodePort() : input.serviceExposure === 'headless' ? ServiceExposure.headless() : undefined,
      });
      if (input.publish) {
        new AppPublication(chart, 'Publication', { ...input.publish, name: release.name, release, tls: input.publish.tls && tlsOf(input.publish.tls) });
      }
    }));
    expect(counts.synthesized).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, propertyTimeout(RUNS));

  test('AppPublication of a Service: refused when given both or neither of service and release', () => {
    const outcome = synthOrRefuse(({ chart }) => {
      new AppPublication(chart, 'Publication', { name: 'web', hosts: ['shop.example.com'] });
    });
    expect(outcome.kind === 'refused' && outcome.error.prop).toBe('service/release');
  });
});
