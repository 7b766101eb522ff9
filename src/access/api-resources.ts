import * as kplus from 'cdk8s-plus-34';

/*
 * What the service account knows of the resources of the Kubernetes API (internal).
 */

/** The API group of a resource as RBAC writes it: `""` for the core group (cdk8s-plus-34 also says `core`). */
export function apiGroupOf(resource: kplus.IApiResource): string {
  return resource.apiGroup === 'core' ? '' : resource.apiGroup;
}

/** A resource as error messages show it: `configmaps`, `apps/deployments`, `configmaps "web-flags"`. */
export function describeResource(resource: kplus.IApiResource): string {
  if (typeof resource !== 'object' || resource === null) {
    return String(resource);
  }
  const group = typeof resource.apiGroup === 'string' ? apiGroupOf(resource) : '';
  const name = resource.resourceName !== undefined ? ` ${JSON.stringify(resource.resourceName)}` : '';
  return `${group === '' ? '' : `${group}/`}${resource.resourceType}${name}`;
}

/**
 * The cluster-scoped resources (`<group>/<resource>`, the core group empty) of the Kubernetes API and of the CRDs the
 * library knows: a Role cannot grant them (only a ClusterRole bound by a ClusterRoleBinding can).
 */
const CLUSTER_SCOPED = new Set([
  '/namespaces', '/nodes', '/persistentvolumes', '/componentstatuses',
  'rbac.authorization.k8s.io/clusterroles', 'rbac.authorization.k8s.io/clusterrolebindings',
  'storage.k8s.io/storageclasses', 'storage.k8s.io/csidrivers', 'storage.k8s.io/csinodes', 'storage.k8s.io/volumeattachments',
  'scheduling.k8s.io/priorityclasses', 'networking.k8s.io/ingressclasses', 'node.k8s.io/runtimeclasses',
  'apiextensions.k8s.io/customresourcedefinitions', 'apiregistration.k8s.io/apiservices',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations', 'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/validatingadmissionpolicies', 'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  'certificates.k8s.io/certificatesigningrequests', 'flowcontrol.apiserver.k8s.io/flowschemas',
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations', 'authentication.k8s.io/tokenreviews',
  'authorization.k8s.io/subjectaccessreviews', 'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews', 'gateway.networking.k8s.io/gatewayclasses', 'cert-manager.io/clusterissuers',
  'external-secrets.io/clustersecretstores', 'external-secrets.io/clusterexternalsecrets',
]);

/** Whether a resource is cluster-scoped (its subresources too: `nodes/proxy`). */
export function isClusterScoped(apiGroup: string, resourceType: string): boolean {
  return CLUSTER_SCOPED.has(`${apiGroup}/${resourceType.split('/')[0]}`);
}
