import {
  apiGroupOf, arrayOf, containersOf, describeResource, isObject, joinPath, ManifestModel, namespaceOf,
  PodTemplate, stringMap,
} from '../../analysis';
import { matcherMatches, VectorSelector, vectorSelectors } from '../../analysis/promql';
import { generatedName } from '../../core/generated-names';
import { compositeKey, pushTo } from '../../core/label-index';
import { escapeRegex } from '../../core/promql';
import { ManifestObject, RawFinding } from '../types';

/*
 * The rules on monitoring that means what it says (works-when-applied): probe-module, probe-target-unique,
 * monitor-selects, alert-matches, version-label. They read Prometheus operator objects (Probe, ServiceMonitor,
 * PodMonitor, PrometheusRule) of any manifests, and judge only what the manifests determine: the namespaces they
 * hold, the Services and pods in them, and the names and labels of the series those make.
 */

export function monitoringFindings(model: ManifestModel): RawFinding[] {
  const monitoring = new MonitoringModel(model);
  return [
    ...probeModules(monitoring),
    ...probeTargetsUnique(monitoring),
    ...monitorsSelect(monitoring),
    ...alertsMatch(monitoring),
    ...versionLabels(model),
  ];
}

const OPERATOR_GROUP = 'monitoring.coreos.com';
const VERSION_LABEL = 'app.kubernetes.io/version';
const NAME_LABEL = 'app.kubernetes.io/name';
const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** A label set of a series, for the labels the manifests determine (`undefined`: not known). */
type Series = Readonly<Record<string, string | undefined>>;

/** A workload whose pods make series: its sample pod name and its containers. */
interface Workload {
  readonly pod: PodTemplate;
  readonly object: ManifestObject;
  /** A pod name as its controller makes them, e.g. `web-7d9f8b6c5d-x2x4z`. */
  readonly podName: string;
  /** A regular expression of its pod names, e.g. `web-[a-z0-9]+-[a-z0-9]+`, for fixes. */
  readonly podPattern: { readonly prefix: string; readonly suffix: string };
  /** The names of its containers and init containers. */
  readonly containers: readonly string[];
}

/**
 * What each controller adds to its name to name a pod (a sample, and the pattern of all): the sample's generated part,
 * when the API server generates the name (`generateName`), is the base it cuts to 58 characters and 5 random ones.
 */
const POD_SUFFIXES: Record<string, { sample: string; random?: string; pattern: string }> = {
  Deployment: { sample: '-7d9f8b6c5d-', random: 'x2x4z', pattern: '-[a-z0-9]+-[a-z0-9]+' },
  StatefulSet: { sample: '-0', pattern: '-[0-9]+' },
  DaemonSet: { sample: '-', random: 'x2x4z', pattern: '-[a-z0-9]+' },
  ReplicaSet: { sample: '-', random: 'x2x4z', pattern: '-[a-z0-9]+' },
  ReplicationController: { sample: '-', random: 'x2x4z', pattern: '-[a-z0-9]+' },
  Job: { sample: '-', random: 'x2x4z', pattern: '-[a-z0-9]+' },
  CronJob: { sample: '-29000000-', random: 'x2x4z', pattern: '-[0-9]+-[a-z0-9]+' },
  Pod: { sample: '', pattern: '' },
};

/** A target that Prometheus scrapes (a ServiceMonitor's Service, a PodMonitor's pods, a Probe), with its series. */
interface ScrapeTarget {
  readonly family: 'ServiceMonitor' | 'PodMonitor' | 'Probe';
  /** The object whose series these are: the Service, the workload or the Probe. */
  readonly object: ManifestObject;
  /** The ServiceMonitor, PodMonitor or Probe that scrapes it. */
  readonly via: ManifestObject;
  readonly job: string;
  readonly series: readonly Series[];
}

/** The monitoring objects of the manifests, and what they select. */
class MonitoringModel {
  public readonly probes: ManifestObject[];
  public readonly serviceMonitors: ManifestObject[];
  public readonly podMonitors: ManifestObject[];
  public readonly prometheusRules: ManifestObject[];
  /** The namespaces whose content the manifests hold: see {@link knows}. */
  private readonly known = new Set<string>();
  private readonly workloadByObject = new Map<ManifestObject, Workload>();
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private readonly seriesOfWorkload = new Map<Workload, Series[]>();
  /** What each ServiceMonitor and PodMonitor selects, found once (monitor-selects and alert-matches both read it). */
  private readonly selectedServices = new Map<ManifestObject, ManifestObject[]>();
  private readonly selectedPods = new Map<ManifestObject, PodTemplate[]>();
  /** The scrape targets, made once, and those of each object with their place among all (see {@link targetsOf}). */
  private targets?: ScrapeTarget[];
  private readonly targetsByObject = new Map<ManifestObject, Array<{ readonly at: number; readonly target: ScrapeTarget }>>();
  /** The workloads of each set of namespaces that selectors name, and the pattern of their pod names, found once. */
  private readonly workloadsOfNamespaces = new Map<string, { readonly workloads: Workload[]; podNames?: string }>();
  private readonly labelValues = new Map<string, readonly LabelValue[]>();

  constructor(public readonly model: ManifestModel) {
    const ofKind = (kind: string) => model.objectsOfKind(kind).filter((o) => apiGroupOf(o.id.apiVersion) === OPERATOR_GROUP);
    this.probes = ofKind('Probe');
    this.serviceMonitors = ofKind('ServiceMonitor');
    this.podMonitors = ofKind('PodMonitor');
    this.prometheusRules = ofKind('PrometheusRule');
    for (const o of model.objects) {
      if (o.id.kind === 'Namespace' && o.id.apiVersion === 'v1') {
        this.known.add(o.id.name);
      } else if (apiGroupOf(o.id.apiVersion) !== OPERATOR_GROUP && namespaceOf(o) !== '') {
        this.known.add(namespaceOf(o));
      }
    }
    if (model.pods.some((p) => namespaceOf(p.object) === '') || model.services.some((s) => namespaceOf(s) === '')) {
      this.known.add(''); // objects without a namespace are applied together, into one namespace
    }
    for (const pod of model.pods) {
      const suffix = POD_SUFFIXES[pod.object.id.kind];
      if (suffix === undefined) {
        continue;
      }
      const name = pod.object.id.name;
      const workload: Workload = {
        pod,
        object: pod.object,
        podName: suffix.random === undefined ? `${name}${suffix.sample}` : generatedName(`${name}${suffix.sample}`, suffix.random),
        podPattern: { prefix: name, suffix: suffix.pattern },
        containers: containersOf(pod).filter((c) => c.list !== 'ephemeralContainers' && typeof c.container.name === 'string').map((c) => c.container.name),
      };
      this.workloadByObject.set(pod.object, workload);
      pushTo(this.workloadsByNamespace, namespaceOf(pod.object), workload);
    }
  }

  /**
   * Whether the manifests hold the content of a namespace: they have a Namespace object of it, or objects in it other
   * than the Prometheus operator's (a ServiceMonitor alone in `monitoring` says nothing of what else runs there).
   */
  /**
   * The values that the series of the objects of a namespace carry in a label of kube-state-metrics that names them
   * (see OBJECT_LABELS), read once per label and namespace.
   */
  public objectLabelValues(label: string, namespace: string): readonly LabelValue[] {
    const key = compositeKey(label, namespace);
    let values = this.labelValues.get(key);
    if (values === undefined) {
      values = OBJECT_LABELS.filter((l) => l.label === label)
        .flatMap((l) => this.model.objectsOfKind(l.kind).filter((o) => namespaceOf(o) === namespace).flatMap(l.valuesOf));
      this.labelValues.set(key, values);
    }
    return values;
  }

  public knows(namespace: string): boolean {
    return this.known.has(namespace);
  }

  public workloadOf(object: ManifestObject): Workload | undefined {
    return this.workloadByObject.get(object);
  }

  /** The series of a workload's pods: one per container. */
  public workloadSeries(w: Workload): Series[] {
    let series = this.seriesOfWorkload.get(w);
    if (series === undefined) {
      const namespace = namespaceOf(w.object) === '' ? undefined : namespaceOf(w.object);
      series = w.containers.length === 0
        ? [{ namespace, pod: w.podName }]
        : w.containers.map((container) => ({ namespace, pod: w.podName, container }));
      this.seriesOfWorkload.set(w, series);
    }
    return series;
  }

  /**
   * The namespaces a ServiceMonitor or PodMonitor looks in that the manifests hold, and whether it looks in others
   * too (whose objects cannot be known).
   */
  public namespacesOf(monitor: ManifestObject): { known: string[]; others: boolean } {
    const selector = monitor.manifest.spec?.namespaceSelector;
    if (isObject(selector) && selector.any === true) {
      return { known: [...this.known], others: true };
    }
    const names = isObject(selector) && Array.isArray(selector.matchNames) && selector.matchNames.length > 0
      ? selector.matchNames.map(String) : [namespaceOf(monitor)];
    return { known: names.filter((n) => this.known.has(n)), others: names.some((n) => !this.known.has(n)) };
  }

  /** The Services of the manifests that a ServiceMonitor selects. */
  public servicesOf(monitor: ManifestObject): ManifestObject[] {
    let services = this.selectedServices.get(monitor);
    if (services === undefined) {
      services = this.model.servicesSelectedBy(monitor.manifest.spec?.selector, this.namespacesOf(monitor).known);
      this.selectedServices.set(monitor, services);
    }
    return services;
  }

  /** The pods of the manifests that a PodMonitor selects. */
  public podsOf(monitor: ManifestObject): PodTemplate[] {
    let pods = this.selectedPods.get(monitor);
    if (pods === undefined) {
      pods = this.model.podsSelectedBy(monitor.manifest.spec?.selector, this.namespacesOf(monitor).known);
      this.selectedPods.set(monitor, pods);
    }
    return pods;
  }

  /** The workloads of a namespace (and those without one, which are applied into any), in the order of the manifests. */
  public workloadsIn(namespace: string): Workload[] {
    return [...(this.workloadsByNamespace.get(namespace) ?? []), ...(namespace === '' ? [] : this.workloadsByNamespace.get('') ?? [])];
  }

  /** The workloads of namespaces (and those without one), each once, in the order of the namespaces. */
  public workloadsInAll(namespaces: readonly string[]): Workload[] {
    return this.inAll(namespaces).workloads;
  }

  /** A regular expression of the pod names of the workloads of namespaces (see {@link workloadsInAll}). */
  public podNamesIn(namespaces: readonly string[]): string {
    const entry = this.inAll(namespaces);
    entry.podNames ??= podNamesPattern(entry.workloads);
    return entry.podNames;
  }

  private inAll(namespaces: readonly string[]): { readonly workloads: Workload[]; podNames?: string } {
    const key = compositeKey(...namespaces);
    let entry = this.workloadsOfNamespaces.get(key);
    if (entry === undefined) {
      entry = { workloads: [...new Set(namespaces.flatMap((n) => this.workloadsIn(n)))] };
      this.workloadsOfNamespaces.set(key, entry);
    }
    return entry;
  }

  /** The workloads of objects, in the order given. */
  public workloadsOf(objects: readonly ManifestObject[]): Workload[] {
    return objects.flatMap((o) => this.workloadOf(o) ?? []);
  }

  /**
   * The scrape targets whose series are those of some of the objects (each object once), in the order of
   * {@link scrapeTargets}: found by object rather than by a scan of every target.
   */
  public targetsOf(objects: readonly ManifestObject[]): ScrapeTarget[] {
    if (this.targets === undefined) {
      this.targets = this.scrapeTargets();
      this.targets.forEach((target, at) => pushTo(this.targetsByObject, target.object, { at, target }));
    }
    return objects.flatMap((o) => this.targetsByObject.get(o) ?? []).sort((a, b) => a.at - b.at).map((t) => t.target);
  }

  /** Every target that the monitors of the manifests scrape, with the job label of its series. */
  private scrapeTargets(): ScrapeTarget[] {
    const targets: ScrapeTarget[] = [];
    for (const monitor of this.serviceMonitors) {
      const jobLabel = monitor.manifest.spec?.jobLabel;
      for (const service of this.servicesOf(monitor)) {
        const labels = this.model.labelsOf(service);
        const job = typeof jobLabel === 'string' && labels[jobLabel] ? labels[jobLabel] : service.id.name;
        const base = { namespace: namespaceOf(service) || undefined, job, service: service.id.name };
        const behind = this.model.podsOf(service).flatMap((p) => {
          const w = this.workloadOf(p.object);
          return w ? this.workloadSeries(w) : [];
        });
        targets.push({
          family: 'ServiceMonitor',
          object: service,
          via: monitor,
          job,
          series: behind.length === 0 ? [base] : behind.map((s) => ({ ...s, ...base })),
        });
      }
    }
    for (const monitor of this.podMonitors) {
      const jobLabel = monitor.manifest.spec?.jobLabel;
      for (const pod of this.podsOf(monitor)) {
        const w = this.workloadOf(pod.object);
        if (!w) continue;
        const job = typeof jobLabel === 'string' && pod.labels[jobLabel] ? pod.labels[jobLabel] : `${namespaceOf(monitor)}/${monitor.id.name}`;
        targets.push({ family: 'PodMonitor', object: pod.object, via: monitor, job, series: this.workloadSeries(w).map((s) => ({ ...s, job, service: '' })) });
      }
    }
    for (const probe of this.probes) {
      const jobName = probe.manifest.spec?.jobName;
      const job = typeof jobName === 'string' && jobName !== '' ? jobName : `probe/${namespaceOf(probe)}/${probe.id.name}`;
      targets.push({
        family: 'Probe',
        object: probe,
        via: probe,
        job,
        series: [{ namespace: namespaceOf(probe) || undefined, job, service: '', pod: '', container: '' }],
      });
    }
    return targets;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// probe-module

/** The probers whose targets the rule knows, by the start of a module's name. */
type Prober = 'http' | 'tcp' | 'grpc';

function proberOf(module: string): Prober | undefined {
  const lower = module.toLowerCase();
  return lower.startsWith('http') ? 'http' : lower.startsWith('tcp') ? 'tcp' : lower.startsWith('grpc') ? 'grpc' : undefined;
}

const HOST = '(?:[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?\\.?|\\[[0-9A-Fa-f:.]+\\])';
const HOST_PORT = new RegExp(`^(${HOST}):([0-9]{1,5})$`);
const URL_TARGET = new RegExp(`^(https?)://(${HOST})(?::([0-9]{1,5}))?([/?#]\\S*)?$`, 'i');
/** An in-cluster Service address: `<service>.<namespace>.svc[.<cluster domain>]`. */
const SERVICE_HOST = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.svc(?:\.[a-z0-9.-]+)?\.?$/i;

/** A target of a Probe, read. */
interface ProbeTarget {
  readonly scheme?: 'http' | 'https';
  readonly host: string;
  readonly port: number;
}

function readTarget(target: string): ProbeTarget | undefined {
  const url = URL_TARGET.exec(target);
  if (url) {
    const scheme = url[1].toLowerCase() as 'http' | 'https';
    return { scheme, host: url[2], port: url[3] !== undefined ? Number(url[3]) : scheme === 'https' ? 443 : 80 };
  }
  const hostPort = HOST_PORT.exec(target);
  return hostPort ? { host: hostPort[1], port: Number(hostPort[2]) } : undefined;
}

/** What a Service port speaks, and how that was told. */
interface PortProtocol {
  /** `http` (HTTP/1.1), `http2` (cleartext HTTP/2, h2c), `https`, `grpc`, `tls`, `tcp`, `udp`, or `other` (a named TCP protocol). */
  readonly kind: 'http' | 'http2' | 'https' | 'grpc' | 'tls' | 'tcp' | 'udp' | 'other';
  /** e.g. `HTTP`, `MySQL`. */
  readonly name: string;
  /** How it was told, e.g. `its name "mysql"`. */
  readonly how: string;
}

/** The protocols of appProtocol values and of the Istio-style port name prefixes. */
const PROTOCOLS: Record<string, Pick<PortProtocol, 'kind' | 'name'>> = {
  'http': { kind: 'http', name: 'HTTP' },
  'kubernetes.io/ws': { kind: 'http', name: 'HTTP (WebSocket)' },
  'grpc-web': { kind: 'http', name: 'gRPC-Web' },
  'http2': { kind: 'http2', name: 'HTTP/2 (cleartext)' },
  'h2c': { kind: 'http2', name: 'HTTP/2 (cleartext)' },
  'kubernetes.io/h2c': { kind: 'http2', name: 'HTTP/2 (cleartext)' },
  'https': { kind: 'https', name: 'HTTPS' },
  'kubernetes.io/wss': { kind: 'https', name: 'HTTPS (WebSocket)' },
  'grpc': { kind: 'grpc', name: 'gRPC' },
  'tls': { kind: 'tls', name: 'TLS' },
  'tcp': { kind: 'tcp', name: 'plain TCP' },
  'udp': { kind: 'udp', name: 'UDP' },
  'mysql': { kind: 'other', name: 'MySQL' },
  'mariadb': { kind: 'other', name: 'MySQL' },
  'postgres': { kind: 'other', name: 'PostgreSQL' },
  'postgresql': { kind: 'other', name: 'PostgreSQL' },
  'redis': { kind: 'other', name: 'Redis' },
  'mongo': { kind: 'other', name: 'MongoDB' },
  'mongodb': { kind: 'other', name: 'MongoDB' },
  'kafka': { kind: 'other', name: 'Kafka' },
  'amqp': { kind: 'other', name: 'AMQP' },
  'memcache': { kind: 'other', name: 'Memcached' },
  'memcached': { kind: 'other', name: 'Memcached' },
  'cassandra': { kind: 'other', name: 'Cassandra' },
  'zookeeper': { kind: 'other', name: 'ZooKeeper' },
  'nats': { kind: 'other', name: 'NATS' },
  'mqtt': { kind: 'other', name: 'MQTT' },
  'thrift': { kind: 'other', name: 'Thrift' },
  'dubbo': { kind: 'other', name: 'Dubbo' },
  'smtp': { kind: 'other', name: 'SMTP' },
  'ldap': { kind: 'other', name: 'LDAP' },
};

/** The protocol of a port name as Istio reads it: `<protocol>` or `<protocol>-<suffix>`. */
function protocolOfName(name: unknown): Pick<PortProtocol, 'kind' | 'name'> | undefined {
  if (typeof name !== 'string') {
    return undefined;
  }
  const lower = name.toLowerCase();
  const prefix = lower.startsWith('grpc-web') ? 'grpc-web' : lower.split('-')[0];
  return Object.prototype.hasOwnProperty.call(PROTOCOLS, prefix) ? PROTOCOLS[prefix] : undefined;
}

/**
 * What a Service port speaks: its protocol field (UDP, SCTP), its appProtocol, its name, then the pods behind it —
 * the name of the container port it targets, or the kind of the probe that checks that port.
 */
function protocolOfPort(model: ManifestModel, service: ManifestObject, port: Record<string, any>): PortProtocol | undefined {
  if (typeof port.protocol === 'string' && port.protocol.toUpperCase() !== 'TCP') {
    return { kind: 'udp', name: port.protocol.toUpperCase(), how: `its protocol ${port.protocol}` };
  }
  if (typeof port.appProtocol === 'string') {
    const known = PROTOCOLS[port.appProtocol.toLowerCase()];
    if (known) {
      return { ...known, how: `its appProtocol "${port.appProtocol}"` };
    }
  }
  const named = protocolOfName(port.name);
  if (named) {
    return { ...named, how: `its name "${port.name}"` };
  }
  const target = port.targetPort ?? port.port;
  const found = new Map<string, PortProtocol>();
  for (const pod of model.podsOf(service)) {
    for (const c of containersOf(pod)) {
      const declared = arrayOf(c.container.ports).find((p) => isObject(p) && (typeof target === 'string' ? p.name === target : p.containerPort === target));
      if (typeof target === 'string' && !declared) continue;
      const where = `container "${c.container.name}" of ${describeResource(pod.object.id)}`;
      const byName = protocolOfName(declared?.name);
      if (byName) {
        found.set(byName.kind, { ...byName, how: `the name "${declared.name}" of the port of ${where} it targets` });
        continue;
      }
      const numbers = new Set([declared?.containerPort ?? target, declared?.name].filter((x) => x !== undefined));
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const p = c.container[probe];
        if (!isObject(p)) continue;
        const kind = isObject(p.httpGet) && numbers.has(p.httpGet.port) ? (String(p.httpGet.scheme ?? '').toUpperCase() === 'HTTPS' ? 'https' : 'http')
          : isObject(p.tcpSocket) && numbers.has(p.tcpSocket.port) ? 'tcp'
            : isObject(p.grpc) && numbers.has(p.grpc.port) ? 'grpc' : undefined;
        if (kind) {
          const check = isObject(p.httpGet) ? 'httpGet' : isObject(p.tcpSocket) ? 'tcpSocket' : 'grpc';
          found.set(kind, { ...PROTOCOLS[kind], how: `the ${probe} (${check}) of ${where} that checks the port it targets` });
          break;
        }
      }
    }
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}

/** Why a prober cannot probe a port of this protocol over the target's scheme, or undefined when it can. */
function misfit(prober: Prober, scheme: 'http' | 'https' | undefined, protocol: PortProtocol): string | undefined {
  const { kind } = protocol;
  if (kind === 'udp') {
    return 'the blackbox exporter\'s HTTP, TCP and gRPC probers connect over TCP';
  }
  switch (prober) {
    case 'http':
      if (scheme === 'http' && (kind === 'https' || kind === 'tls')) return 'a plain HTTP request to a TLS port fails';
      if (scheme === 'https' && (kind === 'http' || kind === 'http2')) return 'a TLS handshake with a plain HTTP port fails';
      if (kind === 'grpc' || kind === 'tcp' || kind === 'other') return 'an HTTP request gets no HTTP response there';
      return undefined;
    case 'grpc':
      if (kind === 'http' || kind === 'tcp' || kind === 'other') return 'a gRPC health check needs a gRPC server (HTTP/2)';
      return undefined;
    default:
      return undefined; // a TCP connection can be made to any TCP port
  }
}

/** A module that fits a protocol, and the target in its form, for fixes. */
function fitting(protocol: PortProtocol, target: ProbeTarget): string {
  const hostPort = `${target.host}:${target.port}`;
  switch (protocol.kind) {
    case 'http':
    case 'http2':
      return `an HTTP module (http_2xx) with the URL "http://${hostPort}/"`;
    case 'https':
      return `an HTTP module (http_2xx) with the URL "https://${hostPort}/"`;
    case 'grpc':
      return `a gRPC module (grpc) with the target "${hostPort}"`;
    case 'udp':
      return 'a TCP port of the Service';
    default:
      return `a TCP module (tcp_connect) with the target "${hostPort}"`;
  }
}

const PROBER_NAMES: Record<Prober, string> = { http: 'HTTP', tcp: 'TCP', grpc: 'gRPC' };

function probeModules(m: MonitoringModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const probe of m.probes) {
    const module = probe.manifest.spec?.module;
    const prober = typeof module === 'string' ? proberOf(module) : undefined;
    if (prober === undefined) {
      continue;
    }
    arrayOf(probe.manifest.spec?.targets?.staticConfig?.static).forEach((target, i) => {
      const path = `spec.targets.staticConfig.static[${i}]`;
      if (typeof target !== 'string') {
        return;
      }
      const read = readTarget(target);
      const formOk = prober === 'http' ? read?.scheme !== undefined : read !== undefined && read.scheme === undefined;
      if (!formOk) {
        findings.push({
          rule: 'probe-module',
          object: probe,
          path,
          message: prober === 'http'
            ? `the module "${module}" runs the HTTP prober, which takes http:// or https:// URLs, not "${target}"`
            : `the module "${module}" runs the ${PROBER_NAMES[prober]} prober, which takes host:port (no scheme, no path), not "${target}"`,
          fix: prober === 'http'
            ? `write the target as a URL${read ? `, e.g. "http://${read.host}:${read.port}/"` : ' (http://host[:port]/path)'}, or use a module that fits it (tcp_connect for host:port)`
            : read ? `write the target as "${read.host}:${read.port}", or use an HTTP module (http_2xx) for a URL` : 'write the target as host:port',
        });
        return;
      }
      const service = SERVICE_HOST.exec(read!.host);
      if (!service) {
        return;
      }
      const svc = m.model.serviceNamed(service[2].toLowerCase(), service[1].toLowerCase());
      const port = svc ? arrayOf(svc.manifest.spec?.ports).find((p) => isObject(p) && p.port === read!.port) : undefined;
      const protocol = svc && port ? protocolOfPort(m.model, svc, port) : undefined;
      const why = protocol ? misfit(prober, read!.scheme, protocol) : undefined;
      if (svc && protocol && why) {
        findings.push({
          rule: 'probe-module',
          object: probe,
          path,
          message: `the module "${module}" probes ${read!.scheme ? `${read!.scheme.toUpperCase()} ` : ''}"${target}" with the ${PROBER_NAMES[prober]} prober, `
            + `but port ${read!.port} of ${describeResource(svc.id)} speaks ${protocol.name} (${protocol.how}): ${why}`,
          fix: `probe it with ${fitting(protocol, read!)}, or name the Service port (or set its appProtocol) after what it serves`,
        });
      }
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------------------
// probe-target-unique

/** A target in one form for comparison: scheme and host in lowercase, no default port, no trailing slash. */
function normalizeTarget(target: string): string {
  const url = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(.*)$/i.exec(target);
  if (!url) {
    return target.toLowerCase();
  }
  const scheme = url[1].toLowerCase();
  let host = url[2].toLowerCase();
  const defaultPort = scheme === 'http' ? ':80' : scheme === 'https' ? ':443' : undefined;
  if (defaultPort !== undefined && host.endsWith(defaultPort)) {
    host = host.slice(0, -defaultPort.length);
  }
  return `${scheme}://${host}${url[3].replace(/\/+$/, '')}${url[4]}`;
}

function probeTargetsUnique(m: MonitoringModel): RawFinding[] {
  const findings: RawFinding[] = [];
  const seen = new Map<string, { probe: ManifestObject; index: number }>();
  for (const probe of m.probes) {
    const spec = probe.manifest.spec;
    const module = typeof spec?.module === 'string' ? spec.module : '';
    const prober = typeof spec?.prober?.url === 'string' ? spec.prober.url.toLowerCase() : '';
    arrayOf(spec?.targets?.staticConfig?.static).forEach((target, index) => {
      if (typeof target !== 'string') {
        return;
      }
      const key = [namespaceOf(probe), module, prober, normalizeTarget(target)].join('\u0000');
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { probe, index });
        return;
      }
      const where = first.probe === probe ? `static[${first.index}]` : `${describeResource(first.probe.id)} (static[${first.index}])`;
      findings.push({
        rule: 'probe-target-unique',
        object: probe,
        path: `spec.targets.staticConfig.static[${index}]`,
        message: `"${target}" is the same target as ${where}, probed with the same module "${module}"${prober ? ` by the same blackbox exporter (${spec.prober.url})` : ''}: `
          + 'every result is counted twice and its alerts fire twice',
        fix: first.probe === probe ? 'remove this target' : `remove this target from one of the Probes (${describeResource(first.probe.id)} probes it already)`,
      });
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------------------
// monitor-selects

/** A LabelSelector as messages show it: `app=web, tier In (a, b)`. */
function describeSelector(selector: unknown): string {
  if (!isObject(selector)) {
    return 'none';
  }
  const parts = Object.entries(stringMap(selector.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const e of arrayOf(selector.matchExpressions)) {
    if (isObject(e)) parts.push(`${e.key} ${e.operator}${Array.isArray(e.values) ? ` (${e.values.join(', ')})` : ''}`);
  }
  return parts.length === 0 ? 'empty' : parts.join(', ');
}

function inNamespaces(known: string[]): string {
  const named = known.map((n) => (n === '' ? '(no namespace)' : n));
  return named.length === 1 ? `namespace ${named[0]}` : `namespaces ${named.join(', ')}`;
}

function namedContainerPorts(pods: PodTemplate[]): string[] {
  return [...new Set(pods.flatMap((p) => containersOf(p).flatMap((c) => arrayOf(c.container.ports).map((x) => x?.name).filter((n) => typeof n === 'string'))))];
}

function podsDeclarePort(pods: PodTemplate[], name: string): boolean {
  return pods.some((p) => containersOf(p).some((c) => arrayOf(c.container.ports).some((x) => isObject(x) && x.name === name)));
}

function monitorsSelect(m: MonitoringModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const monitor of m.serviceMonitors) {
    const spec = monitor.manifest.spec ?? {};
    const { known, others } = m.namespacesOf(monitor);
    if (known.length === 0) {
      continue; // it looks only where the manifests do not go
    }
    const services = m.servicesOf(monitor);
    if (services.length === 0) {
      if (!others) {
        findings.push(selectsNothing(m, monitor, known));
      }
      continue;
    }
    if (others) {
      continue; // Services of other namespaces may have the ports
    }
    arrayOf(spec.endpoints).forEach((endpoint, i) => {
      if (!isObject(endpoint)) return;
      if (typeof endpoint.port === 'string' && !services.some((s) => arrayOf(s.manifest.spec?.ports).some((p) => isObject(p) && p.name === endpoint.port))) {
        const ports = services.flatMap((s) => arrayOf(s.manifest.spec?.ports).filter(isObject).map((p) => (p.name ? `${p.name} (${p.port})` : `${p.port} (no name)`)));
        findings.push({
          rule: 'monitor-selects',
          object: monitor,
          path: `spec.endpoints[${i}].port`,
          message: `scrapes port "${endpoint.port}", which no Service it selects (${services.map((s) => describeResource(s.id)).join(', ')}) has: nothing is scraped`,
          fix: ports.length > 0 ? `name one of the Services' ports: ${[...new Set(ports)].join(', ')} (or name the metrics port of the Service "${endpoint.port}")`
            : `add a port named "${endpoint.port}" to the Service`,
        });
      }
      const target = endpoint.targetPort;
      if (typeof target === 'string' && !/^\d+$/.test(target)) {
        const pods = services.flatMap((s) => m.model.podsOf(s));
        if (pods.length > 0 && !podsDeclarePort(pods, target)) {
          findings.push(missingContainerPort(monitor, `spec.endpoints[${i}].targetPort`, target, pods));
        }
      }
    });
  }
  for (const monitor of m.podMonitors) {
    const spec = monitor.manifest.spec ?? {};
    const { known, others } = m.namespacesOf(monitor);
    if (known.length === 0) {
      continue;
    }
    const pods = m.podsOf(monitor);
    if (pods.length === 0) {
      if (!others) {
        findings.push({
          rule: 'monitor-selects',
          object: monitor,
          path: 'spec.selector',
          message: `selects no pod of the manifests in ${inNamespaces(known)} (selector ${describeSelector(spec.selector)}): nothing is scraped`,
          fix: 'make spec.selector match the pod template labels of the workload to scrape (and spec.namespaceSelector its namespace)',
        });
      }
      continue;
    }
    if (others) {
      continue;
    }
    arrayOf(spec.podMetricsEndpoints).forEach((endpoint, i) => {
      if (!isObject(endpoint)) return;
      for (const key of ['port', 'targetPort']) {
        const name = endpoint[key];
        if (typeof name === 'string' && !/^\d+$/.test(name) && !podsDeclarePort(pods, name)) {
          findings.push(missingContainerPort(monitor, `spec.podMetricsEndpoints[${i}].${key}`, name, pods));
        }
      }
    });
  }
  return findings;
}

function selectsNothing(m: MonitoringModel, monitor: ManifestObject, known: string[]): RawFinding {
  const selector = monitor.manifest.spec?.selector;
  // The usual mistake: the selector has the pods' labels, which a Service need not carry itself.
  const namespaces = [...new Set(known)];
  // Found by the indexes of the model: the pods that the selector selects, and the Services of those pods.
  const byPods = m.model.inManifestOrder(m.model.podsSelectedBy(selector, namespaces).flatMap((p) => m.model.servicesOf(p.object)));
  const services = m.model.inManifestOrder(namespaces.flatMap((n) => m.model.servicesIn(n))).map((s) => describeResource(s.id));
  return {
    rule: 'monitor-selects',
    object: monitor,
    path: 'spec.selector',
    message: `selects no Service of the manifests in ${inNamespaces(known)} (selector ${describeSelector(selector)}): nothing is scraped`
      + (byPods.length > 0 ? `; ${byPods.map((s) => describeResource(s.id)).join(', ')} selects pods with these labels, but the ServiceMonitor selects Services by the Service's own labels` : ''),
    fix: byPods.length > 0 ? `put the selected labels on ${describeResource(byPods[0].id)} (metadata.labels), or select its labels`
      : `make spec.selector match the metadata.labels of the Service to scrape${services.length > 0 ? ` (Services there: ${services.join(', ')})` : ''}, and spec.namespaceSelector its namespace`,
  };
}

function missingContainerPort(monitor: ManifestObject, path: string, name: string, pods: PodTemplate[]): RawFinding {
  const named = namedContainerPorts(pods);
  return {
    rule: 'monitor-selects',
    object: monitor,
    path,
    message: `scrapes port "${name}", which no container of the pods it selects (${[...new Set(pods.map((p) => describeResource(p.object.id)))].join(', ')}) names: nothing is scraped`,
    fix: named.length > 0 ? `name one of their container ports: ${named.join(', ')}` : `name the metrics port of the containers "${name}" (ports[].name)`,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// alert-matches

/** Whether a selector's matchers of the labels a series determines all match it. */
function selects(selector: VectorSelector, series: Series): boolean {
  return selector.matchers.every((matcher) => {
    const value = series[matcher.name];
    return value === undefined || matcherMatches(matcher, value);
  });
}

function selectsAny(selector: VectorSelector, series: readonly Series[]): boolean {
  return series.some((s) => selects(selector, s));
}

function hasMatcher(selector: VectorSelector, ...names: string[]): boolean {
  return selector.matchers.some((x) => names.includes(x.name));
}

/**
 * The namespaces a selector's namespace matchers name outright (`namespace="shop"`, `namespace=~"shop|shop-canary"`),
 * or undefined when they do not (none, or a pattern that other namespaces may match).
 */
function namedNamespaces(selector: VectorSelector): string[] | undefined {
  let named: string[] | undefined;
  for (const x of selector.matchers.filter((y) => y.name === 'namespace')) {
    const values = x.op === '=' ? [x.value] : x.op === '=~' && /^[a-z0-9-]+(\|[a-z0-9-]+)*$/.test(x.value) ? x.value.split('|') : undefined;
    if (values !== undefined) {
      named = named === undefined ? values : named.filter((n) => values.includes(n));
    }
  }
  return named?.filter((n) => selector.matchers.every((x) => x.name !== 'namespace' || matcherMatches(x, n)));
}

/** A PromQL double-quoted string. */
function promString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** One regular expression of names: `web(-canary)?`, `web-(blue|green)`. */
function namesPattern(names: string[]): string {
  const sorted = [...new Set(names)].sort();
  if (sorted.length === 1) {
    return escapeRegex(sorted[0]);
  }
  let prefix = sorted[0];
  for (const n of sorted) {
    while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  const rests = sorted.map((n) => n.slice(prefix.length));
  const optional = rests.includes('');
  const alternatives = rests.filter((r) => r !== '').map(escapeRegex).join('|');
  return `${escapeRegex(prefix)}(${alternatives})${optional ? '?' : ''}`;
}

/** A regular expression of the pod names of workloads: `web(-canary)?-[a-z0-9]+-[a-z0-9]+`. */
function podNamesPattern(workloads: Workload[]): string {
  const bySuffix = new Map<string, string[]>();
  for (const w of workloads) {
    bySuffix.set(w.podPattern.suffix, [...(bySuffix.get(w.podPattern.suffix) ?? []), w.podPattern.prefix]);
  }
  return [...bySuffix.entries()].map(([suffix, names]) => `${namesPattern(names)}${suffix}`).join('|');
}

/** The application that a PrometheusRule watches. */
interface Application {
  /** Its labels, e.g. `app.kubernetes.io/name=web`. */
  readonly describe: string;
  /** Its objects, in the order of the manifests. */
  readonly objects: readonly ManifestObject[];
}

/** The application that a PrometheusRule watches: the objects of its namespace with its name (and instance) labels. */
function applicationOf(m: MonitoringModel, rule: ManifestObject): Application | undefined {
  const labels = m.model.labelsOf(rule);
  const wanted = [NAME_LABEL, INSTANCE_LABEL].filter((k) => labels[k] !== undefined && labels[k] !== '');
  if (!wanted.includes(NAME_LABEL)) {
    return undefined;
  }
  return {
    describe: wanted.map((k) => `${k}=${labels[k]}`).join(', '),
    objects: m.model.objectsLabelled(namespaceOf(rule), Object.fromEntries(wanted.map((k) => [k, labels[k]]))),
  };
}

function alertsMatch(m: MonitoringModel): RawFinding[] {
  const findings: RawFinding[] = [];
  // Many rules share expressions (the same alert for every application): each text is read once.
  const parsed = new Map<string, VectorSelector[]>();
  for (const rule of m.prometheusRules) {
    const app = applicationOf(m, rule);
    // The application's workloads and scrape targets, by its objects: not a scan of all of them for each rule.
    const appWorkloads = app ? m.workloadsOf(app.objects) : [];
    const appTargets = app ? m.targetsOf(app.objects) : [];
    arrayOf(rule.manifest.spec?.groups).forEach((group, g) => arrayOf(group?.rules).forEach((r, i) => {
      if (!isObject(r) || typeof r.alert !== 'string' || (typeof r.expr !== 'string' && typeof r.expr !== 'number')) {
        return;
      }
      const expr = String(r.expr);
      let selectors = parsed.get(expr);
      if (selectors === undefined) {
        selectors = vectorSelectors(expr);
        parsed.set(expr, selectors);
      }
      const problems = [
        ...selectorsMatchSomePod(m, selectors, appWorkloads),
        ...selectorsMatchSomeObject(m, selectors, app?.objects ?? []),
        ...(app ? podsCovered(m, rule, app, selectors, appWorkloads) : []),
        ...(app ? targetsCovered(app, selectors, appTargets) : []),
      ];
      if (problems.length > 0) {
        findings.push({
          rule: 'alert-matches',
          object: rule,
          path: `spec.groups[${g}].rules[${i}].expr`,
          message: `alert "${r.alert}": ${problems.map((p) => p.message).join('; ')}`,
          fix: [...new Set(problems.map((p) => p.fix))].join('; '),
        });
      }
    }));
  }
  return findings;
}

interface Problem {
  readonly message: string;
  readonly fix: string;
}

/**
 * A selector that names namespaces of the manifests and matches pods or containers must match a pod there (the
 * workloads of the rule's own application are tried first: they are the ones it usually matches).
 */
function selectorsMatchSomePod(m: MonitoringModel, selectors: VectorSelector[], first: Workload[]): Problem[] {
  const problems: Problem[] = [];
  for (const selector of selectors.filter((s) => hasMatcher(s, 'pod', 'container'))) {
    const namespaces = namedNamespaces(selector);
    if (namespaces === undefined || namespaces.length === 0 || !namespaces.every((n) => m.knows(n))) {
      continue;
    }
    const inScope = (w: Workload) => namespaces.includes(namespaceOf(w.object)) || namespaceOf(w.object) === '';
    if (first.some((w) => inScope(w) && selectsAny(selector, m.workloadSeries(w)))) {
      continue;
    }
    const candidates = m.workloadsInAll(namespaces);
    if (candidates.some((w) => selectsAny(selector, m.workloadSeries(w)))) {
      continue;
    }
    const withoutContainer: VectorSelector = { ...selector, matchers: selector.matchers.filter((x) => x.name !== 'container') };
    const podsFit = hasMatcher(selector, 'container') && candidates.some((w) => selectsAny(withoutContainer, m.workloadSeries(w)));
    const where = inNamespaces(namespaces);
    if (candidates.length === 0) {
      problems.push({ message: `the selector ${selector.text} watches pods of ${where}, which has no workload in the manifests`, fix: 'select the namespace the workloads run in' });
    } else if (podsFit) {
      const containers = [...new Set(candidates.filter((w) => selectsAny(withoutContainer, m.workloadSeries(w))).flatMap((w) => w.containers))];
      problems.push({
        message: `the selector ${selector.text} matches no container of the pods of ${where} (their containers: ${containers.join(', ')})`,
        fix: `match the container names, e.g. container=~${promString(namesPattern(containers))}`,
      });
    } else {
      problems.push({
        message: `the selector ${selector.text} matches no pod of ${where} (its pods are named like ${candidates.slice(0, 5).map((w) => `${w.podName} (${w.object.id.kind} ${w.object.id.name})`).join(', ')})`,
        fix: `match the pod names of the workloads, e.g. pod=~${promString(m.podNamesIn(namespaces))} (a regular expression matches the whole name)`,
      });
    }
  }
  return problems;
}

/** The value of an object's label in its series: a sample (to match), and the pattern of all (for fixes). */
interface LabelValue {
  readonly sample: string;
  readonly pattern: string;
}

/** The value of a label that is the object's name. */
const byName = (o: ManifestObject): LabelValue[] => [{ sample: o.id.name, pattern: escapeRegex(o.id.name) }];

/**
 * The labels by which kube-state-metrics names the object a series is of, with the kind of that object and the values
 * its series carry: a Job made by a CronJob is `<cronjob>-<scheduled time in minutes>`, and the claims of a
 * StatefulSet's template are `<template>-<statefulset>-<ordinal>`.
 */
const OBJECT_LABELS: ReadonlyArray<{ readonly label: string; readonly kind: string; readonly valuesOf: (o: ManifestObject) => LabelValue[] }> = [
  { label: 'deployment', kind: 'Deployment', valuesOf: byName },
  { label: 'statefulset', kind: 'StatefulSet', valuesOf: byName },
  { label: 'daemonset', kind: 'DaemonSet', valuesOf: byName },
  { label: 'cronjob', kind: 'CronJob', valuesOf: byName },
  { label: 'job_name', kind: 'Job', valuesOf: byName },
  { label: 'job_name', kind: 'CronJob', valuesOf: (o) => [{ sample: `${o.id.name}-29000000`, pattern: `${escapeRegex(o.id.name)}-[0-9]+` }] },
  { label: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', valuesOf: byName },
  {
    label: 'persistentvolumeclaim',
    kind: 'StatefulSet',
    valuesOf: (o) => arrayOf(o.manifest.spec?.volumeClaimTemplates).flatMap((t) => (typeof t?.metadata?.name === 'string'
      ? [{ sample: `${t.metadata.name}-${o.id.name}-0`, pattern: `${escapeRegex(`${t.metadata.name}-${o.id.name}`)}-[0-9]+` }] : [])),
  },
];

/**
 * A selector that names namespaces of the manifests and matches the series of objects by the label that
 * kube-state-metrics gives them (`deployment="web"`, `persistentvolumeclaim=~"data-mysql-[0-9]+"`) must match one of
 * those objects there: an alert on the Deployment `orders-db` of an application whose workload is the StatefulSet
 * `orders` never fires.
 */
function selectorsMatchSomeObject(m: MonitoringModel, selectors: VectorSelector[], first: readonly ManifestObject[]): Problem[] {
  const problems: Problem[] = [];
  for (const selector of selectors) {
    const namespaces = namedNamespaces(selector);
    if (namespaces === undefined || namespaces.length === 0 || !namespaces.every((n) => m.knows(n))) {
      continue;
    }
    for (const label of [...new Set(OBJECT_LABELS.map((l) => l.label))]) {
      const matchers = selector.matchers.filter((x) => x.name === label);
      // Only a matcher that asks for a value: `deployment!="x"` matches the series of every other Deployment.
      if (!matchers.some((x) => x.op === '=' || x.op === '=~')) {
        continue;
      }
      const sources = OBJECT_LABELS.filter((l) => l.label === label);
      const matches = (v: LabelValue) => matchers.every((x) => matcherMatches(x, v.sample));
      // The objects of the rule's own application first: they are the ones it usually matches.
      const own = sources.flatMap((l) => first.filter((o) => o.id.kind === l.kind && namespaces.includes(namespaceOf(o))).flatMap(l.valuesOf));
      if (own.some(matches)) {
        continue;
      }
      const values = namespaces.flatMap((n) => m.objectLabelValues(label, n));
      if (values.some(matches)) {
        continue;
      }
      const kinds = [...new Set(sources.map((l) => (l.kind === 'CronJob' && label === 'job_name' ? 'Job of a CronJob' : l.kind)))].join(' or ');
      const samples = [...new Set(values.map((v) => v.sample))];
      problems.push({
        message: `the selector ${selector.text} matches no ${kinds} of ${inNamespaces(namespaces)} by its \`${label}\` label (`
          + `${samples.length > 0 ? `theirs: ${samples.slice(0, 5).join(', ')}` : 'there is none'})`,
        fix: values.length > 0 ? `match the ${label} of the objects, e.g. ${label}=~${promString([...new Set(values.map((v) => v.pattern))].join('|'))}`
          : 'select the namespace the objects are in',
      });
    }
  }
  return problems;
}

/**
 * Every workload of the application (every release track) is matched by some selector of an alert that matches pods,
 * when one of those selectors reaches the application's namespace.
 */
function podsCovered(m: MonitoringModel, rule: ManifestObject, app: Application, selectors: VectorSelector[], workloads: Workload[]): Problem[] {
  const podSelectors = selectors.filter((s) => hasMatcher(s, 'pod'));
  const namespace = namespaceOf(rule);
  if (podSelectors.length === 0 || workloads.length === 0
    || !podSelectors.some((s) => namespace === '' || s.matchers.every((x) => x.name !== 'namespace' || matcherMatches(x, namespace)))) {
    return [];
  }
  const missed = workloads.filter((w) => !podSelectors.some((s) => selectsAny(s, m.workloadSeries(w))));
  if (missed.length === 0) {
    return [];
  }
  const texts = [...new Set(podSelectors.map((s) => s.text))].join(' and ');
  const byContainer = missed.filter((w) => podSelectors.some((s) => selectsAny({ ...s, matchers: s.matchers.filter((x) => x.name !== 'container') }, m.workloadSeries(w))));
  const problems: Problem[] = [];
  const byPod = missed.filter((w) => !byContainer.includes(w));
  if (byPod.length > 0) {
    problems.push({
      message: `${texts} does not match the pods of ${byPod.map((w) => `${describeResource(w.object.id)} (e.g. ${w.podName})`).join(', ')}, of the application it watches (${app.describe})`,
      fix: `match the pods of every workload of the application, e.g. pod=~${promString(podNamesPattern(workloads))}`,
    });
  }
  if (byContainer.length > 0) {
    const containers = workloads.flatMap((w) => w.containers.filter((c) => containersOf(w.pod).some((x) => x.list === 'containers' && x.container.name === c)));
    problems.push({
      message: `${texts} does not match the containers of ${byContainer.map((w) => `${describeResource(w.object.id)} (${w.containers.join(', ')})`).join(', ')}, of the application it watches (${app.describe})`,
      fix: `match the containers of every workload of the application, e.g. container=~${promString(namesPattern(containers))}`,
    });
  }
  return problems;
}

/**
 * Every scrape target of the application of a kind (the Services its ServiceMonitors scrape, the pods of its
 * PodMonitors, its Probes) is matched by some selector with a job or service matcher of an alert that matches one of
 * them: an alert on `up{job="web"}` must not miss the Service of the canary.
 */
function targetsCovered(app: Application, selectors: VectorSelector[], targets: ScrapeTarget[]): Problem[] {
  const jobSelectors = selectors.filter((s) => hasMatcher(s, 'job', 'service'));
  const problems: Problem[] = [];
  if (jobSelectors.length === 0) {
    return problems;
  }
  for (const family of ['ServiceMonitor', 'PodMonitor', 'Probe'] as const) {
    const ofFamily = targets.filter((t) => t.family === family);
    const matched = ofFamily.filter((t) => jobSelectors.some((s) => selectsAny(s, t.series)));
    if (matched.length === 0 || matched.length === ofFamily.length) {
      continue;
    }
    const missed = ofFamily.filter((t) => !matched.includes(t));
    const label = family === 'ServiceMonitor' && jobSelectors.some((s) => hasMatcher(s, 'service')) ? 'service' : 'job';
    const values = ofFamily.map((t) => (label === 'service' ? t.object.id.name : t.job));
    const describe = (t: ScrapeTarget) => (family === 'Probe' ? `${describeResource(t.object.id)} (job "${t.job}")`
      : `${describeResource(t.object.id)} (scraped by ${describeResource(t.via.id)}, job "${t.job}")`);
    problems.push({
      message: `${[...new Set(jobSelectors.map((s) => s.text))].join(' and ')} does not match the series of ${missed.map(describe).join(', ')}, `
        + `of the application it watches (${app.describe})`,
      fix: `match the ${family === 'Probe' ? 'Probes' : 'scrape targets'} of every ${family} of the application, e.g. ${label}=~${promString(namesPattern(values))}`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------------
// version-label

const VERSIONED_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);

/** The tag of an image reference, or undefined when it has none (or only a digest, or `latest`). */
function tagOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  if (colon < 0 || colon < withoutDigest.lastIndexOf('/')) {
    return undefined;
  }
  const tag = withoutDigest.slice(colon + 1);
  return tag === '' || tag === 'latest' ? undefined : tag;
}

/** Whether a version label names a tag: equal, but for a leading `v` and a `-suffix` of the tag (`1.27.3-alpine`). */
function versionFits(version: string, tag: string): boolean {
  const v = version.replace(/^[vV](?=\d)/, '');
  const t = tag.replace(/^[vV](?=\d)/, '');
  return t === v || t.startsWith(`${v}-`);
}

function versionLabels(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const pod of model.pods.filter((p) => VERSIONED_KINDS.has(p.object.id.kind))) {
    const images = containersOf(pod).filter((c) => c.list !== 'ephemeralContainers')
      .map((c) => ({ name: String(c.container.name), image: typeof c.container.image === 'string' ? c.container.image : '' }));
    const tags = images.map((i) => tagOf(i.image));
    if (images.length === 0 || tags.some((t) => t === undefined)) {
      continue; // an image without a version (a digest alone) could be the one the label names
    }
    const places = [{ labels: model.labelsOf(pod.object), at: 'metadata.labels' }];
    if (pod.metadataPath !== 'metadata') {
      places.push({ labels: pod.labels, at: `${pod.metadataPath}.labels` });
    }
    for (const { labels, at } of places) {
      const version = labels[VERSION_LABEL];
      if (version === undefined || version === '' || tags.some((t) => versionFits(version, t!))) {
        continue;
      }
      findings.push({
        rule: 'version-label',
        object: pod.object,
        path: joinPath(at, VERSION_LABEL),
        message: `${VERSION_LABEL} is "${version}", but no container runs that version: ${images.map((i) => `${i.name} runs ${i.image}`).join(', ')}`,
        fix: `set ${VERSION_LABEL} to the version of the image that the workload runs ("${tags[firstMain(pod)]}", the tag of ${images[firstMain(pod)].image})`,
      });
    }
  }
  return findings;
}

/** The index, among init containers and containers, of the first container (the main one, as a rule). */
function firstMain(pod: PodTemplate): number {
  const index = containersOf(pod).filter((c) => c.list !== 'ephemeralContainers').findIndex((c) => c.list === 'containers');
  return index < 0 ? 0 : index;
}
