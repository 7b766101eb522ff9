/**
 * The rules of Services: the immutable cluster IP, primary IP family and load balancer class, and a LoadBalancer that
 * is released.
 */
import { ChangeRule, ChangeSeverity } from '../model';
import { namespaceFlag, render, Resource } from '../resources';
import { ChangeCandidate } from './candidate';

/** The changes of a Service that is in both. */
export function serviceChanges(old: Resource, now: Resource): ChangeCandidate[] {
  const findings: ChangeCandidate[] = [];
  const o = old.object.spec ?? {};
  const n = now.object.spec ?? {};
  const typeBefore = o.type ?? 'ClusterIP';
  const typeAfter = n.type ?? 'ClusterIP';
  const external = typeBefore === 'ExternalName' || typeAfter === 'ExternalName';
  const ipBefore: string | undefined = o.clusterIP || o.clusterIPs?.[0] || undefined;
  const ipAfter: string | undefined = n.clusterIP || n.clusterIPs?.[0] || undefined;
  const recreate = `delete the Service and apply (kubectl delete service ${now.name}${namespaceFlag(now)}; clients cannot reach it in between), `
    + 'or add a Service under a new name and move the clients to it';
  // Changes to and from ExternalName are accepted: the API server drops or allocates the cluster IP.
  if (!external && ipBefore !== ipAfter) {
    if (ipBefore === 'None' && ipAfter === undefined) {
      findings.push({
        rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
        severity: ChangeSeverity.WARNING,
        resource: now,
        current: now,
        field: 'spec.clusterIP',
        before: 'None',
        after: undefined,
        consequence: 'the API server keeps clusterIP None when the manifests leave it out: the Service stays headless, with no cluster IP, '
          + 'although the manifests no longer say so',
        remedy: `write clusterIP: None to keep it headless, or, to give it a cluster IP, ${recreate}`,
      });
    } else if (ipAfter !== undefined) {
      findings.push({
        rule: ChangeRule.SERVICE_CLUSTER_IP_CHANGED,
        severity: ChangeSeverity.ERROR,
        resource: now,
        current: now,
        field: 'spec.clusterIP',
        before: ipBefore,
        after: ipAfter,
        consequence: ipBefore === undefined
          ? `the cluster allocated an address when the Service was made; spec.clusterIP is immutable: the apply fails ("may not change once set") unless ${ipAfter} is that address`
            + `${ipAfter === 'None' ? ' (a Service cannot become headless in place)' : ''}`
          : `spec.clusterIP is immutable: kubectl apply fails ("may not change once set")${ipBefore === 'None' || ipAfter === 'None' ? '; a Service cannot switch between headless and a cluster IP in place' : ''}`,
        remedy: `keep ${ipBefore ?? 'clusterIP out of the manifests'}. To change it, ${recreate}`,
      });
    }
  }
  const familyBefore = o.ipFamilies?.[0];
  const familyAfter = n.ipFamilies?.[0];
  if (!external && familyBefore !== undefined && familyAfter !== undefined && familyBefore !== familyAfter) {
    findings.push({
      rule: ChangeRule.SERVICE_IP_FAMILY_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.ipFamilies[0]',
      before: familyBefore,
      after: familyAfter,
      consequence: 'the primary IP family of a Service is immutable (its cluster IP is of that family): kubectl apply fails ("may not change once set")',
      remedy: `keep ${familyBefore} first (a second family may be added or removed). To change it, ${recreate}`,
    });
  }
  if (typeBefore === 'LoadBalancer' && typeAfter === 'LoadBalancer' && o.loadBalancerClass !== n.loadBalancerClass) {
    findings.push({
      rule: ChangeRule.SERVICE_LOAD_BALANCER_CLASS_CHANGED,
      severity: ChangeSeverity.ERROR,
      resource: now,
      current: now,
      field: 'spec.loadBalancerClass',
      before: render(o.loadBalancerClass),
      after: render(n.loadBalancerClass),
      consequence: 'spec.loadBalancerClass of a LoadBalancer Service is immutable: kubectl apply fails ("may not change once set")',
      remedy: `keep the class. To change it, ${recreate}; the new load balancer gets a new external address`,
    });
  }
  if (typeBefore === 'LoadBalancer' && typeAfter !== 'LoadBalancer') {
    findings.push({
      rule: ChangeRule.SERVICE_LOAD_BALANCER_RELEASED,
      severity: ChangeSeverity.WARNING,
      resource: now,
      current: now,
      field: 'spec.type',
      before: typeBefore,
      after: typeAfter,
      consequence: 'the Service is no longer a LoadBalancer: the cloud load balancer and its external address are released; clients and DNS records '
        + 'that point at the address stop working, and a new LoadBalancer later gets another address (unless it is reserved)',
      remedy: 'move DNS records and clients to the new entry point (an Ingress, a Gateway) before the change',
    });
  }
  return findings;
}
