import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { checkKibibytes, constructPathOf, inputError } from './errors';
import { FormatRule } from './format-rule';
import { checkLabelKey } from './label-keys';
import { quantityValue } from './quantity';
import { SecurityProfile } from './security-profile';

/**
 * How Prometheus finds an application's metrics endpoint.
 */
export enum MonitoringMode {
  /** A ServiceMonitor (Prometheus operator) that scrapes the application's Service. */
  SERVICE_MONITOR = 'service-monitor',
  /** A PodMonitor (Prometheus operator) that scrapes the pods directly, e.g. for Jobs and DaemonSets. */
  POD_MONITOR = 'pod-monitor',
  /** The `prometheus.io/scrape`, `prometheus.io/port` and `prometheus.io/path` pod annotations. */
  ANNOTATIONS = 'annotations',
  /** No scraping configuration. */
  NONE = 'none',
}

/**
 * How applications are published to users outside the cluster.
 */
export enum PublishMode {
  /** An Ingress (networking.k8s.io/v1), served by the cluster's ingress controller. */
  INGRESS = 'ingress',
  /** A Gateway API HTTPRoute, attached to a Gateway that the platform owns. */
  GATEWAY_ROUTE = 'gateway-route',
}

/**
 * A Gateway (Gateway API) that routes attach to.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
 */
export interface GatewayReference {
  /** The name of the Gateway. */
  readonly name: string;
  /**
   * The namespace of the Gateway.
   *
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * The listener of the Gateway to attach to.
   *
   * @default - every listener that accepts the route
   */
  readonly sectionName?: string;
}

/**
 * The kind of cert-manager issuer named by a {@link TlsIssuer}.
 */
export enum TlsIssuerKind {
  /** A cert-manager `ClusterIssuer`, usable from every namespace. */
  CLUSTER_ISSUER = 'ClusterIssuer',
  /** A cert-manager `Issuer`, usable from its own namespace. */
  ISSUER = 'Issuer',
}

/**
 * The cert-manager issuer that signs TLS certificates for published hosts.
 *
 * @see https://cert-manager.io/docs/usage/ingress/
 */
export class TlsIssuer {
  /**
   * A cert-manager `ClusterIssuer` (annotation `cert-manager.io/cluster-issuer`).
   *
   * @param name the name of the ClusterIssuer, e.g. `letsencrypt-prod`
   */
  public static clusterIssuer(name: string): TlsIssuer {
    return new TlsIssuer(TlsIssuerKind.CLUSTER_ISSUER, name);
  }

  /**
   * A cert-manager `Issuer` in the application's namespace (annotation `cert-manager.io/issuer`).
   *
   * @param name the name of the Issuer
   */
  public static issuer(name: string): TlsIssuer {
    return new TlsIssuer(TlsIssuerKind.ISSUER, name);
  }

  /** The kind of issuer. */
  public readonly kind: TlsIssuerKind;
  /** The name of the issuer. */
  public readonly name: string;

  private constructor(kind: TlsIssuerKind, name: string) {
    this.kind = kind;
    this.name = name;
  }

  /**
   * The annotation that asks cert-manager for a certificate from this issuer.
   */
  public get annotationKey(): string {
    return this.kind === TlsIssuerKind.CLUSTER_ISSUER ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
  }
}

/**
 * A lock of built images: logical image names mapped to pinned references, written by the pipeline that builds
 * and pushes the images. Implemented by `ImageLock`.
 */
export interface IImageLock {
  /** Where the lock comes from (a file path), for error messages. */
  readonly source: string;
  /** The logical names in the lock, sorted. */
  readonly names: string[];
  /**
   * The pinned reference of a logical name, e.g. `registry.example.com/shop/api:1.4.2@sha256:...`.
   *
   * @returns the reference, or `undefined` when the name is not in the lock
   */
  pinnedReference(name: string): string | undefined;
}

/**
 * The defaults and policies that a platform team sets once for everything under an App, a Chart or any
 * other construct. Every setting is optional; a setting left out is inherited from the scopes above.
 */
export interface PlatformDefaultValues {
  /**
   * The registry that short image names are pulled from, e.g. `registry.example.com` or
   * `registry.example.com:5000/mirror`.
   *
   * @default - short names are pulled from Docker Hub, as the container runtime does
   */
  readonly imageRegistry?: string;

  /**
   * The registries that images may come from; an image from any other registry is refused at synth.
   * A nearer scope replaces the list of a farther one (the lists are not merged).
   *
   * @default - images from any registry are accepted
   */
  readonly allowedImageRegistries?: string[];

  /**
   * Refuse images that are not pinned by digest (`image@sha256:...`).
   *
   * @default false
   */
  readonly requireImageDigest?: boolean;

  /**
   * Refuse images tagged `latest` or not tagged at all (which means `latest`).
   *
   * @default false - such images are accepted, with a warning (see `Warnings.of()`)
   */
  readonly forbidLatestImageTag?: boolean;

  /**
   * The image lock that logical image names (`ContainerImage.fromLock('shop-api')`) are resolved from:
   * set it per environment to promote the same built images unchanged.
   *
   * @default - no lock: a logical image name is refused unless a lock is given with it
   */
  readonly imageLock?: IImageLock;

  /**
   * The IngressClass of published applications (`spec.ingressClassName`).
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
   * @default - no class: the cluster's default IngressClass serves the Ingress
   */
  readonly ingressClassName?: string;

  /**
   * Whether applications are published with an Ingress or a Gateway API HTTPRoute.
   *
   * @default PublishMode.INGRESS
   */
  readonly publishMode?: PublishMode;

  /**
   * The Gateway that HTTPRoutes attach to.
   *
   * @default - none: a route must name its Gateway
   */
  readonly gateway?: GatewayReference;

  /**
   * The namespace of the ingress controller (or Gateway), which network policies let reach the applications'
   * published ports.
   *
   * @default - no such namespace: network policies allow the ingress controller only when told
   */
  readonly ingressControllerNamespace?: string;

  /**
   * The namespace of the monitoring stack (Prometheus, the blackbox exporter), which network policies let reach
   * the applications' metrics ports.
   *
   * @default - no such namespace: network policies allow monitoring only when told
   */
  readonly monitoringNamespace?: string;

  /**
   * The cert-manager issuer that signs TLS certificates for published hosts.
   *
   * @see https://cert-manager.io/docs/usage/ingress/
   * @default - no issuer: TLS needs a Secret named by the application
   */
  readonly tlsIssuer?: TlsIssuer;

  /**
   * The StorageClass of persistent volume claims.
   *
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
   * @default - no class: the cluster's default StorageClass provisions the claims
   */
  readonly storageClassName?: string;

  /**
   * The CPU request of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no CPU request
   */
  readonly cpuRequest?: kplus.Cpu;

  /**
   * The CPU limit of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no CPU limit
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * The memory request of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no memory request
   */
  readonly memoryRequest?: Size;

  /**
   * The memory limit of each container.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   * @default - no memory limit
   */
  readonly memoryLimit?: Size;

  /**
   * The Pod Security Standards profile that pods are made to meet.
   *
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   * @default SecurityProfile.RESTRICTED
   */
  readonly securityProfile?: SecurityProfile;

  /**
   * How Prometheus finds the applications' metrics.
   *
   * @default - no scraping is configured unless an application asks for it
   */
  readonly monitoringMode?: MonitoringMode;

  /**
   * The labels that the cluster's Prometheus selects ServiceMonitors, PodMonitors, Probes and PrometheusRules by
   * (its `serviceMonitorSelector`, ...), e.g. `{ release: 'kube-prometheus-stack' }`.
   *
   * @default - no such labels (a Prometheus that selects every monitor)
   */
  readonly prometheusSelectorLabels?: { [key: string]: string };

  /**
   * The address (host:port) of the blackbox exporter that probes Services and published URLs, e.g.
   * `blackbox-exporter.monitoring.svc:9115`.
   *
   * @see https://github.com/prometheus/blackbox_exporter
   * @default - none: black-box probes need an address given with them
   */
  readonly blackboxExporterAddress?: string;

  /**
   * The blackbox exporter module that probes HTTP(S) endpoints.
   *
   * @default "http_2xx"
   */
  readonly blackboxModule?: string;

  /**
   * The URL of the runbook of an alert, with `{alert}`, `{application}` and `{namespace}` replaced, e.g.
   * `https://runbooks.example.com/{alert}`.
   *
   * @default - no runbook URL in the alerts
   */
  readonly runbookUrlTemplate?: string;

  /**
   * The labels of the dashboard ConfigMaps, which Grafana's dashboard sidecar picks up.
   *
   * @default { grafana_dashboard: '1' }
   */
  readonly dashboardLabels?: { [key: string]: string };

  /**
   * Whether synth writes a topology picture of each chart that holds a cdk8s-appflow application: a Mermaid
   * diagram of its objects and how they connect, as `<chart>.topology.md` beside the chart's `<chart>.k8s.yaml`.
   * Read when the diagram is written (at synth).
   * Switching the setting off means `false`: no diagram is written.
   *
   * @see https://mermaid.js.org/syntax/flowchart.html
   * @default true
   */
  readonly topologyDiagram?: boolean;

  /**
   * Whether synth writes the published URLs of each application (its Ingress and route hosts and paths) to
   * `urls/<application>.txt` in the output directory, one URL per line, for a pipeline's smoke test. Read when the
   * files are written (at synth). Switching the setting off means `false`: no URL file is written for the
   * publications in that scope. Thousands of small files cost time: an app that does not smoke-test its URLs can
   * switch them off.
   *
   * @default true
   */
  readonly publishedUrlFiles?: boolean;
}

/**
 * The name of one platform default, to switch it off in a scope.
 */
export enum PlatformSetting {
  /** {@link PlatformDefaultValues.imageRegistry} */
  IMAGE_REGISTRY = 'imageRegistry',
  /** {@link PlatformDefaultValues.allowedImageRegistries} */
  ALLOWED_IMAGE_REGISTRIES = 'allowedImageRegistries',
  /** {@link PlatformDefaultValues.requireImageDigest} */
  REQUIRE_IMAGE_DIGEST = 'requireImageDigest',
  /** {@link PlatformDefaultValues.forbidLatestImageTag} */
  FORBID_LATEST_IMAGE_TAG = 'forbidLatestImageTag',
  /** {@link PlatformDefaultValues.imageLock} */
  IMAGE_LOCK = 'imageLock',
  /** {@link PlatformDefaultValues.ingressClassName} */
  INGRESS_CLASS_NAME = 'ingressClassName',
  /** {@link PlatformDefaultValues.publishMode} */
  PUBLISH_MODE = 'publishMode',
  /** {@link PlatformDefaultValues.gateway} */
  GATEWAY = 'gateway',
  /** {@link PlatformDefaultValues.ingressControllerNamespace} */
  INGRESS_CONTROLLER_NAMESPACE = 'ingressControllerNamespace',
  /** {@link PlatformDefaultValues.monitoringNamespace} */
  MONITORING_NAMESPACE = 'monitoringNamespace',
  /** {@link PlatformDefaultValues.tlsIssuer} */
  TLS_ISSUER = 'tlsIssuer',
  /** {@link PlatformDefaultValues.storageClassName} */
  STORAGE_CLASS_NAME = 'storageClassName',
  /** {@link PlatformDefaultValues.cpuRequest} */
  CPU_REQUEST = 'cpuRequest',
  /** {@link PlatformDefaultValues.cpuLimit} */
  CPU_LIMIT = 'cpuLimit',
  /** {@link PlatformDefaultValues.memoryRequest} */
  MEMORY_REQUEST = 'memoryRequest',
  /** {@link PlatformDefaultValues.memoryLimit} */
  MEMORY_LIMIT = 'memoryLimit',
  /**
   * {@link PlatformDefaultValues.securityProfile}: switching it off means `SecurityProfile.PRIVILEGED`
   * (no profile is enforced).
   */
  SECURITY_PROFILE = 'securityProfile',
  /** {@link PlatformDefaultValues.monitoringMode} */
  MONITORING_MODE = 'monitoringMode',
  /** {@link PlatformDefaultValues.prometheusSelectorLabels} */
  PROMETHEUS_SELECTOR_LABELS = 'prometheusSelectorLabels',
  /** {@link PlatformDefaultValues.blackboxExporterAddress} */
  BLACKBOX_EXPORTER_ADDRESS = 'blackboxExporterAddress',
  /** {@link PlatformDefaultValues.blackboxModule} */
  BLACKBOX_MODULE = 'blackboxModule',
  /** {@link PlatformDefaultValues.runbookUrlTemplate} */
  RUNBOOK_URL_TEMPLATE = 'runbookUrlTemplate',
  /** {@link PlatformDefaultValues.dashboardLabels} */
  DASHBOARD_LABELS = 'dashboardLabels',
  /**
   * {@link PlatformDefaultValues.topologyDiagram}: switching it off means `false` (no topology diagram is written).
   */
  TOPOLOGY_DIAGRAM = 'topologyDiagram',
  /**
   * {@link PlatformDefaultValues.publishedUrlFiles}: switching it off means `false` (no `urls/<application>.txt`
   * is written).
   */
  PUBLISHED_URL_FILES = 'publishedUrlFiles',
}

/**
 * Platform defaults to set on a scope: values, and settings to switch off.
 */
export interface PlatformDefaultsProps extends PlatformDefaultValues {
  /**
   * Settings that are switched off in this scope: whatever a scope above set for them does not apply
   * here and below (a nearer scope may set them again).
   *
   * @default - nothing is switched off
   */
  readonly switchOff?: PlatformSetting[];
}

/** The platform defaults set on each scope, kept beside the scope (never on it). */
const STATES = new WeakMap<IConstruct, ScopeState>();

interface ScopeState {
  /** The values set on this scope (merged over several `set` calls). */
  values: Record<string, unknown>;
  /** The settings switched off on this scope. */
  switchedOff: Set<string>;
  /** The defaults that apply at this scope (the scopes above, then this one), when `generation` is current. */
  merged?: Readonly<Record<string, unknown>>;
  generation?: number;
}

/** What applies when no scope sets anything. */
const BUILT_IN: Readonly<Record<string, unknown>> = Object.freeze({
  securityProfile: SecurityProfile.RESTRICTED,
  blackboxModule: 'http_2xx',
  dashboardLabels: { grafana_dashboard: '1' },
  topologyDiagram: true,
  publishedUrlFiles: true,
});
/** What a switched-off setting becomes, when it is not simply absent. */
const WHEN_SWITCHED_OFF: Record<string, unknown> = {
  securityProfile: SecurityProfile.PRIVILEGED,
  topologyDiagram: false,
  publishedUrlFiles: false,
};

const SETTINGS = new Set<string>(Object.values(PlatformSetting));

/**
 * Organisation-wide defaults and policies (registry, allowed registries, ingress class, TLS issuer, storage
 * class, resource requests and limits, security profile, monitoring mode), set once on an App, a Chart or
 * any construct, and read by every cdk8s-appflow construct below it.
 *
 * The nearest scope wins, setting by setting: a Chart's defaults override the App's, a construct's override
 * its Chart's. Any setting can be switched off in a scope with `switchOff`, and every construct's own props
 * override the defaults.
 *
 * Defaults must be set on a scope before anything under it reads them: a construct reads them when it is
 * made, so setting them afterwards would silently not apply, and is refused.
 *
 * @example
 * const app = new App();
 * PlatformDefaults.set(app, {
 *   imageRegistry: 'registry.example.com',
 *   ingressClassName: 'nginx',
 *   tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod'),
 *   cpuRequest: Cpu.millis(100),
 *   memoryLimit: Size.mebibytes(512),
 * });
 * const batch = new Chart(app, 'batch');
 * PlatformDefaults.set(batch, { switchOff: [PlatformSetting.MEMORY_LIMIT] });
 */
export class PlatformDefaults {
  /**
   * Sets platform defaults on a scope, for everything under it.
   *
   * Calling it again on the same scope merges: settings given again replace the earlier ones.
   *
   * @param scope the App, Chart or construct the defaults apply to
   * @param defaults the settings, and the settings to switch off
   * @throws when a value is invalid, when a setting is both given and switched off, or when something under
   * the scope already read the defaults
   */
  public static set(scope: IConstruct, defaults: PlatformDefaultsProps): void {
    // Usually nothing is under the scope yet: a Chart sets its defaults in its constructor.
    const reader = scope.node.findAll().find((c) => READERS.has(c));
    if (reader !== undefined) {
      throw inputError(scope, 'platform defaults', defaults,
        `${constructPathOf(reader)} already read the platform defaults of this scope, so new defaults would not apply to it`,
        'platform defaults set on a scope before the constructs under it are made');
    }
    const state = stateOf(scope, true)!;
    // Whatever changes below makes the merged defaults read so far stale (even if a check refuses it halfway).
    generation++;
    const { switchOff, ...values } = defaults;
    for (const setting of switchOff ?? []) {
      if (!SETTINGS.has(setting)) {
        throw inputError(scope, 'platformDefaults.switchOff', setting, 'it is not a platform setting',
          `one of ${[...SETTINGS].map((s) => JSON.stringify(s)).join(', ')}`);
      }
      if ((values as Record<string, unknown>)[setting] !== undefined) {
        throw inputError(scope, `platformDefaults.${setting}`, (values as Record<string, unknown>)[setting],
          'the same setting is also switched off in `switchOff`', 'either a value or the setting in `switchOff`, not both');
      }
    }
    validateValues(scope, values);
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) {
        continue;
      }
      if (!SETTINGS.has(key)) {
        throw inputError(scope, `platformDefaults.${key}`, value, 'it is not a platform setting',
          `one of ${[...SETTINGS].map((s) => JSON.stringify(s)).join(', ')}`);
      }
      state.values[key] = Array.isArray(value) ? Object.freeze([...value]) : value;
      state.switchedOff.delete(key);
    }
    for (const setting of switchOff ?? []) {
      delete state.values[setting];
      state.switchedOff.add(setting);
    }
  }

  /**
   * The platform defaults that apply to a construct: each setting from the nearest scope that sets it or
   * switches it off, or the built-in default, as a frozen read-only view (its lists too).
   *
   * Reading marks the scopes above as read, so that defaults set on them later are refused rather than
   * silently ignored. Code that runs at synthesis reads them with `peek`.
   *
   * @param scope the construct that reads its defaults
   * @throws when the merged defaults contradict each other (e.g. a CPU request above the CPU limit)
   */
  public static of(scope: IConstruct): PlatformDefaultValues {
    const merged = mergedOf(scope);
    READERS.add(scope);
    if (!WITHIN_LIMITS.has(merged)) {
      checkRequestWithinLimit(scope, merged, 'cpuRequest', 'cpuLimit', (c) => quantityValue((c as kplus.Cpu).amount));
      checkRequestWithinLimit(scope, merged, 'memoryRequest', 'memoryLimit', (s) => (s as Size).toKibibytes());
      WITHIN_LIMITS.add(merged);
    }
    return merged as PlatformDefaultValues;
  }

  /**
   * The platform defaults that apply to a construct, as a frozen read-only view, read without marking the scopes
   * above as read (a default set later still applies to the next synthesis) and without checking requests against
   * limits: for code that runs at synthesis, such as the topology picture, the published URL files and the
   * works-when-applied checks of `AppSynthesis`. Constructs read theirs with `of`.
   *
   * @param scope the construct whose defaults to read
   */
  public static peek(scope: IConstruct): PlatformDefaultValues {
    return mergedOf(scope) as PlatformDefaultValues;
  }

  /**
   * Where the value of a setting that applies to a construct comes from.
   *
   * @param scope the construct that reads its defaults
   * @param setting the setting
   * @returns the path of the scope that sets the value or switches it off (`<root>` for the App),
   * `"built-in"` for a built-in default, or `undefined` when nothing sets it
   */
  public static originOf(scope: IConstruct, setting: PlatformSetting): string | undefined {
    let origin: string | undefined = setting in BUILT_IN ? 'built-in' : undefined;
    for (const ancestor of scope.node.scopes) {
      const state = stateOf(ancestor, false);
      if (state && (setting in state.values || state.switchedOff.has(setting))) {
        origin = constructPathOf(ancestor);
      }
    }
    return origin;
  }

  private constructor() {}
}

/** The constructs that read their defaults (`of`): a scope above them no longer takes new defaults. */
const READERS = new WeakSet<IConstruct>();
/** Merged objects whose requests were checked against their limits (the check depends on the values only). */
const WITHIN_LIMITS = new WeakSet<object>();
/** Bumped by every `set`, which makes every merged object kept so far stale. */
let generation = 0;

/**
 * The defaults that apply to a construct: those of the nearest scope (the construct itself or above) that sets
 * any. Each such scope keeps its merged defaults until the next `set`; the merged objects are never changed.
 */
function mergedOf(construct: IConstruct): Readonly<Record<string, unknown>> {
  for (let scope: IConstruct | undefined = construct; scope !== undefined; scope = scope.node.scope) {
    const state = stateOf(scope, false);
    if (state === undefined) {
      continue;
    }
    if (state.merged !== undefined && state.generation === generation) {
      return state.merged;
    }
    const parent = scope.node.scope;
    const own: Record<string, unknown> = { ...(parent === undefined ? BUILT_IN : mergedOf(parent)) };
    for (const setting of state.switchedOff) {
      if (setting in WHEN_SWITCHED_OFF) {
        own[setting] = WHEN_SWITCHED_OFF[setting];
      } else {
        delete own[setting];
      }
    }
    for (const [key, value] of Object.entries(state.values)) {
      own[key] = Array.isArray(value) ? Object.freeze([...value]) : value;
    }
    // Frozen: `of` and `peek` hand it out as it is.
    state.merged = Object.freeze(own);
    state.generation = generation;
    return own;
  }
  return BUILT_IN;
}

function stateOf(scope: IConstruct, create: boolean): ScopeState | undefined {
  let state = STATES.get(scope);
  if (state === undefined && create) {
    state = { values: {}, switchedOff: new Set<string>() };
    STATES.set(scope, state);
  }
  return state;
}

const REGISTRY = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const REGISTRY_ACCEPTED = 'a registry host with an optional port and path, without scheme or trailing "/" (e.g. "registry.example.com", "localhost:5000" or "ghcr.io/acme")';

function checkRegistry(scope: IConstruct, prop: string, value: string): void {
  if (typeof value !== 'string' || !REGISTRY.test(value)) {
    const problem = typeof value !== 'string' ? 'it is not a string'
      : value === '' ? 'it is empty'
        : /^[a-z]+:\/\//.test(value) ? 'it has a scheme (registries are named without "https://")'
          : value.endsWith('/') ? 'it ends with "/"'
            : 'it is not a registry host[:port][/path]';
    throw inputError(scope, prop, value, problem, REGISTRY_ACCEPTED);
  }
  // The host (before the first "/") ends with ":<port>" when it has a port (an IPv6 address is in brackets).
  const port = /:([0-9]+)$/.exec(value.split('/')[0])?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw inputError(scope, prop, value, `its port ${port} is not from 1 to 65535`, REGISTRY_ACCEPTED);
  }
}

function checkCpu(scope: IConstruct, prop: string, cpu: kplus.Cpu): void {
  const amount = cpu?.amount;
  const problem = FormatRule.QUANTITY.problemWith(amount) ?? (quantityValue(amount) < 0 ? 'it is negative' : undefined);
  if (problem) {
    throw inputError(scope, prop, amount, problem, 'a CPU amount of zero or more, e.g. Cpu.millis(250) or Cpu.units(1)');
  }
}

function checkSize(scope: IConstruct, prop: string, size: Size): void {
  // cdk8s' Size refuses negative amounts itself.
  checkKibibytes(scope, prop, size, 'a size such as Size.mebibytes(512) or Size.gibibytes(1)');
}

function validateValues(scope: IConstruct, values: PlatformDefaultValues): void {
  if (values.imageRegistry !== undefined) {
    checkRegistry(scope, 'platformDefaults.imageRegistry', values.imageRegistry);
  }
  if (values.allowedImageRegistries !== undefined) {
    if (values.allowedImageRegistries.length === 0) {
      throw inputError(scope, 'platformDefaults.allowedImageRegistries', values.allowedImageRegistries,
        'the list is empty, so no image at all would be allowed',
        'at least one registry; to allow every registry, switch the setting off with `switchOff: [PlatformSetting.ALLOWED_IMAGE_REGISTRIES]`');
    }
    values.allowedImageRegistries.forEach((r, i) => checkRegistry(scope, `platformDefaults.allowedImageRegistries[${i}]`, r));
  }
  checkBoolean(scope, 'platformDefaults.requireImageDigest', values.requireImageDigest);
  checkBoolean(scope, 'platformDefaults.forbidLatestImageTag', values.forbidLatestImageTag);
  checkBoolean(scope, 'platformDefaults.topologyDiagram', values.topologyDiagram);
  checkBoolean(scope, 'platformDefaults.publishedUrlFiles', values.publishedUrlFiles);
  if (values.imageLock !== undefined && typeof values.imageLock?.pinnedReference !== 'function') {
    throw inputError(scope, 'platformDefaults.imageLock', values.imageLock, 'it is not an image lock', 'an ImageLock, e.g. ImageLock.fromFile(\'images.lock.yaml\')');
  }
  if (values.ingressClassName !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.ingressClassName', values.ingressClassName);
  }
  checkEnum(scope, 'platformDefaults.publishMode', values.publishMode, Object.values(PublishMode));
  if (values.gateway !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.gateway.name', values.gateway.name);
    if (values.gateway.namespace !== undefined) {
      FormatRule.DNS1123_LABEL.check(scope, 'platformDefaults.gateway.namespace', values.gateway.namespace);
    }
    if (values.gateway.sectionName !== undefined) {
      FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.gateway.sectionName', values.gateway.sectionName);
    }
  }
  if (values.ingressControllerNamespace !== undefined) {
    FormatRule.DNS1123_LABEL.check(scope, 'platformDefaults.ingressControllerNamespace', values.ingressControllerNamespace);
  }
  if (values.monitoringNamespace !== undefined) {
    FormatRule.DNS1123_LABEL.check(scope, 'platformDefaults.monitoringNamespace', values.monitoringNamespace);
  }
  if (values.storageClassName !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.storageClassName', values.storageClassName);
  }
  if (values.tlsIssuer !== undefined) {
    FormatRule.DNS1123_SUBDOMAIN.check(scope, 'platformDefaults.tlsIssuer.name', values.tlsIssuer.name);
  }
  if (values.cpuRequest !== undefined) {
    checkCpu(scope, 'platformDefaults.cpuRequest', values.cpuRequest);
  }
  if (values.cpuLimit !== undefined) {
    checkCpu(scope, 'platformDefaults.cpuLimit', values.cpuLimit);
  }
  if (values.memoryRequest !== undefined) {
    checkSize(scope, 'platformDefaults.memoryRequest', values.memoryRequest);
  }
  if (values.memoryLimit !== undefined) {
    checkSize(scope, 'platformDefaults.memoryLimit', values.memoryLimit);
  }
  checkLabels(scope, 'platformDefaults.prometheusSelectorLabels', values.prometheusSelectorLabels);
  checkLabels(scope, 'platformDefaults.dashboardLabels', values.dashboardLabels);
  if (values.blackboxExporterAddress !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/.test(values.blackboxExporterAddress)) {
    throw inputError(scope, 'platformDefaults.blackboxExporterAddress', values.blackboxExporterAddress, 'it is not a host with an optional port',
      'host:port without scheme, e.g. "blackbox-exporter.monitoring.svc:9115"');
  }
  if (values.blackboxModule !== undefined && !/^[A-Za-z0-9_-]+$/.test(values.blackboxModule)) {
    throw inputError(scope, 'platformDefaults.blackboxModule', values.blackboxModule, 'it is not a module name', 'a blackbox exporter module name, e.g. "http_2xx"');
  }
  if (values.runbookUrlTemplate !== undefined && !/^https?:\/\/\S+$/.test(values.runbookUrlTemplate)) {
    throw inputError(scope, 'platformDefaults.runbookUrlTemplate', values.runbookUrlTemplate, 'it is not an http(s) URL',
      'a URL with {alert}, {application} or {namespace} placeholders, e.g. "https://runbooks.example.com/{alert}"');
  }
  checkEnum(scope, 'platformDefaults.securityProfile', values.securityProfile, Object.values(SecurityProfile));
  checkEnum(scope, 'platformDefaults.monitoringMode', values.monitoringMode, Object.values(MonitoringMode));
}

function checkLabels(scope: IConstruct, prop: string, labels: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    checkLabelKey(scope, prop, key);
    FormatRule.LABEL_VALUE.check(scope, `${prop}[${JSON.stringify(key)}]`, value);
  }
}

function checkBoolean(scope: IConstruct, prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw inputError(scope, prop, value, 'it is not a boolean', 'true or false');
  }
}

function checkEnum(scope: IConstruct, prop: string, value: string | undefined, accepted: string[]): void {
  if (value !== undefined && !accepted.includes(value)) {
    throw inputError(scope, prop, value, 'it is not one of the accepted values', `one of ${accepted.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}

function checkRequestWithinLimit(
  scope: IConstruct, resolved: Record<string, unknown>, request: string, limit: string, amount: (v: unknown) => number,
): void {
  const r = resolved[request];
  const l = resolved[limit];
  if (r === undefined || l === undefined || amount(r) <= amount(l)) {
    return;
  }
  const describe = (v: unknown) => (v instanceof Size ? `${v.toKibibytes()}Ki` : (v as kplus.Cpu).amount);
  throw inputError(scope, `platformDefaults.${request}`, describe(r),
    `it is above the ${limit} ${describe(l)} (${request} set at ${PlatformDefaults.originOf(scope, request as PlatformSetting)}, ${limit} at ${PlatformDefaults.originOf(scope, limit as PlatformSetting)})`,
    `a ${request} at most the ${limit}; lower the request, raise the limit, or switch the limit off with \`switchOff\``);
}
