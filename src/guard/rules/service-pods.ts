/**
 * The rule of the pods behind a Service: an apply after which none of the pods that a Service sends traffic to now
 * keeps serving, while the pods it will send traffic to start from none (a canary by replicas from weight 100 to 0, a
 * switch from a rolling release to blue/green, back from release tracks to a rolling release).
 */
import { ChangeRule, ChangeSeverity } from '../model';
import { qualifiedName, Resource } from '../resources';
import { ChangeCandidate } from './candidate';

/** The workloads whose pods a Service may send traffic to, by API group and kind. */
const POD_WORKLOADS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/ReplicaSet']);

/** The result of the rule: its findings, and the removed Deployments whose finding it is (see deploymentReplaced). */
export interface ServicePodsResult {
  readonly findings: ChangeCandidate[];
  /** The keys of the removed Deployments whose pods no Service of the new manifests selects: a prune-last does not help them. */
  readonly explained: Set<string>;
}

/**
 * For each Service in both that selects running pods now: a finding when no pods serve it through the apply, that is
 * when its new selector selects no pods that run now and keep running (a workload in both, with replicas above 0 before
 * and after: the pods it serves now, or the idle track of a blue/green release that it switches to). When some of the
 * pods it serves now are gone from the new manifests and the new selector selects them, they serve until the prune
 * deletes them: that is guard/deployment-replaced's case for a Deployment that the new pods replace, else a finding
 * here that says to prune last.
 *
 * @param replaced the keys of the removed Deployments that guard/deployment-replaced reports
 */
export function servicePodsReplaced(before: Map<string, Resource>, after: Map<string, Resource>, replaced: ReadonlySet<string>): ServicePodsResult {
  const findings: ChangeCandidate[] = [];
  const explained = new Set<string>();
  const workloadsBefore = podWorkloads(before);
  const workloadsAfter = podWorkloads(after);
  for (const [key, old] of before) {
    const now = after.get(key);
    if (now === undefined || old.group !== '' || old.kind !== 'Service') {
      continue;
    }
    const selectorBefore = selectorOf(old);
    const selectorAfter = selectorOf(now);
    if (selectorBefore === undefined || selectorAfter === undefined) {
      continue;
    }
    const running = (workloadsBefore.get(old.namespace ?? '') ?? []).filter(runsPods);
    const serving = running.filter((w) => selects(selectorBefore, w));
    // Pods serve through the apply when the new selector selects pods that run now, whose workload stays with pods:
    // those it selected before, or those of the idle track of a blue/green release that it switches to.
    const through = running.filter((w) => {
      const next = after.get(w.key);
      return next !== undefined && runsPods(next) && selects(selectorAfter, w);
    });
    if (serving.length === 0 || through.length > 0) {
      continue;
    }
    const selectedAfter = (workloadsAfter.get(now.namespace ?? '') ?? []).filter((w) => runsPods(w) && selects(selectorAfter, w));
    if (selectedAfter.length === 0) {
      // No pods to wait for: a Service left without a workload (or with one at 0 replicas) on purpose.
      continue;
    }
    const gone = serving.filter((w) => !after.has(w.key));
    const untilPruned = gone.filter((w) => selects(selectorAfter, w));
    if (untilPruned.length > 0) {
      if (untilPruned.every((w) => replaced.has(w.key))) {
        continue;
      }
      findings.push(finding(now, serving, selectedAfter, 'the prune of the same apply deletes '
        + `${names(untilPruned)}, whose pods serve it until then`, 'remove the old workloads only once the new pods are ready: Argo CD sync option '
        + 'PruneLast=true (argocd.argoproj.io/sync-options on the Application), or apply without --prune and delete them afterwards'));
      continue;
    }
    gone.forEach((w) => explained.add(w.key));
    const reasons = serving.map((w) => {
      const next = after.get(w.key);
      if (next === undefined) {
        return `${w.kind} ${w.name} is gone, and the new selector does not select its pods (pruning last does not help)`;
      }
      return runsPods(next) ? `the new selector does not select the pods of ${w.kind} ${w.name}` : `${w.kind} ${w.name} goes to 0 replicas`;
    });
    findings.push(finding(now, serving, selectedAfter, reasons.join('; '), 'go in two applies: first one in which the pods that serve now keep '
      + 'serving while the new ones start (a canary by replicas: an intermediate weight, 100 to 50 to 0, never from all the pods of one track to all '
      + 'of the other), wait until the new pods are ready, then this one. A switch of release strategy that changes the Service\'s selector (rolling '
      + 'to blue/green or to a canary by route weight, and back) has no such first step: plan the gap, or acknowledge it'));
  }
  return { findings, explained };
}

/** A finding about a Service: the workloads whose pods it selects before and after the apply, and why none serves through it. */
function finding(now: Resource, serving: Resource[], selectedAfter: Resource[], why: string, remedy: string): ChangeCandidate {
  return {
    rule: ChangeRule.SERVICE_PODS_REPLACED,
    severity: ChangeSeverity.WARNING,
    resource: now,
    current: now,
    field: '(the pods it selects)',
    before: names(serving),
    after: selectedAfter.length > 0 ? names(selectedAfter) : '(none)',
    consequence: `the Service ${qualifiedName(now)} sends traffic now to the pods of ${names(serving)}, and after the apply only to pods that do not `
      + `run yet: ${why}. Until the new pods are ready, the Service has no ready endpoints, and its clients get errors`,
    remedy,
  };
}

/** The workloads of the manifests that run pods, by namespace. */
function podWorkloads(resources: Map<string, Resource>): Map<string, Resource[]> {
  const byNamespace = new Map<string, Resource[]>();
  for (const r of resources.values()) {
    if (POD_WORKLOADS.has(`${r.group}/${r.kind}`)) {
      const list = byNamespace.get(r.namespace ?? '') ?? [];
      list.push(r);
      byNamespace.set(r.namespace ?? '', list);
    }
  }
  return byNamespace;
}

/** A Service's selector (the labels it selects pods by), or undefined for a Service without one. */
function selectorOf(service: Resource): Record<string, unknown> | undefined {
  const selector = service.object.spec?.selector;
  return selector !== null && typeof selector === 'object' && Object.keys(selector).length > 0 ? selector : undefined;
}

/** Whether a workload runs pods: replicas above 0, or not set (the default, 1, or an autoscaler's count). */
function runsPods(workload: Resource): boolean {
  const replicas = workload.object.spec?.replicas;
  return typeof replicas !== 'number' || replicas > 0;
}

/** Whether a selector selects the pods of a workload (the labels of its pod template). */
function selects(selector: Record<string, unknown>, workload: Resource): boolean {
  const labels = workload.object.spec?.template?.metadata?.labels;
  return labels !== null && typeof labels === 'object' && Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function names(workloads: Resource[]): string {
  return workloads.map((w) => `${w.kind} ${w.name}`).join(', ');
}
