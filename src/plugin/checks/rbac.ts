import { AccessRelaxation } from '../../access/access-relaxation';
import { PolicyRuleFields, policyRuleProblems, rbacRuleId, roleRefProblem } from '../../access/rbac-rules';
import { apiGroupOf, arrayOf, describeResource, isObject, ManifestModel, ManifestObject } from '../../analysis';
import { RawFinding } from '../types';

/*
 * The least-privilege rules of RBAC, on every Role, ClusterRole, RoleBinding and ClusterRoleBinding of the app, whoever
 * made it: rbac/wildcard, rbac/escalating-verbs, rbac/secrets-read, rbac/broad-role, rbac/workload-creation,
 * rbac/escalating-resources. The judgement
 * is the library's own (src/access/rbac-rules.ts): what AppServiceAccount refuses unless relaxed, the plugin finds; a
 * relaxation the library wrote is an exemption of the object (its `cdk8s-appflow/exempt` annotation), with its reason.
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** How to fix each occurrence. */
const FIX: Record<AccessRelaxation, string> = {
  [AccessRelaxation.WILDCARD]: 'name the verbs, API groups and resources the subject needs instead of "*" (cdk8s-appflow: AccessGrant.read(...), write(...), '
    + 'readNamed(...)), or exempt the object with the reason',
  [AccessRelaxation.ESCALATING_VERBS]: 'remove escalate, bind and impersonate, or exempt the object with the reason (a controller that manages RBAC)',
  [AccessRelaxation.SECRETS_READ]: 'name the Secrets the subject reads in resourceNames, or give them to the pods through env or a volume (which needs no RBAC); '
    + 'or exempt the object with the reason',
  [AccessRelaxation.BROAD_ROLE]: 'bind a narrower ClusterRole (such as view) or a Role with the rules the subject needs, or exempt the object with the reason',
  [AccessRelaxation.WORKLOAD_CREATION]: 'remove create on pods, workloads and pods/exec or pods/attach (and update or patch of pods/ephemeralcontainers), or '
    + 'exempt the object with the reason (a CI runner or an operator that starts pods)',
  [AccessRelaxation.ESCALATING_RESOURCES]: 'remove the grant, or exempt the object with the reason (the component of the platform that needs it)',
};

export function rbacFindings(model: ManifestModel): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const object of model.objects) {
    if (apiGroupOf(object.id.apiVersion) !== RBAC_GROUP) {
      continue;
    }
    switch (object.id.kind) {
      case 'Role':
      case 'ClusterRole':
        findings.push(...ruleFindings(object));
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        findings.push(...bindingFindings(object));
        break;
    }
  }
  return findings;
}

function ruleFindings(object: ManifestObject): RawFinding[] {
  const clusterWide = object.id.kind === 'ClusterRole';
  return arrayOf(object.manifest.rules).flatMap((rule, i) => {
    if (!isObject(rule)) {
      return [];
    }
    const fields: PolicyRuleFields = {
      verbs: strings(rule.verbs),
      apiGroups: strings(rule.apiGroups),
      resources: strings(rule.resources),
      resourceNames: strings(rule.resourceNames),
      nonResourceURLs: strings(rule.nonResourceURLs),
    };
    return policyRuleProblems(fields, clusterWide).map((p) => ({
      rule: rbacRuleId(p.relaxation),
      object,
      path: `rules[${i}].${p.field}`,
      message: p.problem,
      fix: FIX[p.relaxation],
    }));
  });
}

function bindingFindings(object: ManifestObject): RawFinding[] {
  const roleRef = object.manifest.roleRef;
  if (!isObject(roleRef)) {
    return [];
  }
  const problem = roleRefProblem(String(roleRef.kind), String(roleRef.name));
  if (problem === undefined) {
    return [];
  }
  const where = object.id.kind === 'ClusterRoleBinding' ? 'in every namespace' : `in namespace ${object.id.namespace ?? '(the current one of kubectl)'}`;
  return [{
    rule: rbacRuleId(problem.relaxation),
    object,
    path: problem.field,
    message: `it binds ${subjectsOf(object)} to the ClusterRole ${JSON.stringify(roleRef.name)} ${where}: ${problem.problem.replace(/^the ClusterRole "[^"]*" /, 'it ')}`,
    fix: FIX[problem.relaxation],
  }];
}

/** The subjects of a binding, for the message: `ServiceAccount shop/web, Group ops`. */
function subjectsOf(object: ManifestObject): string {
  const subjects = arrayOf(object.manifest.subjects).filter(isObject).map((s) => (s.kind === 'ServiceAccount'
    ? describeResource({ apiVersion: 'v1', kind: 'ServiceAccount', name: String(s.name), namespace: s.namespace !== undefined ? String(s.namespace) : object.id.namespace })
    : `${String(s.kind)} ${String(s.name)}`));
  return subjects.length === 0 ? 'no subject' : subjects.join(', ');
}

function strings(value: unknown): string[] {
  return arrayOf(value).map((v) => String(v));
}
