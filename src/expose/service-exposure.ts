import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { InternalLoadBalancer } from './internal-load-balancer';
import { checkNodePort } from './node-ports';
import { checkList, checkObject, checkSeconds, inputError, isPlainObject, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { requireFeature } from '../core/kubernetes-features';
import { SERVICE_TRAFFIC_DISTRIBUTION } from '../core/kubernetes-version';
import { checkLabelKey } from '../core/label-keys';

/**
 * Where traffic from a load balancer or a node port may go.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
 */
export enum ExternalTrafficPolicy {
  /** To any ready pod of the cluster (the client's address is lost). */
  CLUSTER = 'Cluster',
  /** Only to pods on the node that received it (the client's address is kept; nodes without a pod fail health checks). */
  LOCAL = 'Local',
}

/**
 * Where traffic that pods of the cluster send to the Service's cluster IP may go.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/
 */
export enum InternalTrafficPolicy {
  /** To any ready pod of the Service. */
  CLUSTER = 'Cluster',
  /** Only to pods of the Service on the client's own node; traffic is dropped on a node without one. */
  LOCAL = 'Local',
}

/**
 * How a Service spreads traffic over its endpoints, beyond its traffic policies.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#traffic-distribution
 */
export enum TrafficDistribution {
  /**
   * To endpoints close to the client (in its zone) when there are any, else to any: saves cross-zone traffic and its
   * latency and cost. Kubernetes 1.31 or later.
   */
  PREFER_CLOSE = 'PreferClose',
}

/**
 * An IP family of a Service's cluster IPs.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
 */
export enum IpFamily {
  /** IPv4. */
  IPV4 = 'IPv4',
  /** IPv6. */
  IPV6 = 'IPv6',
}

/**
 * Whether a Service has a cluster IP of one family or of both.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
 */
export enum IpFamilyPolicy {
  /** One family: the first of `ipFamilies`, or the cluster's first. */
  SINGLE_STACK = 'SingleStack',
  /** Both families on a dual-stack cluster, one on a single-stack cluster. */
  PREFER_DUAL_STACK = 'PreferDualStack',
  /** Both families; the API server refuses the Service on a cluster that is not dual-stack. */
  REQUIRE_DUAL_STACK = 'RequireDualStack',
}

/**
 * Options of every Service type.
 */
export interface ServiceExposureOptions {
  /**
   * Annotations of the Service: the settings of a cloud's load balancer (e.g.
   * `service.beta.kubernetes.io/aws-load-balancer-type: nlb`), of external-dns, of a service mesh. Keys are checked
   * as label keys (the rule of annotation keys); values are strings.
   *
   * @see https://kubernetes.io/docs/reference/labels-annotations-taints/
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * Options of a headless Service.
 */
export interface HeadlessOptions extends ServiceExposureOptions {
  /**
   * The IP families of the Service's addresses, first the primary one (immutable once the Service exists: only a
   * second family may be added or removed). Two families need a dual-stack `ipFamilyPolicy`.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
   * @default - the cluster's first family (or both, as the policy says)
   */
  readonly ipFamilies?: IpFamily[];

  /**
   * Whether the Service has addresses of one IP family or of both.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/dual-stack/#services
   * @default IpFamilyPolicy.SINGLE_STACK (the API server's default)
   */
  readonly ipFamilyPolicy?: IpFamilyPolicy;
}

/**
 * Options of a ClusterIP Service (and of the cluster IP of NodePort and LoadBalancer Services).
 */
export interface ClusterIpOptions extends HeadlessOptions {
  /**
   * Where traffic that pods of the cluster send to the cluster IP may go: `LOCAL` keeps it on the client's node
   * (e.g. a node-local agent of a DaemonSet).
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/
   * @default InternalTrafficPolicy.CLUSTER
   */
  readonly internalTrafficPolicy?: InternalTrafficPolicy;

  /**
   * How the Service spreads traffic over its endpoints: `PREFER_CLOSE` sends it to endpoints in the client's zone
   * when there are any. Needs Kubernetes 1.31 or later (the platform default `kubernetesVersion`); refused on an
   * older target.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#traffic-distribution
   * @default - any ready endpoint (kube-proxy's default)
   */
  readonly trafficDistribution?: TrafficDistribution;

  /**
   * Whether requests of one client (by its IP address) keep going to the same pod (ClientIP session affinity), for
   * this long after its last request: from 1 second to 1 day.
   *
   * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity
   * @default - no affinity
   */
  readonly clientAffinityTimeout?: Duration;
}

/**
 * Options of a NodePort Service.
 */
export interface NodePortOptions extends ClusterIpOptions {
  /**
   * Where external traffic may go.
   *
   * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
   * @default ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/**
 * Options of a LoadBalancer Service.
 */
export interface LoadBalancerOptions extends NodePortOptions {
  /**
   * The client address ranges (CIDR) that the load balancer accepts.
   *
   * @default - every address
   */
  readonly sourceRanges?: string[];

  /**
   * The load balancer implementation that serves the Service, e.g. `service.k8s.aws/nlb` or
   * `io.cilium/bgp-control-plane`: a label-style name. The cloud's default implementation ignores a Service with a
   * class. Immutable: the API server refuses to change it once the Service exists (re-create the Service: the new
   * load balancer gets a new address).
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-class
   * @default - the cluster's default implementation (usually the cloud provider's)
   */
  readonly loadBalancerClass?: string;

  /**
   * The node port on which each node answers the load balancer's health checks (whether it runs a pod of the Service),
   * with `externalTrafficPolicy: ExternalTrafficPolicy.LOCAL` only: from 30000 to 32767. Immutable once set.
   *
   * @see https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip
   * @default - Kubernetes picks a free one (with the Local policy)
   */
  readonly healthCheckNodePort?: number;

  /**
   * A load balancer with a private address in the cloud network rather than a public one, by the annotations of the
   * cloud (`InternalLoadBalancer.aws()`, `gke()`, `azure()`); `annotations` may add others, but not change these.
   *
   * @default - the cloud's default: usually a public address
   */
  readonly internal?: InternalLoadBalancer;
}

/** The factory that made an exposure. */
type ExposureKind = 'clusterIp' | 'headless' | 'nodePort' | 'loadBalancer' | 'externalName';

/** The Service type as error messages name it, with its article. */
const TYPE_NAMES: Record<ExposureKind, string> = {
  clusterIp: 'a ClusterIP Service',
  headless: 'a headless Service',
  nodePort: 'a NodePort Service',
  loadBalancer: 'a LoadBalancer Service',
  externalName: 'an ExternalName Service',
};

/** The annotation that Kubernetes reads as `loadBalancerSourceRanges` when the field is not set. */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** The kubelet's port: the API server refuses to expose it through a load balancer. */
const KUBELET_PORT = 10250;

/**
 * How a Service is reached: its type, and the settings of its cluster IP, node ports and load balancer.
 *
 * The same exposure may be given to several Services; each checks it when it is made (errors name the Service).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
export class ServiceExposure {
  /** A virtual IP inside the cluster (the default). */
  public static clusterIp(options: ClusterIpOptions = {}): ServiceExposure {
    return new ServiceExposure('clusterIp', options);
  }

  /** No virtual IP: DNS returns the pods' addresses (for stateful peers, client-side balancing). */
  public static headless(options: HeadlessOptions = {}): ServiceExposure {
    return new ServiceExposure('headless', options);
  }

  /** A port on every node (from 30000 to 32767), plus a cluster IP. */
  public static nodePort(options: NodePortOptions = {}): ServiceExposure {
    return new ServiceExposure('nodePort', options);
  }

  /** A load balancer of the cloud provider, plus node ports and a cluster IP. */
  public static loadBalancer(options: LoadBalancerOptions = {}): ServiceExposure {
    return new ServiceExposure('loadBalancer', options);
  }

  /**
   * A DNS alias (CNAME) of a host outside the cluster: no pods, no ports.
   *
   * @param hostname the host the name resolves to, e.g. `db.example.com`
   */
  public static externalName(hostname: string, options: ServiceExposureOptions = {}): ServiceExposure {
    return new ServiceExposure('externalName', options, hostname);
  }

  /** The Service type. */
  public readonly type: kplus.ServiceType;
  /** Whether the Service is headless. */
  public readonly isHeadless: boolean;
  /** The external host, for an ExternalName Service. */
  public readonly externalHostname?: string;
  /** The annotations of the Service (without those of `internal`). */
  public readonly annotations?: { [key: string]: string };
  /** The IP families of the Service. */
  public readonly ipFamilies?: IpFamily[];
  /** The IP family policy of the Service. */
  public readonly ipFamilyPolicy?: IpFamilyPolicy;
  /** The internal traffic policy of the cluster IP. */
  public readonly internalTrafficPolicy?: InternalTrafficPolicy;
  /** How the Service spreads traffic over its endpoints. */
  public readonly trafficDistribution?: TrafficDistribution;
  /** How long a client keeps going to the same pod (ClientIP session affinity). */
  public readonly clientAffinityTimeout?: Duration;
  /** The external traffic policy of a node port or load balancer. */
  public readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /** The accepted client ranges of a load balancer. */
  public readonly sourceRanges?: string[];
  /** The load balancer implementation of a LoadBalancer Service. */
  public readonly loadBalancerClass?: string;
  /** The health check node port of a LoadBalancer Service with the Local external traffic policy. */
  public readonly healthCheckNodePort?: number;
  /** The internal load balancer of a LoadBalancer Service. */
  public readonly internal?: InternalLoadBalancer;

  private readonly kind: ExposureKind;
  private readonly options: unknown;

  private constructor(kind: ExposureKind, options: unknown, hostname?: string) {
    this.kind = kind;
    this.options = options;
    this.type = {
      clusterIp: kplus.ServiceType.CLUSTER_IP,
      headless: kplus.ServiceType.CLUSTER_IP,
      nodePort: kplus.ServiceType.NODE_PORT,
      loadBalancer: kplus.ServiceType.LOAD_BALANCER,
      externalName: kplus.ServiceType.EXTERNAL_NAME,
    }[kind];
    this.isHeadless = kind === 'headless';
    this.externalHostname = hostname;
    // Options that are not an object (from untyped JavaScript) are refused by the Service; the values are kept as
    // given (lists and maps copied), and checked by the Service too.
    const o: LoadBalancerOptions = isPlainObject(options) ? options : {};
    this.annotations = isPlainObject(o.annotations) ? { ...o.annotations } : o.annotations;
    this.ipFamilies = copyOf(o.ipFamilies);
    this.ipFamilyPolicy = o.ipFamilyPolicy;
    this.internalTrafficPolicy = o.internalTrafficPolicy;
    this.trafficDistribution = o.trafficDistribution;
    this.clientAffinityTimeout = o.clientAffinityTimeout;
    this.externalTrafficPolicy = o.externalTrafficPolicy;
    this.sourceRanges = copyOf(o.sourceRanges);
    this.loadBalancerClass = o.loadBalancerClass;
    this.healthCheckNodePort = o.healthCheckNodePort;
    this.internal = o.internal;
  }

  /**
   * Checks the exposure for a Service and returns the Service's annotations and the fields of its spec that
   * cdk8s-plus-34's Service does not write (in the typed shape of its L1 object).
   *
   * @param scope the Service (named in errors; the props are `exposure.*`)
   * @param affinity the ClientIP affinity timeout given to the Service itself, and its prop
   * @internal
   */
  public _serviceSpec(scope: IConstruct, affinity?: { prop: string; timeout: Duration }):
  { annotations?: Record<string, string>; spec: kplus.k8s.ServiceSpec } {
    if (!isPlainObject(this.options)) {
      throw inputError(scope, 'exposure', this.options, `the options of ServiceExposure.${this.kind}() are ${kindOfValue(this.options)}, not an object`,
        `an object of options, e.g. ServiceExposure.${this.kind}(${this.kind === 'externalName' ? '"db.example.com", ' : ''}{ annotations: { ... } }), or no options`);
    }
    if (this.kind === 'externalName') {
      FormatRule.DNS1123_SUBDOMAIN.check(scope, 'exposure.externalName', this.externalHostname!);
    }
    const annotations = this.annotationsFor(scope);
    const spec: kplus.k8s.ServiceSpec = {
      ...this.ipFamiliesFor(scope),
      internalTrafficPolicy: this.internalTrafficPolicyFor(scope),
      trafficDistribution: this.trafficDistributionFor(scope),
      ...this.affinityFor(scope, affinity),
      ...this.externalFor(scope),
    };
    return { annotations: Object.keys(annotations).length > 0 ? annotations : undefined, spec };
  }

  /**
   * Refuses a Service port that the exposure cannot carry: a node port without node ports, the kubelet's port on a
   * load balancer, the health check node port.
   *
   * @param scope the Service (named in errors)
   * @param prop the prop of the port, e.g. `ports[0]`
   * @internal
   */
  public _checkServicePort(scope: IConstruct, prop: string, port: number, nodePort: number | undefined): void {
    if (this.kind === 'loadBalancer' && port === KUBELET_PORT) {
      throw inputError(scope, `${prop}.port`, port, 'it is the kubelet\'s port, which the API server refuses to expose through a load balancer', 'another port number');
    }
    if (nodePort === undefined) {
      return;
    }
    if (this.kind !== 'nodePort' && this.kind !== 'loadBalancer') {
      throw inputError(scope, `${prop}.nodePort`, nodePort, `${TYPE_NAMES[this.kind]} has no node ports`, 'no nodePort, or ServiceExposure.nodePort() or loadBalancer()');
    }
    checkNodePort(scope, `${prop}.nodePort`, nodePort);
    if (nodePort === this.healthCheckNodePort) {
      throw inputError(scope, `${prop}.nodePort`, nodePort, 'it is the health check node port of the exposure (exposure.healthCheckNodePort)',
        'a node port of its own, other than the health check node port');
    }
  }

  /** Refuses a setting that the type of the Service does not have. */
  private refuseOn(scope: IConstruct, prop: string, value: unknown, kinds: ExposureKind[], problem: string, accepted: string): void {
    if (value !== undefined && !kinds.includes(this.kind)) {
      throw inputError(scope, prop, value, problem, accepted);
    }
  }

  private annotationsFor(scope: IConstruct): Record<string, string> {
    const given = checkObject(scope, 'exposure.annotations', this.annotations,
      'a map of annotation keys to values, e.g. { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" }') ?? {};
    const internalValue = this.internal instanceof InternalLoadBalancer ? this.internal._declaration : this.internal;
    this.refuseOn(scope, 'exposure.internal', internalValue, ['loadBalancer'], `${TYPE_NAMES[this.kind]} has no load balancer`,
      'ServiceExposure.loadBalancer({ internal: InternalLoadBalancer.aws() }) (or gke(), azure())');
    if (this.internal !== undefined && !(this.internal instanceof InternalLoadBalancer)) {
      throw inputError(scope, 'exposure.internal', this.internal, 'it is not an InternalLoadBalancer', 'InternalLoadBalancer.aws(), gke() or azure()');
    }
    const internal = this.internal?._serviceAnnotations(scope, 'exposure.internal') ?? {};
    for (const key of Object.keys(given)) {
      checkLabelKey(scope, 'exposure.annotations', key);
      const prop = `exposure.annotations[${JSON.stringify(key)}]`;
      const value = given[key];
      if (typeof value !== 'string') {
        throw inputError(scope, prop, value, `it is ${kindOfValue(value)}, not a string`, 'a string: annotation values are strings (write "true", "42")');
      }
      if (key === SOURCE_RANGES_ANNOTATION) {
        throw inputError(scope, prop, value, 'Kubernetes reads this annotation as the load balancer\'s source ranges',
          'sourceRanges of ServiceExposure.loadBalancer(), which the library checks');
      }
      if (key in internal && internal[key] !== value) {
        throw inputError(scope, prop, value, `the internal load balancer (exposure.internal) sets this annotation to ${JSON.stringify(internal[key])}`,
          'no annotation that contradicts exposure.internal (to set these annotations otherwise, write them all without internal)');
      }
    }
    return { ...internal, ...given };
  }

  private ipFamiliesFor(scope: IConstruct): kplus.k8s.ServiceSpec {
    const noClusterIp = 'an ExternalName Service has no cluster IP, and the API server refuses IP families on it';
    this.refuseOn(scope, 'exposure.ipFamilies', this.ipFamilies, ['clusterIp', 'headless', 'nodePort', 'loadBalancer'], noClusterIp, 'no ipFamilies with ServiceExposure.externalName()');
    this.refuseOn(scope, 'exposure.ipFamilyPolicy', this.ipFamilyPolicy, ['clusterIp', 'headless', 'nodePort', 'loadBalancer'], noClusterIp,
      'no ipFamilyPolicy with ServiceExposure.externalName()');
    const families = checkList(scope, 'exposure.ipFamilies', this.ipFamilies, 'a list of one or two IP families, e.g. [IpFamily.IPV4, IpFamily.IPV6]', 'string');
    (families ?? []).forEach((family, i) => {
      checkEnumValue(scope, `exposure.ipFamilies[${i}]`, family, IpFamily, 'IpFamily', 'an IP family');
      const first = families!.indexOf(family);
      if (first < i) {
        throw inputError(scope, `exposure.ipFamilies[${i}]`, family, `ipFamilies[${first}] is the same family`, 'each family once: [IpFamily.IPV4], [IpFamily.IPV6] or both, the primary first');
      }
    });
    const policy = this.ipFamilyPolicy;
    checkEnumValue(scope, 'exposure.ipFamilyPolicy', policy, IpFamilyPolicy, 'IpFamilyPolicy', 'an IP family policy');
    if (families && families.length === 2 && policy !== IpFamilyPolicy.PREFER_DUAL_STACK && policy !== IpFamilyPolicy.REQUIRE_DUAL_STACK) {
      throw inputError(scope, 'exposure.ipFamilyPolicy', policy,
        policy === undefined ? 'two IP families need a dual-stack policy: without one the API server takes SingleStack, and refuses two families'
          : 'a SingleStack Service has one IP family: the API server refuses two',
        'IpFamilyPolicy.PREFER_DUAL_STACK or REQUIRE_DUAL_STACK with two families, or a single family');
    }
    return { ipFamilies: families && families.length > 0 ? [...families] : undefined, ipFamilyPolicy: policy };
  }

  private internalTrafficPolicyFor(scope: IConstruct): string | undefined {
    const policy = this.internalTrafficPolicy;
    this.refuseOn(scope, 'exposure.internalTrafficPolicy', policy, ['clusterIp', 'nodePort', 'loadBalancer'], this.kind === 'headless'
      ? 'a headless Service has no cluster IP: kube-proxy does not route its traffic, so the policy would do nothing'
      : 'an ExternalName Service is a DNS alias: it has no pods to route to', 'ServiceExposure.clusterIp(), nodePort() or loadBalancer() with internalTrafficPolicy');
    checkEnumValue(scope, 'exposure.internalTrafficPolicy', policy, InternalTrafficPolicy, 'InternalTrafficPolicy', 'an internal traffic policy');
    return policy;
  }

  private trafficDistributionFor(scope: IConstruct): string | undefined {
    const distribution = this.trafficDistribution;
    this.refuseOn(scope, 'exposure.trafficDistribution', distribution, ['clusterIp', 'nodePort', 'loadBalancer'], this.kind === 'headless'
      ? 'a headless Service has no cluster IP: kube-proxy does not route its traffic, so the distribution would do nothing'
      : 'an ExternalName Service is a DNS alias: it has no endpoints to choose from', 'ServiceExposure.clusterIp(), nodePort() or loadBalancer() with trafficDistribution');
    checkEnumValue(scope, 'exposure.trafficDistribution', distribution, TrafficDistribution, 'TrafficDistribution', 'a traffic distribution');
    if (distribution !== undefined) {
      requireFeature(scope, 'exposure.trafficDistribution', distribution, SERVICE_TRAFFIC_DISTRIBUTION, 'no trafficDistribution');
    }
    return distribution;
  }

  private affinityFor(scope: IConstruct, given: { prop: string; timeout: Duration } | undefined): kplus.k8s.ServiceSpec {
    if (given !== undefined && this.clientAffinityTimeout !== undefined) {
      throw inputError(scope, given.prop, secondsOf(given.timeout), 'the exposure has a clientAffinityTimeout too',
        'one of them: the exposure\'s (ServiceExposure.clusterIp({ clientAffinityTimeout }))');
    }
    const { prop, timeout } = given ?? { prop: 'exposure.clientAffinityTimeout', timeout: this.clientAffinityTimeout };
    if (timeout === undefined) {
      return {};
    }
    this.refuseOn(scope, prop, secondsOf(timeout), ['clusterIp', 'nodePort', 'loadBalancer'],
      this.kind === 'headless'
        ? 'a headless Service has no cluster IP: kube-proxy does not balance its traffic, so ClientIP affinity would do nothing'
        : 'an ExternalName Service is a DNS alias: nothing balances its traffic',
      `no ${prop === 'clientAffinityTimeout' ? 'clientAffinityTimeout' : 'clientAffinityTimeout in the exposure'}, or ServiceExposure.clusterIp(), nodePort() or loadBalancer()`);
    const seconds = checkSeconds(scope, prop, timeout, { min: 1, max: 86400 });
    return { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIp: { timeoutSeconds: seconds } } };
  }

  private externalFor(scope: IConstruct): kplus.k8s.ServiceSpec {
    const noLoadBalancer = `${TYPE_NAMES[this.kind]} has no load balancer`;
    const policy = this.externalTrafficPolicy;
    this.refuseOn(scope, 'exposure.externalTrafficPolicy', policy, ['nodePort', 'loadBalancer'],
      `${TYPE_NAMES[this.kind]} has no node ports and no load balancer, and the API server refuses the policy on it`,
      'ServiceExposure.nodePort({ externalTrafficPolicy }) or loadBalancer({ externalTrafficPolicy })');
    checkEnumValue(scope, 'exposure.externalTrafficPolicy', policy, ExternalTrafficPolicy, 'ExternalTrafficPolicy', 'an external traffic policy');

    this.refuseOn(scope, 'exposure.sourceRanges', this.sourceRanges, ['loadBalancer'], noLoadBalancer, 'ServiceExposure.loadBalancer({ sourceRanges })');
    const ranges = checkList(scope, 'exposure.sourceRanges', this.sourceRanges, 'a list of CIDR ranges, e.g. ["203.0.113.0/24"]', 'string');
    for (const [i, range] of (ranges ?? []).entries()) {
      if (!isCidr(range)) {
        throw inputError(scope, `exposure.sourceRanges[${i}]`, range, 'it is not a CIDR range', 'an IPv4 or IPv6 range such as "203.0.113.0/24"');
      }
    }

    const className = this.loadBalancerClass;
    this.refuseOn(scope, 'exposure.loadBalancerClass', className, ['loadBalancer'], `${noLoadBalancer}, and the API server refuses a class on it`,
      'ServiceExposure.loadBalancer({ loadBalancerClass })');
    const classProblem = className === undefined ? undefined : FormatRule.LABEL_KEY.problemWith(className);
    if (classProblem !== undefined) {
      throw inputError(scope, 'exposure.loadBalancerClass', className, classProblem,
        'a label-style name: an optional DNS-1123 subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and ".", '
        + 'starting and ending with a letter or digit (e.g. "service.k8s.aws/nlb"; unprefixed names are left to end users)');
    }

    const healthCheck = this.healthCheckNodePort;
    this.refuseOn(scope, 'exposure.healthCheckNodePort', healthCheck, ['loadBalancer'], noLoadBalancer, 'ServiceExposure.loadBalancer({ externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, healthCheckNodePort })');
    if (healthCheck !== undefined) {
      if (policy !== ExternalTrafficPolicy.LOCAL) {
        throw inputError(scope, 'exposure.healthCheckNodePort', healthCheck,
          `the external traffic policy is ${policy ?? 'Cluster (the default)'}: only the Local policy has a health check node port, and the API server refuses one otherwise`,
          'externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, or no healthCheckNodePort');
      }
      checkNodePort(scope, 'exposure.healthCheckNodePort', healthCheck);
    }
    return { externalTrafficPolicy: policy, loadBalancerClass: className, healthCheckNodePort: healthCheck };
  }
}

/** A copy of a list; anything else (from untyped JavaScript) as it is, for the checks to refuse. */
function copyOf<T>(value: T[] | undefined): T[] | undefined {
  return Array.isArray(value) ? [...value] : value;
}

/** A duration as error messages show it (in seconds, as checkSeconds does); anything else as it is. */
function secondsOf(duration: Duration): unknown {
  return duration instanceof Duration ? duration.toSeconds({ integral: false }) : duration;
}

/** Refuses a value that is not one of an enum's (from untyped JavaScript). */
function checkEnumValue(
  scope: IConstruct, prop: string, value: string | undefined, values: Record<string, string>, enumName: string, what: string,
): void {
  if (value !== undefined && !Object.values(values).includes(value)) {
    throw inputError(scope, prop, value, `it is not ${what}`,
      `one of ${Object.entries(values).map(([key, v]) => `${enumName}.${key} (${JSON.stringify(v)})`).join(', ')}`);
  }
}

function isCidr(value: string): boolean {
  const [address, bits, ...rest] = String(value).split('/');
  if (rest.length > 0 || bits === undefined || !/^\d+$/.test(bits)) {
    return false;
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
    return address.split('.').every((o) => Number(o) <= 255 && String(Number(o)) === o) && Number(bits) <= 32;
  }
  return /^[0-9a-fA-F:]+$/.test(address) && address.includes(':') && Number(bits) <= 128;
}
