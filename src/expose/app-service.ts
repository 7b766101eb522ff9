import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ServiceExposure } from './service-exposure';
import { AppIdentity } from '../core/app-identity';
import { checkList, checkProps, inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { claimObjectName } from '../core/object-names';
import { AppWorkload } from '../workload/app-workload';
import { checkAppWorkload } from '../workload/workload-checks';

/**
 * A port of a Service.
 */
export interface AppServicePort {
  /**
   * The name of the port (an IANA service name, unique in the Service): what Ingresses, routes and monitors name.
   */
  readonly name: string;

  /**
   * The port of the Service.
   */
  readonly port: number;

  /**
   * The name of the container port that traffic goes to; a container of the workload must declare it.
   *
   * @default - the container port of the same name as this port
   */
  readonly targetPortName?: string;

  /**
   * The node port, for NodePort and LoadBalancer Services: from 30000 to 32767.
   *
   * @default - Kubernetes picks a free one
   */
  readonly nodePort?: number;

  /**
   * The application protocol, e.g. `http`, `https`, `kubernetes.io/h2c`, `kubernetes.io/ws`.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#application-protocol
   * @default - none
   */
  readonly appProtocol?: string;

  /**
   * The protocol.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

/**
 * The Service of an application, as the patterns (and `ReleasedWorkload`) take it: its ports and how it is reached.
 */
export interface AppServiceOptions {
  /**
   * The ports of the application's Service.
   *
   * @default - one port per named container port of the main container and the sidecars, with the same name and number
   */
  readonly servicePorts?: AppServicePort[];

  /**
   * How the application's Service is reached: in the cluster, on the nodes' ports or through a load balancer, with the
   * settings of each (annotations, traffic policies, IP families, session affinity, load balancer class). Other
   * Services of the application (a release's preview and canary Services, a StatefulService's headless one) stay in
   * the cluster, without these settings.
   *
   * @default ServiceExposure.clusterIp()
   */
  readonly serviceExposure?: ServiceExposure;
}

/**
 * Properties of an {@link AppService}.
 */
export interface AppServiceProps {
  /**
   * The workload whose pods the Service sends traffic to: it selects them by the application's stable labels, and
   * its container ports are the target ports. Not for an ExternalName Service.
   *
   * @default - the pods of `identity` (then the target ports are not checked)
   */
  readonly workload?: AppWorkload;

  /**
   * The application whose pods the Service selects (its stable labels: name, instance, component), e.g. to sit in
   * front of two workloads of one application (blue and green, stable and canary).
   *
   * @default - the workload's identity
   */
  readonly identity?: AppIdentity;

  /**
   * The name of the Service (a DNS-1035 label): its DNS name in the cluster.
   *
   * @default - the application's name
   */
  readonly name?: string;

  /**
   * How the Service is exposed.
   *
   * @default ServiceExposure.clusterIp()
   */
  readonly exposure?: ServiceExposure;

  /**
   * The ports.
   *
   * @default - one port per named container port of the workload, with the same name and number
   */
  readonly ports?: AppServicePort[];

  /**
   * Whether requests of one client keep going to the same pod (ClientIP affinity), for this long.
   *
   * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity
   * @default - no affinity
   * @deprecated use the exposure's `clientAffinityTimeout` (e.g. `ServiceExposure.clusterIp({ clientAffinityTimeout })`),
   * which the patterns take too
   */
  readonly clientAffinityTimeout?: Duration;

  /**
   * Whether pods that are not ready are listed too (stateful peers that must find each other to become ready).
   *
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
}

/**
 * A Service: one stable address and DNS name for an application's pods, which balances requests across them.
 *
 * It selects the pods by the application's stable labels, so that two workloads of one application (release
 * tracks) sit behind it; it targets container ports by name, and tells other constructs its address
 * (`dnsName`, `address()`, `url()`).
 *
 * @example
 * const service = new AppService(this, 'Service', { workload: web, ports: [{ name: 'http', port: 80 }] });
 * service.url('http'); // 'http://web.shop.svc.cluster.local:80'
 */
export class AppService extends Construct {
  /** The cdk8s-plus-34 Service. */
  public readonly service: kplus.Service;
  /** The name of the Service. */
  public readonly name: string;
  /** The ports of the Service, as given or derived. */
  public readonly ports: AppServicePort[];
  /** How the Service is exposed. */
  public readonly exposure: ServiceExposure;
  /** The application whose pods the Service selects (none for an ExternalName Service). */
  public readonly identity?: AppIdentity;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    checkProps(this, props, 'the props of the Service: a workload or an identity, or an ExternalName exposure');
    if (props.workload !== undefined) {
      checkAppWorkload(this, 'workload', props.workload);
    }
    if (props.identity !== undefined && !(props.identity instanceof AppIdentity)) {
      throw inputError(this, 'identity', props.identity, 'it is not an AppIdentity', 'new AppIdentity(scope, \'Identity\', { name: ... })');
    }
    if (props.exposure !== undefined && !(props.exposure instanceof ServiceExposure)) {
      throw inputError(this, 'exposure', props.exposure, 'it is not a ServiceExposure', 'ServiceExposure.clusterIp(), nodePort(), loadBalancer(), headless() or externalName()');
    }
    checkList(this, 'ports', props.ports, 'a list of Service ports, e.g. [{ name: "http", port: 80, targetPortName: "http" }]', 'object');
    const exposure = props.exposure ?? ServiceExposure.clusterIp();
    this.exposure = exposure;
    const external = exposure.type === kplus.ServiceType.EXTERNAL_NAME;
    const identity = props.identity ?? props.workload?.identity;
    this.identity = identity;
    if (!external && !identity) {
      throw inputError(this, 'workload', undefined, 'the Service has no pods to select', 'a workload, or an identity whose pods the Service selects');
    }
    if (external && (props.workload || props.identity)) {
      throw inputError(this, 'workload', props.workload?.node.path ?? props.identity?.name, 'an ExternalName Service selects no pods',
        'no workload and no identity with ServiceExposure.externalName()');
    }
    this.name = FormatRule.DNS1035_LABEL.check(this, 'name', props.name ?? identity?.name ?? '');
    const given = props.clientAffinityTimeout;
    const { annotations, spec } = exposure._serviceSpec(this, given === undefined ? undefined : { prop: 'clientAffinityTimeout', timeout: given });

    const containerPorts = props.workload?.containerPorts;
    this.ports = external ? [] : props.ports ?? Object.keys(containerPorts ?? {}).map((name) => ({ name, port: containerPorts![name] }));
    if (!external && this.ports.length === 0) {
      throw inputError(this, 'ports', props.ports, 'the Service has no port (and the workload declares no named container port)',
        'at least one port, e.g. { name: "http", port: 80, targetPortName: "http" }');
    }
    this.checkPorts(exposure, containerPorts);

    // The Service belongs to the application, not to a release track: the track label stays in its selector only,
    // so that switching tracks changes nothing but the selector.
    const labels = identity?.sharedLabels;
    this.service = new kplus.Service(this, 'Resource', {
      metadata: { name: this.name, labels, annotations },
      type: exposure.type,
      clusterIP: exposure.isHeadless ? 'None' : undefined,
      externalName: exposure.externalHostname,
      loadBalancerSourceRanges: exposure.sourceRanges,
      ports: this.ports.map((p) => ({ name: p.name, port: p.port, nodePort: p.nodePort, protocol: p.protocol })),
    });
    claimObjectName(this, 'name', ApiObject.of(this.service));
    if (identity) {
      identity.targetPods(this.service);
    }

    // cdk8s-plus-34 has numeric target ports only, and no appProtocol, traffic policies, IP families, load balancer
    // class, health check node port, session affinity or publishNotReadyAddresses. Patch values are in the typed shape
    // of its L1 object (IntOrString objects, `clientIp`), which its Service turns into the API's names.
    const apiObject = ApiObject.of(this.service);
    if (!external) {
      // A native sidecar's port by number: before 1.32 Kubernetes resolves no named port of a native sidecar into the
      // endpoints (see AppWorkload.nativeSidecarPorts), and a number works on every version.
      const sidecarPorts = new Map(Object.entries(props.workload?.nativeSidecarPorts ?? {}));
      const targetOf = (name: string) => {
        const sidecarPort = sidecarPorts.get(name);
        return sidecarPort !== undefined ? kplus.k8s.IntOrString.fromNumber(sidecarPort) : kplus.k8s.IntOrString.fromString(name);
      };
      const ports: kplus.k8s.ServicePort[] = this.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: targetOf(p.targetPortName ?? p.name),
        nodePort: p.nodePort,
        protocol: p.protocol,
        appProtocol: p.appProtocol,
      }));
      apiObject.addJsonPatch(JsonPatch.replace('/spec/ports', ports));
    }
    for (const [field, value] of Object.entries(spec)) {
      if (value !== undefined) {
        apiObject.addJsonPatch(JsonPatch.add(`/spec/${field}`, value));
      }
    }
    if (props.publishNotReadyAddresses) {
      apiObject.addJsonPatch(JsonPatch.add('/spec/publishNotReadyAddresses', true));
    }
  }

  /** The Kubernetes object of the Service. */
  public get apiObject(): ApiObject {
    return ApiObject.of(this.service);
  }

  /**
   * The namespace of the Service: its chart's, or `default`.
   */
  public get namespace(): string {
    return this.apiObject.metadata.namespace ?? 'default';
  }

  /**
   * The in-cluster DNS name of the Service, e.g. `shop-api.shop.svc.cluster.local`.
   */
  public get dnsName(): string {
    return `${this.name}.${this.namespace}.svc.cluster.local`;
  }

  /**
   * The address of a port of the Service, `<dnsName>:<port>`, for other applications' configuration.
   *
   * @param portName the name of the port
   * @default - the first port
   */
  public address(portName?: string): string {
    return `${this.dnsName}:${this.portOf(portName).port}`;
  }

  /**
   * The URL of a port of the Service, e.g. `http://shop-api.shop.svc.cluster.local:80`.
   *
   * @param portName the name of the port (the first port when not given)
   * @param scheme the scheme
   */
  public url(portName?: string, scheme: string = 'http'): string {
    return `${scheme}://${this.address(portName)}`;
  }

  /**
   * A port of the Service, by name (the first port when no name is given).
   *
   * @throws when the Service has no port of that name
   */
  public portOf(portName?: string): AppServicePort {
    if (this.ports.length === 0) {
      throw inputError(this, 'address(portName)', portName, 'an ExternalName Service has no port', `the host ${this.exposure.externalHostname}`);
    }
    const port = portName === undefined ? this.ports[0] : this.ports.find((p) => p.name === portName);
    if (!port) {
      throw inputError(this, 'address(portName)', portName, 'the Service has no port of that name', `one of ${this.ports.map((p) => p.name).join(', ')}`);
    }
    return port;
  }

  private checkPorts(exposure: ServiceExposure, containerPorts: Record<string, number> | undefined): void {
    const names = new Map<string, number>();
    const numbers = new Map<string, number>();
    this.ports.forEach((p, i) => {
      const at = `ports[${i}]`;
      FormatRule.PORT_NAME.check(this, `${at}.name`, p.name);
      FormatRule.checkPortNumber(this, `${at}.port`, p.port);
      if (names.has(p.name)) {
        throw inputError(this, `${at}.name`, p.name, `ports[${names.get(p.name)}] has the same name`, 'a port name unique in the Service');
      }
      names.set(p.name, i);
      const key = `${p.port}/${p.protocol ?? kplus.Protocol.TCP}`;
      if (numbers.has(key)) {
        throw inputError(this, `${at}.port`, p.port, `ports[${numbers.get(key)}] has the same port and protocol`, 'a port number (and protocol) unique in the Service');
      }
      numbers.set(key, i);
      const target = p.targetPortName ?? p.name;
      FormatRule.PORT_NAME.check(this, `${at}.targetPortName`, target);
      if (containerPorts && !(target in containerPorts)) {
        const declared = Object.keys(containerPorts);
        throw inputError(this, `${at}.targetPortName`, target, 'no container of the workload declares a port of that name',
          declared.length > 0 ? `one of the container ports: ${declared.join(', ')}` : 'a port declared by a container of the workload (it declares none)');
      }
      exposure._checkServicePort(this, at, p.port, p.nodePort);
    });
  }
}
