import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { LITERAL_PATH_ACCEPTED, patternInPath } from './path-patterns';
import { registerPublishedUrls } from './published-urls';
import { RouteFilter } from './route-filters';
import { GatewayRouteOptions, HeaderMatch, RouteMatchType } from './route-options';
import {
  applicationNameOf, backendRefsOf, checkMatchType, checkText, checkToken, filtersOf, headerMatchesOf, PATH_ACCEPTED, pathProblem,
  RouteContext, routeBasicsOf, routeLabelsOf,
} from './route-parts';
import { HttpRoute, HttpRouteSpecRules, HttpRouteSpecRulesMatchesPathType } from '../../imports/gateway.networking.k8s.io';
import { checkList, checkObject, checkProps, inputError } from '../core/errors';
import { AppService } from '../expose/app-service';

/** The most rules that an HTTPRoute accepts, and query parameter matches per rule (Gateway API v1.2 CRD). */
const MAX_RULES = 16;
const MAX_QUERY_PARAMS = 16;
/** The longest query parameter value that the HTTPRoute CRD accepts. */
const MAX_QUERY_VALUE_LENGTH = 1024;
/** The longest Gateway API duration: five digits of hours (GEP-2257), and the minutes, seconds and milliseconds below. */
const MAX_DURATION_MILLIS = ((99999 * 60 + 59) * 60 + 59) * 1000 + 999;
const QUERY_NAME_ACCEPTED = 'a query parameter name: at most 256 letters, digits and !#$%&\'*+-.^_`|~ (e.g. "version")';
const TIMEOUT_ACCEPTED = 'a Duration of whole milliseconds, at most 99999 hours (e.g. Duration.seconds(30)), or Duration.seconds(0) for no timeout';

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
 * The HTTP method of the requests that a route rule matches.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpmethod
 */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
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
 * A query parameter that the requests of a route rule carry, with its value. The names of one rule differ
 * (case-sensitive).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpqueryparammatch
 */
export interface QueryParamMatch {
  /**
   * The name of the query parameter (case-sensitive): at most 256 letters, digits and `!#$%&'*+-.^_|~` and the
   * backquote, e.g. `version`.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpqueryparammatch
   */
  readonly name: string;

  /**
   * The value (1 to 1024 characters), or a regular expression with `type: RouteMatchType.REGULAR_EXPRESSION`.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpqueryparammatch
   */
  readonly value: string;

  /**
   * How the value matches.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpqueryparammatch
   * @default RouteMatchType.EXACT
   */
  readonly type?: RouteMatchType;
}

/**
 * How long the Gateway waits for the requests of a route rule (Gateway API durations: whole milliseconds, at most
 * 99999 hours; zero for no timeout).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts
 */
export interface RouteTimeouts {
  /**
   * The longest the Gateway takes to answer a request, from the request of the client to the full response; zero for
   * no timeout.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts
   * @default - the Gateway implementation's
   */
  readonly request?: Duration;

  /**
   * The longest a request from the Gateway to a backend takes (a request of the client may make several, when the
   * Gateway retries); no longer than `request`.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts
   * @default - the Gateway implementation's
   */
  readonly backendRequest?: Duration;
}

/**
 * A rule of a route: the requests that match its path (and its headers, query parameters and method, when given) go
 * to the rule's backends, through its filters.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#rules
 */
export interface RouteRule {
  /**
   * The path that the requests match: an absolute path starting with "/", matched literally (as a prefix or
   * exactly, by `pathType`); a glob or a regular expression (`/api/*`, `/api/(.*)`) is refused.
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
   * Headers that the requests carry, each with its value (at most 16; all of them).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
   * @default - any headers
   */
  readonly headers?: HeaderMatch[];

  /**
   * Query parameters that the requests carry, each with its value (at most 16; all of them).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpqueryparammatch
   * @default - any query parameters
   */
  readonly queryParams?: QueryParamMatch[];

  /**
   * The HTTP method of the requests.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpmethod
   * @default - any method
   */
  readonly method?: HttpMethod;

  /**
   * The Services that receive the matching requests (at least one, at most 16), unless the rule redirects them.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#backendrefs
   * @default - none: only for a rule with a `RouteFilter.redirect()`, which has no backends
   */
  readonly backends?: RouteBackend[];

  /**
   * What the Gateway does to the matching requests: header changes, a redirect, a URL rewrite, mirrors (at most 16;
   * one of each type, mirrors excepted).
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#filters-optional
   * @default - none
   */
  readonly filters?: RouteFilter[];

  /**
   * How long the Gateway waits for the matching requests.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts
   * @default - the Gateway implementation's
   */
  readonly timeouts?: RouteTimeouts;
}

/**
 * Properties of an {@link AppRoute}.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export interface AppRouteProps extends GatewayRouteOptions {
  /**
   * The rules (at least one, at most 16): which requests go to which Services.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#rules
   */
  readonly rules: RouteRule[];
}

/**
 * A Gateway API HTTPRoute (`gateway.networking.k8s.io/v1`) that publishes one application's Services to users,
 * attached to one or more Gateways that the platform owns.
 *
 * Each rule sends the requests whose path (and headers, query parameters and method, when given) match to its
 * backends, by Service port name; several backends of a rule share its requests equally, or by weights that add up
 * to 100 (e.g. 90 to the stable track, 10 to a canary). Filters change headers, redirect, rewrite the URL or mirror the
 * requests; timeouts bound how long the Gateway waits. The route carries the labels of the first backend's
 * application (without a release track label), and synth writes its URLs (one per host name and path of a rule that
 * a plain GET reaches; wildcard host names have none) to `urls/<application>.txt` in the output directory.
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
  /**
   * The URLs that the route publishes: one per host name (but wildcards) and path of a rule that a plain GET reaches
   * (no header or query parameter match, no method but GET), e.g. `https://shop.example.com/api`.
   */
  public readonly urls: string[];
  /** The name of the application that the published URLs belong to. */
  public readonly applicationName: string;

  constructor(scope: Construct, id: string, props: AppRouteProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the route: at least name, hostnames and rules');
    const basics = routeBasicsOf(this, 'HTTPRoute', props);
    this.name = basics.name;
    const rules = this.checkRules(basics.context, props.rules);

    const firstService = props.rules.find((r) => r.backends !== undefined && r.backends.length > 0)?.backends?.[0].service;
    this.applicationName = applicationNameOf(this, props.applicationName, firstService, this.name);

    const urls = new Set<string>();
    for (const host of basics.hostnames.filter((h) => !h.startsWith('*.'))) {
      for (const rule of rules.filter((r) => r.published)) {
        urls.add(`${basics.scheme}://${host}${rule.path}`);
      }
    }
    this.urls = [...urls];

    this.route = new HttpRoute(this, 'Resource', {
      metadata: { name: this.name, labels: routeLabelsOf(firstService) },
      spec: {
        parentRefs: basics.parentRefs,
        hostnames: basics.hostnames,
        rules: rules.map((r) => r.rule),
      },
    });
    registerPublishedUrls(this, this.applicationName, () => [...this.urls]);
  }

  private checkRules(route: RouteContext, rules: RouteRule[]): Array<{ path: string; published: boolean; rule: HttpRouteSpecRules }> {
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
      const problem = pathProblem(path);
      if (problem !== undefined) {
        throw inputError(this, `${at}.path`, path, problem, PATH_ACCEPTED);
      }
      if (pathType !== RoutePathType.PREFIX && pathType !== RoutePathType.EXACT) {
        throw inputError(this, `${at}.pathType`, pathType, 'it is not a path type', 'RoutePathType.PREFIX or RoutePathType.EXACT');
      }
      const pattern = patternInPath(path, pathType);
      if (pattern !== undefined) {
        throw inputError(this, `${at}.path`, path, pattern, LITERAL_PATH_ACCEPTED);
      }
      const headers = headerMatchesOf(this, `${at}.headers`, rule.headers);
      const queryParams = this.queryParamsOf(`${at}.queryParams`, rule.queryParams);
      if (rule.method !== undefined && !Object.values(HttpMethod).includes(rule.method)) {
        throw inputError(this, `${at}.method`, rule.method, 'it is not an HTTP method', `HttpMethod.${Object.keys(HttpMethod).join(', ')}`);
      }

      // A prefix matches element by element: "/api" and "/api/" are the same prefix.
      const pathKey = `${pathType} ${pathType === RoutePathType.PREFIX && path.length > 1 ? path.replace(/\/+$/, '') : path}`;
      const conditions = headers !== undefined || queryParams !== undefined || rule.method !== undefined;
      const key = !conditions ? pathKey : JSON.stringify([
        pathKey, rule.method ?? null,
        (headers ?? []).map((h) => [h.name.toLowerCase(), h.type, h.value]).sort(),
        (queryParams ?? []).map((q) => [q.name, q.type, q.value]).sort(),
      ]);
      if (seen.has(key)) {
        throw inputError(this, `${at}.path`, path, conditions
          ? `rules[${seen.get(key)}] matches the same requests (the same path and path type, headers, query parameters and method)`
          : `rules[${seen.get(key)}] has the same path and path type (${pathType})`,
        conditions ? 'each combination of path, headers, query parameters and method in one rule only' : 'each path (and path type) in one rule only');
      }
      seen.set(key, i);

      const { filters, redirect } = filtersOf(route, at, rule.filters, pathType);
      let backendRefs;
      if (redirect === undefined) {
        backendRefs = backendRefsOf(route, at, rule.backends as RouteBackend[], ' (or a RouteFilter.redirect() in filters)');
      } else if (rule.backends !== undefined && (!Array.isArray(rule.backends) || rule.backends.length > 0)) {
        throw inputError(this, `${at}.backends`, Array.isArray(rule.backends) ? rule.backends.map((b) => b?.service?.name) : rule.backends,
          `${at}.filters[${redirect}] redirects: the Gateway answers the requests itself, and sends them to no backend`,
          'no backends in a rule that redirects (or no redirect)');
      }
      const timeouts = this.timeoutsOf(`${at}.timeouts`, rule.timeouts);

      const type = pathType === RoutePathType.EXACT ? HttpRouteSpecRulesMatchesPathType.EXACT : HttpRouteSpecRulesMatchesPathType.PATH_PREFIX;
      const match = {
        path: { type, value: path },
        headers,
        queryParams,
        method: rule.method,
      };
      // A plain GET of the URL reaches the rule (a smoke test of the published URLs).
      const published = !conditions || (headers === undefined && queryParams === undefined && rule.method === HttpMethod.GET);
      return { path, published, rule: { matches: [match], filters, backendRefs, timeouts } as HttpRouteSpecRules };
    });
  }

  private queryParamsOf(prop: string, params: QueryParamMatch[] | undefined): Array<{ name: string; value: string; type: string }> | undefined {
    checkList(this, prop, params, 'a list of query parameter matches, e.g. [{ name: "version", value: "2" }]', 'object');
    if (params === undefined || params.length === 0) {
      return undefined;
    }
    if (params.length > MAX_QUERY_PARAMS) {
      throw inputError(this, prop, `${params.length} query parameters`, `there are more than ${MAX_QUERY_PARAMS}`, `at most ${MAX_QUERY_PARAMS} query parameter matches per rule`);
    }
    const seen = new Map<string, number>();
    return params.map((param, i) => {
      const name = checkToken(this, `${prop}[${i}].name`, param.name, QUERY_NAME_ACCEPTED);
      if (seen.has(name)) {
        throw inputError(this, `${prop}[${i}].name`, name, `${prop}[${seen.get(name)}] matches the same query parameter`,
          'each query parameter once per rule (names are case-sensitive)');
      }
      seen.set(name, i);
      const value = checkText(this, `${prop}[${i}].value`, param.value, MAX_QUERY_VALUE_LENGTH, 'a query parameter value of 1 to 1024 characters');
      return { name, value, type: checkMatchType(this, `${prop}[${i}].type`, param.type) };
    });
  }

  private timeoutsOf(prop: string, timeouts: RouteTimeouts | undefined): { request?: string; backendRequest?: string } | undefined {
    checkObject(this, prop, timeouts, 'the timeouts: { request?, backendRequest? }, e.g. { request: Duration.seconds(30) }');
    if (timeouts === undefined) {
      return undefined;
    }
    const request = timeouts.request === undefined ? undefined : this.gatewayDuration(`${prop}.request`, timeouts.request);
    const backendRequest = timeouts.backendRequest === undefined ? undefined : this.gatewayDuration(`${prop}.backendRequest`, timeouts.backendRequest);
    // The request timeout covers the requests to the backends; zero is no request timeout.
    if (request !== undefined && backendRequest !== undefined && request.millis !== 0 && backendRequest.millis > request.millis) {
      throw inputError(this, `${prop}.backendRequest`, backendRequest.text,
        `it is longer than the request timeout (${prop}.request, ${request.text}), which covers the requests to the backends`,
        'a backend request timeout no longer than the request timeout');
    }
    if (request === undefined && backendRequest === undefined) {
      return undefined;
    }
    return { request: request?.text, backendRequest: backendRequest?.text };
  }

  /** A duration as the Gateway API writes it (GEP-2257), e.g. `1h30m` or `500ms`; `0s` for zero. */
  private gatewayDuration(prop: string, duration: Duration): { text: string; millis: number } {
    if (!(duration instanceof Duration)) {
      throw inputError(this, prop, duration, 'it is not a Duration', TIMEOUT_ACCEPTED);
    }
    const millis = duration.toMilliseconds({ integral: false });
    if (!Number.isInteger(millis)) {
      throw inputError(this, prop, duration.toHumanString(), 'it is not a whole number of milliseconds', TIMEOUT_ACCEPTED);
    }
    if (millis > MAX_DURATION_MILLIS) {
      throw inputError(this, prop, duration.toHumanString(), 'it is longer than 99999 hours, the longest Gateway API duration', TIMEOUT_ACCEPTED);
    }
    const parts: Array<[number, string]> = [
      [Math.floor(millis / 3_600_000), 'h'],
      [Math.floor(millis / 60_000) % 60, 'm'],
      [Math.floor(millis / 1000) % 60, 's'],
      [millis % 1000, 'ms'],
    ];
    const text = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('');
    return { text: text === '' ? '0s' : text, millis };
  }
}
