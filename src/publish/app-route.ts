import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerPublishedUrls } from './published-urls';
import {
  HttpRoute, HttpRouteSpecParentRefs, HttpRouteSpecRules, HttpRouteSpecRulesBackendRefs, HttpRouteSpecRulesMatchesPathType,
} from '../../imports/gateway.networking.k8s.io';
import { checkInteger, checkList, checkObject, checkProps, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults } from '../core/platform-defaults';
import { GatewayReference } from '../core/publish-settings';
import { AppService, AppServicePort } from '../expose/app-service';

/** The most hostnames, rules, and backends per rule, that an HTTPRoute accepts (Gateway API v1.2 CRD). */
const MAX_HOSTNAMES = 16;
const MAX_RULES = 16;
const MAX_BACKENDS = 16;
/** The longest path value the HTTPRoute CRD accepts. */
const MAX_PATH_LENGTH = 1024;
/** The characters of an `Exact` or `PathPrefix` path value (the CRD's rule). */
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;
const PATH_ACCEPTED = 'an absolute path starting with "/", of at most 1024 URL path characters, without "//", "/./", "/../", "%2F" or "#", '
  + 'nor ending with "/." or "/.." (e.g. "/" or "/api")';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * How a route rule matches the path of a request.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#matches
 */
export enum RoutePathType {
  /** The path, and every path below it, element by element: `/api` matches `/api` and `/api/orders`, not `/apis`. */
  PREFIX = 'PathPrefix',
  /** Exactly the path (case-sensitive). */
  EXACT = 'Exact',
}

/**
 * A Service that a route rule sends requests to.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs
 */
export interface RouteBackend {
  /**
   * The Service that receives the requests (not an ExternalName Service: it has no ports).
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs
   */
  readonly service: AppService;

  /**
   * The name of the Service port that receives the requests.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs
   * @default - the Service's first port
   */
  readonly portName?: string;

  /**
   * The percentage (an integer from 0 to 100) of the rule's requests that this backend receives. Either every
   * backend of a rule has a weight, and the weights add up to 100, or none has one.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs
   * @default - no weight: the backends of the rule share its requests equally (a rule's only backend gets them all)
   */
  readonly weight?: number;
}

/**
 * A rule of a route: the requests whose path matches go to the rule's backends.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#rules
 */
export interface RouteRule {
  /**
   * The path that the requests match: an absolute path starting with "/".
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#matches
   * @default "/"
   */
  readonly path?: string;

  /**
   * How the path matches.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#matches
   * @default RoutePathType.PREFIX
   */
  readonly pathType?: RoutePathType;

  /**
   * The Services that receive the matching requests (at least one, at most 16).
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs
   */
  readonly backends: RouteBackend[];
}

/**
 * Properties of an {@link AppRoute}.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export interface AppRouteProps {
  /**
   * The name of the HTTPRoute (a DNS-1123 subdomain).
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
   */
  readonly name: string;

  /**
   * The host names that the route serves (at least one, at most 16): lowercase DNS names, with "*." as the whole
   * leftmost label for a wildcard (`*.example.com`); not IP addresses.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#hostnames
   */
  readonly hostnames: string[];

  /**
   * The rules (at least one, at most 16): which paths go to which Services.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#rules
   */
  readonly rules: RouteRule[];

  /**
   * The Gateway that the route attaches to.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#parentrefs
   * @default - the `gateway` of the platform defaults (refused when they set none)
   */
  readonly gateway?: GatewayReference;

  /**
   * The name of the application that the published URLs of the route belong to: synth writes them to
   * `urls/<applicationName>.txt` in the output directory.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
   * @default - the identity name of the first backend's Service (first rule), else the route's name
   */
  readonly applicationName?: string;

  /**
   * The scheme of the published URLs, `https` or `http` (TLS terminates at the Gateway, so it only tells how users
   * reach the route).
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
   * @default "https"
   */
  readonly scheme?: string;
}

/**
 * A Gateway API HTTPRoute (`gateway.networking.k8s.io/v1`) that publishes one application's Services to users,
 * attached to a Gateway that the platform owns.
 *
 * Each rule sends the requests whose path matches to its backends, by Service port name; several backends of a
 * rule share its requests equally, or by weights that add up to 100 (e.g. 90 to the stable track, 10 to a canary).
 * The route carries the labels of the first backend's application (without a release track label), and synth
 * writes its URLs (one per host name and rule path; wildcard host names have none) to `urls/<application>.txt` in
 * the output directory.
 *
 * Across namespaces, Kubernetes needs more than the route: a backend Service in another namespace than the route is
 * referenced with its namespace, and its namespace needs a ReferenceGrant that lets HTTPRoutes of the route's
 * namespace refer to it (none is made here); a Gateway in another namespace must allow routes from the route's
 * namespace (its listeners' `allowedRoutes`).
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 *
 * @example
 * new AppRoute(this, 'Route', {
 *   name: 'shop',
 *   hostnames: ['shop.example.com'],
 *   rules: [
 *     { backends: [{ service: web }] },
 *     { path: '/api', backends: [{ service: api, portName: 'http' }] },
 *   ],
 * });
 */
export class AppRoute extends Construct {
  /** The HTTPRoute. */
  public readonly route: HttpRoute;
  /** The name of the HTTPRoute. */
  public readonly name: string;
  /** The URLs that the route publishes: one per host name (but wildcards) and rule path, e.g. `https://shop.example.com/api`. */
  public readonly urls: string[];
  /** The name of the application that the published URLs belong to. */
  public readonly applicationName: string;

  constructor(scope: Construct, id: string, props: AppRouteProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the route: at least name, hostnames and rules');
    this.name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    checkObject(this, 'gateway', props.gateway, 'a Gateway: { name, namespace?, sectionName? }');
    const scheme = props.scheme ?? 'https';
    if (scheme !== 'https' && scheme !== 'http') {
      throw inputError(this, 'scheme', scheme, 'it is not a scheme that a Gateway serves', '"https" or "http"');
    }
    const gateway = this.gatewayOf(props.gateway);
    const hostnames = this.checkHostnames(props.hostnames);
    const routeNamespace = Chart.of(this).namespace ?? 'default';
    const rules = this.checkRules(props.rules, routeNamespace);

    const firstService = props.rules[0].backends[0].service;
    this.applicationName = FormatRule.DNS1123_SUBDOMAIN.check(this, 'applicationName', props.applicationName ?? firstService.identity?.name ?? this.name);

    const urls = new Set<string>();
    for (const host of hostnames.filter((h) => !h.startsWith('*.'))) {
      for (const rule of rules) {
        urls.add(`${scheme}://${host}${rule.path}`);
      }
    }
    this.urls = [...urls];

    const parentRef: HttpRouteSpecParentRefs = {
      group: GATEWAY_GROUP,
      kind: 'Gateway',
      name: gateway.name,
      namespace: gateway.namespace,
      sectionName: gateway.sectionName,
    };
    // Like its Services, the route belongs to the application, not to a release track: no track label.
    const labels = firstService.identity?.sharedLabels;
    this.route = new HttpRoute(this, 'Resource', {
      metadata: { name: this.name, labels },
      spec: {
        parentRefs: [parentRef],
        hostnames,
        rules: rules.map((r) => r.rule),
      },
    });
    registerPublishedUrls(this, this.applicationName, () => [...this.urls]);
  }

  private gatewayOf(given: GatewayReference | undefined): GatewayReference {
    if (given !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(this, 'gateway.name', given.name);
      if (given.namespace !== undefined) {
        FormatRule.DNS1123_LABEL.check(this, 'gateway.namespace', given.namespace);
      }
      if (given.sectionName !== undefined) {
        FormatRule.DNS1123_SUBDOMAIN.check(this, 'gateway.sectionName', given.sectionName);
      }
      return given;
    }
    const gateway = PlatformDefaults.of(this).gateway;
    if (gateway === undefined) {
      throw inputError(this, 'gateway', undefined, 'the route names no Gateway, and the platform defaults set none',
        'a gateway, e.g. { name: "public", namespace: "gateways" }, or one for every route in PlatformDefaults.set(app, { gateway })');
    }
    return gateway;
  }

  private checkHostnames(hostnames: string[]): string[] {
    checkList(this, 'hostnames', hostnames, 'a list of host names, e.g. ["shop.example.com"]');
    if (!Array.isArray(hostnames) || hostnames.length === 0) {
      throw inputError(this, 'hostnames', hostnames, 'the route serves no host name', 'at least one host name, e.g. ["shop.example.com"]');
    }
    if (hostnames.length > MAX_HOSTNAMES) {
      throw inputError(this, 'hostnames', hostnames, `there are ${hostnames.length} host names, more than ${MAX_HOSTNAMES}`,
        `at most ${MAX_HOSTNAMES} host names per route (split the route)`);
    }
    const seen = new Map<string, number>();
    hostnames.forEach((host, i) => {
      FormatRule.HOSTNAME.check(this, `hostnames[${i}]`, host);
      if (seen.has(host)) {
        throw inputError(this, `hostnames[${i}]`, host, `hostnames[${seen.get(host)}] is the same host name`, 'each host name once');
      }
      seen.set(host, i);
    });
    return [...hostnames];
  }

  private checkRules(rules: RouteRule[], routeNamespace: string): Array<{ path: string; rule: HttpRouteSpecRules }> {
    checkList(this, 'rules', rules, 'a list of rules, e.g. [{ path: "/", backends: [{ service }] }]', 'object');
    if (!Array.isArray(rules) || rules.length === 0) {
      throw inputError(this, 'rules', rules, 'the route has no rule', 'at least one rule, e.g. { backends: [{ service }] }');
    }
    if (rules.length > MAX_RULES) {
      throw inputError(this, 'rules', `${rules.length} rules`, `there are more than ${MAX_RULES}`, `at most ${MAX_RULES} rules per route (split the route)`);
    }
    const seen = new Map<string, number>();
    return rules.map((rule, i) => {
      const at = `rules[${i}]`;
      const path = rule.path ?? '/';
      const pathType = rule.pathType ?? RoutePathType.PREFIX;
      this.checkPath(`${at}.path`, path);
      if (pathType !== RoutePathType.PREFIX && pathType !== RoutePathType.EXACT) {
        throw inputError(this, `${at}.pathType`, pathType, 'it is not a path type', 'RoutePathType.PREFIX or RoutePathType.EXACT');
      }
      // A prefix matches element by element: "/api" and "/api/" are the same prefix.
      const key = `${pathType} ${pathType === RoutePathType.PREFIX && path.length > 1 ? path.replace(/\/+$/, '') : path}`;
      if (seen.has(key)) {
        throw inputError(this, `${at}.path`, path, `rules[${seen.get(key)}] has the same path and path type (${pathType})`,
          'each path (and path type) in one rule only');
      }
      seen.set(key, i);
      const backendRefs = this.backendRefsOf(at, rule.backends, routeNamespace);
      const type = pathType === RoutePathType.EXACT ? HttpRouteSpecRulesMatchesPathType.EXACT : HttpRouteSpecRulesMatchesPathType.PATH_PREFIX;
      return { path, rule: { matches: [{ path: { type, value: path } }], backendRefs } };
    });
  }

  private checkPath(prop: string, path: string): void {
    const problem = pathProblem(path);
    if (problem !== undefined) {
      throw inputError(this, prop, path, problem, PATH_ACCEPTED);
    }
  }

  private backendRefsOf(at: string, backends: RouteBackend[], routeNamespace: string): HttpRouteSpecRulesBackendRefs[] {
    checkList(this, `${at}.backends`, backends, 'a list of backends, e.g. [{ service }]', 'object');
    if (!Array.isArray(backends) || backends.length === 0) {
      throw inputError(this, `${at}.backends`, backends, 'the rule has no backend', 'at least one backend, e.g. [{ service }]');
    }
    if (backends.length > MAX_BACKENDS) {
      throw inputError(this, `${at}.backends`, `${backends.length} backends`, `there are more than ${MAX_BACKENDS}`,
        `at most ${MAX_BACKENDS} backends per rule`);
    }
    const seen = new Map<string, number>();
    const refs = backends.map((backend, j) => {
      const prop = `${at}.backends[${j}]`;
      const port = this.portOf(prop, backend);
      const key = `${backend.service.namespace}/${backend.service.name}:${port.port}`;
      if (seen.has(key)) {
        throw inputError(this, `${prop}.portName`, port.name, `${at}.backends[${seen.get(key)}] is the same Service port`,
          'each Service port once per rule (weights set how much each receives)');
      }
      seen.set(key, j);
      if (backend.weight !== undefined) {
        checkInteger(this, `${prop}.weight`, backend.weight, { min: 0, max: 100, what: 'a percentage of the rule\'s requests: an integer' });
      }
      const ref: HttpRouteSpecRulesBackendRefs = {
        name: backend.service.name,
        namespace: backend.service.namespace === routeNamespace ? undefined : backend.service.namespace,
        port: port.port,
      };
      return ref;
    });
    const weights = backends.map((b) => b.weight);
    const weighted = weights.findIndex((w) => w !== undefined);
    if (weighted === -1) {
      return refs;
    }
    const missing = weights.findIndex((w) => w === undefined);
    if (missing !== -1) {
      throw inputError(this, `${at}.backends[${missing}].weight`, undefined,
        `${at}.backends[${weighted}] has a weight, so every backend of the rule needs one`,
        'a weight for every backend of the rule, adding up to 100, or no weight at all to share the requests equally');
    }
    const total = (weights as number[]).reduce((sum, w) => sum + w, 0);
    if (backends.length === 1 && total !== 100) {
      throw inputError(this, `${at}.backends[0].weight`, total, 'the only backend of a rule receives all its requests',
        'no weight (or 100) for the only backend of a rule');
    }
    if (total !== 100) {
      const list = `${weights.slice(0, -1).join(', ')} and ${weights[weights.length - 1]}`;
      throw inputError(this, `${at}.backends`, weights, `weights ${list} add up to ${total}`,
        'weights that add up to 100 (percentages of the rule\'s requests), or no weight at all to share the requests equally');
    }
    // A rule's only backend receives every request: no weight is written.
    return backends.length === 1 ? refs : refs.map((ref, j) => ({ ...ref, weight: weights[j] }));
  }

  private portOf(prop: string, backend: RouteBackend): AppServicePort {
    const service = backend?.service;
    if (!(service instanceof AppService)) {
      throw inputError(this, `${prop}.service`, service, 'it is not an AppService', 'an AppService of the application');
    }
    if (service.exposure.type === kplus.ServiceType.EXTERNAL_NAME) {
      throw inputError(this, `${prop}.service`, service.name, `it is an ExternalName Service (an alias of ${service.exposure.externalHostname}), which has no ports`,
        'a Service that selects pods (ClusterIP, NodePort or LoadBalancer)');
    }
    if (backend.portName === undefined) {
      return service.ports[0];
    }
    const port = service.ports.find((p) => p.name === backend.portName);
    if (!port) {
      throw inputError(this, `${prop}.portName`, backend.portName, `the Service ${service.name} has no port of that name`,
        `one of its ports: ${service.ports.map((p) => p.name).join(', ')}`);
    }
    return port;
  }
}

/**
 * What is wrong with the value of an `Exact` or `PathPrefix` path (the rules of the HTTPRoute CRD), if anything: the
 * rule of every HTTP path ({@link FormatRule.HTTP_PATH}, shared with Ingresses), then the CRD's own length, "#" and
 * characters.
 */
function pathProblem(path: string): string | undefined {
  if (typeof path !== 'string') {
    return 'it is not a string';
  }
  const problem = FormatRule.HTTP_PATH.problemWith(path);
  if (problem !== undefined) {
    return problem;
  }
  if (path.length > MAX_PATH_LENGTH) {
    return `it is ${path.length} characters long, more than ${MAX_PATH_LENGTH}`;
  }
  if (path.includes('#')) {
    return 'it contains "#"';
  }
  if (!PATH_CHARACTERS.test(path)) {
    return 'it contains characters that are not allowed in a URL path (encode them as %XX)';
  }
  return undefined;
}
