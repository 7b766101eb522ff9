import {
  CheckedFlow, ClusterComponents, describePort, describeResource, flowsOf, labelText, ManifestModel, NAMESPACE_NAME_LABEL,
} from '../../analysis';
import { RawFinding } from '../types';

/*
 * The flow rules: flow/ingress, flow/prometheus, flow/blackbox, flow/connection (a flow the manifests mean that a
 * NetworkPolicy blocks) and address-resolves (an in-cluster address that names no Service). The flows are those of
 * src/analysis/flows.ts.
 */

export function flowFindings(model: ManifestModel, cluster: ClusterComponents = {}): RawFinding[] {
  const { flows, unresolved } = flowsOf(model, cluster);
  const findings: RawFinding[] = [];
  for (const flow of flows) {
    if (flow.admission.admitted) {
      continue;
    }
    const blocked = flow.admission.blocking.map((b) => `${describeResource(b.policy.id)} (${b.direction}: ${b.reason})`);
    findings.push({
      rule: `flow/${flow.kind}`,
      object: flow.declaredBy,
      path: flow.path,
      message: `${flow.what}: ${flow.source.description} cannot reach ${flow.destination.description} on ${describePort(flow.port)}, `
        + `blocked by ${blocked.join('; ')}`,
      fix: fixOf(flow),
    });
  }
  for (const address of unresolved) {
    findings.push({
      rule: 'address-resolves',
      object: address.pod.object,
      path: `${address.path}.value`,
      message: `${address.variable} names the Service ${address.namespace}/${address.service}, which is not in the manifests, `
        + `though its namespace ${address.namespace} is: the name does not resolve`,
      fix: `correct the address (a Service of namespace ${address.namespace} is one of: ${model.serviceNamesIn(address.namespace).join(', ') || 'none'}), `
        + 'or exempt the rule for this object when the Service is made outside these manifests',
    });
  }
  return findings;
}

/** The rule that would open the flow, as YAML on one line. */
function fixOf(flow: CheckedFlow): string {
  const direction = flow.admission.blocking[0].direction;
  const peerEnd = direction === 'ingress' ? flow.source : flow.destination;
  const isolated = direction === 'ingress' ? flow.destination : flow.source;
  const peer: string[] = [];
  if (peerEnd.namespace !== isolated.namespace) {
    peer.push(`namespaceSelector: { matchLabels: { ${NAMESPACE_NAME_LABEL}: ${peerEnd.namespace} } }`);
  }
  peer.push(`podSelector: { ${peerEnd.labels ? `matchLabels: { ${labelText(peerEnd.labels)} }` : ''} }`);
  const rule = `- ${direction === 'ingress' ? 'from' : 'to'}: [{ ${peer.join(', ')} }] ports: [{ protocol: ${flow.port.protocol}, port: ${flow.port.name ?? flow.port.number} }]`;
  return `add to the ${direction} rules of a NetworkPolicy that selects ${isolated.description}: ${rule}`
    + (flow.kind === 'connection' ? '' : ' (or correct the plugin property cluster.* if the component runs elsewhere)');
}
