import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { normalizeUrl, promDuration } from './monitoring-names';
import { Probe, ProbeSpecProberScheme } from '../../imports/monitoring.coreos.com';
import { checkSeconds, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { PlatformDefaults } from '../core/platform-defaults';

/**
 * The prober that a blackbox exporter module runs (the `prober` of the module in the exporter's configuration): it
 * decides what a target is.
 *
 * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
 */
export enum BlackboxProber {
  /** HTTP(S) requests: the targets are URLs, `http://host[:port]/path` or `https://...`. */
  HTTP = 'http',
  /** TCP connections (plain, with TLS, or with a query and its expected response): the targets are `host:port`. */
  TCP = 'tcp',
  /** gRPC health checks: the targets are `host:port`. */
  GRPC = 'grpc',
  /** ICMP echo requests: the targets are hosts. */
  ICMP = 'icmp',
  /** DNS queries: the targets are DNS servers, `host` or `host:port`. */
  DNS = 'dns',
}

/** The probers by the start of a module's name, as the exporter's example configuration names them. */
const PROBER_PREFIXES: Array<[RegExp, BlackboxProber]> = [
  [/^http/, BlackboxProber.HTTP],
  [/^grpc/, BlackboxProber.GRPC],
  [/^(tcp|tls|ssh|irc|pop3|imap|smtp)/, BlackboxProber.TCP],
  [/^icmp/, BlackboxProber.ICMP],
  [/^dns/, BlackboxProber.DNS],
];

const HOST = '(?:[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])';
const HOST_PORT = new RegExp(`^${HOST}:([0-9]{1,5})$`);
const HOST_ONLY = new RegExp(`^${HOST}$`);
const URL_TARGET = /^https?:\/\/[^\s/]+(\/\S*)?$/i;
/** The address of an in-cluster Service: `<service>.<namespace>.svc[.<cluster domain>][:port]`. */
const SERVICE_ADDRESS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.[a-z0-9.-]+)?(:[0-9]{1,5})?$/;

/**
 * Properties of a {@link BlackboxProbe}.
 */
export interface BlackboxProbeProps {
  /** The name of the Probe resource, and the `job` label of its results (`probe_success{job="<name>"}`). */
  readonly name: string;

  /**
   * The targets, each once, in the form the module's prober takes: URLs for an HTTP module
   * (`https://shop.example.com/`, `http://web.shop.svc.cluster.local:80/healthz`); `host:port` for a TCP or gRPC module
   * (`mysql.shop.svc.cluster.local:3306`); hosts for ICMP; `host[:port]` for DNS.
   *
   * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
   */
  readonly targets: string[];

  /**
   * The name of the application the targets belong to (the `application` label of the results).
   *
   * @default - none
   */
  readonly applicationName?: string;

  /**
   * The blackbox exporter module.
   *
   * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
   * @default - the platform default `blackboxModule` (built in: "http_2xx"), an HTTP module
   */
  readonly module?: string;

  /**
   * The prober the module runs, which decides the form of the targets.
   *
   * @see https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md
   * @default - read from the module's name (`BlackboxProbe.proberOf`); a module whose name does not tell is refused
   * without it. The platform default `blackboxModule` is an HTTP module.
   */
  readonly prober?: BlackboxProber;

  /**
   * The address (host:port) of the blackbox exporter.
   *
   * @default - the platform default `blackboxExporterAddress`
   */
  readonly proberAddress?: string;

  /**
   * How often the targets are probed.
   *
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
}

/**
 * A black-box check from outside the application: a `Probe` resource (monitoring.coreos.com/v1) that makes
 * Prometheus ask the blackbox exporter to probe the targets (a Service's in-cluster address, the published URLs).
 *
 * @see https://prometheus-operator.dev/docs/developer/blackbox-exporter/
 */
export class BlackboxProbe extends Construct {
  /**
   * The prober that a module runs, read from its name as the exporter's example configuration names modules:
   * `http...` HTTP; `grpc...` gRPC; `tcp...`, `tls...`, `ssh...`, `irc...`, `pop3...`, `imap...`, `smtp...` TCP;
   * `icmp...` ICMP; `dns...` DNS.
   *
   * @param module the name of the module, e.g. `http_2xx` or `tcp_connect`
   * @returns the prober, or undefined when the name does not tell
   */
  public static proberOf(module: string): BlackboxProber | undefined {
    const found = PROBER_PREFIXES.find(([prefix]) => prefix.test(module));
    return found === undefined ? undefined : found[1];
  }

  /**
   * The namespace of a blackbox exporter, read from its address when that is an in-cluster Service address
   * (`<service>.<namespace>.svc[.<cluster domain>][:port]`).
   *
   * @param address the address of the exporter, e.g. `blackbox-exporter.monitoring.svc:9115`
   * @returns the namespace, or undefined for another address
   */
  public static exporterNamespace(address: string): string | undefined {
    return SERVICE_ADDRESS.exec(address)?.[2];
  }

  /** The Probe resource. */
  public readonly probe: Probe;
  /** The `job` label of the probe's results. */
  public readonly jobName: string;
  /** The module. */
  public readonly module: string;
  /** The prober the module runs. */
  public readonly prober: BlackboxProber;
  /** The address (host:port) of the blackbox exporter. */
  public readonly proberAddress: string;

  constructor(scope: Construct, id: string, props: BlackboxProbeProps) {
    super(scope, id);
    const defaults = PlatformDefaults.of(this);
    const name = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', props.name);
    const address = props.proberAddress ?? defaults.blackboxExporterAddress;
    if (address === undefined) {
      throw inputError(this, 'proberAddress', undefined, 'there is no blackbox exporter to probe with',
        'the platform default blackboxExporterAddress (e.g. "blackbox-exporter.monitoring.svc:9115"), or proberAddress');
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/.test(address)) {
      throw inputError(this, 'proberAddress', address, 'it is not a host with an optional port', 'host:port without scheme');
    }
    const module = props.module ?? defaults.blackboxModule ?? 'http_2xx';
    const probers = Object.values(BlackboxProber) as string[];
    if (props.prober !== undefined && !probers.includes(props.prober)) {
      throw inputError(this, 'prober', props.prober, 'it is not a prober of the blackbox exporter', `one of ${probers.map((p) => JSON.stringify(p)).join(', ')}`);
    }
    const prober = props.prober ?? (props.module === undefined ? BlackboxProber.HTTP : BlackboxProbe.proberOf(module));
    if (prober === undefined) {
      throw inputError(this, 'module', module, 'its name does not tell which prober it runs, which decides the form of the targets',
        'a module named after its prober (http..., tcp..., tls..., grpc..., icmp..., dns...), or the prober given (`prober`)');
    }
    const form = TARGET_FORMS[prober];
    if (!Array.isArray(props.targets) || props.targets.length === 0) {
      const problem = props.targets === undefined || Array.isArray(props.targets) ? 'there is no target' : `it is ${kindOfValue(props.targets)}, not a list`;
      throw inputError(this, 'targets', props.targets, problem, `a list of one or more targets: ${form.accepted}`);
    }
    const seen = new Map<string, number>();
    props.targets.forEach((target, i) => {
      if (typeof target !== 'string' || !form.test(target)) {
        const what = prober === BlackboxProber.HTTP ? 'it is not an http(s) URL'
          : `the module ${module} runs the ${prober} prober, which takes ${form.what}${typeof target === 'string' && /^[a-z]+:\/\//i.test(target) ? ', not a URL' : ''}`;
        throw inputError(this, `targets[${i}]`, target, what, form.accepted);
      }
      const key = prober === BlackboxProber.HTTP ? normalizeUrl(target) : target.toLowerCase();
      if (seen.has(key)) {
        throw inputError(this, `targets[${i}]`, target, `it is the same target as targets[${seen.get(key)}] (each target is probed once)`, 'each target once');
      }
      seen.set(key, i);
    });
    const interval = checkSeconds(this, 'interval', props.interval ?? Duration.seconds(30), { min: 1 });
    const labels: Record<string, string> = { ...defaults.prometheusSelectorLabels };
    if (props.applicationName !== undefined) {
      FormatRule.LABEL_VALUE.check(this, 'applicationName', props.applicationName);
      labels['app.kubernetes.io/name'] = props.applicationName;
    }
    this.jobName = name;
    this.module = module;
    this.prober = prober;
    this.proberAddress = address;
    this.probe = new Probe(this, 'Resource', {
      metadata: { name, labels },
      spec: {
        jobName: name,
        module,
        interval: promDuration(interval),
        prober: { url: address, path: '/probe', scheme: ProbeSpecProberScheme.HTTP },
        targets: {
          staticConfig: {
            static: [...props.targets],
            labels: props.applicationName !== undefined ? { application: props.applicationName } : undefined,
          },
        },
      },
    });
  }
}

/** The form of the targets of each prober. */
const TARGET_FORMS: Record<BlackboxProber, { test: (target: string) => boolean; what: string; accepted: string }> = {
  [BlackboxProber.HTTP]: { test: (t) => URL_TARGET.test(t), what: 'URLs', accepted: 'a URL such as "https://shop.example.com/healthz"' },
  [BlackboxProber.TCP]: { test: isHostPort, what: 'host:port (no scheme, no path)', accepted: 'host:port, e.g. "mysql.shop.svc.cluster.local:3306"' },
  [BlackboxProber.GRPC]: { test: isHostPort, what: 'host:port (no scheme, no path)', accepted: 'host:port, e.g. "api.shop.svc.cluster.local:9000"' },
  [BlackboxProber.ICMP]: { test: (t) => HOST_ONLY.test(t), what: 'a host (no scheme, no port)', accepted: 'a host, e.g. "gateway.example.com"' },
  [BlackboxProber.DNS]: {
    test: (t) => HOST_ONLY.test(t) || isHostPort(t), what: 'a DNS server, host or host:port', accepted: 'a host or host:port, e.g. "kube-dns.kube-system.svc:53"',
  },
};

function isHostPort(target: string): boolean {
  const port = HOST_PORT.exec(target)?.[1];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
}
