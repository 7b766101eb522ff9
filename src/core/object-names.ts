import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { inputError } from './errors';
import { compositeKey } from './label-index';

/*
 * The names of the objects the library makes, one claim per (API group, kind, namespace, name) in each construct
 * tree (a cdk8s App and its charts, which `cdk8s synth` writes and `kubectl apply` applies together): two objects of
 * one key would be written both, and on apply the last one would overwrite the first. Internal: the constructs that
 * make objects claim their names as they make them (AppIdentity.applyTo, the patterns, the Services, network
 * policies, claims and config files).
 */

/**
 * The object that claimed each key, per root of a construct tree (the App). A WeakMap: nothing is written onto the
 * App, and a tree that is gone takes its claims with it.
 */
const claims = new WeakMap<IConstruct, Map<string, ApiObject>>();

/**
 * The kinds that have no namespace (`<group>/<kind>`, the core group empty): the Kubernetes API's own, and those of
 * the CRDs the library knows. Their objects are keyed without the namespace that cdk8s gives every object of a chart.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'gateway.networking.k8s.io/GatewayClass', 'cert-manager.io/ClusterIssuer',
  'external-secrets.io/ClusterSecretStore', 'external-secrets.io/ClusterExternalSecret',
]);

/**
 * Claims the name of an object made by the library: refuses an object of the same API group, kind, namespace and name
 * as another object of the same App (one would overwrite the other on apply). Claiming an object again (an object
 * shared by several applications, such as the Namespace of a chart) is no clash.
 *
 * @param owner the construct the error names: the one whose input (`prop`) gave the object its name
 * @param prop the prop that named the object, e.g. `name`
 * @param object the object
 * @param accepted what would be accepted instead (by default: another name for one of the two, or another namespace
 * for one of them when the object has a namespace)
 * @param written what the user wrote, when the object's name derives from it (a pattern's `name`) or the object comes
 * from a switch (`createNamespace: true`): the error names it
 */
export function claimObjectName(owner: IConstruct, prop: string, object: ApiObject, accepted?: string, written?: unknown): void {
  const root = object.node.root;
  let claimed = claims.get(root);
  if (claimed === undefined) {
    claimed = new Map();
    claims.set(root, claimed);
  }
  // The group of the apiVersion (`apps/v1`), empty for the core group (`v1`): the version is left out, since the API
  // server serves one object under each version of its group.
  const apiVersion = object.apiVersion;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const kind = object.kind;
  const namespace = CLUSTER_SCOPED.has(`${group}/${kind}`) ? undefined : object.metadata.namespace;
  const name = object.name;
  const key = compositeKey(group, kind, namespace ?? '', name);
  const first = claimed.get(key);
  if (first === undefined) {
    claimed.set(key, object);
    return;
  }
  if (first === object) {
    return;
  }
  // The construct paths only for the error: a path is a walk up the tree, and every object claims its name.
  const path = object.node.path;
  const where = CLUSTER_SCOPED.has(`${group}/${kind}`) ? 'cluster-scoped'
    : namespace === undefined ? 'no namespace: the current one of kubectl' : `namespace ${JSON.stringify(namespace)}`;
  // An object named after what the user wrote (a pattern's `<name>-alerts`) is reported against what they wrote.
  const derived = written !== undefined && written !== name;
  throw inputError(owner, prop, derived ? written : name,
    `${derived ? 'its' : 'the'} ${kind} ${JSON.stringify(name)} (API group ${group === '' ? 'core' : group}, ${where}) made at ${path} has the API group, kind, `
    + `namespace and name of the one made at ${first.node.path}: both would be written, and on apply the last would overwrite the first`,
    accepted ?? `another name for one of the two (for an application, its name: the names of its objects derive from it)${
      CLUSTER_SCOPED.has(`${group}/${kind}`) ? '' : ', or another namespace for one of them (a chart with another namespace)'}`);
}

/**
 * Claims the names of every object under a scope (the scope included): {@link claimObjectName} for each.
 *
 * @param written what the user wrote, from which the objects' names derive (see claimObjectName)
 */
export function claimObjectNames(owner: IConstruct, prop: string, scope: IConstruct = owner, written?: string): void {
  for (const construct of scope.node.findAll()) {
    if (construct instanceof ApiObject) {
      claimObjectName(owner, prop, construct, undefined, written);
    }
  }
}
