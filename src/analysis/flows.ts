import { serviceBackendsOf } from './backends';
import { ManifestModel, namespaceOf } from './model';
import { Admission, FlowEnd, FlowPort, NetworkPolicies } from './network-policy';
import { arrayOf, describeResource, isObject, ManifestObject } from './objects';
import { containersOf, PodTemplate } from './pods';

/*
 * The flows the manifests mean, each with what the NetworkPolicies on its way make of it:
 * - ingress: the ingress controller → the pods behind each Ingress and HTTPRoute/GRPCRoute backend (and request mirror);
 * - prometheus: Prometheus → every port a ServiceMonitor, a PodMonitor or a `prometheus.io/scrape` pod annotation scrapes;
 * - blackbox: the blackbox exporter → every in-cluster target of a Probe;
 * - connection: pods → every in-cluster Service address in their environment (and DNS, when their egress is restricted).
 * Plus the in-cluster addresses of the environment that name no Service of the manifests. A flow whose Service or port
 * does not resolve is left out (the plugin's service-selects-pods and ingress-backend-service rules report those).
 */

/**
 * Where a component of the cluster runs that the manifests expect traffic from (an ingress controller, Prometheus, a
 * blackbox exporter): its pods are known by their namespace and, when given, their labels.
 */
export interface ClusterComponent {
  /** The namespace its pods run in. */
  readonly namespace: string;
  /** The labels of its pods (default: not known — a NetworkPolicy must then admit the whole namespace). */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** The components of the cluster whose traffic is proved (an unset one is not). */
export interface ClusterComponents {
  /**
   * The ingress controller: traffic to the backends of Ingresses, and of HTTPRoutes and GRPCRoutes when `gateway` is
   * not given (a controller that is also the Gateway's data plane).
   */
  readonly ingressController?: ClusterComponent;
  /**
   * The Gateway's data plane (its proxies, which often run in the implementation's namespace): traffic to the backends
   * of HTTPRoutes and GRPCRoutes, and to the Services they mirror requests to. Default: `ingressController`.
   */
  readonly gateway?: ClusterComponent;
  /** Prometheus: traffic to every port a ServiceMonitor, a PodMonitor or a `prometheus.io/scrape` annotation scrapes. */
  readonly prometheus?: ClusterComponent;
  /**
   * The blackbox exporter: traffic to every in-cluster target of a Probe. A Probe whose `prober.url` names an
   * in-cluster Service is probed from there, in whatever namespace it is; this one applies to the other Probes, and to
   * those whose Service is in its namespace.
   */
  readonly blackboxExporter?: ClusterComponent;
}

/** What a flow carries. */
export type FlowKind = 'ingress' | 'prometheus' | 'blackbox' | 'connection';

/** A flow the manifests mean: from a source to the pods of a destination on a port, declared at a place of an object. */
export interface Flow {
  readonly kind: FlowKind;
  /** The object that declares the flow (the Ingress, the ServiceMonitor, the client workload...). */
  readonly declaredBy: ManifestObject;
  /** Where in it. */
  readonly path: string;
  readonly source: FlowEnd;
  readonly destination: FlowEnd;
  readonly port: FlowPort;
  /** What the flow is, for the message, e.g. `traffic of Ingress shop/web (host shop.example.com)`. */
  readonly what: string;
  /** The Service the flow goes through, when it goes through one. */
  readonly via?: ManifestObject;
  /** The port of that Service the flow addresses (its number). */
  readonly viaPort?: number;
}

/** The kube-dns pods, which every pod whose egress is restricted must still reach to resolve a Service name. */
const DNS: FlowEnd = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, description: 'the cluster DNS (kube-system, k8s-app=kube-dns)' };

/** An in-cluster Service address: `<service>.<namespace>.svc[.cluster.local]`, with an optional port. */
const SERVICE_ADDRESS = /(?:^|[/@=\s,;])([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?\.?(?::(\d+))?(?=$|[/?#\s,;])/g;

/**
 * An in-cluster Service address in a pod's environment that does not resolve: it names no Service of the manifests,
 * though its namespace is in them (`no-service`); or the pod asks the node's DNS, which does not know the cluster's
 * names (`node-dns`: `dnsPolicy: Default`, or `ClusterFirst` on the node's network, which falls back to it).
 */
export interface UnresolvedAddress {
  readonly cause: 'no-service' | 'node-dns';
  readonly pod: PodTemplate;
  /** Where the env entry is, e.g. `spec.template.spec.containers[0].env[1]`. */
  readonly path: string;
  /** The variable's name. */
  readonly variable: string;
  readonly service: string;
  readonly namespace: string;
}

/** A flow with what the NetworkPolicies make of it. */
export interface CheckedFlow extends Flow {
  readonly admission: Admission;
}

/** The flows of the manifests, each checked against the NetworkPolicies, and the addresses that do not resolve. */
export interface Flows {
  readonly flows: readonly CheckedFlow[];
  readonly unresolved: readonly UnresolvedAddress[];
  /**
   * The flows the manifests mean into pods that a NetworkPolicy isolates, from a component whose namespace is not
   * given: not checked, whether the policies admit them or not (none when the component is given).
   */
  readonly unchecked: readonly UncheckedFlows[];
}

/** The flows of a cluster component that could not be checked: how many, and the setting that would check them. */
export interface UncheckedFlows {
  readonly kind: 'ingress' | 'prometheus';
  readonly flows: number;
  /** The component, as the plugin property names it: `cluster.ingressController` or `cluster.prometheus`. */
  readonly setting: string;
}

/** The end of a flow from a component whose namespace is not known: only its destination is read. */
const UNKNOWN: FlowEnd = { namespace: '', description: '(not known)' };

/**
 * The flows the manifests mean, checked against their NetworkPolicies.
 *
 * @param cluster where the ingress controller, Prometheus and the blackbox exporter run (a component not given: its
 * flows are left out, except a Probe's exporter found from its prober address)
 */
export function flowsOf(model: ManifestModel, cluster: ClusterComponents = {}): Flows {
  const policies = new NetworkPolicies(model);
  const flows: Flow[] = [];
  const gateway = cluster.gateway ?? cluster.ingressController;
  flows.push(...ingressFlows(model, cluster.ingressController && component('the ingress controller', cluster.ingressController),
    gateway && component(cluster.gateway ? 'the Gateway\'s data plane' : 'the ingress controller', gateway)));
  if (cluster.prometheus) {
    flows.push(...scrapeFlows(model, component('Prometheus', cluster.prometheus)));
  }
  flows.push(...probeFlows(model, cluster.blackboxExporter));
  const connections = connectionFlows(model);
  flows.push(...connections.flows);
  // Traffic of a component not given reaches pods that a policy isolates: it cannot be checked, and it is said so.
  const unchecked = ([
    ['ingress', 'cluster.ingressController', cluster.ingressController, (m: ManifestModel) => ingressFlows(m, UNKNOWN, undefined)],
    ['ingress', 'cluster.gateway', gateway, (m: ManifestModel) => ingressFlows(m, undefined, UNKNOWN)],
    ['prometheus', 'cluster.prometheus', cluster.prometheus, (m: ManifestModel) => scrapeFlows(m, UNKNOWN)],
  ] as const).flatMap(([kind, setting, given, flowsFrom]) => {
    const count = given === undefined && policies.any ? flowsFrom(model).filter((f) => policies.isolates(f.destination, 'ingress')).length : 0;
    return count > 0 ? [{ kind, flows: count, setting }] : [];
  });
  return {
    flows: flows.map((flow) => ({ ...flow, admission: policies.admission(flow.source, flow.destination, flow.port) })),
    unresolved: connections.unresolved,
    unchecked,
  };
}

function component(name: string, c: ClusterComponent): FlowEnd {
  return {
    namespace: c.namespace,
    ...(c.podLabels ? { labels: { ...c.podLabels } } : {}),
    description: `${name} (namespace ${c.namespace}${c.podLabels ? `, pods ${labelText(c.podLabels)}` : ''})`,
  };
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ');
}

/** The pods of a workload as an end of a flow. */
function podEnd(pod: PodTemplate): FlowEnd {
  return { namespace: namespaceOf(pod.object), labels: pod.labels, description: `the pods of ${describeResource(pod.object.id)}` };
}

/**
 * The container port a Service port's target reaches on a pod: by name or number, with the other half when the pod
 * declares the port; undefined when a named target is not declared (service-selects-pods reports it).
 */
function containerPortOf(pod: PodTemplate, target: string | number, protocol: string): FlowPort | undefined {
  for (const { container, list } of containersOf(pod)) {
    if (list === 'ephemeralContainers' || (list === 'initContainers' && container.restartPolicy !== 'Always')) {
      continue;
    }
    for (const p of arrayOf(container.ports).filter(isObject)) {
      if ((typeof target === 'string' ? p.name === target : p.containerPort === target) && (p.protocol ?? 'TCP') === protocol) {
        return { ...(typeof p.containerPort === 'number' ? { number: p.containerPort } : {}), ...(typeof p.name === 'string' ? { name: p.name } : {}), protocol };
      }
    }
  }
  return typeof target === 'number' ? { number: target, protocol } : undefined;
}

/** A Service port picked by its number or name (or the only port when none is given). */
function servicePort(service: ManifestObject, port: unknown): Record<string, any> | undefined {
  const ports = arrayOf(service.manifest.spec?.ports).filter(isObject);
  if (port === undefined) {
    return ports.length === 1 ? ports[0] : undefined;
  }
  return ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
}

/** The flows to the pods behind a Service port. */
function serviceFlows(model: ManifestModel, service: ManifestObject, sp: Record<string, any>,
  base: Omit<Flow, 'destination' | 'port' | 'via' | 'viaPort'>): Flow[] {
  const protocol = sp.protocol ?? 'TCP';
  const target = sp.targetPort ?? sp.port;
  return model.podsOf(service).flatMap((pod) => {
    const port = containerPortOf(pod, target, protocol);
    return port ? [{ ...base, via: service, viaPort: sp.port, destination: podEnd(pod), port }] : [];
  });
}

/**
 * The traffic to the backends of Ingresses, from the ingress controller, and of HTTPRoutes and GRPCRoutes (and their
 * mirrors), from the Gateway's data plane; a source not given: its flows are left out.
 */
function ingressFlows(model: ManifestModel, ingressController: FlowEnd | undefined, gateway: FlowEnd | undefined): Flow[] {
  const flows: Flow[] = [];
  for (const object of model.objects) {
    const route = (object.id.kind === 'HTTPRoute' || object.id.kind === 'GRPCRoute') && object.id.apiVersion.startsWith('gateway.networking.k8s.io/');
    const controller = route ? gateway : ingressController;
    if (controller === undefined) {
      continue;
    }
    for (const backend of serviceBackendsOf(object)) {
      const service = model.serviceNamed(backend.namespace, backend.name);
      const sp = service && servicePort(service, backend.port);
      if (service && sp) {
        flows.push(...serviceFlows(model, service, sp, {
          kind: 'ingress',
          declaredBy: object,
          path: backend.path,
          source: controller,
          what: `traffic of ${describeResource(object.id)}${backend.host ? ` (host ${backend.host})` : ''} to ${describeResource(service.id)}`,
        }));
      }
    }
    if (route) {
      flows.push(...mirrorFlows(model, object, namespaceOf(object), controller));
    }
  }
  return flows;
}

/**
 * The copies of the requests that the RequestMirror filters of an HTTPRoute or a GRPCRoute send to a Service (the
 * filters of a rule, and of its backends): the Gateway's data plane sends them, as it sends the requests.
 */
function mirrorFlows(model: ManifestModel, route: ManifestObject, ns: string, controller: FlowEnd): Flow[] {
  const flows: Flow[] = [];
  arrayOf(route.manifest.spec?.rules).forEach((rule, i) => {
    const filters: Array<[unknown, string]> = [
      ...arrayOf(rule?.filters).map((f, k): [unknown, string] => [f, `spec.rules[${i}].filters[${k}]`]),
      ...arrayOf(rule?.backendRefs).flatMap((b, j) => arrayOf(b?.filters).map((f, k): [unknown, string] => [f, `spec.rules[${i}].backendRefs[${j}].filters[${k}]`])),
    ];
    for (const [filter, path] of filters) {
      const ref = isObject(filter) && isObject(filter.requestMirror) ? filter.requestMirror.backendRef : undefined;
      if (!isObject(ref) || (ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') continue;
      const service = model.serviceNamed(typeof ref.namespace === 'string' ? ref.namespace : ns, ref.name);
      const sp = service && servicePort(service, ref.port);
      if (service && sp) {
        flows.push(...serviceFlows(model, service, sp, {
          kind: 'ingress',
          declaredBy: route,
          path: `${path}.requestMirror.backendRef`,
          source: controller,
          what: `mirrored traffic of ${describeResource(route.id)} to ${describeResource(service.id)}`,
        }));
      }
    }
  });
  return flows;
}

/** The namespaces a monitor's `namespaceSelector` covers: undefined for every namespace. */
function monitoredNamespaces(monitor: ManifestObject): string[] | undefined {
  const selector = monitor.manifest.spec?.namespaceSelector;
  if (isObject(selector) && selector.any === true) return undefined;
  if (isObject(selector) && Array.isArray(selector.matchNames) && selector.matchNames.length > 0) return selector.matchNames.map(String);
  return [namespaceOf(monitor)];
}

function scrapeFlows(model: ManifestModel, prometheus: FlowEnd): Flow[] {
  const flows: Flow[] = [];
  for (const monitor of model.objects) {
    if (!monitor.id.apiVersion.startsWith('monitoring.coreos.com/')) continue;
    const spec = monitor.manifest.spec ?? {};
    const namespaces = monitoredNamespaces(monitor);
    if (monitor.id.kind === 'ServiceMonitor') {
      const services = model.servicesSelectedBy(spec.selector, namespacesIn(model, namespaces));
      arrayOf(spec.endpoints).forEach((endpoint, i) => {
        for (const service of services) {
          const ports = arrayOf(service.manifest.spec?.ports).filter(isObject);
          const sp = endpoint?.port !== undefined ? ports.find((p) => p.name === endpoint.port)
            : endpoint?.targetPort !== undefined ? ports.find((p) => (p.targetPort ?? p.port) === endpoint.targetPort) : undefined;
          if (sp) {
            flows.push(...serviceFlows(model, service, sp, {
              kind: 'prometheus',
              declaredBy: monitor,
              path: `spec.endpoints[${i}]`,
              source: prometheus,
              what: `scraping of ${describeResource(monitor.id)} (${describeResource(service.id)} port ${sp.name ?? sp.port})`,
            }));
          }
        }
      });
    } else if (monitor.id.kind === 'PodMonitor') {
      const pods = model.podsSelectedBy(spec.selector, namespacesIn(model, namespaces));
      arrayOf(spec.podMetricsEndpoints).forEach((endpoint, i) => {
        const target = endpoint?.port ?? endpoint?.portNumber ?? endpoint?.targetPort;
        for (const pod of pods) {
          const port = (typeof target === 'string' || typeof target === 'number') ? containerPortOf(pod, target, 'TCP') : undefined;
          if (port) {
            flows.push({
              kind: 'prometheus',
              declaredBy: monitor,
              path: `spec.podMetricsEndpoints[${i}]`,
              source: prometheus,
              destination: podEnd(pod),
              port,
              what: `scraping of ${describeResource(monitor.id)}`,
            });
          }
        }
      });
    }
  }
  for (const pod of model.pods) {
    if (String(pod.annotations['prometheus.io/scrape']) !== 'true') continue;
    const number = Number(pod.annotations['prometheus.io/port']);
    if (!Number.isInteger(number) || number <= 0) continue;
    const port = containerPortOf(pod, number, 'TCP')!;
    flows.push({
      kind: 'prometheus',
      declaredBy: pod.object,
      path: `${pod.metadataPath}.annotations["prometheus.io/port"]`,
      source: prometheus,
      destination: podEnd(pod),
      port,
      what: 'scraping by the prometheus.io/scrape annotation',
    });
  }
  return flows;
}

/** An in-cluster Service named by an address, with the port when the address has one. */
interface ServiceAddress {
  readonly service: string;
  readonly namespace: string;
  readonly port?: number;
}

function serviceAddresses(text: string): ServiceAddress[] {
  return [...text.matchAll(SERVICE_ADDRESS)].map((m) => ({ service: m[1], namespace: m[3], ...(m[5] !== undefined ? { port: Number(m[5]) } : {}) }));
}

function probeFlows(model: ManifestModel, configured: ClusterComponent | undefined): Flow[] {
  const flows: Flow[] = [];
  for (const probe of model.objects) {
    if (probe.id.kind !== 'Probe' || !probe.id.apiVersion.startsWith('monitoring.coreos.com/')) continue;
    const exporter = exporterOf(model, probe, configured);
    if (!exporter) continue;
    arrayOf(probe.manifest.spec?.targets?.staticConfig?.static).forEach((target, i) => {
      if (typeof target !== 'string') return;
      const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
      for (const address of serviceAddresses(target.startsWith('//') || scheme ? target : `//${target}`)) {
        const service = model.serviceNamed(address.namespace, address.service);
        const number = address.port ?? (scheme === 'https' ? 443 : scheme === 'http' ? 80 : undefined);
        const sp = service && (number !== undefined ? servicePort(service, number) : undefined);
        if (service && sp) {
          flows.push(...serviceFlows(model, service, sp, {
            kind: 'blackbox',
            declaredBy: probe,
            path: `spec.targets.staticConfig.static[${i}]`,
            source: exporter,
            what: `black-box probe of ${target}`,
          }));
        }
      }
    });
  }
  return flows;
}

/**
 * The blackbox exporter of a Probe: Prometheus sends the probe to its `prober.url`, so an in-cluster Service named there
 * is the exporter, wherever the cluster's blackbox exporter is said to run (the configured component, with its pod
 * labels, when it runs in that namespace); the configured component when the URL names none.
 */
function exporterOf(model: ManifestModel, probe: ManifestObject, configured: ClusterComponent | undefined): FlowEnd | undefined {
  const url = probe.manifest.spec?.prober?.url;
  const [address] = typeof url === 'string' ? serviceAddresses(`//${url}`) : [];
  if (!address || configured?.namespace === address.namespace) {
    return configured ? component('the blackbox exporter', configured) : undefined;
  }
  const service = model.serviceNamed(address.namespace, address.service);
  const pods = service ? model.podsOf(service) : [];
  if (pods.length === 1) {
    return podEnd(pods[0]);
  }
  return { namespace: address.namespace, description: `the blackbox exporter (namespace ${address.namespace}, from prober.url ${url})` };
}

function connectionFlows(model: ManifestModel): { flows: Flow[]; unresolved: UnresolvedAddress[] } {
  const flows: Flow[] = [];
  const unresolved: UnresolvedAddress[] = [];
  for (const pod of model.pods) {
    const source = podEnd(pod);
    const dnsPolicy = pod.spec.dnsPolicy ?? 'ClusterFirst';
    const nodeDns = dnsPolicy === 'Default' || (dnsPolicy === 'ClusterFirst' && pod.spec.hostNetwork === true);
    let needsDns = false;
    for (const { container, path } of containersOf(pod)) {
      const env = arrayOf(container.env).filter(isObject);
      env.forEach((variable, i) => {
        if (typeof variable.value !== 'string') return;
        for (const address of serviceAddresses(variable.value)) {
          const at = `${path}.env[${i}]`;
          const named = { pod, path: at, variable: String(variable.name), service: address.service, namespace: address.namespace };
          if (nodeDns) {
            unresolved.push({ cause: 'node-dns', ...named });
            continue;
          }
          const service = model.serviceNamed(address.namespace, address.service);
          if (!service) {
            if (model.hasNamespace(address.namespace)) {
              unresolved.push({ cause: 'no-service', ...named });
            }
            continue;
          }
          needsDns = true;
          const number = address.port ?? portFromSibling(env, String(variable.name));
          const ports = arrayOf(service.manifest.spec?.ports).filter(isObject);
          const picked = number !== undefined ? ports.filter((p) => p.port === number) : ports;
          for (const sp of picked) {
            flows.push(...serviceFlows(model, service, sp, {
              kind: 'connection',
              declaredBy: pod.object,
              path: at,
              source,
              what: `the connection of ${String(variable.name)} to ${describeResource(service.id)} port ${sp.name ?? sp.port}`,
            }));
          }
        }
      });
    }
    if (needsDns) {
      flows.push({
        kind: 'connection',
        declaredBy: pod.object,
        path: `${pod.specPath}`,
        source,
        destination: DNS,
        port: { number: 53, protocol: 'UDP' },
        what: 'name resolution of the Service addresses in its environment',
      });
    }
  }
  return { flows, unresolved };
}

/** The port of `<PREFIX>_PORT` beside a `<PREFIX>_HOST` variable. */
function portFromSibling(env: Array<Record<string, any>>, name: string): number | undefined {
  if (!name.endsWith('_HOST')) return undefined;
  const sibling = env.find((e) => e.name === `${name.slice(0, -'_HOST'.length)}_PORT`);
  const number = Number(sibling?.value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

/** The namespaces of the manifests that a monitor covers (every one of them for `any`). */
function namespacesIn(model: ManifestModel, namespaces: string[] | undefined): string[] {
  return namespaces ?? model.namespaceNames();
}
