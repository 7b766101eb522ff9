import { AppService } from '../expose/app-service';

/*
 * The filters of Gateway API route rules: what the Gateway does to a request on its way to the backends (or instead of
 * sending it there). Checked when a route uses them, where the construct path and the prop are known.
 */

/**
 * The kind of a {@link RouteFilter}, as the Gateway API names it.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
export enum RouteFilterType {
  /** Sets, adds or removes headers of the request before it goes to the backends. */
  REQUEST_HEADER_MODIFIER = 'RequestHeaderModifier',
  /** Sets, adds or removes headers of the response before it goes to the client. */
  RESPONSE_HEADER_MODIFIER = 'ResponseHeaderModifier',
  /** Answers the request with a redirect (HTTPRoute only). */
  REQUEST_REDIRECT = 'RequestRedirect',
  /** Rewrites the host name or the path of the request before it goes to the backends (HTTPRoute only). */
  URL_REWRITE = 'URLRewrite',
  /** Sends a copy of the request to another Service, whose responses are ignored. */
  REQUEST_MIRROR = 'RequestMirror',
}

/**
 * Changes to the headers of a request or of a response. Header names are case-insensitive; each header is in one of
 * `set`, `add` and `remove` only.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
 */
export interface HeaderModifier {
  /**
   * Headers to set, replacing the values they have (at most 16): names are RFC 7230 tokens of at most 256 characters,
   * values 1 to 4096 characters.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
   * @default - none
   */
  readonly set?: { [name: string]: string };

  /**
   * Headers to add beside the values they have (at most 16).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
   * @default - none
   */
  readonly add?: { [name: string]: string };

  /**
   * Names of headers to remove (at most 16).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
   * @default - none
   */
  readonly remove?: string[];
}

/**
 * How a redirect or a rewrite changes the path of a request.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier
 */
export enum PathModifierType {
  /** The whole path is replaced. */
  REPLACE_FULL_PATH = 'ReplaceFullPath',
  /** The prefix that the rule matched is replaced; the rest of the path stays. */
  REPLACE_PREFIX_MATCH = 'ReplacePrefixMatch',
}

/**
 * The new path of a redirected or rewritten request.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier
 */
export class PathModifier {
  /**
   * Replaces the whole path: `/old/anything` becomes `path`.
   *
   * @param path an absolute path, as a rule's path (e.g. "/maintenance")
   */
  public static replaceFullPath(path: string): PathModifier {
    return new PathModifier(PathModifierType.REPLACE_FULL_PATH, path);
  }

  /**
   * Replaces the path prefix that the rule matched: with a rule of path "/old", `/old/anything` becomes
   * `<prefix>/anything`. Only in a rule whose path type is `RoutePathType.PREFIX`.
   *
   * @param prefix an absolute path, as a rule's path (e.g. "/v2", or "/" to strip the prefix)
   */
  public static replacePrefixMatch(prefix: string): PathModifier {
    return new PathModifier(PathModifierType.REPLACE_PREFIX_MATCH, prefix);
  }

  /** How the path changes. */
  public readonly type: PathModifierType;
  /** The new path, or the new prefix. */
  public readonly path: string;

  private constructor(type: PathModifierType, path: string) {
    this.type = type;
    this.path = path;
  }
}

/**
 * A redirect: the Gateway answers the request with the `Location` of another URL (the request's own, with what is
 * given here changed). A rule that redirects has no backends.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
 */
export interface RouteRedirect {
  /**
   * The scheme of the new URL: "https" or "http".
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
   * @default - the scheme of the request
   */
  readonly scheme?: string;

  /**
   * The host name of the new URL (a DNS-1123 subdomain, no wildcard).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
   * @default - the host name of the request
   */
  readonly hostname?: string;

  /**
   * The port of the new URL (1 to 65535).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
   * @default - the well-known port of the new scheme when the scheme changes, else the port of the request
   */
  readonly port?: number;

  /**
   * The path of the new URL.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
   * @default - the path of the request
   */
  readonly path?: PathModifier;

  /**
   * The HTTP status code of the redirect: 301 (moved permanently) or 302 (found).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
   * @default 302
   */
  readonly statusCode?: number;
}

/**
 * A rewrite of the URL of a request on its way to the backends (the client does not see it).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter
 */
export interface RouteRewrite {
  /**
   * The host name that the backends receive (the `Host` header; a DNS-1123 subdomain, no wildcard).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter
   * @default - the host name of the request
   */
  readonly hostname?: string;

  /**
   * The path that the backends receive.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter
   * @default - the path of the request
   */
  readonly path?: PathModifier;
}

/**
 * A Service that receives a copy of every request of a rule (its responses are ignored), e.g. a new version under
 * real traffic.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter
 */
export interface RouteMirror {
  /**
   * The Service that receives the copies (not an ExternalName Service: it has no ports).
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter
   */
  readonly service: AppService;

  /**
   * The name of the Service port that receives the copies.
   *
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter
   * @default - the Service's first port
   */
  readonly portName?: string;
}

/**
 * A filter of a route rule: what the Gateway does to the requests of the rule. A rule has at most one filter of each
 * type (mirrors excepted), and a redirect neither with a rewrite nor with backends. A GRPCRoute takes header modifiers
 * and mirrors only.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/#filters-optional
 *
 * @example
 * RouteFilter.modifyRequestHeaders({ set: { 'X-Environment': 'production' }, remove: ['X-Debug'] });
 * RouteFilter.redirect({ scheme: 'https', statusCode: 301 });
 * RouteFilter.rewriteUrl({ path: PathModifier.replacePrefixMatch('/v2') });
 */
export class RouteFilter {
  /**
   * Sets, adds or removes headers of the request before it goes to the backends.
   */
  public static modifyRequestHeaders(modifier: HeaderModifier): RouteFilter {
    return new RouteFilter(RouteFilterType.REQUEST_HEADER_MODIFIER, { headers: modifier });
  }

  /**
   * Sets, adds or removes headers of the response before it goes to the client.
   */
  public static modifyResponseHeaders(modifier: HeaderModifier): RouteFilter {
    return new RouteFilter(RouteFilterType.RESPONSE_HEADER_MODIFIER, { headers: modifier });
  }

  /**
   * Answers the requests with a redirect (HTTPRoute only; the rule has no backends then).
   */
  public static redirect(redirect: RouteRedirect): RouteFilter {
    return new RouteFilter(RouteFilterType.REQUEST_REDIRECT, { redirect });
  }

  /**
   * Rewrites the host name or the path of the requests on their way to the backends (HTTPRoute only).
   */
  public static rewriteUrl(rewrite: RouteRewrite): RouteFilter {
    return new RouteFilter(RouteFilterType.URL_REWRITE, { rewrite });
  }

  /**
   * Sends a copy of every request to a Service, whose responses are ignored.
   */
  public static mirror(mirror: RouteMirror): RouteFilter {
    return new RouteFilter(RouteFilterType.REQUEST_MIRROR, { mirror });
  }

  /** The kind of filter. */
  public readonly type: RouteFilterType;
  /** @internal The header changes of a header modifier. */
  public readonly _headers?: HeaderModifier;
  /** @internal The redirect. */
  public readonly _redirect?: RouteRedirect;
  /** @internal The rewrite. */
  public readonly _rewrite?: RouteRewrite;
  /** @internal The mirror. */
  public readonly _mirror?: RouteMirror;

  private constructor(
    type: RouteFilterType,
    parts: { headers?: HeaderModifier; redirect?: RouteRedirect; rewrite?: RouteRewrite; mirror?: RouteMirror },
  ) {
    this.type = type;
    this._headers = parts.headers;
    this._redirect = parts.redirect;
    this._rewrite = parts.rewrite;
    this._mirror = parts.mirror;
  }
}
