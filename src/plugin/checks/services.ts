import {
  arrayOf, containersOf, describeResource, isObject, labelSelectorMatches, ManifestModel, namespaceOf, PodTemplate, podServesPort, REPLICATED_KINDS,
  ServiceBackend, serviceBackendsOf, stringMap,
} from '../../analysis';
import { isAtLeast, KubernetesVersion } from '../../core/kubernetes-version';
import { compositeKey } from '../../core/label-index';
import { TRACK_LABEL } from '../../core/label-keys';
import { evictionBlock } from '../../core/pod-disruption';
import { ManifestObject, RawFinding } from '../types';

/*
 * The rules on what Services, Ingresses and routes connect: readiness-probe, min-replicas, pod-disruption-budget,
 * topology-spread, service-selects-pods, ingress-backend-service, canary-reached.
 */

/**
 * @param target the Kubernetes version the manifests are checked for (named ports of native sidecars resolve from 1.32)
 */
export function serviceFindings(model: ManifestModel, target: KubernetesVersion): RawFinding[] {
  // By kind (the engine orders the findings by object).
  const backends = ['Ingress', 'HTTPRoute', 'GRPCRoute'].flatMap((kind) => model.objectsOfKind(kind)).flatMap(serviceBackendsOf);
  return [
    ...readinessProbes(model),
    ...minReplicas(model),
    ...disruptionBudgets(model),
    ...topologySpread(model),
    ...serviceSelectsPods(model, target),
    ...ingressBackends(model, backends),
    ...canariesReached(model, backends),
  ];
}

function isBatch(object: ManifestObject): boolean {
  return object.id.kind === 'Job' || object.id.kind === 'CronJob';
}

/** The target ports of a Service (a port's targetPort, or its port). */
function targetPortsOf(service: ManifestObject): Array<string | number> {
  return arrayOf(service.manifest.spec?.ports).flatMap((p) => {
    if (!isObject(p)) return [];
    const target = p.targetPort ?? p.port;
    return typeof target === 'string' || typeof target === 'number' ? [target] : [];
  });
}

function readinessProbes(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const service of model.services) {
    if (service.manifest.spec?.publishNotReadyAddresses === true) {
      continue; // this Service routes to pods that are not ready anyway
    }
    const targets = targetPortsOf(service);
    for (const pod of model.podsOf(service).filter((p) => !isBatch(p.object))) {
      const serving = new Map(targets.flatMap((t) => podServesPort(pod, t).map((c) => [c.path, { c, port: t }] as const)));
      if (serving.size === 0) {
        // No container declares the target ports (a number need not be declared; a missing name is service-selects-pods'):
        // one of the containers serves them.
        const containers = containersOf(pod).filter((c) => c.list === 'containers');
        if (containers.length > 0 && !containers.some((c) => isObject(c.container.readinessProbe))) {
          findings.push({
            rule: 'readiness-probe',
            object: pod.object,
            path: `${pod.specPath}.containers`,
            message: `no container has a readiness probe, and the pods are behind ${describeResource(service.id)} (port ${targets.map(String).join(', ')})`,
            fix: 'add a readinessProbe to the container that serves the Service\'s target port (and declare that port in its ports)',
          });
        }
        continue;
      }
      for (const { c, port } of serving.values()) {
        if (!isObject(c.container.readinessProbe)) {
          findings.push({
            rule: 'readiness-probe',
            object: pod.object,
            path: `${c.path}.readinessProbe`,
            message: `container ${JSON.stringify(c.container.name)} serves port ${JSON.stringify(port)} of ${describeResource(service.id)} and has no readiness probe`,
            fix: `add a readinessProbe to container ${JSON.stringify(c.container.name)} (an HTTP GET of a health endpoint, or a TCP check of port ${JSON.stringify(port)})`,
          });
        }
      }
    }
  }
  return findings;
}

/** The Services in front of a replicated workload's pods, or none. */
function servedReplicated(model: ManifestModel, pod: PodTemplate): ManifestObject[] {
  return REPLICATED_KINDS.has(pod.object.id.kind) ? model.servicesOf(pod.object) : [];
}

function minReplicas(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  // A pod's finding names the first Service in front of it: the clients' Service before a headless one (the peers' of
  // a StatefulSet), which no client calls.
  const headless = (service: ManifestObject) => (service.manifest.spec?.clusterIP === 'None' ? 1 : 0);
  for (const service of [...model.services].sort((a, b) => headless(a) - headless(b))) {
    const pods = model.podsOf(service).filter((p) => !isBatch(p.object));
    if (pods.length === 0 || pods.some((p) => p.object.id.kind === 'DaemonSet')) {
      continue; // no pods (service-selects-pods), or one per node
    }
    // Two release tracks (blue/green, canary) behind one Service count together.
    const total = pods.reduce((sum, p) => sum + model.replicasOf(p.object).min, 0);
    if (total >= 2) {
      continue;
    }
    for (const pod of pods) {
      const [autoscaler] = model.autoscalersOf(pod.object);
      const scaledBy = autoscaler?.id.kind === 'ScaledObject' ? 'ScaledObject' : autoscaler ? 'HorizontalPodAutoscaler' : undefined;
      findings.push({
        rule: 'min-replicas',
        object: pod.object,
        path: pod.object.id.kind === 'Pod' ? 'metadata.name' : 'spec.replicas',
        message: `${total === 1 ? 'one replica' : `${total} replicas`} behind ${describeResource(service.id)}${scaledBy ? ` (the minimum of its ${scaledBy})` : ''}: the Service is down while the pod restarts or its node drains`,
        fix: pod.object.id.kind === 'Pod'
          ? 'run the pod under a Deployment with replicas: 2 or more'
          : scaledBy === 'ScaledObject' ? 'set minReplicaCount: 2 or more on the ScaledObject'
            : scaledBy ? 'set minReplicas: 2 or more on the HorizontalPodAutoscaler' : 'set spec.replicas: 2 or more',
      });
    }
  }
  return findings;
}


function disruptionBudgets(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const pod of model.pods) {
    const services = servedReplicated(model, pod);
    const { min, max } = model.replicasOf(pod.object);
    if (services.length === 0 || max < 2) {
      continue;
    }
    const budgets = model.budgetsOf(pod.object);
    if (budgets.length === 0) {
      findings.push({
        rule: 'pod-disruption-budget',
        object: pod.object,
        path: `${pod.metadataPath}.labels`,
        message: `no PodDisruptionBudget selects the pods (up to ${max} replicas behind ${describeResource(services[0].id)}): a node drain may evict them all at once`,
        fix: `add a PodDisruptionBudget in ${namespaceOf(pod.object) === '' ? 'the same namespace' : `namespace ${namespaceOf(pod.object)}`} with maxUnavailable: 1 whose selector matches the pod template labels`,
      });
      continue;
    }
    if (budgets.length > 1) {
      findings.push({
        rule: 'pod-disruption-budget',
        object: pod.object,
        path: `${pod.metadataPath}.labels`,
        message: `${budgets.length} PodDisruptionBudgets select the pods (${budgets.map((b) => describeResource(b.id)).join(', ')}): the eviction API refuses to evict a pod that more than one budget selects, so node drains hang`,
        fix: 'keep one PodDisruptionBudget per workload (make the selectors of the others not match these pods)',
      });
    }
    for (const budget of budgets) {
      const blocking = blocksEviction(budget.manifest.spec, min, min === max ? undefined : `(the least of ${min} to ${max})`);
      if (blocking) {
        findings.push({
          rule: 'pod-disruption-budget',
          object: budget,
          path: blocking.path,
          message: `${blocking.what}: no pod of ${describeResource(pod.object.id)} can be evicted${min === max ? '' : ` while it runs ${min}`}, so node drains hang`,
          fix: 'set maxUnavailable: 1 (or a minAvailable below the replicas)',
        });
      }
    }
  }
  return findings;
}

/** Why a PodDisruptionBudget allows no eviction at all, or undefined. */
function blocksEviction(spec: any, replicas: number, which: string | undefined): { path: string; what: string } | undefined {
  const block = isObject(spec) ? evictionBlock(spec, replicas, which) : undefined;
  return block ? { path: `spec.${block.field}`, what: block.reason } : undefined;
}

function topologySpread(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const pod of model.pods) {
    const services = servedReplicated(model, pod);
    const { max } = model.replicasOf(pod.object);
    if (services.length === 0 || max < 2) {
      continue;
    }
    const spread = arrayOf(pod.spec.topologySpreadConstraints).some((c) => isObject(c) && labelSelectorMatches(c.labelSelector, pod.labels));
    const antiAffinity = pod.spec.affinity?.podAntiAffinity;
    const terms = [
      ...arrayOf(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      ...arrayOf(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((t) => t?.podAffinityTerm),
    ];
    const separated = terms.some((t) => isObject(t) && labelSelectorMatches(t.labelSelector, pod.labels));
    if (spread || separated) {
      continue;
    }
    const unmatched = arrayOf(pod.spec.topologySpreadConstraints).length > 0 || terms.length > 0;
    findings.push({
      rule: 'topology-spread',
      object: pod.object,
      path: `${pod.specPath}.topologySpreadConstraints`,
      message: unmatched
        ? `up to ${max} replicas behind ${describeResource(services[0].id)}, and no topology spread constraint or anti-affinity term selects the workload's own pods`
        : `up to ${max} replicas behind ${describeResource(services[0].id)} with no topology spread constraint or pod anti-affinity: they may all land on one node`,
      fix: 'add a topologySpreadConstraint (topologyKey: kubernetes.io/hostname, maxSkew: 1) whose labelSelector matches the pod template labels',
    });
  }
  return findings;
}

/** The first version whose endpoints resolve a named port of a native sidecar (kubernetes/kubernetes#128850). */
const SIDECAR_NAMED_PORTS = KubernetesVersion.V1_32;

function serviceSelectsPods(model: ManifestModel, version: KubernetesVersion): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const service of model.services) {
    const spec = service.manifest.spec;
    if (!isObject(spec) || spec.type === 'ExternalName' || !isObject(spec.selector) || Object.keys(spec.selector).length === 0) {
      continue; // no selector: its endpoints are managed by hand
    }
    const pods = model.podsOf(service);
    if (pods.length === 0) {
      const selector = Object.entries(spec.selector).map(([k, v]) => `${k}=${String(v)}`).join(', ');
      const elsewhere = model.podsWithLabels(spec.selector).filter((p) => namespaceOf(p.object) !== namespaceOf(service));
      findings.push({
        rule: 'service-selects-pods',
        object: service,
        path: 'spec.selector',
        message: `selects no pod of the manifests in ${namespaceOf(service) === '' ? 'its namespace' : `namespace ${namespaceOf(service)}`} (selector ${selector})`
          + (elsewhere.length > 0 ? `; ${describeResource(elsewhere[0].object.id)} in another namespace has these labels` : ''),
        fix: 'make the selector match the pod template labels of a workload in the same namespace (or remove the selector if the endpoints are managed by hand)',
      });
      continue;
    }
    arrayOf(spec.ports).forEach((port, i) => {
      const target = isObject(port) ? port.targetPort : undefined;
      if (typeof target !== 'string' || /^\d+$/.test(target)) {
        return; // a number: containers need not declare the ports they listen on
      }
      const serving = pods.flatMap((p) => podServesPort(p, target));
      if (serving.length === 0) {
        findings.push({
          rule: 'service-selects-pods',
          object: service,
          path: `spec.ports[${i}].targetPort`,
          message: `targets port ${JSON.stringify(target)}, which no container of the selected pods (${pods.map((p) => describeResource(p.object.id)).join(', ')}) names`,
          fix: `name a container port ${JSON.stringify(target)} in the pods, or target one of their ports: ${namedPorts(pods).join(', ') || '(they name none)'}`,
        });
      } else if (!isAtLeast(version, SIDECAR_NAMED_PORTS) && serving.every((c) => c.list === 'initContainers')) {
        const sidecar = serving[0].container;
        const number = arrayOf(sidecar.ports).find((p) => isObject(p) && p.name === target)?.containerPort;
        findings.push({
          rule: 'service-selects-pods',
          object: service,
          path: `spec.ports[${i}].targetPort`,
          message: `targets port ${JSON.stringify(target)} by name, which only the native sidecar ${JSON.stringify(sidecar.name)} names: before Kubernetes `
            + `1.32 a named port of a native sidecar is not resolved into the endpoints (kubernetes/kubernetes#128850), and the target is ${version}`,
          fix: `target the port by its number (${number}), or a target of Kubernetes 1.32 or later`,
        });
      }
    });
  }
  return findings;
}

function namedPorts(pods: PodTemplate[]): string[] {
  return [...new Set(pods.flatMap((p) => containersOf(p).flatMap((c) => arrayOf(c.container.ports).map((x) => x?.name).filter((n) => typeof n === 'string'))))];
}

/** The Service of each backend of the Ingresses and routes is in the manifests, with the port the backend names. */
function ingressBackends(model: ManifestModel, backends: readonly ServiceBackend[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const backend of backends) {
    const { object, namespace, name, port } = backend;
    if (namespace !== namespaceOf(object)) {
      continue; // another namespace's Service (a route's, through a ReferenceGrant): not ours to check
    }
    const service = model.serviceNamed(namespace, name);
    if (!service) {
      findings.push(missingService(object, backend.namePath, name, namespace, model));
    } else if (port !== undefined
      // An Ingress names the Service port by number or name; a route by number only.
      && !servicePorts(service).some((p) => p.port === port || (object.id.kind === 'Ingress' && p.name === port))) {
      findings.push(missingPort(object, backend.portPath!, port, service));
    }
  }
  return findings;
}

/**
 * The Service of a canary track (its selector picks the pods of `cdk8s-appflow/track: canary`, the library's release
 * tracks) is a backend of an Ingress or a route of the manifests: otherwise no user reaches the canary, and its share
 * of the traffic (route weights, ingress-nginx's canary weight) is applied by nothing.
 */
function canariesReached(model: ManifestModel, backends: readonly ServiceBackend[]): RawFinding[] {
  const reached = new Set(backends.flatMap((b) => (typeof b.name === 'string' ? [compositeKey(b.namespace, b.name)] : [])));
  return model.objectsOfKind('Service')
    .filter((service) => stringMap(service.manifest.spec?.selector)[TRACK_LABEL] === 'canary' && !reached.has(compositeKey(namespaceOf(service), service.id.name)))
    .map((service) => ({
      rule: 'canary-reached',
      object: service,
      path: `spec.selector["${TRACK_LABEL}"]`,
      message: `${describeResource(service.id)} selects the pods of the canary track, and no Ingress, HTTPRoute or GRPCRoute of the manifests sends `
        + 'traffic to it: no user reaches the canary, and nothing applies its share of the traffic',
      fix: 'publish the application (the `publish` of the pattern, or an AppPublication of its release), which sends the canary its share (route '
        + `weights, or ingress-nginx's canary Ingress); or send traffic to ${service.id.name} from your own route or Ingress; when a router that `
        + 'the manifests do not hold sends it traffic (a service mesh), exempt the Service',
    }));
}

function servicePorts(service: ManifestObject): Array<{ port?: number; name?: string }> {
  return arrayOf(service.manifest.spec?.ports).filter(isObject);
}

function missingService(object: ManifestObject, path: string, name: unknown, namespace: string, model: ManifestModel): RawFinding {
  const known = model.servicesIn(namespace).map((s) => s.id.name);
  return {
    rule: 'ingress-backend-service',
    object,
    path,
    message: `sends traffic to Service ${JSON.stringify(name)}, which is not in the manifests${namespace === '' ? '' : ` in namespace ${namespace}`}`,
    fix: known.length > 0 ? `name one of the Services of the namespace: ${known.join(', ')}` : 'add the Service to the manifests, or fix the name',
  };
}

function missingPort(object: ManifestObject, path: string, port: unknown, service: ManifestObject): RawFinding {
  const ports = servicePorts(service).map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port)));
  return {
    rule: 'ingress-backend-service',
    object,
    path,
    message: `sends traffic to port ${JSON.stringify(port)} of ${describeResource(service.id)}, which has no such port`,
    fix: `use one of the Service's ports: ${ports.join(', ')}`,
  };
}
