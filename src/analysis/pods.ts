import { arrayOf, isObject, ManifestObject, stringMap } from './objects';

/*
 * The pods of the manifests: the pod (template) of a Pod, of a workload, or of a CronJob's job template, and its
 * containers.
 */

/** The kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);
/** The kinds that run a number of replicas of their pod template. */
export const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** A pod (template) of an object, with where its parts are. */
export interface PodTemplate {
  readonly object: ManifestObject;
  /** The pod spec. */
  readonly spec: Record<string, any>;
  /** Where the pod spec is in the object, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** The pod's labels (empty when none). */
  readonly labels: Record<string, string>;
  /** The pod's annotations (empty when none). */
  readonly annotations: Record<string, unknown>;
  /** Where the pod's metadata is, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
}

/** A container of a pod, with where it is. */
export interface ContainerAt {
  readonly container: Record<string, any>;
  /** e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
}

/** The pod (template) of a Pod, of a workload, or of a CronJob's job template. */
export function podTemplateOf(object: ManifestObject): PodTemplate | undefined {
  const m = object.manifest;
  let template: any;
  let at: string;
  if (m.kind === 'Pod') {
    template = m;
    at = '';
  } else if (TEMPLATE_KINDS.has(m.kind)) {
    template = m.spec?.template;
    at = 'spec.template';
  } else if (m.kind === 'CronJob') {
    template = m.spec?.jobTemplate?.spec?.template;
    at = 'spec.jobTemplate.spec.template';
  } else {
    return undefined;
  }
  if (!isObject(template) || !isObject(template.spec)) {
    return undefined;
  }
  const read = template.metadata;
  const metadata = isObject(read) ? read : {};
  return {
    object,
    spec: template.spec,
    specPath: at === '' ? 'spec' : `${at}.spec`,
    labels: stringMap(metadata.labels),
    annotations: isObject(metadata.annotations) ? metadata.annotations : {},
    metadataPath: at === '' ? 'metadata' : `${at}.metadata`,
  };
}

/** The containers of a pod: init containers, containers, ephemeral containers. */
export function containersOf(pod: PodTemplate): ContainerAt[] {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((list) =>
    arrayOf(pod.spec[list]).flatMap((container, i) => (isObject(container) ? [{ container, path: `${pod.specPath}.${list}[${i}]`, list }] : [])));
}

/** The container ports of a pod (containers and sidecar init containers) by name and by number. */
export function podServesPort(pod: PodTemplate, targetPort: string | number): ContainerAt[] {
  return containersOf(pod).filter((c) => (c.list === 'containers' || (c.list === 'initContainers' && c.container.restartPolicy === 'Always'))
    && arrayOf(c.container.ports).some((p) => isObject(p) && (typeof targetPort === 'string' ? p.name === targetPort : p.containerPort === targetPort)));
}
