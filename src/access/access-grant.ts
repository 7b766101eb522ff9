import * as kplus from 'cdk8s-plus-34';
import { apiGroupOf, describeResource } from './api-resources';
import { PolicyRuleFields, READ_VERBS } from './rbac-rules';

/** The verbs of {@link AccessGrant.write}: every change but `deletecollection`. */
const WRITE_VERBS = ['create', 'update', 'patch', 'delete'];
/** The verbs of {@link AccessGrant.writeNamed}: the changes that RBAC can limit to named objects. */
const WRITE_NAMED_VERBS = ['update', 'patch', 'delete'];

/** How a grant was made, for error messages and its description. */
type GrantForm = 'read' | 'write' | 'readNamed' | 'writeNamed' | 'allow' | 'clusterRole';

/**
 * What an application may do through the Kubernetes API: verbs on kinds of resources (all of them, or some by name),
 * or an existing ClusterRole. Given to an {@link AppServiceAccount} (`grants`), which writes them as the rules of a
 * Role (in its namespace) or, for the grants made `clusterWide()`, of a ClusterRole, bound to its ServiceAccount.
 *
 * The resources are those of cdk8s-plus-34, which know their API group: `kplus.ApiResource.CONFIG_MAPS`,
 * `kplus.ApiResource.DEPLOYMENTS`, `kplus.ApiResource.custom({ apiGroup: 'example.com', resourceType: 'widgets' })`,
 * or a cdk8s-plus-34 object (a `kplus.ConfigMap`), which also names one resource.
 *
 * Least privilege by construction: wildcards, the verbs escalate, bind and impersonate, reading Secrets without names
 * and the ClusterRoles cluster-admin, admin and edit are refused unless the service account relaxes them by name, with
 * a reason.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export class AccessGrant {
  /**
   * Reading resources: `get`, `list` and `watch`.
   *
   * @param resources the kinds of resources, e.g. `kplus.ApiResource.CONFIG_MAPS` (a cdk8s-plus-34 object names one)
   */
  public static read(...resources: kplus.IApiResource[]): AccessGrant {
    return new AccessGrant('read', READ_VERBS, resources, []);
  }

  /**
   * Changing resources: `create`, `update`, `patch` and `delete` (not `deletecollection`: ask for it with `allow`).
   * Reading them is another grant (`read`). Writing Secrets reads them too (`AccessRelaxation.SECRETS_READ`), and
   * writing pods or workloads creates them (`AccessRelaxation.WORKLOAD_CREATION`): both are refused unless relaxed;
   * `allow(['get', 'update', 'patch'], ...)` changes a Deployment without creating one.
   *
   * @param resources the kinds of resources, e.g. `kplus.ApiResource.CONFIG_MAPS`
   */
  public static write(...resources: kplus.IApiResource[]): AccessGrant {
    return new AccessGrant('write', WRITE_VERBS, resources, []);
  }

  /**
   * Reading some resources of one kind, by name: `get`, `list` and `watch` limited to them (`list` and `watch` then
   * work with a `metadata.name` field selector only).
   *
   * @param resource the kind of resource, e.g. `kplus.ApiResource.CONFIG_MAPS`
   * @param names the names of the resources, e.g. `web-flags`
   */
  public static readNamed(resource: kplus.IApiResource, ...names: string[]): AccessGrant {
    return new AccessGrant('readNamed', READ_VERBS, [resource], names);
  }

  /**
   * Changing some resources of one kind, by name: `update`, `patch` and `delete` (RBAC cannot limit `create` to a
   * name: the object does not exist yet).
   *
   * @param resource the kind of resource, e.g. `kplus.ApiResource.CONFIG_MAPS`
   * @param names the names of the resources
   */
  public static writeNamed(resource: kplus.IApiResource, ...names: string[]): AccessGrant {
    return new AccessGrant('writeNamed', WRITE_NAMED_VERBS, [resource], names);
  }

  /**
   * Other verbs on resources, e.g. `allow(['get'], kplus.ApiResource.custom({ apiGroup: '', resourceType: 'pods/log' }))`.
   *
   * @param verbs the verbs, e.g. `get`, `create`, `deletecollection`
   * @param resources the kinds of resources (a cdk8s-plus-34 object names one)
   */
  public static allow(verbs: string[], ...resources: kplus.IApiResource[]): AccessGrant {
    return new AccessGrant('allow', verbs, resources, []);
  }

  /**
   * An existing ClusterRole, bound in the namespace (a RoleBinding), or across the cluster once `clusterWide()`.
   * `cluster-admin`, `admin` and `edit` (and `system:aggregate-to-admin` and `system:aggregate-to-edit`, of which they are made) are
   * refused unless relaxed (`AccessRelaxation.BROAD_ROLE`).
   *
   * @param name the name of the ClusterRole, e.g. `view`
   */
  public static clusterRole(name: string): AccessGrant {
    return new AccessGrant('clusterRole', [], [], [], name);
  }

  /** The existing ClusterRole, for `AccessGrant.clusterRole()`. */
  public readonly clusterRoleName?: string;
  /** Whether the grant reaches every namespace (a ClusterRole and a ClusterRoleBinding). */
  public readonly isClusterWide: boolean;

  private readonly verbList: string[];
  private readonly resourceList: kplus.IApiResource[];
  private readonly nameList: string[];
  private readonly form: GrantForm;

  private constructor(form: GrantForm, verbs: readonly string[], resources: readonly kplus.IApiResource[], names: readonly string[],
    clusterRoleName?: string, clusterWide = false) {
    this.form = form;
    // Copies: an untyped caller's non-lists are kept as they are, for the service account to refuse with its path.
    this.verbList = (Array.isArray(verbs) ? [...verbs] : verbs) as string[];
    this.resourceList = (Array.isArray(resources) ? [...resources] : resources) as kplus.IApiResource[];
    this.nameList = (Array.isArray(names) ? [...names] : names) as string[];
    this.clusterRoleName = clusterRoleName;
    this.isClusterWide = clusterWide;
  }

  /** The verbs (none for an existing ClusterRole). Returns a copy. */
  public get verbs(): string[] {
    return Array.isArray(this.verbList) ? [...this.verbList] : this.verbList;
  }

  /** The kinds of resources (none for an existing ClusterRole). Returns a copy. */
  public get resources(): kplus.IApiResource[] {
    return Array.isArray(this.resourceList) ? [...this.resourceList] : this.resourceList;
  }

  /** The names the grant is limited to, given to `readNamed` or `writeNamed` (none: every resource of the kinds). Returns a copy. */
  public get resourceNames(): string[] {
    return Array.isArray(this.nameList) ? [...this.nameList] : this.nameList;
  }

  /**
   * The same grant in every namespace: written in a ClusterRole, bound by a ClusterRoleBinding (for an existing
   * ClusterRole: a ClusterRoleBinding). Needed for cluster-scoped resources such as nodes or namespaces.
   */
  public clusterWide(): AccessGrant {
    return new AccessGrant(this.form, this.verbList, this.resourceList, this.nameList, this.clusterRoleName, true);
  }

  /**
   * The grant as written in the code, for error messages: e.g. `AccessGrant.read(configmaps, apps/deployments)`.
   */
  public get description(): string {
    const resources = (Array.isArray(this.resourceList) ? this.resourceList : []).map((r) => describeResource(r));
    const names = (Array.isArray(this.nameList) ? this.nameList : []).map((n) => JSON.stringify(n));
    const args = this.form === 'clusterRole' ? [JSON.stringify(this.clusterRoleName)]
      : this.form === 'allow' ? [JSON.stringify(this.verbList), ...resources]
        : [...resources, ...names];
    return `AccessGrant.${this.form}(${args.join(', ')})${this.isClusterWide ? '.clusterWide()' : ''}`;
  }

  /**
   * The grant as written in the code, for JSON: an error message that quotes a grant shows
   * `"AccessGrant.read(configmaps)"`, not the grant's fields.
   */
  public toJSON(): string {
    return this.description;
  }

  /**
   * Whether the grant was made to name resources (`readNamed`, `writeNamed`), and must name one.
   *
   * @internal
   */
  public get _named(): boolean {
    return this.form === 'readNamed' || this.form === 'writeNamed';
  }

  /**
   * The rules of the grant, one per API group and set of names (internal: read by the service account, which checks
   * the grant first).
   *
   * @internal
   */
  public _rules(): PolicyRuleFields[] {
    const rules: Array<{ apiGroups: string[]; resources: string[]; resourceNames: string[] }> = [];
    for (const resource of this.resourceList) {
      const group = apiGroupOf(resource);
      const names = [...this.nameList, ...(resource.resourceName !== undefined ? [resource.resourceName] : [])];
      const same = rules.find((r) => r.apiGroups[0] === group && r.resourceNames.join('\u0000') === names.join('\u0000'));
      if (same) {
        if (!same.resources.includes(resource.resourceType)) {
          same.resources.push(resource.resourceType);
        }
      } else {
        rules.push({ apiGroups: [group], resources: [resource.resourceType], resourceNames: names });
      }
    }
    return rules.map((r) => ({ verbs: [...this.verbList], ...r, nonResourceURLs: [] }));
  }
}
