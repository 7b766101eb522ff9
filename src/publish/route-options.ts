import { GatewayReference } from '../core/publish-settings';

/*
 * What the Gateway API routes ({@link AppRoute}, {@link AppGrpcRoute}) take alike: their name, host names, the
 * Gateways they attach to, and the application their published URLs belong to; and the header matches that the
 * rules of both kinds have.
 */

/**
 * The props that every Gateway API route of an application takes: an HTTPRoute ({@link AppRouteProps}) or a
 * GRPCRoute ({@link AppGrpcRouteProps}).
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 * @see https://gateway-api.sigs.k8s.io/api-types/grpcroute/
 */
export interface GatewayRouteOptions {
  /**
   * The name of the route (a DNS-1123 subdomain).
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
   * The Gateway that the route attaches to. Give this or `gateways`, not both.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#parentrefs
   * @default - `gateways` when given, else the `gateway` of the platform defaults (refused when they set none)
   */
  readonly gateway?: GatewayReference;

  /**
   * The Gateways (or listeners of Gateways, by `sectionName`) that the route attaches to, at most 32. One Gateway named
   * twice needs a different `sectionName` on each reference. Give this or `gateway`, not both.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#parentrefs
   * @default - `gateway` when given, else the `gateway` of the platform defaults (refused when they set none)
   */
  readonly gateways?: GatewayReference[];

  /**
   * The name of the application that the published URLs of the route belong to: synth writes them to
   * `urls/<applicationName>.txt` in the output directory.
   *
   * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
   * @default - the identity name of the first backend's Service, else the route's name
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
 * How a value of a request (a header, a query parameter, a gRPC service or method) matches.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
 */
export enum RouteMatchType {
  /** The value exactly (case-sensitive). */
  EXACT = 'Exact',
  /**
   * A regular expression in the dialect of the Gateway's implementation (RE2 for Envoy-based ones: `(?i)` for case
   * insensitivity); not checked here.
   */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/**
 * A header that the requests of a route rule carry, with its value. The header names of one rule differ (ignoring
 * case).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
 */
export interface HeaderMatch {
  /**
   * The name of the header, case-insensitive: an RFC 7230 token of at most 256 characters (letters, digits and
   * `!#$%&'*+-.^_|~` and the backquote), e.g. `X-Canary`.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
   */
  readonly name: string;

  /**
   * The value (1 to 4096 characters), or a regular expression with `type: RouteMatchType.REGULAR_EXPRESSION`.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
   */
  readonly value: string;

  /**
   * How the value matches.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
   * @default RouteMatchType.EXACT
   */
  readonly type?: RouteMatchType;
}
