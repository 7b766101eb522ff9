import {
  UnresolvedAddress,
  CheckedFlow, ClusterComponents, describePort, describeResource, flowsOf, ManifestModel, UncheckedFlows,
} from '../../analysis';
import { pushTo } from '../../core/label-index';
import { NAMESPACE_NAME_LABEL, TRACK_LABEL } from '../../core/label-keys';
import { RawFinding } from '../types';

/*
 * The flow rules: flow/ingress, flow/prometheus, flow/blackbox, flow/connection (a flow the manifests mean that a
 * NetworkPolicy blocks) and address-resolves (an in-cluster address that names no Service). The flows are those of
 * src/analysis/flows.ts.
 */

/** The findings of the flow rules, and the flows that could not be checked (see Flows.unchecked). */
interface FlowCheck {
  readonly findings: RawFinding[];
  readonly unchecked: readonly UncheckedFlows[];
}

export function flowFindings(model: ManifestModel, cluster: ClusterComponents = {}): FlowCheck {
  const { flows, unresolved, unchecked } = flowsOf(model, cluster);
  const findings: RawFinding[] = [];
  // One finding per place that declares flows: the pods of every track behind a Service are named together.
  const blocked = new Map<string, CheckedFlow[]>();
  for (const flow of flows.filter((f) => !f.admission.admitted)) {
    const key = [flow.kind, flow.declaredBy.file, flow.declaredBy.index, flow.declaredBy.item ?? '', flow.path, flow.what].join('\u0000');
    pushTo(blocked, key, flow);
  }
  for (const group of blocked.values()) {
    const [flow] = group;
    const reasons = group.map((f) => `${f.destination.description} on ${describePort(f.port)}, blocked by `
      + f.admission.blocking.map((b) => `${describeResource(b.policy.id)} (${b.direction}: ${b.reason})`).join('; '));
    findings.push({
      rule: `flow/${flow.kind}`,
      object: flow.declaredBy,
      path: flow.path,
      message: `${flow.what}: ${flow.source.description} cannot reach ${reasons.join('; nor ')}`,
      fix: group.map(fixOf).filter((f, i, all) => all.indexOf(f) === i).join('; and '),
    });
  }
  for (const address of unresolved) {
    findings.push(address.cause === 'node-dns' ? nodeDnsFinding(address) : {
      rule: 'address-resolves',
      object: address.pod.object,
      path: `${address.path}.value`,
      message: `${address.variable} names the Service ${address.namespace}/${address.service}, which is not in the manifests, `
        + `though its namespace ${address.namespace} is: the name does not resolve`,
      fix: `correct the address (a Service of namespace ${address.namespace} is one of: ${model.serviceNamesIn(address.namespace).join(', ') || 'none'}), `
        + 'or exempt the rule for this object when the Service is made outside these manifests',
    });
  }
  return { findings, unchecked };
}

/** An in-cluster address that a pod asks the node's DNS for. */
function nodeDnsFinding(address: UnresolvedAddress): RawFinding {
  const spec = address.pod.spec;
  const why = spec.dnsPolicy === 'Default' ? 'the pod resolves names with the node\'s DNS (dnsPolicy: Default)'
    : `the pod is on the node's network with dnsPolicy ClusterFirst${spec.dnsPolicy === undefined ? ' (the default)' : ''}, which then falls back to the node's DNS`;
  return {
    rule: 'address-resolves',
    object: address.pod.object,
    path: `${address.path}.value`,
    message: `${address.variable} names the Service ${address.namespace}/${address.service}, but ${why}: it does not resolve the cluster's Service names`,
    fix: spec.hostNetwork === true ? 'set dnsPolicy: ClusterFirstWithHostNet (with this library, dns: { policy: DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET })'
      : 'set dnsPolicy: ClusterFirst (the default)',
  };
}

/** The rule that would open the flow, as YAML on one line. */
function fixOf(flow: CheckedFlow): string {
  const direction = flow.admission.blocking[0].direction;
  const peerEnd = direction === 'ingress' ? flow.source : flow.destination;
  const isolated = direction === 'ingress' ? flow.destination : flow.source;
  const peer: string[] = [];
  if (peerEnd.namespace !== isolated.namespace) {
    peer.push(`namespaceSelector: { matchLabels: { ${NAMESPACE_NAME_LABEL}: ${JSON.stringify(peerEnd.namespace)} } }`);
  }
  const selector = peerEnd.labels ? stableSelector(peerEnd.labels) : {};
  peer.push(Object.keys(selector).length > 0 ? `podSelector: { matchLabels: { ${yamlMap(selector)} } }` : 'podSelector: {}');
  const port = flow.port.name ?? flow.port.number;
  const rule = `- ${direction === 'ingress' ? 'from' : 'to'}: [{ ${peer.join(', ')} }] ports: [{ protocol: ${flow.port.protocol}, port: ${typeof port === 'string' ? JSON.stringify(port) : port} }]`;
  return `add to the ${direction} rules of a NetworkPolicy that selects ${isolated.description}: ${rule}`
    + (flow.kind === 'connection' ? ''
      : ' (or say where the component runs: the plugin property cluster.*, or for AppSynthesis the platform defaults '
        + 'ingressControllerNamespace, gatewayNamespace and monitoringNamespace)');
}

/** The labels that keep selecting the pods across releases: the application's name, instance and component, else all but the changing ones. */
function stableSelector(labels: Record<string, string>): Record<string, string> {
  const recommended = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component'].filter((k) => k in labels);
  if (recommended.length > 0) {
    return Object.fromEntries(recommended.map((k) => [k, labels[k]]));
  }
  const changing = new Set(['app.kubernetes.io/version', 'cdk8s.io/metadata.addr', 'pod-template-hash', 'controller-revision-hash', TRACK_LABEL]);
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !changing.has(k)));
}

/** `key: "value", ...`, each value quoted (a label value such as 16.3 is a string, never a number). */
function yamlMap(map: Record<string, string>): string {
  return Object.entries(map).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
}
