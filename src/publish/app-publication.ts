import { Construct } from 'constructs';
import { AppIngress, IngressController, IngressTls } from './app-ingress';
import { AppRoute, RouteBackend } from './app-route';
import { CanaryTraffic } from './release-strategy';
import { ReleasedWorkload } from './released-workload';
import { checkList, checkObject, checkProps, inputError, refusedAs } from '../core/errors';
import { checkAnnotationMap } from '../core/label-keys';
import { PlatformDefaults } from '../core/platform-defaults';
import { GatewayReference, PublishMode } from '../core/publish-settings';
import { AppService } from '../expose/app-service';

/**
 * How an application is published, apart from what it is (the options that the patterns take as `publish`).
 */
export interface AppPublicationOptions {
  /** The hosts users reach the application at. */
  readonly hosts: string[];

  /**
   * The path prefixes of the application on every host. Each is literal: `/api` matches `/api` and everything under
   * it; a glob or a regular expression (`/api/*`, `/api/(.*)`) is refused.
   *
   * @default ['/']
   */
  readonly paths?: string[];

  /**
   * The name of the Service port.
   *
   * @default - the Service's first port
   */
  readonly portName?: string;

  /**
   * An Ingress or a Gateway API HTTPRoute.
   *
   * @default - the platform default `publishMode` (built in: INGRESS); a canary by route weight needs GATEWAY_ROUTE,
   * by ingress-nginx annotations INGRESS
   */
  readonly mode?: PublishMode;

  /**
   * Where the TLS certificate comes from (Ingress only; a route's TLS terminates at the Gateway).
   *
   * @default - cert-manager with the platform default `tlsIssuer` when there is one; no TLS otherwise
   */
  readonly tls?: IngressTls;

  /**
   * The IngressClass (Ingress only).
   *
   * @default - the platform default `ingressClassName`
   */
  readonly ingressClassName?: string;

  /**
   * The ingress controller, for its annotations (Ingress only).
   *
   * @default - guessed from the IngressClass name
   */
  readonly controller?: IngressController;

  /**
   * More annotations for the ingress controller (Ingress only).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * The Gateway the route attaches to (HTTPRoute only).
   *
   * @default - the platform default `gateway`
   */
  readonly gateway?: GatewayReference;
}

/**
 * Properties of an {@link AppPublication}.
 */
export interface AppPublicationProps extends AppPublicationOptions {
  /** The name of the Ingress or the HTTPRoute. */
  readonly name: string;

  /**
   * The application's Service. Give this or `release`.
   *
   * @default - the Service of `release`
   */
  readonly service?: AppService;

  /**
   * The application released by a strategy: its Services, and for a canary by route weight or by ingress-nginx
   * annotations, the traffic share. Give this or `service`.
   *
   * @default - `service`
   */
  readonly release?: ReleasedWorkload;
}

/**
 * Publishes an application to users: an Ingress or a Gateway API HTTPRoute, as the application or the platform
 * default chooses, with the traffic share of a canary release expressed the way the chosen kind can.
 */
export class AppPublication extends Construct {
  /** The Ingress, when published with one. */
  public readonly ingress?: AppIngress;
  /** The HTTPRoute, when published with one. */
  public readonly route?: AppRoute;
  /** How the application is published. */
  public readonly mode: PublishMode;

  constructor(scope: Construct, id: string, props: AppPublicationProps) {
    super(scope, id);
    checkPublicationProps(this, checkProps(this, props, 'the props of the publication: at least name, hosts and service or release'));
    this.mode = props.mode ?? PlatformDefaults.of(this).publishMode ?? PublishMode.INGRESS;
    if (!Object.values(PublishMode).includes(this.mode)) {
      throw inputError(this, 'mode', this.mode, 'it is not a way to publish', `one of ${Object.values(PublishMode).join(', ')}`);
    }
    if ((props.service === undefined) === (props.release === undefined)) {
      throw inputError(this, 'service/release', props.service?.name ?? props.release?.name, props.service ? 'both are given' : 'neither is given',
        'either the application\'s Service or its ReleasedWorkload');
    }
    const service = props.service ?? props.release!.service;
    const traffic = props.release?.canaryTraffic;
    const weight = props.release?.canaryWeight ?? 0;
    // A mode not written here is the platform default's or the built-in one: say which, rather than show a value never written.
    const defaulted = props.mode !== undefined ? ''
      : ` (mode is not set: ${PlatformDefaults.of(this).publishMode !== undefined ? 'the platform default publishMode' : 'the default'} is ${this.mode})`;
    if (traffic === CanaryTraffic.ROUTE_WEIGHT && this.mode !== PublishMode.GATEWAY_ROUTE) {
      throw inputError(this, 'mode', props.mode, `the canary shares the traffic by route weight, which an Ingress cannot express${defaulted}`,
        'PublishMode.GATEWAY_ROUTE, or a canary by replicas or by ingress-nginx annotations');
    }
    if (traffic === CanaryTraffic.NGINX_ANNOTATIONS && this.mode !== PublishMode.INGRESS) {
      throw inputError(this, 'mode', props.mode, `the canary shares the traffic by ingress-nginx annotations, which need an Ingress${defaulted}`,
        'PublishMode.INGRESS, or a canary by replicas or by route weight');
    }
    const paths = props.paths ?? ['/'];

    if (this.mode === PublishMode.GATEWAY_ROUTE) {
      for (const [prop, value] of [['tls', props.tls], ['ingressClassName', props.ingressClassName], ['controller', props.controller], ['annotations', props.annotations]] as const) {
        if (value !== undefined) {
          throw inputError(this, prop, value, 'it is an Ingress setting, and the application is published with an HTTPRoute', `no ${prop} (the Gateway terminates TLS)`);
        }
      }
      const backends: RouteBackend[] = traffic === CanaryTraffic.ROUTE_WEIGHT
        ? [{ service, portName: props.portName, weight: 100 - weight }, { service: props.release!.canaryService!, portName: props.portName, weight }]
        : [{ service, portName: props.portName }];
      this.route = refusedAs(this, routePropsOf(paths), () => new AppRoute(this, 'Route', {
        name: props.name,
        hostnames: props.hosts,
        gateway: props.gateway,
        rules: paths.map((path) => ({ path, backends })),
      }));
    } else {
      if (props.gateway !== undefined) {
        throw inputError(this, 'gateway', props.gateway.name, 'it is an HTTPRoute setting, and the application is published with an Ingress', 'no gateway');
      }
      this.ingress = refusedAs(this, ingressPropsOf(props.hosts, paths), () => new AppIngress(this, 'Ingress', {
        name: props.name,
        rules: props.hosts.map((host) => ({ host, paths: paths.map((path) => ({ path, backend: { service, portName: props.portName } })) })),
        tls: props.tls,
        ingressClassName: props.ingressClassName,
        controller: props.controller,
        annotations: props.annotations,
        nginxCanary: traffic === CanaryTraffic.NGINX_ANNOTATIONS
          ? { service: props.release!.canaryService!, weight, portName: props.portName } : undefined,
      }));
    }
  }

  /** The published URLs. */
  public get urls(): string[] {
    return this.ingress?.urls ?? this.route?.urls ?? [];
  }
}

/**
 * The props of the Ingress that stand for the publication's: a rule per host, a path per path (so that a refusal
 * names `paths[1]`, the prop the caller wrote, not `rules[0].paths[1].path`).
 */
function ingressPropsOf(hosts: readonly string[], paths: readonly string[]): Record<string, string> {
  const props: Record<string, string> = { 'nginxCanary.portName': 'portName' };
  hosts.forEach((_, i) => {
    props[`rules[${i}].host`] = `hosts[${i}]`;
    props[`rules[${i}].paths`] = 'paths';
    paths.forEach((__, j) => {
      props[`rules[${i}].paths[${j}].path`] = `paths[${j}]`;
      props[`rules[${i}].paths[${j}].backend.portName`] = 'portName';
    });
  });
  return props;
}

/** The props of the HTTPRoute that stand for the publication's: a rule per path. */
function routePropsOf(paths: readonly string[]): Record<string, string> {
  const props: Record<string, string> = { hostnames: 'hosts' };
  paths.forEach((_, j) => {
    props[`rules[${j}].path`] = `paths[${j}]`;
    // The stable backend, and the canary's by route weight.
    props[`rules[${j}].backends[0].portName`] = 'portName';
    props[`rules[${j}].backends[1].portName`] = 'portName';
  });
  return props;
}

/**
 * Refuses publication props of untyped callers whose lists and maps are of the wrong shape (a string for `hosts`),
 * before the Ingress or the route reads them under other names.
 */
function checkPublicationProps(scope: Construct, props: AppPublicationProps): void {
  checkList(scope, 'hosts', props.hosts, 'a list of host names, e.g. ["shop.example.com"]', 'string');
  checkList(scope, 'paths', props.paths, 'a list of path prefixes, e.g. ["/", "/api"]', 'string');
  checkAnnotationMap(scope, 'annotations', props.annotations);
  checkObject(scope, 'gateway', props.gateway, 'a Gateway: { name, namespace?, sectionName? }');
  if (props.hosts === undefined) {
    throw inputError(scope, 'hosts', undefined, 'the application is published at no host', 'a list of host names, e.g. ["shop.example.com"]');
  }
}
