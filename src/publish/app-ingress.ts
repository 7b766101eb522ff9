import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { LITERAL_PATH_ACCEPTED, nginxStrictPathProblem, patternInPath } from './path-patterns';
import { registerPublishedUrls } from './published-urls';
import { checkList, checkObject, checkProps, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkAnnotationMap } from '../core/label-keys';
import { PlatformDefaults } from '../core/platform-defaults';
import { keepIngressRulesWithoutPrototype } from '../core/plus-internals';
import { TlsIssuer } from '../core/publish-settings';
import { Warnings } from '../core/warnings';
import { AppService } from '../expose/app-service';

/**
 * The ingress controller that serves an Ingress: it decides which annotations express what the Ingress asks for
 * (the HTTP to HTTPS redirect, canary weights).
 */
export enum IngressController {
  /** ingress-nginx (`nginx.ingress.kubernetes.io/*` annotations). */
  NGINX = 'nginx',
  /** Traefik (`traefik.ingress.kubernetes.io/*` annotations). */
  TRAEFIK = 'traefik',
  /** Any other controller: no controller annotation is written but those given. */
  GENERIC = 'generic',
}

/**
 * Where an Ingress path sends its traffic: a port of a Service.
 */
export interface IngressBackend {
  /** The Service. */
  readonly service: AppService;

  /**
   * The name of the Service port.
   *
   * @default - the Service's first port
   */
  readonly portName?: string;
}

/**
 * A path of a host.
 */
export interface IngressPath {
  /**
   * The path; it starts with `/`. For the path types `Prefix` and `Exact`, an HTTP path as the API server accepts it
   * ({@link FormatRule.HTTP_PATH}): no `//`, `/./`, `/../` or `%2F`, not ending with `/.` or `/..`; and no glob or
   * regular expression (`/api/*`, `/api/(.*)`), as these path types match literally; for ingress-nginx, only letters,
   * digits, `.`, `_`, `-` and `/` (its strict path validation, on by default from v1.12).
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
   * @default "/"
   */
  readonly path?: string;

  /**
   * How the path matches.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
   * @default kplus.HttpIngressPathType.PREFIX
   */
  readonly pathType?: kplus.HttpIngressPathType;

  /** Where the path's traffic goes. */
  readonly backend: IngressBackend;
}

/**
 * A host of an Ingress and its paths.
 */
export interface IngressHostRule {
  /** The host, e.g. `shop.example.com` (a wildcard only as the whole leftmost label: `*.example.com`). */
  readonly host: string;
  /** The paths of the host. */
  readonly paths: IngressPath[];
}

/**
 * Where the TLS certificate of an Ingress comes from.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
 */
export class IngressTls {
  /**
   * A `kubernetes.io/tls` Secret that exists in the namespace (made by hand or by another tool).
   */
  public static fromSecret(secretName: string): IngressTls {
    return new IngressTls(secretName, undefined);
  }

  /**
   * A certificate that cert-manager issues into a Secret named `<ingress>-tls`.
   *
   * @param issuer the issuer @default - the platform default `tlsIssuer`
   * @see https://cert-manager.io/docs/usage/ingress/
   */
  public static certManager(issuer?: TlsIssuer): IngressTls {
    return new IngressTls(undefined, issuer ?? null);
  }

  /** No TLS: plain HTTP (switches the platform's cert-manager default off). */
  public static none(): IngressTls {
    return new IngressTls(undefined, undefined);
  }

  /** @internal */
  public readonly _secretName?: string;
  /** @internal `null` for the platform's issuer. */
  public readonly _issuer?: TlsIssuer | null;

  private constructor(secretName: string | undefined, issuer: TlsIssuer | null | undefined) {
    this._secretName = secretName;
    this._issuer = issuer;
  }
}

/**
 * A canary Ingress of ingress-nginx: the same hosts and paths, sending a share of the traffic to another backend.
 *
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
 */
export interface NginxCanary {
  /** The canary Service. */
  readonly service: AppService;
  /** The share of the traffic, in percent (0 to 100). */
  readonly weight: number;
  /**
   * The name of the canary Service's port.
   *
   * @default - the canary Service's first port
   */
  readonly portName?: string;
}

/**
 * Properties of an {@link AppIngress}.
 */
export interface AppIngressProps {
  /** The name of the Ingress (explicit; a DNS-1123 subdomain). */
  readonly name: string;

  /** The hosts and their paths. */
  readonly rules: IngressHostRule[];

  /**
   * Where requests that match no rule go.
   *
   * @default - the controller's default backend (usually a 404)
   */
  readonly defaultBackend?: IngressBackend;

  /**
   * The IngressClass.
   *
   * @default - the platform default `ingressClassName`; without one, the cluster's default IngressClass
   */
  readonly ingressClassName?: string;

  /**
   * Where the TLS certificate comes from.
   *
   * @default - cert-manager with the platform default `tlsIssuer` when there is one; no TLS otherwise
   */
  readonly tls?: IngressTls;

  /**
   * The hosts the certificate covers.
   *
   * @default - every host of the rules
   */
  readonly tlsHosts?: string[];

  /**
   * Whether plain HTTP requests are redirected to HTTPS (needs TLS).
   *
   * @default true with TLS
   */
  readonly redirectToHttps?: boolean;

  /**
   * The ingress controller, for its annotations.
   *
   * @default - guessed from the IngressClass name: NGINX when it holds "nginx", TRAEFIK when it holds "traefik",
   * GENERIC otherwise
   */
  readonly controller?: IngressController;

  /**
   * More annotations for the controller (e.g. `nginx.ingress.kubernetes.io/proxy-body-size`), passed through.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * A canary Ingress of ingress-nginx beside this one.
   *
   * @default - none
   */
  readonly nginxCanary?: NginxCanary;

  /**
   * The name of the application the published URLs belong to.
   *
   * @default - the application of the first backend's Service, else the Ingress name
   */
  readonly applicationName?: string;
}

/**
 * An Ingress (networking.k8s.io/v1): hosts and paths to Services, TLS from a Secret or from cert-manager, the HTTP
 * to HTTPS redirect and other annotations for ingress-nginx and Traefik, an optional ingress-nginx canary, and the
 * published URLs (also written by synth to `urls/<application>.txt`).
 *
 * @example
 * new AppIngress(this, 'Ingress', {
 *   name: 'shop',
 *   rules: [{ host: 'shop.example.com', paths: [{ path: '/', backend: { service: web } }, { path: '/api', backend: { service: api } }] }],
 *   tls: IngressTls.certManager(TlsIssuer.clusterIssuer('letsencrypt-prod')),
 * });
 */
export class AppIngress extends Construct {
  /** The cdk8s-plus-34 Ingress. */
  public readonly ingress: kplus.Ingress;
  /** The canary Ingress, with `nginxCanary`. */
  public readonly canaryIngress?: kplus.Ingress;
  /** The name of the Ingress. */
  public readonly name: string;
  /** The name of the application the published URLs belong to. */
  public readonly applicationName: string;
  /** The name of the TLS Secret, with TLS. */
  public readonly tlsSecretName?: string;
  /** The ingress controller the annotations are written for. */
  public readonly controller: IngressController;

  private readonly rules: IngressHostRule[];
  private readonly tlsHosts: string[];

  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the Ingress: at least name and rules');
    this.name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    const defaults = PlatformDefaults.of(this);
    this.rules = checkList(this, 'rules', props.rules, RULES_ACCEPTED, 'object') ?? [];
    checkList(this, 'tlsHosts', props.tlsHosts, 'a list of hosts of the rules, e.g. ["shop.example.com"]', 'string');
    checkObject(this, 'annotations', props.annotations, 'a map of annotation keys to values, e.g. { "nginx.ingress.kubernetes.io/proxy-body-size": "8m" }');
    checkObject(this, 'defaultBackend', props.defaultBackend, 'a backend: { service, portName? }');
    checkObject(this, 'nginxCanary', props.nginxCanary, 'a canary: { service, weight, portName? }');
    if (this.rules.length === 0 && !props.defaultBackend) {
      throw inputError(this, 'rules', props.rules, 'the Ingress has no rule and no default backend', 'at least one host rule, e.g. { host: "shop.example.com", paths: [...] }');
    }
    const className = props.ingressClassName ?? defaults.ingressClassName;
    if (className !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(this, 'ingressClassName', className);
    }
    this.controller = props.controller ?? guessController(className);
    this.checkRules();
    checkAnnotationMap(this, 'annotations', props.annotations);

    // TLS.
    const made: Record<string, string> = {};
    // An untyped caller's string or object would read as no TLS at all: refused.
    if (props.tls !== undefined && !(props.tls instanceof IngressTls)) {
      throw inputError(this, 'tls', props.tls, 'it is not an IngressTls',
        'IngressTls.certManager() (the platform\'s tlsIssuer) or certManager(TlsIssuer.clusterIssuer("letsencrypt-prod")), IngressTls.fromSecret("web-tls"), '
        + 'or IngressTls.none() for plain HTTP');
    }
    const tls = props.tls ?? (defaults.tlsIssuer ? IngressTls.certManager() : IngressTls.none());
    if (tls._issuer !== null && tls._issuer !== undefined && !(tls._issuer instanceof TlsIssuer)) {
      throw inputError(this, 'tls.issuer', tls._issuer, `it is ${kindOfValue(tls._issuer)}, not a TlsIssuer`,
        'TlsIssuer.clusterIssuer("letsencrypt-prod") or TlsIssuer.issuer("web-issuer"), or no issuer for the platform\'s tlsIssuer');
    }
    const issuer = tls._issuer === null ? defaults.tlsIssuer : tls._issuer;
    if (tls._issuer === null && !issuer) {
      throw inputError(this, 'tls', 'IngressTls.certManager()', 'no issuer is given and the platform defaults have no tlsIssuer',
        'IngressTls.certManager(TlsIssuer.clusterIssuer("letsencrypt-prod")), or the platform default tlsIssuer');
    }
    if (issuer) {
      FormatRule.DNS1123_SUBDOMAIN.check(this, 'tls.issuer', issuer.name);
      made[issuer.annotationKey] = issuer.name;
    }
    this.tlsSecretName = tls._secretName ?? (issuer ? `${this.name}-tls` : undefined);
    if (tls._secretName !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(this, 'tls.secretName', tls._secretName);
    }
    const hosts = this.rules.map((r) => r.host);
    this.tlsHosts = this.tlsSecretName ? props.tlsHosts ?? hosts : [];
    if (!this.tlsSecretName && props.tlsHosts) {
      throw inputError(this, 'tlsHosts', props.tlsHosts, 'the Ingress has no TLS', 'tlsHosts with a tls of IngressTls.fromSecret() or certManager()');
    }
    this.tlsHosts.forEach((host, i) => {
      if (!hosts.includes(host)) {
        throw inputError(this, `tlsHosts[${i}]`, host, 'no rule serves this host', `one of the hosts of the rules: ${hosts.join(', ')}`);
      }
    });

    // The redirect, and the controller's annotations.
    const redirect = props.redirectToHttps ?? this.tlsSecretName !== undefined;
    if (redirect && !this.tlsSecretName) {
      throw inputError(this, 'redirectToHttps', true, 'the Ingress has no TLS to redirect to', 'a tls, or no redirect');
    }
    if (redirect) {
      if (this.controller === IngressController.NGINX) {
        made['nginx.ingress.kubernetes.io/force-ssl-redirect'] = 'true';
      } else if (this.controller === IngressController.TRAEFIK) {
        made['traefik.ingress.kubernetes.io/router.entrypoints'] = 'websecure';
        made['traefik.ingress.kubernetes.io/router.tls'] = 'true';
      } else {
        Warnings.add(this, 'the HTTP to HTTPS redirect has no known annotation for this ingress controller: give the controller\'s own in `annotations`, '
          + 'or set `controller`.');
      }
    }
    // A spread: an annotation key `__proto__` stays an annotation (an assignment would set the prototype).
    const annotations: Record<string, string> = { ...made, ...props.annotations };

    // The application names the published URL file (`urls/<application>.txt`), as AppRoute's does.
    this.applicationName = FormatRule.DNS1123_SUBDOMAIN.check(this, 'applicationName', props.applicationName ?? firstService(props)?.identity?.name ?? this.name);
    // The application's labels, but not a release track's: a blue/green switch must not touch the Ingress.
    const labels = firstService(props)?.identity?.sharedLabels;
    this.ingress = this.makeIngress('Resource', this.name, className, annotations, labels, (b) => b, props.defaultBackend);
    if (this.tlsSecretName) {
      // cdk8s-plus reads only the name of the Secret: the reference to it is kept out of the construct tree (an
      // application fewer constructs for cdk8s to walk at every chart it synthesizes), at its path all the same.
      const secret = kplus.Secret.fromSecretName(this, 'TlsSecret', this.tlsSecretName);
      this.node.tryRemoveChild(secret.node.id);
      this.ingress.addTls([{ hosts: this.tlsHosts, secret }]);
    }

    if (props.nginxCanary) {
      const canary = props.nginxCanary;
      backendPort(this, 'nginxCanary', { service: canary.service, portName: canary.portName });
      if (this.controller !== IngressController.NGINX) {
        throw inputError(this, 'nginxCanary', canary.service.name, `canary annotations are ingress-nginx's, and the controller is ${this.controller}`,
          'an Ingress served by ingress-nginx (ingressClassName "nginx", here or in the platform defaults, or controller: IngressController.NGINX), or route weights (AppRoute)');
      }
      if (!Number.isInteger(canary.weight) || canary.weight < 0 || canary.weight > 100) {
        throw inputError(this, 'nginxCanary.weight', canary.weight, 'it is not a whole percentage', 'an integer from 0 to 100');
      }
      const canaryAnnotations: Record<string, string> = {
        ...annotations,
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': String(canary.weight),
      };
      // The canary Ingress repeats the hosts and paths, and the default backend (ingress-nginx splits the catch-all
      // traffic too); its backends are the canary Service. TLS stays with the main one.
      this.canaryIngress = this.makeIngress('Canary', `${this.name}-canary`, className, canaryAnnotations, canary.service.identity?.labels,
        () => ({ service: canary.service, portName: canary.portName }), props.defaultBackend);
    }

    registerPublishedUrls(this, this.applicationName, () => this.urls);
  }

  /**
   * The URLs the Ingress publishes: one per host and path, `https` for the hosts the certificate covers (a
   * wildcard host is not a URL).
   */
  public get urls(): string[] {
    return this.rules.flatMap((rule) => rule.host.startsWith('*') ? [] : rule.paths.map((p) =>
      `${this.tlsHosts.includes(rule.host) ? 'https' : 'http'}://${rule.host}${p.path ?? '/'}`));
  }

  /** The Kubernetes object of the Ingress. */
  public get apiObject(): ApiObject {
    return ApiObject.of(this.ingress);
  }

  private makeIngress(
    id: string, name: string, className: string | undefined, annotations: Record<string, string>, labels: Record<string, string> | undefined,
    backendOf: (b: IngressBackend) => IngressBackend, defaultBackend: IngressBackend | undefined,
  ): kplus.Ingress {
    const ingress = new kplus.Ingress(this, id, {
      metadata: { name, annotations: Object.keys(annotations).length > 0 ? annotations : undefined, labels },
      className,
      defaultBackend: defaultBackend ? this.plusBackend('defaultBackend', backendOf(defaultBackend)) : undefined,
    });
    keepIngressRulesWithoutPrototype(ingress);
    this.rules.forEach((rule, i) => rule.paths.forEach((p, j) => {
      ingress.addHostRule(rule.host, p.path ?? '/', this.plusBackend(`rules[${i}].paths[${j}].backend`, backendOf(p.backend)),
        p.pathType ?? kplus.HttpIngressPathType.PREFIX);
    }));
    return ingress;
  }

  private plusBackend(prop: string, backend: IngressBackend): kplus.IngressBackend {
    const port = backendPort(this, prop, backend);
    return kplus.IngressBackend.fromService(backend.service.service, { port });
  }

  private checkRules(): void {
    const seenHosts = new Map<string, number>();
    const seenPaths = new Set<string>();
    this.rules.forEach((rule, i) => {
      FormatRule.HOSTNAME.check(this, `rules[${i}].host`, rule?.host);
      if (seenHosts.has(rule.host)) {
        throw inputError(this, `rules[${i}].host`, rule.host, `rules[${seenHosts.get(rule.host)}] has the same host`, 'one rule per host, with all its paths');
      }
      seenHosts.set(rule.host, i);
      checkList(this, `rules[${i}].paths`, rule.paths, PATHS_ACCEPTED, 'object');
      if (!rule.paths || rule.paths.length === 0) {
        throw inputError(this, `rules[${i}].paths`, rule.paths, 'the host has no path', PATHS_ACCEPTED);
      }
      rule.paths.forEach((p, j) => {
        const path = p.path ?? '/';
        const pathType = p.pathType ?? kplus.HttpIngressPathType.PREFIX;
        if (!PATH_TYPES.includes(pathType)) {
          throw inputError(this, `rules[${i}].paths[${j}].pathType`, pathType, 'it is not a path type',
            'HttpIngressPathType.PREFIX (the default), EXACT or IMPLEMENTATION_SPECIFIC');
        }
        if (pathType === kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC) {
          // The controller reads the path as it likes (a regular expression for ingress-nginx); the API server asks only for "/" first.
          if (typeof path !== 'string' || !path.startsWith('/')) {
            throw inputError(this, `rules[${i}].paths[${j}].path`, path, 'it does not start with "/"', 'a path starting with "/", e.g. "/api"');
          }
        } else {
          const problem = FormatRule.HTTP_PATH.problemWith(path);
          if (problem !== undefined) {
            throw inputError(this, `rules[${i}].paths[${j}].path`, path, `${problem}, which the API server refuses in a ${pathType} path`,
              `an ${FormatRule.HTTP_PATH.ruleName}: ${FormatRule.HTTP_PATH.accepted}`);
          }
          const pattern = patternInPath(path, pathType);
          if (pattern !== undefined) {
            throw inputError(this, `rules[${i}].paths[${j}].path`, path, pattern, `${LITERAL_PATH_ACCEPTED}; for a regular expression, `
              + 'an AppIngress path of type HttpIngressPathType.IMPLEMENTATION_SPECIFIC and a controller that reads one (ingress-nginx: the annotation '
              + 'nginx.ingress.kubernetes.io/use-regex "true")');
          }
          const strict = this.controller === IngressController.NGINX ? nginxStrictPathProblem(path) : undefined;
          if (strict !== undefined) {
            throw inputError(this, `rules[${i}].paths[${j}].path`, path, strict, 'a path of those characters; '
              + 'or an AppIngress path of type HttpIngressPathType.IMPLEMENTATION_SPECIFIC (ingress-nginx reads it as a prefix and does not check it); '
              + 'or controller: IngressController.GENERIC when your ingress-nginx runs with strict-validate-path-type "false"');
          }
        }
        const key = `${rule.host}${path}`;
        if (seenPaths.has(key)) {
          throw inputError(this, `rules[${i}].paths[${j}].path`, path, `the host ${rule.host} already has a rule for this path`, 'each host and path once');
        }
        seenPaths.add(key);
      });
    });
  }
}

const RULES_ACCEPTED = 'a list of host rules, e.g. [{ host: "shop.example.com", paths: [{ path: "/", backend: { service } }] }]';
const PATHS_ACCEPTED = 'a list of one or more paths, e.g. [{ path: "/", backend: { service } }]';
const PATH_TYPES: string[] = Object.values(kplus.HttpIngressPathType);

function guessController(className: string | undefined): IngressController {
  if (className?.includes('nginx')) {
    return IngressController.NGINX;
  }
  if (className?.includes('traefik')) {
    return IngressController.TRAEFIK;
  }
  return IngressController.GENERIC;
}

function firstService(props: AppIngressProps): AppService | undefined {
  return props.rules?.[0]?.paths?.[0]?.backend?.service ?? props.defaultBackend?.service;
}

/**
 * The port number of a backend's named Service port, checked.
 */
function backendPort(scope: Construct, prop: string, backend: IngressBackend): number {
  if (!(backend?.service instanceof AppService)) {
    throw inputError(scope, `${prop}.service`, backend?.service, 'it is not an AppService', 'an AppService');
  }
  if (backend.service.ports.length === 0) {
    throw inputError(scope, `${prop}.service`, backend.service.name, 'the Service has no port (an ExternalName Service)', 'a Service with ports');
  }
  const port = backend.portName === undefined ? backend.service.ports[0] : backend.service.ports.find((p) => p.name === backend.portName);
  if (!port) {
    throw inputError(scope, `${prop}.portName`, backend.portName, `the Service ${backend.service.name} has no port of that name`,
      `one of ${backend.service.ports.map((p) => p.name).join(', ')}`);
  }
  return port.port;
}
