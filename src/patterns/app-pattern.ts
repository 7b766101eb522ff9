import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { mountProps } from './mount-props';
import { AppServiceAccount, AppServiceAccountOptions } from '../access/app-service-account';
import { ACCESS_OPTIONS } from '../access/option-names';
import { AppIdentity } from '../core/app-identity';
import { AppflowInputError, checkList, checkObject, inputError, kindOfValue, refusedAs } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkAnnotationMap } from '../core/label-keys';
import { MonitoringMode } from '../core/monitoring-mode';
import { claimObjectName, claimObjectNames } from '../core/object-names';
import { PlatformDefaults } from '../core/platform-defaults';
import { PlatformNamespace, platformNamespaceOf } from '../core/platform-namespaces';
import { PublishMode } from '../core/publish-settings';
import { SecurityProfile } from '../core/security-profile';
import { oncePerSynthesis } from '../core/synthesis-cache';
import { addWarningFrom, Warnings } from '../core/warnings';
import { AppNetworkPolicy, NetworkRule } from '../expose/app-network-policy';
import { AppService, AppServiceOptions } from '../expose/app-service';
import { NetworkPeer } from '../expose/network-peer';
import { NetworkPort } from '../expose/network-port';
import { ContainerImage } from '../image/container-image';
import { AppMonitoring, AppMonitoringOptions, MonitoringPart } from '../monitor/app-monitoring';
import { BlackboxProbe } from '../monitor/blackbox-probe';
import { ContainerProbes, ContainerProbesProps } from '../monitor/health-probe';
import { WorkloadKind } from '../monitor/monitored-application';
import { mainContainerPorts, workloadKindOf } from '../monitor/monitoring-names';
import { ClaimMount, ScratchMount } from '../persistence/mounts';
import { PersistentClaim } from '../persistence/persistent-claim';
import { StorageVolume } from '../persistence/storage-volume';
import { AppPublication, AppPublicationOptions } from '../publish/app-publication';
import { ReleasedWorkload } from '../publish/released-workload';
import { ContainerOptions } from '../workload/app-container';
import { AppWorkload } from '../workload/app-workload';
import { AppWorkloadProps, PodOptions } from '../workload/app-workload-props';
import { checkContainerShape, checkPodShape } from '../workload/container-checks';
import { CONTAINER_OPTIONS, optionsOf, POD_OPTIONS } from '../workload/option-names';
import { SecurityRelaxation } from '../workload/security';
import { workloadsUnder } from '../workload/workload-registry';

/**
 * How an application talks to another.
 */
export interface ConnectionOptions {
  /**
   * The name of the port of the other application's Service.
   *
   * @default - its first port
   */
  readonly portName?: string;

  /**
   * The prefix of the environment variables `<prefix>_HOST` and `<prefix>_PORT` that give the address, without the
   * `_` that joins it to `HOST` and `PORT` (`DB` for `DB_HOST`).
   *
   * @default - the other application's name in upper case, `-` as `_` (e.g. `ORDERS_DB`)
   */
  readonly envPrefix?: string;
}

/**
 * A connection from an application to another (a web service to its database).
 */
export interface AppConnection extends ConnectionOptions {
  /** The other application. */
  readonly to: AppPattern;
}

/**
 * The props that every application pattern takes: identity, main container ({@link ContainerOptions}), pods
 * ({@link PodOptions}), storage, connections, namespace and monitoring. The container and pod options are those of the
 * workloads, declared once; {@link AppPattern} forwards them all.
 */
export interface AppPatternProps extends ContainerOptions, PodOptions {
  /**
   * The name of the application: its `app.kubernetes.io/name`, and the name of its objects.
   *
   * A DNS-1035 label of at most 63 characters (it names the Service), and shorter where an object is named
   * `<name><suffix>` or has a shorter limit: 53 characters with the dashboard (`<name>-dashboard`, a ConfigMap), 56
   * with the alerts (`<name>-alerts`), 55 with a black-box check of the Service (`<name>-service`), 55 for a blue/green
   * release (`<name>-preview`), 56 for a canary (`<name>-stable`, `<name>-canary`), 52 for a StatefulService (its
   * StatefulSet) and a ScheduledJob (its CronJob), and `63 - 1 - <claim name>` with a claim (`<name>-<claim>`). A name
   * over the limit is refused against `name`, naming the derived object and its limit.
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
   */
  readonly name: string;

  /** The image of the main container. */
  readonly image: ContainerImage;

  /**
   * The version of the application (`app.kubernetes.io/version`).
   *
   * @default - no version label
   */
  readonly version?: string;

  /**
   * The component (`app.kubernetes.io/component`), e.g. `frontend`, `database`.
   *
   * @default - no component label
   */
  readonly component?: string;

  /**
   * The larger application this is part of (`app.kubernetes.io/part-of`).
   *
   * @default - no part-of label
   */
  readonly partOf?: string;

  /**
   * The port the main container listens on, named `http` (a shorthand for `ports`).
   *
   * @default - no port, or `ports`
   */
  readonly port?: number;

  /**
   * A ServiceAccount of the application's own (`AppServiceAccount`, named after it): its RBAC grants, its cloud workload
   * identity (whose pod labels the pods get), and whether the pods mount its API token. Not with `serviceAccount`.
   *
   * @see https://kubernetes.io/docs/concepts/security/service-accounts/
   * @default - a ServiceAccount of its own when the platform default `serviceAccountPerApplication` is set (with the
   * platform default `workloadIdentity`), else the namespace's default ServiceAccount or `serviceAccount`
   */
  readonly access?: AppServiceAccountOptions;

  /**
   * Scratch directories (emptyDir), mounted in the main container unless a mount says otherwise.
   *
   * @default - none
   */
  readonly scratch?: ScratchMount[];

  /**
   * Persistent claims shared by the pods, each named `<application>-<name>`, mounted in the main container unless a
   * mount says otherwise.
   *
   * @default - none
   */
  readonly claims?: ClaimMount[];

  /**
   * Other applications this one talks to: each gives the address in environment variables and opens the other's
   * NetworkPolicy to this one.
   *
   * @default - none
   */
  readonly connections?: AppConnection[];

  /**
   * Whether the application's pods get a NetworkPolicy when another application connects to them: traffic from
   * the connected applications is let in, and from the ingress controller (platform default
   * `ingressControllerNamespace`) to the published port, from Prometheus (`monitoringNamespace`) to the metrics port,
   * and from the blackbox exporter to the port of the in-cluster check (the namespace in the exporter's address when
   * it is an in-cluster Service address, `<service>.<namespace>.svc...`, else `monitoringNamespace`), and, for a Service
   * on a load balancer or the nodes' ports, from its clients outside the cluster (its `sourceRanges`, else any address)
   * to its ports; the rest is denied.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Whether the application makes the Namespace of its chart (labelled with the Pod Security Standards profile
   * to enforce: the least strict of the applications of the namespace in the App, whether they ask or not). One
   * Namespace per chart, however many applications ask.
   *
   * @default false - the namespace exists already
   */
  readonly createNamespace?: boolean;

  /**
   * Whether the application is monitored (scraping, black-box checks, alerts, dashboard). The probes of its
   * containers stay when it is not: they belong to the pods (the default probes of {@link AppMonitoring}).
   *
   * @default true
   */
  readonly monitor?: boolean;

  /**
   * How the application is monitored.
   *
   * @default - the defaults of {@link AppMonitoring}
   */
  readonly monitoring?: AppMonitoringOptions;
}

/**
 * The props of the patterns whose application has a Service that users may reach: its ports, how it is reached, and
 * its publication.
 */
export interface ServedPatternProps extends AppPatternProps, AppServiceOptions {
  /**
   * Publishes the application to users (an Ingress or an HTTPRoute), on a port of its Service.
   *
   * @default - not published
   */
  readonly publish?: AppPublicationOptions;
}

/**
 * An object that a pattern names after the application, `<name><suffix>`: its limit limits the application's name.
 *
 * @internal
 */
export interface DerivedName {
  /** What the object is, e.g. `dashboard ConfigMap`. */
  readonly object: string;
  /** What follows the application's name, e.g. `-dashboard` (empty for an object named as the application). */
  readonly suffix: string;
  /** The longest name the object may have. */
  readonly maxLength: number;
  /** The rule of the object's name, e.g. `a Service name (DNS-1035 label)`. */
  readonly rule: string;
  /** How else the name could be longer, e.g. `monitoring.dashboard.name`. */
  readonly otherwise?: string;
}

/**
 * What of an application the black-box checks can request: a Service named after it, published URLs.
 *
 * @internal
 */
export interface CheckedParts {
  /** Whether the application has a Service named after it. */
  readonly service: boolean;
  /** Whether the application is published. */
  readonly published: boolean;
}

/**
 * The rule of most derived names: one part of a DNS-1123 subdomain, as FormatRule.DNS1123_SUBDOMAIN reads a name
 * without a dot.
 */
const SUBDOMAIN_PART = 'a DNS-1123 subdomain part (a name without a dot)';

/**
 * What a pattern made, for {@link AppPattern} to finish the application with.
 *
 * @internal
 */
export interface PatternParts {
  readonly workload: AppWorkload;
  readonly service?: AppService;
  readonly publication?: AppPublication;
  /** More workloads of the application (release tracks), which get the same probes and connections. */
  readonly otherWorkloads?: AppWorkload[];
  /** More Services of the application (the preview or canary Service of a release), which are scraped too. */
  readonly otherServices?: AppService[];
  /** The container port that the publication sends users' traffic to. */
  readonly publishedContainerPort?: string;
  /**
   * Whether the application's own pods reach each other on every port under its NetworkPolicy (the replicas of a
   * clustered stateful service: replication, gossip, quorum).
   */
  readonly peersConnect?: boolean;
}

const NAMESPACE_ID = 'AppflowNamespace';
const PROFILE_ORDER = [SecurityProfile.PRIVILEGED, SecurityProfile.BASELINE, SecurityProfile.RESTRICTED];

/**
 * The base of the application patterns: one construct per application that runs the six steps from one props
 * object — image, pods, persistence, expose, publish, monitor — and keeps every construct it made reachable.
 * The props that every kind of application shares ({@link AppPatternProps}) are forwarded here, once.
 */
export abstract class AppPattern extends Construct {
  /** The identity of the application (its labels and selector). */
  public readonly identity: AppIdentity;
  /** The name of the application. */
  public readonly name: string;
  /** The claims the application made (`claims`). */
  public readonly claims: PersistentClaim[] = [];
  /** The ServiceAccount made for the application (`access`, or the platform default `serviceAccountPerApplication`). */
  public readonly appServiceAccount?: AppServiceAccount;

  private parts?: PatternParts;
  private readonly patternProps: AppPatternProps;
  private policy?: AppNetworkPolicy;
  private monitoringConstruct?: AppMonitoring;
  private readonly connectedTo = new Map<AppPattern, string>();

  protected constructor(scope: Construct, id: string, props: AppPatternProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      throw inputError(this, 'props', props, 'there are no props', 'the props of the application: at least name and image');
    }
    this.patternProps = props;
    // The lists and maps of untyped callers, under the props they wrote (the workload would name its own).
    checkContainerShape(this, '', props);
    checkPodShape(this, props);
    checkList(this, 'scratch', props.scratch, 'a list of scratch directories, e.g. [{ name: "cache", mountPath: "/var/cache/app" }]', 'object');
    checkList(this, 'claims', props.claims, 'a list of claims, e.g. [{ name: "data", mountPath: "/data", size: Size.gibibytes(10) }]', 'object');
    checkList(this, 'connections', props.connections, 'a list of connections, e.g. [{ to: database }]', 'object');
    checkObject(this, 'monitoring', props.monitoring, 'the options of the monitoring, e.g. { metrics: { portName: "metrics" } }');
    // A string such as 'off' would read as true.
    for (const prop of ['networkPolicy', 'createNamespace', 'monitor'] as const) {
      if (props[prop] !== undefined && typeof props[prop] !== 'boolean') {
        throw inputError(this, prop, props[prop], `it is ${kindOfValue(props[prop])}, not a boolean`, 'true or false');
      }
    }
    this.name = FormatRule.DNS1035_LABEL.check(this, 'name', props.name);
    checkDerivedNames(this, this.name, this._derivedNames(props));
    if (props.port !== undefined && props.ports !== undefined) {
      throw inputError(this, 'port', props.port, '`ports` is given too', 'either `port` (one port named "http") or `ports`');
    }
    if (props.port !== undefined) {
      // Refused against the prop written (the workload would name its own, `container.ports[0].number`).
      FormatRule.checkPortNumber(this, 'port', props.port);
    }
    if (props.monitor === false && props.monitoring !== undefined) {
      throw inputError(this, 'monitoring', props.monitoring, 'the monitoring is switched off (`monitor: false`)', 'no monitoring options, or no `monitor: false`');
    }
    const namespace = Chart.of(this).node.tryFindChild(NAMESPACE_ID);
    if (namespace) {
      this.node.addDependency(namespace);
    }
    this.identity = new AppIdentity(this, 'Identity', {
      name: this.name, version: props.version, component: props.component, partOf: props.partOf,
    });
    this.appServiceAccount = this.serviceAccountOf(props);
  }

  /**
   * The objects the pattern names after the application (`<name><suffix>`), whose limits limit the name: checked when
   * the pattern is made, so that a name too long is refused against `name` before any object is made. A pattern adds
   * its own to these (the monitoring's, and the claims').
   *
   * @internal
   */
  protected _derivedNames(props: AppPatternProps): DerivedName[] {
    const names: DerivedName[] = [];
    if (props.monitor !== false) {
      const options = props.monitoring ?? {};
      const off = new Set<string>(Array.isArray(options.switchOff) ? options.switchOff : []);
      if (!off.has(MonitoringPart.DASHBOARD) && options.dashboard?.name === undefined) {
        names.push(partOfName('dashboard ConfigMap', '-dashboard', 'a name of its own in monitoring.dashboard.name, or the dashboard switched off'));
      }
      if (!off.has(MonitoringPart.ALERTS) && (operatorIn(this) || options.alerts !== undefined) && options.alerts?.name === undefined) {
        names.push(partOfName('PrometheusRule of the alerts', '-alerts', 'a name of its own in monitoring.alerts.name, or the alerts switched off'));
      }
      if (this.blackboxChecks(props)) {
        const checked = this._checkedParts(props);
        if (checked.service) {
          names.push(SERVICE_CHECK);
        }
        if (checked.published || (options.blackbox?.extraUrls ?? []).length > 0) {
          names.push(PUBLIC_CHECK);
        }
      }
    }
    (Array.isArray(props.claims) ? props.claims : []).forEach((c, i) => {
      // A claim's name that is not a DNS-1123 label is refused by its own check.
      if (FormatRule.DNS1123_LABEL.isValid(c?.name)) {
        names.push(partOfName(`PersistentVolumeClaim of claims[${i}]`, `-${c.name}`, `a shorter claims[${i}].name`));
      }
    });
    return names;
  }

  /**
   * What of the application the black-box checks can request (for the names of their Probes).
   *
   * @internal
   */
  protected _checkedParts(_props: AppPatternProps): CheckedParts {
    return { service: false, published: false };
  }

  /** The workload of the application (for a release with two tracks, the one users reach: active or stable). */
  public get workload(): AppWorkload {
    return this.made().workload;
  }

  /** The Service of the application, if it has one. */
  public get service(): AppService | undefined {
    return this.made().service;
  }

  /** The publication (Ingress or HTTPRoute) of the application, if it is published. */
  public get publication(): AppPublication | undefined {
    return this.made().publication;
  }

  /** The monitoring of the application, unless it is switched off. */
  public get monitoring(): AppMonitoring | undefined {
    return this.monitoringConstruct;
  }

  /** The NetworkPolicy of the application's pods, once another application connects to it. */
  public get networkPolicy(): AppNetworkPolicy | undefined {
    return this.policy;
  }

  /** The namespace of the application: its chart's, or `default`. */
  public get namespace(): string {
    return Chart.of(this).namespace ?? 'default';
  }

  /**
   * Connects this application to another: the address of the other's Service in the environment variables
   * `<prefix>_HOST` and `<prefix>_PORT` of every container of this one, and the other's NetworkPolicy opened to
   * this one's pods on that port.
   *
   * @returns the prefix of the environment variables
   */
  public connectTo(target: AppPattern, options: ConnectionOptions = {}): string {
    const at = 'connectTo';
    if (!(target instanceof AppPattern)) {
      throw inputError(this, `${at}(target)`, target, 'it is not an application pattern', 'a WebService, StatefulService, ... of this app');
    }
    if (target === this) {
      throw inputError(this, `${at}(target)`, target.name, 'an application does not connect to itself', 'another application');
    }
    if (this.connectedTo.has(target)) {
      throw inputError(this, `${at}(target)`, target.name, 'the application is connected to it already', 'each application once');
    }
    const service = target.service;
    if (!service || service.ports.length === 0) {
      throw inputError(this, `${at}(target)`, target.name, 'it has no Service with ports to connect to', 'a WebService or a StatefulService');
    }
    const port = options.portName === undefined ? service.ports[0] : service.ports.find((p) => p.name === options.portName);
    if (!port) {
      throw inputError(this, `${at}(options.portName)`, options.portName, `the Service ${service.name} has no port of that name`,
        `one of ${service.ports.map((p) => p.name).join(', ')}`);
    }
    const prefix = options.envPrefix ?? target.name.toUpperCase().replace(/-/g, '_');
    if (typeof prefix === 'string' && (prefix === '' || prefix.endsWith('_'))) {
      // `DB_` would give DB__HOST, and `` _HOST: the underscore comes with the variables' names.
      const bare = prefix.replace(/_+$/, '');
      throw inputError(this, `${at}(options.envPrefix)`, prefix,
        `${prefix === '' ? 'it is empty' : 'it ends with "_"'}, and the variables are <prefix>_HOST and <prefix>_PORT (${prefix}_HOST)`,
        bare === '' ? 'a prefix of letters, digits and "_" that does not end with "_", e.g. "DB" for DB_HOST and DB_PORT'
          : `the prefix without the "_": ${JSON.stringify(bare)}, for ${bare}_HOST and ${bare}_PORT`);
    }
    FormatRule.ENV_VAR_NAME.check(this, `${at}(options.envPrefix)`, `${prefix}_HOST`);
    for (const prior of this.connectedTo.values()) {
      if (prior === prefix) {
        throw inputError(this, `${at}(options.envPrefix)`, prefix, 'another connection of the application uses the same prefix', 'a prefix per connection');
      }
    }
    const variables = { [`${prefix}_HOST`]: service.dnsName, [`${prefix}_PORT`]: String(port.port) };
    for (const workload of this.workloads()) {
      // The containers and the sidecars, whichever way they run: native sidecars are init containers that keep running.
      const sidecars = workload.workload.initContainers.filter((c) => c.restartPolicy === kplus.ContainerRestartPolicy.ALWAYS);
      for (const container of [...workload.workload.containers, ...sidecars]) {
        for (const [name, value] of Object.entries(variables)) {
          if (name in container.env.variables) {
            throw inputError(this, `${at}(options.envPrefix)`, prefix, `the container ${container.name} has the variable ${name} already`,
              'another prefix, or no such variable in `env`');
          }
          container.env.addVariable(name, kplus.EnvValue.fromValue(value));
        }
      }
    }
    this.connectedTo.set(target, prefix);
    target.allowConnectionFrom(this, port.targetPortName ?? port.name);
    // The address (and the other's policy, across namespaces) names `default` for a chart without a namespace, which
    // holds only if the manifests are applied there.
    const unnamed = [this, target].filter((p) => Chart.of(p).namespace === undefined).map((p) => p.name);
    if (unnamed.length > 0) {
      Warnings.add(this, `the connection to ${target.name} takes the namespace "default" for ${unnamed.join(' and ')}, whose chart has no namespace `
        + `(${prefix}_HOST=${service.dnsName}): applied into another namespace (kubectl -n, an Argo CD or Flux destination), the address would not `
        + 'resolve and the NetworkPolicy would name the wrong namespace. Give the chart a namespace: new Chart(app, id, { namespace: "shop" })');
    }
    return prefix;
  }

  /**
   * Finishes the application once the pattern made its workload, Service and publication: storage, connections,
   * the Namespace and the monitoring.
   *
   * @internal
   */
  protected _complete(parts: PatternParts): void {
    this.parts = parts;
    const props = this.patternProps;
    (props.scratch ?? []).forEach(({ name, mountPath, sizeLimit, inMemory, ...mount }, i) => {
      refusedAs(this, { ...mountProps(`scratch[${i}]`, name), [`volume ${JSON.stringify(name)}.sizeLimit`]: `scratch[${i}].sizeLimit` },
        () => StorageVolume.scratch(name, { sizeLimit, inMemory }).mountIn(parts.workload, mountPath, mount));
    });
    const claimIndex = new Map<string, number>();
    (props.claims ?? []).forEach((c, i) => {
      FormatRule.DNS1123_LABEL.check(this, `claims[${i}].name`, c.name);
      if (claimIndex.has(c.name)) {
        throw inputError(this, `claims[${i}].name`, c.name, `claims[${claimIndex.get(c.name)}] has the same name (the claim would be ${this.name}-${c.name} twice)`,
          'claim names unique in the application: one entry per claim');
      }
      claimIndex.set(c.name, i);
      const { name, mountPath, size, accessModes, storageClassName, volumeMode, ...mount } = c;
      const claim = refusedAs(this, { size: `claims[${i}].size`, accessModes: `claims[${i}].accessModes`, storageClassName: `claims[${i}].storageClassName` },
        () => new PersistentClaim(this, `Claim-${name}`, { name: `${this.name}-${name}`, size, accessModes, storageClassName, volumeMode }));
      this.identity.applyTo(claim);
      this.claims.push(claim);
      // A claim that one node at a time attaches is refused on pods of several nodes: against its access modes.
      const asWritten = { ...mountProps(`claims[${i}]`, name), [`volume ${JSON.stringify(name)}`]: `claims[${i}].accessModes` };
      for (const workload of this.workloads()) {
        refusedAs(this, asWritten, () => StorageVolume.fromClaim(name, claim).mountIn(workload, mountPath, mount));
      }
    });
    // Each item is an object (checkList); connectTo refuses the rest, reported against the item's props.
    (props.connections ?? []).forEach((c, i) => {
      if (c instanceof AppPattern) {
        throw inputError(this, `connections[${i}]`, c, 'it is an application pattern, not a connection', `a connection to it: { to: ${c.name} }`);
      }
    });
    (props.connections ?? []).forEach((c, i) => refusedAs(this, {
      'connectTo(target)': `connections[${i}].to`,
      'connectTo(options.portName)': `connections[${i}].portName`,
      'connectTo(options.envPrefix)': `connections[${i}].envPrefix`,
    }, () => this.connectTo(c.to, c)));
    if (props.createNamespace) {
      this.ensureNamespace();
    }
    // The probes belong to the pods, not to the monitoring: the same on every track of a release, and kept when the
    // monitoring is switched off (`monitor: false`). The default probes are those of AppMonitoring.
    const options = props.monitoring ?? {};
    let probes: ContainerProbesProps | undefined = options.probes;
    const kind = workloadKindOf(parts.workload);
    if (probes === undefined && !(options.switchOff ?? []).includes(MonitoringPart.DEFAULT_PROBES)
      && kind !== WorkloadKind.JOB && kind !== WorkloadKind.CRON_JOB
      && (options.defaultProbes !== undefined || mainContainerPorts(parts.workload).length > 0)) {
      probes = ContainerProbes.defaults(parts.workload, options.defaultProbes);
    }
    // The tracks in the order of their names, so that the alerts and the dashboard stay the same when a blue/green
    // release switches its active track.
    const [first, ...others] = this.workloads().sort((a, b) => a.name.localeCompare(b.name));
    if (probes !== undefined) {
      for (const workload of props.monitor === false ? [first, ...others] : others) {
        ContainerProbes.addTo(workload, probes);
      }
    }
    if (props.monitor !== false) {
      // A refusal of the monitoring names the option written (`monitoring.metrics.portName`), at the pattern.
      this.monitoringConstruct = refusedAs(this, MONITORING_PROPS, () => new AppMonitoring(this, 'Monitoring', {
        ...options,
        probes,
        defaultProbes: probes === options.probes ? options.defaultProbes : undefined,
        workload: first,
        otherWorkloads: others.length > 0 ? others : undefined,
        service: parts.service,
        otherServices: (parts.otherServices ?? []).length > 0 ? parts.otherServices : undefined,
        publication: parts.publication,
      }), (path) => path === `${this.node.path}/Monitoring`);
    }
    // Every object of the application, under names of its own in the App.
    claimObjectNames(this, 'name', this, this.name);
  }

  /**
   * Makes what makes the application's Service, and refuses an application without a port against `port`: the
   * Service's own refusal names its `ports`, which the caller of a pattern never wrote.
   *
   * @internal
   */
  protected _served<T>(props: ServedPatternProps, make: () => T): T {
    try {
      return make();
    } catch (e) {
      if (e instanceof AppflowInputError && e.prop === 'ports' && /\/Service$/.test(e.constructPath) && props.servicePorts === undefined) {
        throw inputError(this, 'port', props.port,
          'the application has no port for its Service: no `port`, no named container port in `ports`, and no `servicePorts`',
          'the port the container serves on, e.g. `port: 8080` (named "http"), or `ports: [{ name: "http", number: 8080 }]`');
      }
      throw e;
    }
  }

  /**
   * Publishes the application on a port of its Service, as `publish` asks (for the patterns whose props are
   * {@link ServedPatternProps}): the publication, and the container port that the published Service port sends to.
   *
   * @param target the Service, or the release whose Services and traffic share the publication follows
   * @internal
   */
  protected _publish(publish: AppPublicationOptions | undefined, service: AppService, target: { service?: AppService; release?: ReleasedWorkload }):
  { publication?: AppPublication; publishedContainerPort?: string } {
    if (checkObject(this, 'publish', publish, 'the options of the publication, e.g. { hosts: ["shop.example.com"] }') === undefined) {
      return {};
    }
    checkList(this, 'publish.hosts', publish!.hosts, 'a list of host names, e.g. ["shop.example.com"]', 'string');
    checkList(this, 'publish.paths', publish!.paths, 'a list of path prefixes, e.g. ["/", "/api"]', 'string');
    checkAnnotationMap(this, 'publish.annotations', publish!.annotations);
    // The port first, so that a wrong one is refused against the prop the user wrote.
    const port = publish!.portName === undefined ? service.ports[0] : service.ports.find((p) => p.name === publish!.portName);
    if (!port) {
      throw inputError(this, 'publish.portName', publish!.portName, `the Service ${service.name} has no port of that name`,
        `one of ${service.ports.map((p) => p.name).join(', ')}`);
    }
    // Refused there against the props of the publication, which are the pattern's under publish.
    const publication = refusedAs(this, PUBLICATION_PROPS, () => new AppPublication(this, 'Publication', { ...publish!, name: this.name, ...target }));
    return { publication, publishedContainerPort: port.targetPortName ?? port.name };
  }

  /**
   * The props of the pods, from the shared props (for the pattern's workload).
   *
   * @internal
   */
  protected _podProps(): AppWorkloadProps {
    const props = this.patternProps;
    const account = this.appServiceAccount;
    return {
      ...optionsOf(props, POD_OPTIONS),
      // The workload reads the rest from it: whether the pods get its token, and the pod labels of its identity.
      ...account && { serviceAccount: account },
      identity: this.identity,
      container: {
        ...optionsOf(props, CONTAINER_OPTIONS),
        image: props.image,
        ports: props.ports ?? (props.port !== undefined ? [{ name: 'http', number: props.port }] : undefined),
      },
    };
  }

  /** The ServiceAccount of the application's own, when it asks for one (`access`) or the platform defaults do. */
  private serviceAccountOf(props: AppPatternProps): AppServiceAccount | undefined {
    const access = checkObject(this, 'access', props.access,
      'the options of the application\'s own ServiceAccount, e.g. { grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, "shop-flags")] }');
    if (access !== undefined && props.serviceAccount !== undefined) {
      throw inputError(this, 'access', access, 'the application runs as the ServiceAccount given in `serviceAccount`',
        'either `access` (a ServiceAccount of the application\'s own) or `serviceAccount` (an existing one)');
    }
    if (access === undefined && (props.serviceAccount !== undefined || PlatformDefaults.of(this).serviceAccountPerApplication !== true)) {
      return undefined;
    }
    // A refusal of the ServiceAccount names the option written (`access.grants[0].verbs`), at the pattern.
    return refusedAs(this, ACCESS_PROPS, () => new AppServiceAccount(this, 'ServiceAccount', { ...access, identity: this.identity }),
      (path) => path === `${this.node.path}/ServiceAccount`);
  }

  private made(): PatternParts {
    if (!this.parts) {
      throw new Error(`${this.node.path}: the pattern is not finished yet (a subclass of AppPattern must call _complete in its constructor)`);
    }
    return this.parts;
  }

  private workloads(): AppWorkload[] {
    return [this.made().workload, ...(this.made().otherWorkloads ?? [])];
  }

  /** Lets the pods of another application in on a container port (named), making the NetworkPolicy first. */
  private allowConnectionFrom(client: AppPattern, containerPort: string): void {
    if (this.patternProps.networkPolicy === false) {
      return;
    }
    const peer = NetworkPeer.application(client.identity, client.namespace !== this.namespace ? { namespace: client.namespace } : {});
    if (!this.policy) {
      const rules: NetworkRule[] = [];
      const published = this.made().publishedContainerPort;
      if (published !== undefined) {
        // Published by route, the Gateway's data plane sends the traffic; else the ingress controller.
        const byRoute = this.made().publication?.mode === PublishMode.GATEWAY_ROUTE;
        rules.push({
          peers: [this.platformPeer(byRoute ? 'gatewayNamespace' : 'ingressControllerNamespace', client, 'the application is published')],
          ports: [this.networkPort(published)],
        });
      }
      // Prometheus scrapes the metrics port from the monitoring namespace; the blackbox exporter requests the port of
      // the in-cluster check from its own: the namespace of its address when that is an in-cluster Service address
      // (`<service>.<namespace>.svc...`), else the monitoring namespace.
      const fromMonitoring: string[] = [];
      const why: string[] = [];
      const metrics = this.patternProps.monitoring?.metrics;
      if (metrics && this.monitoringConstruct) {
        const servicePort = this.service?.ports.find((p) => p.name === metrics.portName);
        fromMonitoring.push(servicePort?.targetPortName ?? metrics.portName);
        why.push('the application is scraped');
      }
      const check = this.monitoringConstruct?.serviceCheck;
      const checked = this.monitoringConstruct?.serviceCheckPort;
      let exporterRule: NetworkRule | undefined;
      if (check && checked) {
        const port = checked.targetPortName ?? checked.name;
        const namespace = BlackboxProbe.exporterNamespace(check.proberAddress);
        if (namespace === undefined || namespace === PlatformDefaults.of(this).monitoringNamespace) {
          if (!fromMonitoring.includes(port)) {
            fromMonitoring.push(port);
          }
          why.push(`the blackbox exporter checks it, and its address ${check.proberAddress} names no namespace`);
        } else {
          exporterRule = { peers: [NetworkPeer.namespace(namespace)], ports: [this.networkPort(port)] };
        }
      }
      if (fromMonitoring.length > 0) {
        rules.push({ peers: [this.platformPeer('monitoringNamespace', client, why.join('; '))], ports: fromMonitoring.map((p) => this.networkPort(p)) });
      }
      if (exporterRule) {
        rules.push(exporterRule);
      }
      // A Service on the nodes' ports or a load balancer is reached from outside the cluster: its clients (its
      // sourceRanges, else any address; a load balancer that targets pods keeps the clients' addresses) on its ports.
      const outside = this.service?.exposure;
      if (outside && (outside.type === kplus.ServiceType.LOAD_BALANCER || outside.type === kplus.ServiceType.NODE_PORT)) {
        const ranges = outside.sourceRanges ?? ['0.0.0.0/0', '::/0'];
        rules.push({
          peers: ranges.map((cidr) => NetworkPeer.ipBlock(cidr)),
          ports: [...new Set(this.service!.ports.map((p) => p.targetPortName ?? p.name))].map((p) => this.networkPort(p)),
        });
      }
      if (this.made().peersConnect) {
        // Every port: clustering protocols use ports that the containers need not declare.
        rules.push({ peers: [NetworkPeer.application(this.identity)] });
      }
      this.policy = new AppNetworkPolicy(this, 'NetworkPolicy', { identity: this.identity, allowFrom: rules });
    }
    this.policy.allowFrom({ peers: [peer], ports: [this.networkPort(containerPort)] });
  }

  /**
   * A container port of the pods in a NetworkPolicy: by name, or by number for a port of a native sidecar, whose names
   * network plugins do not all resolve (they look up the names among the regular containers: kubernetes/kubernetes#125285,
   * projectcalico/calico#8881), as the Service targets it by number.
   */
  private networkPort(name: string): NetworkPort {
    const sidecarPort = this.workloads().map((w) => new Map(Object.entries(w.nativeSidecarPorts)).get(name)).find((n) => n !== undefined);
    return sidecarPort !== undefined ? NetworkPort.tcp(sidecarPort) : NetworkPort.named(name);
  }

  private platformPeer(setting: PlatformNamespace, client: AppPattern, why: string): NetworkPeer {
    if (platformNamespaceOf(this, setting) === undefined) {
      const who = `${PLATFORM_PEERS[setting].who} (${why})`;
      throw inputError(this, 'networkPolicy', true,
        `${client.name} connects to ${this.name}, whose NetworkPolicy must then let in ${who}, and the platform defaults have no ${setting}`,
        `the platform default ${setting}, or \`networkPolicy: false\` on ${this.name}`);
    }
    return PLATFORM_PEERS[setting].peer();
  }

  /** Whether the black-box checks are made, as AppMonitoring decides. */
  private blackboxChecks(props: AppPatternProps): boolean {
    const options = props.monitoring ?? {};
    const off = Array.isArray(options.switchOff) ? options.switchOff : [];
    return props.monitor !== false && !off.includes(MonitoringPart.BLACKBOX)
      && (options.blackbox !== undefined || (operatorIn(this) && PlatformDefaults.of(this).blackboxExporterAddress !== undefined));
  }

  /** Makes the chart's Namespace (once), enforcing the least strict profile of the applications in it. */
  private ensureNamespace(): void {
    const chart = Chart.of(this);
    if (chart.namespace === undefined) {
      throw inputError(this, 'createNamespace', true, 'the chart has no namespace to create', 'a chart with a namespace: new Chart(app, id, { namespace: "shop" })');
    }
    let namespace = chart.node.tryFindChild(NAMESPACE_ID) as kplus.Namespace | undefined;
    if (!namespace) {
      namespace = new kplus.Namespace(chart, NAMESPACE_ID, { metadata: { name: chart.namespace } });
      // A Namespace is cluster-scoped: it has no namespace of its own (cdk8s gives every object the chart's).
      ApiObject.of(namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    // Once per chart, shared by its applications: another chart of the App that makes it too would overwrite it.
    claimObjectName(this, 'createNamespace', ApiObject.of(namespace),
      'createNamespace in one chart of the namespace only (its applications share the Namespace), or charts of different namespaces', true);
    // Everything the chart holds so far comes after its Namespace in the manifests (what is made later comes after it
    // anyway), so that one `kubectl apply` of the file makes it first: the applications, and the objects made beside
    // them (a ConfigMap, an ExternalSecret that an application reads).
    for (const child of chart.node.children) {
      if (child !== namespace) {
        child.node.addDependency(namespace);
      }
    }
    if (namespace.metadata.getLabel('pod-security.kubernetes.io/enforce') === undefined) {
      // The least strict profile of every workload of the library in the namespace in the App (of a pattern or not,
      // whether it asked for the Namespace or not), read when the manifests are written: admission would reject the
      // pods of one that a stricter level refuses. The plugin's namespace-admits-pods checks every pod against it.
      const name = chart.namespace;
      const level = Lazy.any({ produce: () => levelsByNamespace(this).get(name)?.least ?? SecurityProfile.RESTRICTED });
      namespace.metadata.addLabel('pod-security.kubernetes.io/enforce', level);
      // One workload's relaxation lowers the level for every pod of the namespace: say so, unless the level was set since.
      const made = namespace;
      addWarningFrom(made, () => (made.metadata.getLabel('pod-security.kubernetes.io/enforce') === level ? levelsByNamespace(this).get(name)?.lowered : undefined));
    }
    // The Pod Security rules of the target Kubernetes version (the same as 1.27's for the profiles the library writes).
    namespace.metadata.addLabel('pod-security.kubernetes.io/enforce-version', `v${PlatformDefaults.of(chart).kubernetesVersion}`);
  }
}

/** An object named `<name><suffix>`, whose name is one part of a DNS-1123 subdomain (at most 63 characters). */
function partOfName(object: string, suffix: string, otherwise?: string): DerivedName {
  return { object, suffix, maxLength: 63, rule: SUBDOMAIN_PART, otherwise };
}

/** The black-box check of the published URLs, named after the application (AppMonitoring's `<application>-public`). */
const PUBLIC_CHECK = partOfName('black-box Probe of the published URLs', '-public', 'the black-box checks switched off');

/**
 * The black-box check of the application's Service, named after the Service (AppMonitoring's `<service>-service`), for
 * the patterns whose Service has the application's name.
 */
const SERVICE_CHECK = partOfName('black-box Probe of the Service', '-service', 'the black-box checks switched off');

/** Whether the platform defaults tell that the cluster has the Prometheus operator (AppMonitoring's test). */
function operatorIn(scope: Construct): boolean {
  const mode = PlatformDefaults.of(scope).monitoringMode;
  return mode !== MonitoringMode.ANNOTATIONS && mode !== MonitoringMode.NONE;
}

/**
 * Refuses an application name too long for an object named after it, against `name` (the prop the user wrote),
 * naming the object, its name and its limit, and the longest name that fits; the tightest limit first.
 */
function checkDerivedNames(pattern: AppPattern, name: string, derived: DerivedName[]): void {
  let tightest: DerivedName | undefined;
  for (const d of derived) {
    if (name.length + d.suffix.length > d.maxLength
      && (tightest === undefined || d.maxLength - d.suffix.length < tightest.maxLength - tightest.suffix.length)) {
      tightest = d;
    }
  }
  if (tightest === undefined) {
    return;
  }
  const d = tightest;
  const longest = d.maxLength - d.suffix.length;
  const full = `${name}${d.suffix}`;
  const problem = d.suffix === ''
    ? `it is ${name.length} characters long, more than the ${d.maxLength} of ${d.rule}, and it names the ${d.object}`
    : `it is ${name.length} characters long, and the ${d.object} "${full.length > 24 ? `${full.slice(0, 12)}…${d.suffix}` : full}" made from it would be `
      + `${full.length}, more than the ${d.maxLength} of ${d.rule}`;
  throw inputError(pattern, 'name', name, problem,
    `an application name of at most ${longest} characters (its ${d.object} is named "<name>${d.suffix}")${d.otherwise ? `, or ${d.otherwise}` : ''}`);
}

/** A workload of the library and the Pod Security profile its pods meet. */
interface MetProfile {
  readonly workload: AppWorkload;
  readonly profile: SecurityProfile;
}

/**
 * By namespace, the least strict profile that the pods of the library's workloads meet, for every workload of the App,
 * and the warning of a Namespace that enforces it (see loweredLevelWarning): worked out once per synthesis (every
 * Namespace of createNamespace reads it), again when workloads were added.
 */
function levelsByNamespace(scope: Construct): Map<string, { readonly least: SecurityProfile; readonly lowered?: string }> {
  const workloads = workloadsUnder(scope.node.root);
  return oncePerSynthesis(scope, 'pod-security-levels-by-namespace', String(workloads.length), () => {
    const byNamespace = new Map<string, MetProfile[]>();
    // A workload whose construction failed (and was caught) has no Kubernetes object: it makes no pods.
    for (const workload of workloads.filter((w) => w.workload !== undefined)) {
      const namespace = workload.namespace;
      const met = byNamespace.get(namespace) ?? [];
      met.push({ workload, profile: profileMetBy(workload) });
      byNamespace.set(namespace, met);
    }
    return new Map([...byNamespace].map(([namespace, met]) => {
      const least = met.reduce((l, { profile }) => (PROFILE_ORDER.indexOf(profile) < PROFILE_ORDER.indexOf(l) ? profile : l),
        SecurityProfile.RESTRICTED);
      return [namespace, { least, lowered: loweredLevelWarning(namespace, least, met) }];
    }));
  });
}

/**
 * What a Namespace of createNamespace lets into the namespace when some of its workloads lower the level it enforces
 * below what the others meet (a node agent with `hostNetwork` beside web applications): admission then admits any pod of
 * that level there, the others' included. Undefined when every workload of the namespace meets the level.
 */
function loweredLevelWarning(namespace: string, least: SecurityProfile, workloads: ReadonlyArray<MetProfile>): string | undefined {
  const stricter = workloads.filter((w) => PROFILE_ORDER.indexOf(w.profile) > PROFILE_ORDER.indexOf(least));
  if (stricter.length === 0) {
    return undefined;
  }
  const lowering = workloads.filter((w) => w.profile === least);
  const described = ({ workload }: MetProfile) => {
    const relaxed = workload.relaxations.filter((r) => LOWERING_RELAXATIONS.includes(r));
    const why = workload.securityProfile === least || relaxed.length === 0 ? `securityProfile ${workload.securityProfile}` : `relaxed: ${relaxed.join(', ')}`;
    return `${workload.apiObject.kind} ${workload.name} (${why})`;
  };
  const names = (list: MetProfile[], describe: (w: MetProfile) => string) =>
    (list.length <= 3 ? list.map(describe) : [...list.slice(0, 3).map(describe), `${list.length - 3} more`]).join(', ');
  const levels = [...new Set(stricter.map((w) => w.profile))].map((p) => `"${p}"`).join(' or ');
  return `the Namespace ${namespace} enforces the Pod Security level "${least}" for ${names(lowering, described)}, so admission lets any `
    + `"${least}" pod into the namespace, beside ${names(stricter, ({ workload }) => `${workload.apiObject.kind} ${workload.name}`)}, whose pods meet `
    + `${levels}: give the workloads that need the lower level a namespace of their own (a chart with another namespace) to keep the others' level enforced`;
}

/** The relaxations that break the restricted profile, and those that break the baseline profile (see profileMetBy). */
const BREAK_RESTRICTED: readonly SecurityRelaxation[] = [SecurityRelaxation.RUN_AS_ROOT, SecurityRelaxation.PRIVILEGE_ESCALATION,
  SecurityRelaxation.DEFAULT_CAPABILITIES, SecurityRelaxation.NO_SECCOMP_PROFILE];
const BREAK_BASELINE: readonly SecurityRelaxation[] = [SecurityRelaxation.HOST_NETWORK, SecurityRelaxation.HOST_PATH];
/** The relaxations that lower the Pod Security profile a workload's pods meet. */
const LOWERING_RELAXATIONS: readonly SecurityRelaxation[] = [...BREAK_RESTRICTED, ...BREAK_BASELINE];

/**
 * The Pod Security Standards profile that a workload's pods meet: its profile, lowered by the relaxations that
 * break it (hostPath and hostNetwork break baseline; root, privilege escalation, default capabilities and no
 * seccomp profile break restricted).
 */
function profileMetBy(workload: AppWorkload): SecurityProfile {
  const relaxed = new Set(workload.relaxations);
  let profile = workload.securityProfile;
  if (profile === SecurityProfile.RESTRICTED && BREAK_RESTRICTED.some((r) => relaxed.has(r))) {
    profile = SecurityProfile.BASELINE;
  }
  if (profile !== SecurityProfile.PRIVILEGED && BREAK_BASELINE.some((r) => relaxed.has(r))) {
    profile = SecurityProfile.PRIVILEGED;
  }
  return profile;
}

/** The peers of the platform's components, by the platform default that names their namespace. */
const PLATFORM_PEERS = {
  ingressControllerNamespace: { who: 'the ingress controller', peer: () => NetworkPeer.ingressController() },
  gatewayNamespace: { who: 'the Gateway\'s data plane', peer: () => NetworkPeer.gatewayDataPlane() },
  monitoringNamespace: { who: 'the monitoring stack', peer: () => NetworkPeer.monitoring() },
};

/** The options of the monitoring, as a pattern's props name them: under `monitoring`. */
const MONITORING_PROPS: Readonly<Record<string, string>> = Object.fromEntries(
  ['probes', 'defaultProbes', 'metrics', 'blackbox', 'alerts', 'dashboard', 'logs', 'switchOff'].map((p) => [p, `monitoring.${p}`]));

/** The options of the application's own ServiceAccount, as a pattern's props name them: under `access`. */
const ACCESS_PROPS: Readonly<Record<string, string>> = Object.fromEntries(ACCESS_OPTIONS.map((p) => [p, `access.${p}`]));

/** The options of a publication, as a pattern's props name them: under `publish`. */
const PUBLICATION_PROPS: Readonly<Record<string, string>> = Object.fromEntries(
  ['tls', 'hosts', 'paths', 'portName', 'mode', 'ingressClassName', 'controller', 'annotations', 'gateway'].map((p) => [p, `publish.${p}`]));

