import { Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { mainContainerPorts } from './monitoring-names';
import { checkInt32, checkInt32Seconds, checkObject, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { podSpecPath } from '../core/patches';
import { AppWorkload } from '../workload/app-workload';
import { checkAppWorkload } from '../workload/workload-checks';

/**
 * How often and how patiently a probe checks.
 */
export interface ProbeTiming {
  /**
   * How long after the container starts the first check runs.
   *
   * @default Duration.seconds(0)
   */
  readonly initialDelay?: Duration;

  /**
   * How often the check runs.
   *
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;

  /**
   * How long one check may take.
   *
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;

  /**
   * How many failed checks in a row make the probe fail.
   *
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * How many successful checks in a row make a failed probe succeed again (1 for liveness and startup probes).
   *
   * @default 1
   */
  readonly successThreshold?: number;
}

/** The scheme of an HTTP probe. */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS (the certificate is not verified). */
  HTTPS = 'HTTPS',
}

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends ProbeTiming {
  /**
   * The name of the container port.
   *
   * @default - the container's first port
   */
  readonly portName?: string;

  /**
   * The scheme.
   *
   * @default ProbeScheme.HTTP
   */
  readonly scheme?: ProbeScheme;

  /**
   * Headers of the request: names of letters, digits and "-" ({@link FormatRule.HTTP_HEADER_NAME}, the characters of
   * an RFC 7230 token that Kubernetes accepts), string values.
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#http-probes
   * @default - none
   */
  readonly headers?: { [name: string]: string };
}

/** Options of a TCP probe. */
export interface TcpProbeOptions extends ProbeTiming {
  /**
   * The name of the container port.
   *
   * @default - the container's first port
   */
  readonly portName?: string;
}

/** Options of a gRPC probe. */
export interface GrpcProbeOptions extends ProbeTiming {
  /**
   * The name of the container port (the probe is written with its number: gRPC probes take numbers only).
   *
   * @default - the container's first port
   */
  readonly portName?: string;

  /**
   * The service name in the gRPC health check request.
   *
   * @default - the server's overall health
   */
  readonly service?: string;
}

/**
 * A check of a container's health: an HTTP GET, a TCP connection, a command, or a gRPC health check.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class HealthProbe {
  /** Healthy when an HTTP GET of the path answers with a status from 200 to 399. */
  public static httpGet(path: string, options: HttpProbeOptions = {}): HealthProbe {
    const o = optionsOf(options);
    return new HealthProbe('http', o, { path, portName: o.portName, scheme: o.scheme, headers: o.headers }, options);
  }

  /** Healthy when a TCP connection to the port opens. */
  public static tcp(options: TcpProbeOptions = {}): HealthProbe {
    const o = optionsOf(options);
    return new HealthProbe('tcp', o, { portName: o.portName }, options);
  }

  /** Healthy when the command exits with 0 (it runs in the container: mind its cost). */
  public static exec(command: string[], options: ProbeTiming = {}): HealthProbe {
    return new HealthProbe('exec', optionsOf(options), { command }, options);
  }

  /**
   * Healthy when the gRPC health check answers SERVING (GA in Kubernetes 1.27; written by JSON patch, as with cdk8s-plus-27, which had no gRPC probe).
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-grpc-liveness-probe
   */
  public static grpc(options: GrpcProbeOptions = {}): HealthProbe {
    const o = optionsOf(options);
    return new HealthProbe('grpc', o, { portName: o.portName, service: o.service }, options);
  }

  /** The kind of check: `http`, `tcp`, `exec` or `grpc`. */
  public readonly kind: string;
  /** The timing. */
  public readonly timing: ProbeTiming;
  /** @internal */
  public readonly _action: {
    path?: string; portName?: string; scheme?: ProbeScheme; headers?: Record<string, string>; command?: string[]; service?: string;
  };

  /**
   * The options an untyped caller gave that are not an object (the factories have no construct to name in an error:
   * `ContainerProbes.addTo` refuses them).
   *
   * @internal
   */
  public readonly _refusedOptions?: { readonly value: unknown };

  private constructor(kind: string, timing: ProbeTiming, action: HealthProbe['_action'], given?: unknown) {
    if (given !== undefined && timing !== given) {
      this._refusedOptions = { value: given };
    }
    this.kind = kind;
    this.timing = {
      initialDelay: timing.initialDelay,
      period: timing.period,
      timeout: timing.timeout,
      failureThreshold: timing.failureThreshold,
      successThreshold: timing.successThreshold,
    };
    this._action = action;
  }

  /**
   * The same check with another timing (e.g. a startup probe that waits longer).
   */
  public withTiming(timing: ProbeTiming): HealthProbe {
    const given = optionsOf(timing);
    return new HealthProbe(this.kind, { ...this.timing, ...given }, this._action, given === timing ? this._refusedOptions?.value : timing);
  }
}

/** The options of a probe factory; `{}` for options that are not an object (kept to be refused by `ContainerProbes.addTo`). */
function optionsOf<T extends object>(options: T): T {
  return typeof options === 'object' && options !== null && !Array.isArray(options) ? options : {} as T;
}

/**
 * The probes of one container.
 */
export interface ContainerProbesProps {
  /**
   * The container (by name).
   *
   * @default - the main container
   */
  readonly container?: string;

  /**
   * Whether the container is ready for traffic; a failing readiness takes the pod out of its Services.
   *
   * @default - no readiness probe
   */
  readonly readiness?: HealthProbe;

  /**
   * Whether the container is alive; a failing liveness restarts the container.
   *
   * @default - no liveness probe
   */
  readonly liveness?: HealthProbe;

  /**
   * Whether the container has started; the other probes wait until it succeeds (for slow starters).
   *
   * @default - no startup probe
   */
  readonly startup?: HealthProbe;

  /**
   * Whether a liveness probe may be the same check as the readiness probe. It usually should not: when a
   * dependency fails, every pod turns unready and is restarted at once, a restart storm.
   *
   * @default false
   */
  readonly allowLivenessLikeReadiness?: boolean;
}

/**
 * Options of the default probes of a container.
 */
export interface DefaultProbesOptions {
  /**
   * The HTTP path of the readiness check.
   *
   * @default - a TCP check of the port
   */
  readonly readinessPath?: string;

  /**
   * The name of the port.
   *
   * @default - the main container's first port
   */
  readonly portName?: string;

  /**
   * How long the container may take to start: a startup probe gives it that long before the other probes count.
   *
   * @default - no startup probe
   */
  readonly slowStart?: Duration;
}

/**
 * Puts probes on the containers of a workload (a JSON patch of the pod spec for each: cdk8s-plus-34 takes probes
 * only when a container is made, and has no gRPC probe), and checks them: a probe's port must be a port the
 * container declares, thresholds must be at least 1, and liveness must not be the readiness check.
 */
export class ContainerProbes {
  /**
   * Puts probes on a container of a workload.
   */
  public static addTo(workload: AppWorkload, props: ContainerProbesProps): void {
    checkAppWorkload(undefined, 'ContainerProbes.addTo(workload)', workload);
    if (typeof props !== 'object' || props === null || Array.isArray(props)) {
      throw inputError(workload, 'probes', props, `it is ${kindOfValue(props)}, not an object`, PROBES_ACCEPTED);
    }
    for (const field of ['readiness', 'liveness', 'startup'] as const) {
      const probe: unknown = props[field];
      if (probe !== undefined && !(probe instanceof HealthProbe)) {
        throw inputError(workload, `probes.${field}`, probe, 'it is not a HealthProbe', PROBE_ACCEPTED);
      }
      if (probe instanceof HealthProbe && probe._refusedOptions !== undefined) {
        throw inputError(workload, `probes.${field}`, probe._refusedOptions.value, `the options of the ${probe.kind} probe are ${kindOfValue(probe._refusedOptions.value)}, not an object`,
          'the options as an object, e.g. HealthProbe.httpGet("/healthz", { portName: "http" }), or no options');
      }
    }
    const name = props.container ?? workload.mainContainerName;
    // The main container and regular sidecars, or a native sidecar (an init container with restartPolicy: Always,
    // which takes probes; an init container that runs to completion does not).
    const nativeSidecar = (c: kplus.Container) => c.restartPolicy === kplus.ContainerRestartPolicy.ALWAYS;
    const list = workload.workload.containers.some((c) => c.name === name) ? 'containers' : 'initContainers';
    const containers = list === 'containers' ? workload.workload.containers : workload.workload.initContainers;
    const index = containers.findIndex((c) => c.name === name && (list === 'containers' || nativeSidecar(c)));
    if (index < 0) {
      throw inputError(workload, 'probes.container', name,
        'the pod has no container of that name that takes probes (the main container and the sidecars do, init containers do not)',
        `one of ${[...workload.workload.containers, ...workload.workload.initContainers.filter(nativeSidecar)].map((c) => c.name).join(', ')}`);
    }
    const ports = containerPorts(containers[index]);
    if (props.liveness && props.readiness && !props.allowLivenessLikeReadiness && sameCheck(props.liveness, props.readiness)) {
      throw inputError(workload, 'probes.liveness', props.liveness.kind,
        'it is the same check as the readiness probe: when it fails, every pod is restarted at once (a restart storm)',
        'a liveness check of the process only (e.g. another path, a longer period and threshold), or `allowLivenessLikeReadiness: true`');
    }
    const path = `${podSpecPath(workload.workload)}/${list}/${index}`;
    for (const [field, probe] of [['readinessProbe', props.readiness], ['livenessProbe', props.liveness], ['startupProbe', props.startup]] as const) {
      if (!probe) {
        continue;
      }
      const prop = `probes.${field.replace('Probe', '')}`;
      const given = probesGiven(workload);
      if (given.has(`${name}/${field}`)) {
        throw inputError(workload, prop, probe.kind, `the container ${name} already has a ${field.replace('Probe', '')} probe`, 'one probe of each kind per container');
      }
      workload.apiObject.addJsonPatch(JsonPatch.add(`${path}/${field}`, toKube(workload, prop, probe, ports, field !== 'readinessProbe')));
      given.add(`${name}/${field}`);
    }
  }

  /**
   * Sensible default probes: readiness on the main port (an HTTP GET of `readinessPath`, or a TCP check), and a
   * startup probe that gives a slow starter `slowStart` to come up. No liveness probe: a liveness check must know
   * what "stuck" means for the application.
   */
  public static defaults(workload: AppWorkload, options: DefaultProbesOptions = {}): ContainerProbesProps {
    checkAppWorkload(undefined, 'ContainerProbes.defaults(workload)', workload);
    checkObject(workload, 'defaultProbes', options, 'the options of the default probes: { readinessPath?, portName?, slowStart? }');
    const ports = mainContainerPorts(workload);
    const portName = options.portName ?? ports[0];
    if (portName === undefined) {
      throw inputError(workload, 'probes', undefined, 'the main container declares no port to probe', 'a container port, or probes of your own (e.g. HealthProbe.exec)');
    }
    const readiness = options.readinessPath !== undefined ? HealthProbe.httpGet(options.readinessPath, { portName }) : HealthProbe.tcp({ portName });
    let startup: HealthProbe | undefined;
    if (options.slowStart !== undefined) {
      const seconds = checkInt32Seconds(workload, 'probes.slowStart', options.slowStart, { min: 10 });
      startup = readiness.withTiming({ period: Duration.seconds(10), failureThreshold: Math.ceil(seconds / 10) });
    }
    return { readiness, startup };
  }

  private constructor() {}
}

const PROBES_ACCEPTED = 'the probes of a container: { readiness?, liveness?, startup?, container? }, each a HealthProbe';
const PROBE_ACCEPTED = 'a HealthProbe, e.g. HealthProbe.httpGet("/healthz"), HealthProbe.tcp(), HealthProbe.exec([...]) or HealthProbe.grpc()';
const HEADERS_ACCEPTED = 'a map of header names to values, e.g. { "X-Probe": "kubelet" }';

const PROBES_GIVEN = new WeakMap<AppWorkload, Set<string>>();

/** The probes put on the workload's containers so far, as `<container>/<field>`. */
function probesGiven(workload: AppWorkload): Set<string> {
  let given = PROBES_GIVEN.get(workload);
  if (!given) {
    given = new Set();
    PROBES_GIVEN.set(workload, given);
  }
  return given;
}

function containerPorts(container: kplus.Container): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const p of container.ports) {
    if (p.name) {
      ports[p.name] = p.number;
    }
  }
  return ports;
}

function sameCheck(a: HealthProbe, b: HealthProbe): boolean {
  return a.kind === b.kind && JSON.stringify(a._action) === JSON.stringify(b._action)
    && JSON.stringify(timingSeconds(a.timing)) === JSON.stringify(timingSeconds(b.timing));
}

function timingSeconds(t: ProbeTiming): unknown[] {
  // Not integral, and as text (NaN is not null): the timings are checked after this comparison.
  const millis = (d: Duration | undefined) => (d instanceof Duration ? String(d.toMilliseconds({ integral: false })) : d);
  return [millis(t.initialDelay), millis(t.period), millis(t.timeout), t.failureThreshold, t.successThreshold];
}

/**
 * The probe in the typed shape of cdk8s-plus-34's L1 pod spec (IntOrString ports), checked.
 */
function toKube(workload: AppWorkload, prop: string, probe: HealthProbe, ports: Record<string, number>, singleSuccess: boolean): kplus.k8s.Probe {
  const t = probe.timing;
  for (const [field, value, min] of [['failureThreshold', t.failureThreshold, 1], ['successThreshold', t.successThreshold, 1]] as const) {
    if (value !== undefined) {
      checkInt32(workload, `${prop}.${field}`, value, { min, what: 'a number of checks: an integer' });
    }
  }
  if (singleSuccess && t.successThreshold !== undefined && t.successThreshold !== 1) {
    throw inputError(workload, `${prop}.successThreshold`, t.successThreshold, 'liveness and startup probes succeed after one success', '1 (or no successThreshold)');
  }
  const seconds = (field: string, d: Duration | undefined, min: number) => (d === undefined ? undefined : checkInt32Seconds(workload, `${prop}.${field}`, d, { min }));
  const a = probe._action;
  const port = (): string => {
    const name = a.portName ?? Object.keys(ports)[0];
    if (name === undefined) {
      throw inputError(workload, `${prop}.portName`, a.portName, 'the container declares no port', 'a probe of a declared container port, or HealthProbe.exec');
    }
    FormatRule.PORT_NAME.check(workload, `${prop}.portName`, name);
    if (!(name in ports)) {
      throw inputError(workload, `${prop}.portName`, name, 'the container declares no port of that name', `one of its ports: ${Object.keys(ports).join(', ') || '(none)'}`);
    }
    return name;
  };
  const result: kplus.k8s.Probe = {
    initialDelaySeconds: seconds('initialDelay', t.initialDelay, 0),
    periodSeconds: seconds('period', t.period, 1),
    timeoutSeconds: seconds('timeout', t.timeout, 1),
    failureThreshold: t.failureThreshold,
    successThreshold: t.successThreshold,
  };
  switch (probe.kind) {
    case 'http':
      if (typeof a.path !== 'string' || !a.path.startsWith('/')) {
        // An untyped caller may give the options in place of the path: HealthProbe.httpGet({ path, portName }).
        throw inputError(workload, `${prop}.path`, a.path, typeof a.path === 'string' ? 'it does not start with "/"' : `it is ${kindOfValue(a.path)}, not a string`,
          'a path such as "/healthz": HealthProbe.httpGet("/healthz", { portName: "http" })');
      }
      return {
        ...result,
        httpGet: {
          path: a.path,
          port: kplus.k8s.IntOrString.fromString(port()),
          scheme: a.scheme,
          httpHeaders: httpHeaders(workload, `${prop}.headers`, a.headers),
        },
      };
    case 'tcp':
      return { ...result, tcpSocket: { port: kplus.k8s.IntOrString.fromString(port()) } };
    case 'exec':
      checkCommand(workload, `${prop}.command`, a.command);
      return { ...result, exec: { command: a.command } };
    default:
      return { ...result, grpc: { port: ports[port()], service: a.service } };
  }
}

/**
 * The headers of an HTTP probe as Kubernetes writes them, checked: names that Kubernetes accepts (its
 * `IsHTTPHeaderName`: letters, digits and "-"), string values.
 */
function httpHeaders(workload: AppWorkload, prop: string, headers: Record<string, string> | undefined): kplus.k8s.HttpHeader[] | undefined {
  if (checkObject(workload, prop, headers, HEADERS_ACCEPTED) === undefined) {
    return undefined;
  }
  return Object.keys(headers!).map((name) => {
    const problem = FormatRule.HTTP_HEADER_NAME.problemWith(name);
    if (problem !== undefined) {
      throw inputError(workload, prop, name, `${problem} in a header name`, `an ${FormatRule.HTTP_HEADER_NAME.ruleName}: ${FormatRule.HTTP_HEADER_NAME.accepted}`);
    }
    const value: unknown = headers![name];
    if (typeof value !== 'string') {
      throw inputError(workload, `${prop}[${JSON.stringify(name)}]`, value, `it is ${kindOfValue(value)}, not a string`, 'a header value as a string, e.g. "kubelet"');
    }
    return { name, value };
  });
}

/**
 * Refuses an exec probe's command that is not a non-empty list of strings.
 */
function checkCommand(workload: AppWorkload, prop: string, command: unknown): void {
  const accepted = 'a command and its arguments as a list of strings, e.g. ["pg_isready", "-U", "postgres"]';
  if (!Array.isArray(command)) {
    throw inputError(workload, prop, command, 'it is not a list', accepted);
  }
  if (command.length === 0) {
    throw inputError(workload, prop, command, 'the command is empty', accepted);
  }
  const item = command.findIndex((c) => typeof c !== 'string');
  if (item >= 0) {
    throw inputError(workload, `${prop}[${item}]`, command[item], 'it is not a string', accepted);
  }
}
