import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AccessGrant } from './access-grant';
import { AccessRelaxation, RelaxedAccess } from './access-relaxation';
import { describeResource, isClusterScoped } from './api-resources';
import { EXEMPT_ANNOTATION, PolicyRuleFields, policyRuleProblems, rbacRuleId, RbacProblem, roleRefProblem } from './rbac-rules';
import { AppIdentity } from '../core/app-identity';
import { checkList, checkProps, inputError, kindOfValue } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { misspeltName } from '../core/near-names';
import { claimObjectName } from '../core/object-names';
import { PlatformDefaults } from '../core/platform-defaults';
import { WorkloadIdentity } from '../core/workload-identity';

const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

/** What a relaxation asks for, in the refusal of a grant that needs it. */
const RELAX_INSTEAD: Record<AccessRelaxation, string> = {
  [AccessRelaxation.WILDCARD]: 'the verbs, API groups and resources the application needs, named one by one (e.g. '
    + 'AccessGrant.read(kplus.ApiResource.CONFIG_MAPS)); or, when it must, relax: [{ relaxation: AccessRelaxation.WILDCARD, reason: "..." }]',
  [AccessRelaxation.ESCALATING_VERBS]: 'grants without escalate, bind and impersonate; or, for a controller that manages RBAC, '
    + 'relax: [{ relaxation: AccessRelaxation.ESCALATING_VERBS, reason: "..." }]',
  [AccessRelaxation.SECRETS_READ]: 'the Secrets the application reads, by name (AccessGrant.readNamed(kplus.ApiResource.SECRETS, "db-password")), '
    + 'or a SecretSource that gives them to the pods without any grant; or, when it must, relax: [{ relaxation: AccessRelaxation.SECRETS_READ, reason: "..." }]',
  [AccessRelaxation.BROAD_ROLE]: 'a narrower ClusterRole (e.g. AccessGrant.clusterRole("view")) or the grants the application needs; or, when it must, '
    + 'relax: [{ relaxation: AccessRelaxation.BROAD_ROLE, reason: "..." }]',
  [AccessRelaxation.WORKLOAD_CREATION]: 'grants that create no pods, workloads or commands in pods (the pods of an application are its manifests\'); or, for '
    + 'a CI runner or an operator that starts pods, relax: [{ relaxation: AccessRelaxation.WORKLOAD_CREATION, reason: "..." }]',
  [AccessRelaxation.ESCALATING_RESOURCES]: 'grants without tokens of ServiceAccounts, the kubelet\'s API, PersistentVolumes, namespace labels, admission '
    + 'webhooks or certificate approval; or, for the component of the platform that needs it, relax: [{ relaxation: AccessRelaxation.ESCALATING_RESOURCES, '
    + 'reason: "..." }]',
};

const READ_ONLY_BY_NAME = ['create', 'deletecollection'];
const VERB = /^(?:[a-z]+|\*)$/;

/** The verbs of the Kubernetes API that RBAC authorizes (resource requests). */
const API_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate',
  'use', 'approve', 'sign', 'attest'];
const RESOURCE_TYPE = /^(?:\*|[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)(?:\/(?:\*|[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?))?$/;
const GRANT_EXAMPLE = 'an AccessGrant, e.g. AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, "web-flags")';

/**
 * The options of an application's ServiceAccount: everything but the application (for the patterns and platform
 * defaults that make one per application).
 */
export interface AppServiceAccountOptions {
  /**
   * The name of the ServiceAccount (a DNS-1123 label, as the application's name is), also of its Role and
   * RoleBinding. The names of its ClusterRole and other bindings are made of it and a dot (`<namespace>.<name>`), so
   * that no two ServiceAccounts can get roles or bindings of the same name, in any App.
   *
   * @default - the application's name
   */
  readonly name?: string;

  /**
   * The cloud identity the pods act as (GKE, Azure or AWS), by the annotations of the ServiceAccount. For Azure the
   * pods must also carry `podLabels`.
   *
   * @see https://kubernetes.io/docs/concepts/security/service-accounts/
   * @default - the platform default `workloadIdentity`, else none
   */
  readonly workloadIdentity?: WorkloadIdentity;

  /**
   * Whether pods that run as this ServiceAccount get an API token mounted by default (a pod may still ask for one).
   * Only an application that calls the Kubernetes API needs it; the workload identities of GKE, Azure and AWS do not.
   *
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
   * @default false
   */
  readonly automountToken?: boolean;

  /**
   * What the application may do through the Kubernetes API: written as the rules of a Role (and, for the grants made
   * `clusterWide()`, of a ClusterRole) bound to this ServiceAccount, or as bindings of existing ClusterRoles.
   *
   * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
   * @default - no access to the API
   */
  readonly grants?: AccessGrant[];

  /**
   * Least-privilege rules relaxed on purpose, each with its reason; a grant that breaks a rule not relaxed here is
   * refused, and so is a relaxation that no grant needs.
   *
   * @default - none
   */
  readonly relax?: RelaxedAccess[];
}

/**
 * Properties of an {@link AppServiceAccount}.
 */
export interface AppServiceAccountProps extends AppServiceAccountOptions {
  /**
   * The application: the ServiceAccount is named after it and carries its labels.
   */
  readonly identity: AppIdentity;
}

/**
 * The ServiceAccount of one application: named after it, with its labels, no API token mounted unless asked, an
 * optional cloud workload identity, and the RBAC objects of its grants — least privilege by construction.
 *
 * A cdk8s-plus-34 ServiceAccount: give it wherever one is taken (`serviceAccount` of the workloads and patterns,
 * `RegistryCredentials.addToServiceAccount`).
 *
 * @example
 * const account = new AppServiceAccount(this, 'Account', {
 *   identity,
 *   workloadIdentity: WorkloadIdentity.gke({ serviceAccount: 'shop-api@my-project.iam.gserviceaccount.com' }),
 *   grants: [AccessGrant.readNamed(kplus.ApiResource.CONFIG_MAPS, 'shop-api-flags')],
 * });
 */
export class AppServiceAccount extends kplus.ServiceAccount {
  /** The application. */
  public readonly identity: AppIdentity;
  /** The cloud identity the pods act as, if any. */
  public readonly workloadIdentity?: WorkloadIdentity;
  /** The Role and ClusterRole made for the grants (none without grants). */
  public readonly roles: ApiObject[] = [];
  /** The RoleBindings and ClusterRoleBindings that bind them, and the existing ClusterRoles granted, to this ServiceAccount. */
  public readonly bindings: ApiObject[] = [];

  constructor(scope: Construct, id: string, props: AppServiceAccountProps) {
    // The name is given at construction (cdk8s names an object once); it is checked below, with the construct's path.
    const given = typeof props === 'object' && props !== null ? props : undefined;
    super(scope, id, {
      metadata: { name: typeof given?.name === 'string' ? given.name : given?.identity instanceof AppIdentity ? given.identity.name : undefined },
      automountToken: given?.automountToken === true,
    });
    checkProps(this, props, 'the props of the ServiceAccount: at least identity, e.g. { identity }');
    if (!(props.identity instanceof AppIdentity)) {
      throw inputError(this, 'identity', props.identity, 'it is not an AppIdentity', 'the identity of the application, e.g. new AppIdentity(this, "Identity", { name: "shop-api" })');
    }
    if (props.automountToken !== undefined && typeof props.automountToken !== 'boolean') {
      throw inputError(this, 'automountToken', props.automountToken, `it is ${kindOfValue(props.automountToken)}, not a boolean`, 'true or false (the default)');
    }
    if (props.workloadIdentity !== undefined && !(props.workloadIdentity instanceof WorkloadIdentity)) {
      throw inputError(this, 'workloadIdentity', props.workloadIdentity, 'it is not a WorkloadIdentity',
        'WorkloadIdentity.gke({ serviceAccount }), WorkloadIdentity.azure({ clientId }) or WorkloadIdentity.aws({ roleArn })');
    }
    this.identity = props.identity;
    FormatRule.DNS1123_LABEL.check(this, 'name', props.name ?? props.identity.name);
    const apiObject = ApiObject.of(this);
    const labels = props.identity.sharedLabels;
    for (const key of Object.keys(labels)) {
      apiObject.metadata.addLabel(key, labels[key]);
    }
    const namespace = apiObject.metadata.namespace;
    const fromDefaults = props.workloadIdentity === undefined;
    this.workloadIdentity = props.workloadIdentity ?? PlatformDefaults.of(this).workloadIdentity;
    if (this.workloadIdentity) {
      const annotations = this.workloadIdentity.serviceAccountAnnotations(this, fromDefaults ? 'platformDefaults.workloadIdentity' : 'workloadIdentity',
        props.identity.name, namespace);
      for (const key of Object.keys(annotations)) {
        apiObject.metadata.addAnnotation(key, annotations[key]);
      }
    }
    claimObjectName(this, 'name', apiObject);
    this.grant(props, labels, namespace);
  }

  /**
   * The labels that the pods running as this ServiceAccount must carry for its workload identity (Azure:
   * `azure.workload.identity/use: "true"`); empty otherwise. Returns a copy.
   */
  public get podLabels(): Record<string, string> {
    return this.workloadIdentity?.podLabels ?? {};
  }

  /** Checks the grants and the relaxations, and makes the roles and bindings. */
  private grant(props: AppServiceAccountProps, labels: Record<string, string>, namespace: string | undefined): void {
    const grants = checkList(this, 'grants', props.grants, `a list of AccessGrants: ${GRANT_EXAMPLE}`, 'object') ?? [];
    const relaxed = this.relaxations(props.relax);
    const needed = new Map<AccessRelaxation, Set<'role' | 'clusterRole' | 'binding'>>();
    const need = (prop: string, grant: AccessGrant, problem: RbacProblem, where: 'role' | 'clusterRole' | 'binding') => {
      const valueProp = problem.field === 'verbs' ? `${prop}.verbs` : problem.field === 'roleRef.name' ? `${prop}.clusterRoleName` : `${prop}.resources`;
      // The values as the grant has them: a wildcard API group shows with its resources (`*/configmaps`).
      const value = problem.field === 'roleRef.name' ? problem.values[0]
        : problem.field === 'apiGroups' ? grant.resources.filter((r) => r.apiGroup.includes('*')).map(describeResource)
          : problem.values;
      if (!relaxed.has(problem.relaxation)) {
        throw inputError(this, valueProp, value, problem.problem, RELAX_INSTEAD[problem.relaxation]);
      }
      needed.set(problem.relaxation, (needed.get(problem.relaxation) ?? new Set()).add(where));
    };

    const roleRules: PolicyRuleFields[] = [];
    const clusterRules: PolicyRuleFields[] = [];
    const existing: Array<{ name: string; clusterWide: boolean; broad: boolean }> = [];
    grants.forEach((grant, i) => {
      const prop = `grants[${i}]`;
      if (!(grant instanceof AccessGrant)) {
        throw inputError(this, prop, grant, 'it is not an AccessGrant', GRANT_EXAMPLE);
      }
      if (grant.isClusterWide && namespace === undefined) {
        throw inputError(this, prop, grant.description, 'a cluster-wide grant binds the ServiceAccount by its namespace, and the chart has no namespace',
          'a chart with a namespace, or a grant in the namespace (without clusterWide())');
      }
      if (grant.clusterRoleName !== undefined) {
        const name = checkClusterRoleName(this, `${prop}.clusterRoleName`, grant.clusterRoleName);
        const problem = roleRefProblem('ClusterRole', name);
        if (problem) {
          need(prop, grant, problem, 'binding');
        }
        if (existing.some((e) => e.name === name && e.clusterWide === grant.isClusterWide)) {
          throw inputError(this, prop, grant.description, 'the ClusterRole is granted twice', 'each ClusterRole once');
        }
        existing.push({ name, clusterWide: grant.isClusterWide, broad: problem !== undefined });
        return;
      }
      this.checkGrant(prop, grant);
      for (const rule of grant._rules()) {
        for (const problem of policyRuleProblems(rule, grant.isClusterWide)) {
          need(prop, grant, problem, grant.isClusterWide ? 'clusterRole' : 'role');
        }
        (grant.isClusterWide ? clusterRules : roleRules).push(rule);
      }
    });
    (props.relax ?? []).forEach((r, i) => {
      if (!needed.has(r.relaxation)) {
        throw inputError(this, `relax[${i}].relaxation`, r.relaxation, 'no grant needs it',
          'only the relaxations that the grants need (a relaxation that relaxes nothing would hide a later grant from review)');
      }
    });
    const exemptions = (where: 'role' | 'clusterRole' | 'binding', only?: AccessRelaxation) => {
      const entries = [...needed.entries()]
        .filter(([relaxation, places]) => places.has(where) && (only === undefined || relaxation === only))
        .map(([relaxation]) => `${rbacRuleId(relaxation)}: ${relaxed.get(relaxation)}`);
      return entries.length > 0 ? { [EXEMPT_ANNOTATION]: entries.join('; ') } : undefined;
    };

    const name = this.name;
    const subject = { kind: 'ServiceAccount', name, namespace };
    if (roleRules.length > 0) {
      const role = new kplus.k8s.KubeRole(this, 'Role', {
        metadata: { name, labels, annotations: exemptions('role') },
        rules: roleRules.map(toKube),
      });
      this.made(role, new kplus.k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: { name, labels },
        roleRef: { apiGroup: RBAC_API_GROUP, kind: 'Role', name },
        subjects: [subject],
      }));
    }
    if (clusterRules.length > 0) {
      // Neither a namespace nor the name has a dot: no two ServiceAccounts, in any App, get the same names.
      const clusterName = FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', `${namespace}.${name}`);
      const role = new kplus.k8s.KubeClusterRole(this, 'ClusterRole', {
        metadata: { name: clusterName, labels, annotations: exemptions('clusterRole') },
        rules: clusterRules.map(toKube),
      });
      this.made(role, new kplus.k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: clusterName, labels },
        roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: clusterName },
        subjects: [subject],
      }));
    }
    for (const role of existing) {
      // Without a dot, so that `<name>.<slug>` is no other ServiceAccount's name, and `<namespace>.<name>.<slug>` no
      // other ServiceAccount's ClusterRoleBinding.
      const slug = role.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
      const metadata = {
        labels,
        annotations: role.broad ? exemptions('binding', AccessRelaxation.BROAD_ROLE) : undefined,
      };
      const roleRef = { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: role.name };
      const binding = role.clusterWide
        ? new kplus.k8s.KubeClusterRoleBinding(this, `ClusterRoleBinding-${role.name}`, {
          metadata: { ...metadata, name: FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', `${namespace}.${name}.${slug}`) },
          roleRef,
          subjects: [subject],
        })
        : new kplus.k8s.KubeRoleBinding(this, `RoleBinding-${role.name}`, {
          metadata: { ...metadata, name: FormatRule.DNS1123_SUBDOMAIN.check(this, 'name', `${name}.${slug}`) },
          roleRef,
          subjects: [subject],
        });
      this.made(undefined, binding);
    }
  }

  private made(role: ApiObject | undefined, binding: ApiObject): void {
    for (const object of [role, binding]) {
      // cdk8s gives every object the namespace of its chart: a cluster-scoped one has none.
      if (object !== undefined && object.kind.startsWith('Cluster') && object.metadata.namespace !== undefined) {
        object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    }
    if (role) {
      claimObjectName(this, 'name', role);
      this.roles.push(role);
    }
    claimObjectName(this, 'name', binding);
    this.bindings.push(binding);
  }

  /** The relaxations by name, with their reasons, checked. */
  private relaxations(relax: RelaxedAccess[] | undefined): Map<AccessRelaxation, string> {
    const accepted = 'a list of relaxations with their reasons, e.g. [{ relaxation: AccessRelaxation.WILDCARD, reason: "the operator manages every kind of its API group" }]';
    const known = Object.values(AccessRelaxation) as string[];
    const relaxed = new Map<AccessRelaxation, string>();
    (checkList(this, 'relax', relax, accepted, 'object') ?? []).forEach((r, i) => {
      if (!known.includes(r.relaxation)) {
        throw inputError(this, `relax[${i}].relaxation`, r.relaxation, 'it is not an AccessRelaxation', `one of ${known.map((k) => JSON.stringify(k)).join(', ')}`);
      }
      if (typeof r.reason !== 'string' || r.reason.trim() === '' || /[;\n\r]/.test(r.reason)) {
        throw inputError(this, `relax[${i}].reason`, r.reason,
          typeof r.reason !== 'string' || r.reason.trim() === '' ? 'a relaxation needs a reason' : 'it holds ";" or a line break, which separate the exemptions of the annotation',
          'one line that says why the application needs it, without ";"');
      }
      if (relaxed.has(r.relaxation)) {
        throw inputError(this, `relax[${i}].relaxation`, r.relaxation, 'it is relaxed twice', 'each relaxation once, with its reason');
      }
      relaxed.set(r.relaxation, r.reason.trim());
    });
    return relaxed;
  }

  /** Refuses verbs, resources and names that RBAC would not read as meant. */
  private checkGrant(prop: string, grant: AccessGrant): void {
    const verbs = checkList(this, `${prop}.verbs`, grant.verbs, 'a list of verbs, e.g. ["get", "list", "watch"]', 'string')!;
    if (verbs.length === 0) {
      throw inputError(this, `${prop}.verbs`, verbs, 'it grants no verb', 'at least one verb, e.g. ["get"]');
    }
    verbs.forEach((verb, j) => {
      if (!VERB.test(verb)) {
        throw inputError(this, `${prop}.verbs[${j}]`, verb, 'it is not a verb', 'a verb of lowercase letters, e.g. "get", "list", "watch", "create", "update", "patch", "delete"');
      }
      // An API may have verbs of its own (`use`, `approve`), so only a near miss of a verb of Kubernetes is refused:
      // `gett` would grant nothing.
      const meant = API_VERBS.includes(verb) ? undefined : misspeltName(verb, API_VERBS);
      if (meant !== undefined) {
        throw inputError(this, `${prop}.verbs[${j}]`, verb, `it is not a verb of the Kubernetes API (did you mean ${meant}?), so it would grant nothing`,
          `"${meant}", or another verb: ${API_VERBS.map((v) => `"${v}"`).join(', ')}`);
      }
    });
    const resources = checkList(this, `${prop}.resources`, grant.resources, 'a list of cdk8s-plus-34 resources, e.g. [kplus.ApiResource.CONFIG_MAPS]', 'object')!;
    if (resources.length === 0) {
      throw inputError(this, `${prop}.resources`, resources, 'it grants no resource', 'at least one resource, e.g. kplus.ApiResource.CONFIG_MAPS');
    }
    resources.forEach((resource, j) => {
      const at = `${prop}.resources[${j}]`;
      if (typeof resource.apiGroup !== 'string' || !(resource.apiGroup === '' || resource.apiGroup === '*' || resource.apiGroup === 'core'
        || FormatRule.DNS1123_SUBDOMAIN.isValid(resource.apiGroup))) {
        throw inputError(this, `${at}.apiGroup`, resource.apiGroup, 'it is not an API group', 'an API group such as "" (core), "apps" or "example.com"');
      }
      if (typeof resource.resourceType !== 'string' || !RESOURCE_TYPE.test(resource.resourceType)) {
        throw inputError(this, `${at}.resourceType`, resource.resourceType, 'it is not a resource type',
          'the plural, lowercase name of a resource as its API path has it, with an optional subresource, e.g. "configmaps" or "pods/log"');
      }
      if (resource.resourceName !== undefined && (typeof resource.resourceName !== 'string' || resource.resourceName === '')) {
        throw inputError(this, `${at}.resourceName`, resource.resourceName, 'it is not a name', 'the name of one resource, or none');
      }
      if (!grant.isClusterWide && isClusterScoped(resource.apiGroup === 'core' ? '' : resource.apiGroup, resource.resourceType)) {
        throw inputError(this, at, resource.resourceType, 'it is cluster-scoped: a Role (in a namespace) cannot grant it',
          `the grant made cluster-wide (${grant.description}.clusterWide()), or a namespaced resource`);
      }
    });
    // `readNamed(resource, ['a', 'b'])` from untyped code: the names are arguments of their own.
    const given: unknown[] = Array.isArray(grant.resourceNames) ? grant.resourceNames : [];
    const list = given.findIndex((n) => Array.isArray(n));
    if (list !== -1) {
      const spread = (given[list] as unknown[]).map((n) => JSON.stringify(n)).join(', ');
      throw inputError(this, `${prop}.resourceNames[${list}]`, given[list], 'it is a list, and each name is an argument of its own',
        `the names one by one, ${grant.description.replace(JSON.stringify(given[list]), spread)} (a list spread: ...names)`);
    }
    const names = checkList(this, `${prop}.resourceNames`, grant.resourceNames, 'a list of names, e.g. ["web-flags"]', 'string')!;
    names.forEach((n, j) => {
      if (n === '') {
        throw inputError(this, `${prop}.resourceNames[${j}]`, n, 'it is empty', 'the name of a resource');
      }
    });
    if (grant._named && names.length === 0) {
      throw inputError(this, `${prop}.resourceNames`, names, 'the grant names no resource', `at least one name, e.g. ${grant.description.replace(/\)$/, ', "web-flags")')}`);
    }
    const byName = names.length > 0 || resources.some((r) => r.resourceName !== undefined);
    const unnameable = verbs.filter((v) => READ_ONLY_BY_NAME.includes(v));
    if (byName && unnameable.length > 0) {
      throw inputError(this, `${prop}.verbs`, unnameable,
        'RBAC cannot limit create or deletecollection to named resources (the authorizer does not know the names), so the grant would not work as written',
        'these verbs in a grant without names, or the grant without them');
    }
  }
}

/** A ClusterRole's name: a path segment of the API (not empty, ".", "..", nor with "/" or "%"). */
function checkClusterRoleName(scope: Construct, prop: string, name: unknown): string {
  if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[/%]/.test(name)) {
    throw inputError(scope, prop, name, 'it is not the name of a ClusterRole', 'the name of an existing ClusterRole, e.g. "view"');
  }
  return name;
}

function toKube(rule: PolicyRuleFields): kplus.k8s.PolicyRule {
  return {
    apiGroups: [...rule.apiGroups],
    resources: [...rule.resources],
    resourceNames: rule.resourceNames.length > 0 ? [...rule.resourceNames] : undefined,
    verbs: [...rule.verbs],
  };
}
