import { Construct } from 'constructs';
import { RouteBackend } from './app-route';
import { registerPublishedUrls } from './published-urls';
import { RouteFilter } from './route-filters';
import { GatewayRouteOptions, HeaderMatch, RouteMatchType } from './route-options';
import { applicationNameOf, backendRefsOf, checkMatchType, filtersOf, headerMatchesOf, RouteContext, routeBasicsOf, routeLabelsOf } from './route-parts';
import { GrpcRoute, GrpcRouteSpecRules } from '../../imports/gateway.networking.k8s.io';
import { checkList, checkObject, checkProps, inputError, kindOfValue } from '../core/errors';

/** The most rules that a GRPCRoute accepts (Gateway API v1.2 CRD). */
const MAX_RULES = 16;
/** The longest gRPC service or method of a match. */
const MAX_METHOD_LENGTH = 1024;
/** A fully-qualified gRPC service name, and a method name, as the GRPCRoute CRD accepts them for an exact match. */
// The CRD's pattern allows a leading ".", which no request path of gRPC has: such a match would match nothing.
const SERVICE_NAME = /^[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const METHOD_NAME = /^[A-Za-z_][A-Za-z_0-9]*$/;

/**
 * The gRPC service and method that the requests of a GRPCRoute rule call.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
 */
export interface GrpcMethodMatch {
  /**
   * The fully-qualified gRPC service, e.g. `shop.v1.Orders` (a regular expression with
   * `type: RouteMatchType.REGULAR_EXPRESSION`).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
   * @default - any service (then `method` is given)
   */
  readonly service?: string;

  /**
   * The method of the service, e.g. `GetOrder` (a regular expression with `type: RouteMatchType.REGULAR_EXPRESSION`).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
   * @default - any method (then `service` is given)
   */
  readonly method?: string;

  /**
   * How `service` and `method` match.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
   * @default RouteMatchType.EXACT
   */
  readonly type?: RouteMatchType;
}

/**
 * A rule of a GRPCRoute: the requests that call its service and method, and carry its headers, go to the rule's
 * backends, through its filters.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/#rules
 */
export interface GrpcRouteRule {
  /**
   * The gRPC service and method that the requests call.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcmethodmatch
   * @default - every service and method
   */
  readonly method?: GrpcMethodMatch;

  /**
   * Headers (gRPC metadata) that the requests carry, each with its value (at most 16; all of them).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#grpcheadermatch
   * @default - any headers
   */
  readonly headers?: HeaderMatch[];

  /**
   * The Services that receive the matching requests (at least one, at most 16), by the name of a port that speaks gRPC.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/#backendrefs
   */
  readonly backends: RouteBackend[];

  /**
   * What the Gateway does to the matching requests: header changes and mirrors (at most 16; one header modifier of
   * each direction).
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/#filters-optional
   * @default - none
   */
  readonly filters?: RouteFilter[];
}

/**
 * Properties of an {@link AppGrpcRoute}.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/
 */
export interface AppGrpcRouteProps extends GatewayRouteOptions {
  /**
   * The rules (at least one, at most 16): which calls go to which Services.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/#rules
   */
  readonly rules: GrpcRouteRule[];
}

/**
 * A Gateway API GRPCRoute (`gateway.networking.k8s.io/v1`) that publishes one application's gRPC Services to users,
 * attached to one or more Gateways that the platform owns (their listeners serve HTTP/2: HTTPS, or HTTP for
 * cleartext gRPC).
 *
 * Each rule sends the calls of its gRPC service and method (and headers, when given) to its backends, by Service port
 * name; several backends share the calls equally, or by weights that add up to 100. Filters change headers or mirror
 * the calls. Like {@link AppRoute}, the route carries the labels of the first backend's application, and synth writes
 * its URLs (one per host name, but wildcards: `https://grpc.example.com/`, the origin that gRPC clients call) to
 * `urls/<application>.txt` in the output directory; a smoke test calls them with a gRPC client, not with a plain GET.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/
 *
 * @example
 * new AppGrpcRoute(this, 'GrpcRoute', {
 *   name: 'orders',
 *   hostnames: ['grpc.example.com'],
 *   rules: [{ method: { service: 'shop.v1.Orders' }, backends: [{ service: orders, portName: 'grpc' }] }],
 * });
 */
export class AppGrpcRoute extends Construct {
  /** The GRPCRoute. */
  public readonly route: GrpcRoute;
  /** The name of the GRPCRoute. */
  public readonly name: string;
  /** The URLs that the route publishes: one per host name but wildcards, e.g. `https://grpc.example.com/`. */
  public readonly urls: string[];
  /** The name of the application that the published URLs belong to. */
  public readonly applicationName: string;

  constructor(scope: Construct, id: string, props: AppGrpcRouteProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the route: at least name, hostnames and rules');
    const basics = routeBasicsOf(this, 'GRPCRoute', props);
    this.name = basics.name;
    const rules = this.checkRules(basics.context, props.rules);

    const firstService = props.rules[0].backends[0].service;
    this.applicationName = applicationNameOf(this, props.applicationName, firstService, this.name);
    this.urls = basics.hostnames.filter((h) => !h.startsWith('*.')).map((host) => `${basics.scheme}://${host}/`);

    this.route = new GrpcRoute(this, 'Resource', {
      metadata: { name: this.name, labels: routeLabelsOf(firstService) },
      spec: {
        parentRefs: basics.parentRefs,
        hostnames: basics.hostnames,
        rules,
      },
    });
    registerPublishedUrls(this, this.applicationName, () => [...this.urls]);
  }

  private checkRules(route: RouteContext, rules: GrpcRouteRule[]): GrpcRouteSpecRules[] {
    checkList(this, 'rules', rules, 'a list of rules, e.g. [{ method: { service: "shop.v1.Orders" }, backends: [{ service }] }]', 'object');
    if (!Array.isArray(rules) || rules.length === 0) {
      throw inputError(this, 'rules', rules, 'the route has no rule', 'at least one rule, e.g. { backends: [{ service }] }');
    }
    if (rules.length > MAX_RULES) {
      throw inputError(this, 'rules', `${rules.length} rules`, `there are more than ${MAX_RULES}`, `at most ${MAX_RULES} rules per route (split the route)`);
    }
    const seen = new Map<string, number>();
    return rules.map((rule, i) => {
      const at = `rules[${i}]`;
      const method = this.methodOf(`${at}.method`, rule.method);
      const headers = headerMatchesOf(this, `${at}.headers`, rule.headers);
      const key = JSON.stringify([method ?? null, (headers ?? []).map((h) => [h.name.toLowerCase(), h.type, h.value]).sort()]);
      if (seen.has(key)) {
        throw inputError(this, at, describeCalls(method), `rules[${seen.get(key)}] matches the same calls (the same service, method and headers)`,
          'each combination of service, method and headers in one rule only');
      }
      seen.set(key, i);
      const { filters } = filtersOf(route, at, rule.filters);
      const backendRefs = backendRefsOf(route, at, rule.backends);
      const matches = method === undefined && headers === undefined ? undefined : [{ method, headers }];
      return { matches, filters, backendRefs } as GrpcRouteSpecRules;
    });
  }

  private methodOf(prop: string, match: GrpcMethodMatch | undefined): { type: string; service?: string; method?: string } | undefined {
    checkObject(this, prop, match, 'a gRPC method match: { service?, method?, type? }');
    if (match === undefined) {
      return undefined;
    }
    const type = checkMatchType(this, `${prop}.type`, match.type);
    if (match.service === undefined && match.method === undefined) {
      throw inputError(this, prop, match, 'it names neither a service nor a method', 'a gRPC service (e.g. "shop.v1.Orders"), a method (e.g. "GetOrder"), or both');
    }
    for (const [part, value, exact, accepted] of [
      ['service', match.service, SERVICE_NAME, 'a fully-qualified gRPC service name: identifiers of letters, digits and "_" (not starting with a digit) joined by "." (e.g. "shop.v1.Orders")'],
      ['method', match.method, METHOD_NAME, 'a gRPC method name: letters, digits and "_", not starting with a digit (e.g. "GetOrder")'],
    ] as const) {
      if (value === undefined) {
        continue;
      }
      const withRegex = `${accepted}, or a regular expression with type RouteMatchType.REGULAR_EXPRESSION`;
      if (typeof value !== 'string') {
        throw inputError(this, `${prop}.${part}`, value, `it is ${kindOfValue(value)}, not a string`, withRegex);
      }
      if (value === '' || value.length > MAX_METHOD_LENGTH) {
        throw inputError(this, `${prop}.${part}`, value, value === '' ? 'it is empty' : `it is ${value.length} characters long, more than ${MAX_METHOD_LENGTH}`, withRegex);
      }
      if (type === RouteMatchType.EXACT && !exact.test(value)) {
        throw inputError(this, `${prop}.${part}`, value, `it is not a gRPC ${part} name, which an exact match needs`, withRegex);
      }
    }
    return { type, service: match.service, method: match.method };
  }
}

/** The calls of a method match, for an error, e.g. `shop.v1.Orders/GetOrder` (an unmatched service or method as "*"). */
function describeCalls(method: { service?: string; method?: string } | undefined): string {
  return method === undefined ? 'every call' : `${method.service ?? '*'}/${method.method ?? '*'}`;
}
