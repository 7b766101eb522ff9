import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { HeaderModifier, PathModifier, PathModifierType, RouteFilter, RouteFilterType } from './route-filters';
import { GatewayRouteOptions, HeaderMatch, RouteMatchType } from './route-options';
import { checkInteger, checkList, checkObject, describeValue, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults } from '../core/platform-defaults';
import { GatewayReference } from '../core/publish-settings';
import { AppService, AppServicePort } from '../expose/app-service';

/*
 * The parts that the Gateway API routes (AppRoute's HTTPRoute, AppGrpcRoute's GRPCRoute) share, checked as the Gateway
 * API checks them (the CRDs' schemas and rules, and the rules of its former admission webhook) and written as both CRDs
 * write them: the parent Gateways, the host names, the backends by Service port name with their weights, header
 * matches, and filters. Each check throws an input error that names the route, the prop and the value.
 */

/** The API group of the Gateway API. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** The most hostnames and parents of a route, and backends, filters, header matches and header changes of a rule (v1.2 CRDs). */
const MAX_HOSTNAMES = 16;
const MAX_PARENTS = 32;
const MAX_BACKENDS = 16;
const MAX_FILTERS = 16;
const MAX_HEADER_MATCHES = 16;
const MAX_HEADER_CHANGES = 16;
/** The longest header name, header value, and path of a path modifier, that the CRDs accept. */
const MAX_NAME_LENGTH = 256;
const MAX_HEADER_VALUE_LENGTH = 4096;
const MAX_PATH_LENGTH = 1024;
/** A character of an RFC 7230 token: the names of headers and query parameters in the Gateway API CRDs. */
const TOKEN_CHARACTER = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]$/;
/** The characters of an `Exact` or `PathPrefix` path value, and of a path modifier (the CRD's rule). */
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/** What a header name is, for the errors. */
export const HEADER_NAME_ACCEPTED = 'an HTTP header name: an RFC 7230 token of at most 256 letters, digits and !#$%&\'*+-.^_`|~ (e.g. "X-Canary")';
/** What an Exact or PathPrefix path is, for the errors. */
export const PATH_ACCEPTED = 'an absolute path starting with "/", of at most 1024 URL path characters, without "//", "/./", "/../", "%2F" or "#", '
  + 'nor ending with "/." or "/.." (e.g. "/" or "/api")';

/** A reference of a route to a Gateway, as the CRDs write it. */
export interface ParentRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

/** A Service port that a rule sends requests (or copies of them) to, as the CRDs write it. */
export interface ServiceRef {
  readonly name: string;
  readonly namespace?: string;
  readonly port: number;
}

/** A backend of a rule, as the CRDs write it. */
export interface BackendRef extends ServiceRef {
  readonly weight?: number;
}

/** A backend of a rule, as the props give it (an HTTPRoute's and a GRPCRoute's `RouteBackend`). */
export interface Backend {
  readonly service: AppService;
  readonly portName?: string;
  readonly weight?: number;
}

/** A header match, as the CRDs write it. */
export interface HeaderMatchJson {
  readonly name: string;
  readonly value: string;
  readonly type: string;
}

/** A filter, as the CRDs write it (the kind of route decides which are allowed). */
export interface FilterJson {
  readonly type: string;
  readonly requestHeaderModifier?: HeaderModifierJson;
  readonly responseHeaderModifier?: HeaderModifierJson;
  readonly requestRedirect?: { scheme?: string; hostname?: string; port?: number; path?: PathModifierJson; statusCode?: number };
  readonly urlRewrite?: { hostname?: string; path?: PathModifierJson };
  readonly requestMirror?: { backendRef: ServiceRef };
}

/** A header and its value, as the header modifiers of the CRDs write them. */
export interface HeaderJson {
  readonly name: string;
  readonly value: string;
}

/** A header modifier, as the CRDs write it. */
export interface HeaderModifierJson {
  readonly set?: HeaderJson[];
  readonly add?: HeaderJson[];
  readonly remove?: string[];
}

/** A path modifier, as the CRDs write it. */
export interface PathModifierJson {
  readonly type: string;
  readonly replaceFullPath?: string;
  readonly replacePrefixMatch?: string;
}

/** What a route's rules are checked against: the route's own parts. */
export interface RouteContext {
  /** The route, named in the errors. */
  readonly scope: IConstruct;
  /** `HTTPRoute` or `GRPCRoute`. */
  readonly kind: string;
  /** The namespace of the route: a backend of another namespace is written with its namespace. */
  readonly namespace: string;
}

/** The parts of a route that every kind checks alike, in the order of the errors. */
export interface RouteBasics {
  readonly name: string;
  readonly scheme: string;
  readonly parentRefs: ParentRef[];
  readonly hostnames: string[];
  readonly context: RouteContext;
}

/**
 * Checks the props that every route takes but its rules and applicationName: the name, the scheme, the Gateways (the
 * props', else the platform default) and the host names.
 */
export function routeBasicsOf(scope: IConstruct, kind: string, props: GatewayRouteOptions): RouteBasics {
  const name = FormatRule.DNS1123_SUBDOMAIN.check(scope, 'name', props.name);
  checkObject(scope, 'gateway', props.gateway, 'a Gateway: { name, namespace?, sectionName? }');
  checkList(scope, 'gateways', props.gateways, 'a list of Gateways, e.g. [{ name: "public", namespace: "gateways", sectionName: "https" }]', 'object');
  const scheme = props.scheme ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') {
    throw inputError(scope, 'scheme', scheme, 'it is not a scheme that a Gateway serves', '"https" or "http"');
  }
  const namespace = Chart.of(scope).namespace ?? 'default';
  const parentRefs = parentRefsOf(scope, props, namespace);
  const hostnames = checkHostnames(scope, props.hostnames);
  return { name, scheme, parentRefs, hostnames, context: { scope, kind, namespace } };
}

function parentRefsOf(scope: IConstruct, props: GatewayRouteOptions, routeNamespace: string): ParentRef[] {
  if (props.gateway !== undefined && props.gateways !== undefined) {
    throw inputError(scope, 'gateways', props.gateways.map((g) => g?.name), 'gateway is given too',
      'either gateway (one Gateway) or gateways (several), not both');
  }
  let gateways: Array<[string, GatewayReference]>;
  if (props.gateways !== undefined) {
    if (props.gateways.length === 0) {
      throw inputError(scope, 'gateways', props.gateways, 'the route names no Gateway',
        'at least one Gateway, e.g. [{ name: "public", namespace: "gateways" }], or no gateways to attach to the platform default gateway');
    }
    if (props.gateways.length > MAX_PARENTS) {
      throw inputError(scope, 'gateways', `${props.gateways.length} Gateways`, `there are more than ${MAX_PARENTS}`, `at most ${MAX_PARENTS} Gateways per route`);
    }
    gateways = props.gateways.map((g, i) => [`gateways[${i}]`, checkGateway(scope, `gateways[${i}]`, g)]);
  } else if (props.gateway !== undefined) {
    gateways = [['gateway', checkGateway(scope, 'gateway', props.gateway)]];
  } else {
    const gateway = PlatformDefaults.of(scope).gateway;
    if (gateway === undefined) {
      throw inputError(scope, 'gateway', undefined, 'the route names no Gateway, and the platform defaults set none',
        'a gateway, e.g. { name: "public", namespace: "gateways" }, or one for every route in PlatformDefaults.set(app, { gateway })');
    }
    gateways = [['gateway', gateway]];
  }
  // One Gateway twice: the CRDs want a sectionName on both references, a different one each (the namespace of the
  // route when none is given: two references to one Gateway, written differently, are still one Gateway).
  const seen = new Map<string, Array<[string, GatewayReference]>>();
  for (const [prop, gateway] of gateways) {
    const key = `${gateway.namespace ?? routeNamespace}/${gateway.name}`;
    const before = seen.get(key) ?? [];
    for (const [otherProp, other] of before) {
      if (gateway.sectionName === undefined || other.sectionName === undefined) {
        throw inputError(scope, `${prop}.sectionName`, gateway.sectionName, `${otherProp} is the same Gateway (${key}), and a route attaches to one Gateway twice only through two listeners`,
          'a different sectionName on each reference to one Gateway, or the Gateway once without a sectionName');
      }
      if (gateway.sectionName === other.sectionName) {
        throw inputError(scope, `${prop}.sectionName`, gateway.sectionName, `${otherProp} is the same listener of the same Gateway (${key})`,
          'each listener of a Gateway once');
      }
    }
    seen.set(key, [...before, [prop, gateway]]);
  }
  return gateways.map(([, gateway]) => ({
    group: GATEWAY_GROUP,
    kind: 'Gateway',
    name: gateway.name,
    namespace: gateway.namespace,
    sectionName: gateway.sectionName,
  }));
}

function checkGateway(scope: IConstruct, prop: string, given: GatewayReference): GatewayReference {
  checkObject(scope, prop, given, 'a Gateway: { name, namespace?, sectionName? }');
  FormatRule.DNS1123_SUBDOMAIN.check(scope, `${prop}.name`, given.name);
  if (given.namespace !== undefined) {
    FormatRule.DNS1123_LABEL.check(scope, `${prop}.namespace`, given.namespace);
  }
  if (given.sectionName !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, `${prop}.sectionName`, given.sectionName);
  }
  return given;
}

function checkHostnames(scope: IConstruct, hostnames: string[]): string[] {
  checkList(scope, 'hostnames', hostnames, 'a list of host names, e.g. ["shop.example.com"]');
  if (!Array.isArray(hostnames) || hostnames.length === 0) {
    throw inputError(scope, 'hostnames', hostnames, 'the route serves no host name', 'at least one host name, e.g. ["shop.example.com"]');
  }
  if (hostnames.length > MAX_HOSTNAMES) {
    throw inputError(scope, 'hostnames', hostnames, `there are ${hostnames.length} host names, more than ${MAX_HOSTNAMES}`,
      `at most ${MAX_HOSTNAMES} host names per route (split the route)`);
  }
  const seen = new Map<string, number>();
  hostnames.forEach((host, i) => {
    FormatRule.HOSTNAME.check(scope, `hostnames[${i}]`, host);
    if (seen.has(host)) {
      throw inputError(scope, `hostnames[${i}]`, host, `hostnames[${seen.get(host)}] is the same host name`, 'each host name once');
    }
    seen.set(host, i);
  });
  return [...hostnames];
}

/**
 * The labels of a route: those of the application of its first backend's Service, without a release track label
 * (like its Services, the route belongs to the application, not to a release track).
 */
export function routeLabelsOf(firstService: AppService | undefined): Record<string, string> | undefined {
  return firstService?.identity?.sharedLabels;
}

/**
 * The application that the published URLs of a route belong to: the given one, else the application of its first
 * backend's Service, else the route's name.
 */
export function applicationNameOf(scope: IConstruct, given: string | undefined, firstService: AppService | undefined, routeName: string): string {
  return FormatRule.DNS1123_SUBDOMAIN.check(scope, 'applicationName', given ?? firstService?.identity?.name ?? routeName);
}

/**
 * The backends of a rule, checked: Services with ports, each Service port once, and weights that are percentages
 * adding up to 100 (or none).
 *
 * @param orElse what else a rule may have instead of backends, for the error of a rule without any
 */
export function backendRefsOf(route: RouteContext, at: string, backends: Backend[], orElse = ''): BackendRef[] {
  const scope = route.scope;
  checkList(scope, `${at}.backends`, backends, 'a list of backends, e.g. [{ service }]', 'object');
  if (!Array.isArray(backends) || backends.length === 0) {
    throw inputError(scope, `${at}.backends`, backends, 'the rule has no backend', `at least one backend, e.g. [{ service }]${orElse}`);
  }
  if (backends.length > MAX_BACKENDS) {
    throw inputError(scope, `${at}.backends`, `${backends.length} backends`, `there are more than ${MAX_BACKENDS}`,
      `at most ${MAX_BACKENDS} backends per rule`);
  }
  const seen = new Map<string, number>();
  const refs = backends.map((backend, j) => {
    const prop = `${at}.backends[${j}]`;
    const port = servicePortOf(scope, prop, backend.service, backend.portName);
    const key = `${backend.service.namespace}/${backend.service.name}:${port.port}`;
    if (seen.has(key)) {
      throw inputError(scope, `${prop}.portName`, port.name, `${at}.backends[${seen.get(key)}] is the same Service port`,
        'each Service port once per rule (weights set how much each receives)');
    }
    seen.set(key, j);
    if (backend.weight !== undefined) {
      checkInteger(scope, `${prop}.weight`, backend.weight, { min: 0, max: 100, what: 'a percentage of the rule\'s requests: an integer' });
    }
    return serviceRefOf(route, backend.service, port);
  });
  const weights = backends.map((b) => b.weight);
  const weighted = weights.findIndex((w) => w !== undefined);
  if (weighted === -1) {
    return refs;
  }
  const missing = weights.findIndex((w) => w === undefined);
  if (missing !== -1) {
    throw inputError(scope, `${at}.backends[${missing}].weight`, undefined,
      `${at}.backends[${weighted}] has a weight, so every backend of the rule needs one`,
      'a weight for every backend of the rule, adding up to 100, or no weight at all to share the requests equally');
  }
  const total = (weights as number[]).reduce((sum, w) => sum + w, 0);
  if (backends.length === 1 && total !== 100) {
    throw inputError(scope, `${at}.backends[0].weight`, total, 'the only backend of a rule receives all its requests',
      'no weight (or 100) for the only backend of a rule');
  }
  if (total !== 100) {
    const list = `${weights.slice(0, -1).join(', ')} and ${weights[weights.length - 1]}`;
    throw inputError(scope, `${at}.backends`, weights, `weights ${list} add up to ${total}`,
      'weights that add up to 100 (percentages of the rule\'s requests), or no weight at all to share the requests equally');
  }
  // A rule's only backend receives every request: no weight is written.
  return backends.length === 1 ? refs : refs.map((ref, j) => ({ ...ref, weight: weights[j] }));
}

/** A Service port, as a backend or a mirror of a route names it (the Service's namespace when it is another one). */
function serviceRefOf(route: RouteContext, service: AppService, port: AppServicePort): ServiceRef {
  return { name: service.name, namespace: service.namespace === route.namespace ? undefined : service.namespace, port: port.port };
}

/** The port of a Service that a backend or a mirror names (its first without a name), checked. */
function servicePortOf(scope: IConstruct, prop: string, service: AppService, portName: string | undefined): AppServicePort {
  if (!(service instanceof AppService)) {
    throw inputError(scope, `${prop}.service`, service, 'it is not an AppService', 'an AppService of the application');
  }
  if (service.exposure.type === kplus.ServiceType.EXTERNAL_NAME) {
    throw inputError(scope, `${prop}.service`, service.name, `it is an ExternalName Service (an alias of ${service.exposure.externalHostname}), which has no ports`,
      'a Service that selects pods (ClusterIP, NodePort or LoadBalancer)');
  }
  if (portName === undefined) {
    return service.ports[0];
  }
  const port = service.ports.find((p) => p.name === portName);
  if (!port) {
    throw inputError(scope, `${prop}.portName`, portName, `the Service ${service.name} has no port of that name`,
      `one of its ports: ${service.ports.map((p) => p.name).join(', ')}`);
  }
  return port;
}

/**
 * The header matches of a rule, checked: header names (RFC 7230 tokens), each once ignoring case, values of 1 to 4096
 * characters.
 */
export function headerMatchesOf(scope: IConstruct, prop: string, headers: HeaderMatch[] | undefined): HeaderMatchJson[] | undefined {
  checkList(scope, prop, headers, 'a list of header matches, e.g. [{ name: "X-Canary", value: "always" }]', 'object');
  if (headers === undefined || headers.length === 0) {
    return undefined;
  }
  if (headers.length > MAX_HEADER_MATCHES) {
    throw inputError(scope, prop, `${headers.length} headers`, `there are more than ${MAX_HEADER_MATCHES}`, `at most ${MAX_HEADER_MATCHES} header matches per rule`);
  }
  const seen = new Map<string, number>();
  return headers.map((header, i) => {
    const name = checkToken(scope, `${prop}[${i}].name`, header.name, HEADER_NAME_ACCEPTED);
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw inputError(scope, `${prop}[${i}].name`, name, `${prop}[${seen.get(key)}] matches the same header (header names are case-insensitive)`,
        'each header once per rule');
    }
    seen.set(key, i);
    const value = checkText(scope, `${prop}[${i}].value`, header.value, MAX_HEADER_VALUE_LENGTH, 'a header value of 1 to 4096 characters');
    return { name, value, type: checkMatchType(scope, `${prop}[${i}].type`, header.type) };
  });
}

/** The type of a match, checked (Exact when none is given). */
export function checkMatchType(scope: IConstruct, prop: string, type: RouteMatchType | undefined): RouteMatchType {
  const given = type ?? RouteMatchType.EXACT;
  if (given !== RouteMatchType.EXACT && given !== RouteMatchType.REGULAR_EXPRESSION) {
    throw inputError(scope, prop, given, 'it is not a match type', 'RouteMatchType.EXACT or RouteMatchType.REGULAR_EXPRESSION');
  }
  return given;
}

/**
 * Refuses a name (of a header, of a query parameter) that is not an RFC 7230 token of at most 256 characters; returns
 * it otherwise.
 */
export function checkToken(scope: IConstruct, prop: string, name: string, accepted: string): string {
  const problem = tokenProblem(name);
  if (problem !== undefined) {
    throw inputError(scope, prop, name, problem, accepted);
  }
  return name;
}

function tokenProblem(name: string): string | undefined {
  if (typeof name !== 'string') {
    return `it is ${kindOfValue(name)}, not a string`;
  }
  if (name === '') {
    return 'it is empty';
  }
  if (name.length > MAX_NAME_LENGTH) {
    return `it is ${name.length} characters long, more than ${MAX_NAME_LENGTH}`;
  }
  const bad = [...new Set([...name].filter((c) => !TOKEN_CHARACTER.test(c)))];
  if (bad.length > 0) {
    const quoted = bad.map((c) => JSON.stringify(c));
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
    return `it contains ${list}, which ${bad.length === 1 ? 'is' : 'are'} not allowed`;
  }
  return undefined;
}

/** Refuses a value that is not a string of 1 to `max` characters; returns it otherwise. */
export function checkText(scope: IConstruct, prop: string, value: string, max: number, accepted: string): string {
  if (typeof value !== 'string') {
    throw inputError(scope, prop, value, `it is ${kindOfValue(value)}, not a string`, accepted);
  }
  if (value === '') {
    throw inputError(scope, prop, value, 'it is empty', accepted);
  }
  if (value.length > max) {
    throw inputError(scope, prop, value, `it is ${value.length} characters long, more than ${max}`, accepted);
  }
  return value;
}

/**
 * What is wrong with the value of an `Exact` or `PathPrefix` path, or of a path modifier (the rules of the HTTPRoute
 * CRD), if anything: the rule of every HTTP path ({@link FormatRule.HTTP_PATH}, shared with Ingresses), then the CRD's
 * own length, "#" and characters.
 */
export function pathProblem(path: string): string | undefined {
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

/** The filters that each kind of route takes. */
const FILTERS_OF: Record<string, RouteFilterType[]> = {
  HTTPRoute: Object.values(RouteFilterType),
  GRPCRoute: [RouteFilterType.REQUEST_HEADER_MODIFIER, RouteFilterType.RESPONSE_HEADER_MODIFIER, RouteFilterType.REQUEST_MIRROR],
};

const FILTERS_ACCEPTED = 'a list of filters, e.g. [RouteFilter.modifyRequestHeaders({ set: { "X-Environment": "production" } })]';

/** The filters of a rule, written, and where its redirect is (if it has one). */
export interface RuleFilters {
  readonly filters?: FilterJson[];
  /** The index of the redirect filter, if any. */
  readonly redirect?: number;
}

/**
 * The filters of a rule, checked as the Gateway API checks them: the types that the kind of route takes, one of each
 * (mirrors excepted: each to another Service port), a redirect or a rewrite, not both; a prefix replacement only in a
 * rule that matches a path prefix.
 *
 * @param pathType the path type of the rule's match (an HTTPRoute's), for the prefix replacements
 */
export function filtersOf(route: RouteContext, at: string, filters: RouteFilter[] | undefined, pathType?: string): RuleFilters {
  const scope = route.scope;
  checkList(scope, `${at}.filters`, filters, FILTERS_ACCEPTED);
  if (filters === undefined || filters.length === 0) {
    return {};
  }
  if (filters.length > MAX_FILTERS) {
    throw inputError(scope, `${at}.filters`, `${filters.length} filters`, `there are more than ${MAX_FILTERS}`, `at most ${MAX_FILTERS} filters per rule`);
  }
  const allowed = FILTERS_OF[route.kind];
  const firstOfType = new Map<RouteFilterType, number>();
  const mirrored = new Map<string, number>();
  let redirect: number | undefined;
  const written = filters.map((filter, k) => {
    const prop = `${at}.filters[${k}]`;
    if (!(filter instanceof RouteFilter)) {
      throw inputError(scope, prop, filter, `it is ${kindOfValue(filter)}, not a RouteFilter`,
        'a filter made by RouteFilter.modifyRequestHeaders(), modifyResponseHeaders(), redirect(), rewriteUrl() or mirror()');
    }
    if (!allowed.includes(filter.type)) {
      throw inputError(scope, prop, filter.type, `a ${route.kind} has no ${filter.type} filter`,
        `a filter of one of the types that a ${route.kind} takes: ${allowed.join(', ')}`);
    }
    const first = firstOfType.get(filter.type);
    if (first !== undefined && filter.type !== RouteFilterType.REQUEST_MIRROR) {
      throw inputError(scope, prop, filter.type, `${at}.filters[${first}] is a ${filter.type} filter too`,
        `one filter of each type per rule (mirrors excepted)${filter.type.endsWith('HeaderModifier') ? ': all the header changes in one' : ''}`);
    }
    firstOfType.set(filter.type, first ?? k);
    const redirectAt = firstOfType.get(RouteFilterType.REQUEST_REDIRECT);
    const rewriteAt = firstOfType.get(RouteFilterType.URL_REWRITE);
    if (redirectAt !== undefined && rewriteAt !== undefined) {
      throw inputError(scope, prop, filter.type, `${at}.filters[${Math.min(redirectAt, rewriteAt)}] is a ${k === redirectAt ? 'URL rewrite' : 'redirect'}, `
        + 'and a redirect sends no request on to be rewritten', 'either a redirect or a URL rewrite in a rule, not both');
    }
    switch (filter.type) {
      case RouteFilterType.REQUEST_HEADER_MODIFIER:
        return { type: filter.type, requestHeaderModifier: headerModifierOf(scope, prop, filter._headers) };
      case RouteFilterType.RESPONSE_HEADER_MODIFIER:
        return { type: filter.type, responseHeaderModifier: headerModifierOf(scope, prop, filter._headers) };
      case RouteFilterType.REQUEST_REDIRECT:
        redirect = k;
        return { type: filter.type, requestRedirect: redirectOf(scope, prop, filter._redirect, pathType) };
      case RouteFilterType.URL_REWRITE:
        return { type: filter.type, urlRewrite: rewriteOf(scope, prop, filter._rewrite, pathType) };
      default: {
        const mirror = checkObject(scope, prop, filter._mirror, 'a mirror: { service, portName? }');
        const port = servicePortOf(scope, prop, mirror?.service as AppService, mirror?.portName);
        const backendRef = serviceRefOf(route, mirror!.service, port);
        const key = `${mirror!.service.namespace}/${backendRef.name}:${backendRef.port}`;
        if (mirrored.has(key)) {
          throw inputError(scope, `${prop}.portName`, port.name, `${at}.filters[${mirrored.get(key)}] mirrors to the same Service port`,
            'each Service port mirrored once per rule');
        }
        mirrored.set(key, k);
        return { type: filter.type, requestMirror: { backendRef } };
      }
    }
  });
  return { filters: written, redirect };
}

const HEADER_CHANGE_ACCEPTED = 'a map of header names to values, e.g. { "X-Environment": "production" }';

/**
 * A header modifier, checked: something to change; header names (RFC 7230 tokens) and values; at most 16 of each
 * action; each header (ignoring case) in one action only, as the Gateway API's validation has it.
 */
function headerModifierOf(scope: IConstruct, prop: string, modifier: HeaderModifier | undefined): HeaderModifierJson {
  checkObject(scope, prop, modifier, 'the header changes: { set?, add?, remove? }');
  checkObject(scope, `${prop}.set`, modifier?.set, HEADER_CHANGE_ACCEPTED);
  checkObject(scope, `${prop}.add`, modifier?.add, HEADER_CHANGE_ACCEPTED);
  checkList(scope, `${prop}.remove`, modifier?.remove, 'a list of header names, e.g. ["X-Debug"]');
  const changes: Array<['set' | 'add' | 'remove', string, string | undefined]> = [
    ...Object.entries(modifier?.set ?? {}).map(([name, value]) => ['set', name, value] as ['set', string, string]),
    ...Object.entries(modifier?.add ?? {}).map(([name, value]) => ['add', name, value] as ['add', string, string]),
    ...(modifier?.remove ?? []).map((name) => ['remove', name, undefined] as ['remove', string, undefined]),
  ];
  if (changes.length === 0) {
    throw inputError(scope, prop, modifier ?? {}, 'it changes no header', 'at least one header to set, add or remove');
  }
  for (const action of ['set', 'add', 'remove'] as const) {
    const count = changes.filter(([a]) => a === action).length;
    if (count > MAX_HEADER_CHANGES) {
      throw inputError(scope, `${prop}.${action}`, `${count} headers`, `there are more than ${MAX_HEADER_CHANGES}`, `at most ${MAX_HEADER_CHANGES} headers to ${action}`);
    }
  }
  const seen = new Map<string, string>();
  const json: { set: HeaderJson[]; add: HeaderJson[]; remove: string[] } = { set: [], add: [], remove: [] };
  let removed = 0;
  for (const [action, name, value] of changes) {
    // A name of `set` or `add` is a key of its map: the errors name the map; a name of `remove` is an item of its list.
    const at = action === 'remove' ? `${prop}.remove[${removed++}]` : `${prop}.${action}`;
    checkToken(scope, at, name, HEADER_NAME_ACCEPTED);
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw inputError(scope, at, name, `${seen.get(key)} changes the same header (header names are case-insensitive)`,
        'each header in one of set, add and remove, once');
    }
    seen.set(key, action === 'remove' ? at : `${at}[${describeValue(name)}]`);
    if (action === 'remove') {
      json.remove.push(name);
    } else {
      json[action].push({ name, value: checkText(scope, `${at}[${describeValue(name)}]`, value!, MAX_HEADER_VALUE_LENGTH, 'a header value of 1 to 4096 characters') });
    }
  }
  return {
    set: json.set.length > 0 ? json.set : undefined,
    add: json.add.length > 0 ? json.add : undefined,
    remove: json.remove.length > 0 ? json.remove : undefined,
  };
}

function redirectOf(scope: IConstruct, prop: string, redirect: FilterRedirect | undefined, pathType: string | undefined): NonNullable<FilterJson['requestRedirect']> {
  checkObject(scope, prop, redirect, 'a redirect: { scheme?, hostname?, port?, path?, statusCode? }');
  const { scheme, hostname, port, path, statusCode } = redirect ?? {};
  if (scheme === undefined && hostname === undefined && port === undefined && path === undefined) {
    throw inputError(scope, prop, redirect ?? {}, 'the redirect changes nothing of the URL: it would send clients back to where they are, in a loop',
      'at least one of scheme, hostname, port and path');
  }
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
    throw inputError(scope, `${prop}.scheme`, scheme, 'it is not a scheme that a redirect takes', '"https" or "http"');
  }
  if (hostname !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, `${prop}.hostname`, hostname);
  }
  if (port !== undefined) {
    FormatRule.checkPortNumber(scope, `${prop}.port`, port);
  }
  if (statusCode !== undefined && statusCode !== 301 && statusCode !== 302) {
    throw inputError(scope, `${prop}.statusCode`, statusCode, 'it is not a status code of a Gateway API redirect', '301 (moved permanently) or 302 (found, the default)');
  }
  return { scheme, hostname, port, path: pathModifierOf(scope, `${prop}.path`, path, pathType), statusCode };
}

function rewriteOf(scope: IConstruct, prop: string, rewrite: { hostname?: string; path?: PathModifier } | undefined, pathType: string | undefined): NonNullable<FilterJson['urlRewrite']> {
  checkObject(scope, prop, rewrite, 'a rewrite: { hostname?, path? }');
  if (rewrite?.hostname === undefined && rewrite?.path === undefined) {
    throw inputError(scope, prop, rewrite ?? {}, 'the rewrite changes nothing', 'a hostname, a path, or both');
  }
  if (rewrite.hostname !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, `${prop}.hostname`, rewrite.hostname);
  }
  return { hostname: rewrite.hostname, path: pathModifierOf(scope, `${prop}.path`, rewrite.path, pathType) };
}

/** The fields of a redirect, as an untyped caller may give them. */
interface FilterRedirect {
  readonly scheme?: string;
  readonly hostname?: string;
  readonly port?: number;
  readonly path?: PathModifier;
  readonly statusCode?: number;
}

function pathModifierOf(
  scope: IConstruct, prop: string, modifier: PathModifier | undefined, pathType: string | undefined,
): PathModifierJson | undefined {
  if (modifier === undefined) {
    return undefined;
  }
  if (!(modifier instanceof PathModifier)) {
    throw inputError(scope, prop, modifier, `it is ${kindOfValue(modifier)}, not a PathModifier`,
      'PathModifier.replaceFullPath("/new/path") or PathModifier.replacePrefixMatch("/new-prefix")');
  }
  const problem = pathProblem(modifier.path);
  if (problem !== undefined) {
    throw inputError(scope, prop, modifier.path, problem, PATH_ACCEPTED);
  }
  if (modifier.type === PathModifierType.REPLACE_FULL_PATH) {
    return { type: modifier.type, replaceFullPath: modifier.path };
  }
  if (pathType !== 'PathPrefix') {
    throw inputError(scope, prop, modifier.path, `PathModifier.replacePrefixMatch replaces the path prefix that the rule matched, and the rule matches an ${pathType} path`,
      'PathModifier.replaceFullPath(), or a rule whose pathType is RoutePathType.PREFIX');
  }
  return { type: modifier.type, replacePrefixMatch: modifier.path };
}
