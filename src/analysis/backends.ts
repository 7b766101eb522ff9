import { namespaceOf } from './model';
import { arrayOf, isObject, ManifestObject } from './objects';

/**
 * A Service that an Ingress, an HTTPRoute or a GRPCRoute sends requests to: one of its backends (a request mirror's
 * copies are answered to no one, and are not among them).
 */
export interface ServiceBackend {
  /** The Ingress or route. */
  readonly object: ManifestObject;
  /** Where the backend is in the object: `spec.rules[0].http.paths[1].backend`, `spec.rules[0].backendRefs[1]`. */
  readonly path: string;
  /** Where the Service's name is in the object. */
  readonly namePath: string;
  /** The Service's namespace: the object's, or the one a route's backendRef names. */
  readonly namespace: string;
  /** The Service's name, as written (unchecked). */
  readonly name: unknown;
  /** The Service port, when given: by number or name for an Ingress, by number for a route (as written, unchecked). */
  readonly port?: unknown;
  /** Where the port is in the object, when given. */
  readonly portPath?: string;
  /** The host of the Ingress rule of the backend (none for the default backend, nor for a route's). */
  readonly host?: string;
}

/**
 * The Service backends of an Ingress (`networking.k8s.io`: its default backend and the backend of each path) or of an
 * HTTPRoute or GRPCRoute (`gateway.networking.k8s.io`: the backendRefs of each rule), in the order of the object; none
 * for another object. Resource backends and backendRefs of another kind than Service are left out.
 */
export function serviceBackendsOf(object: ManifestObject): ServiceBackend[] {
  const { apiVersion, kind } = object.id;
  const namespace = namespaceOf(object);
  const backends: ServiceBackend[] = [];
  if (kind === 'Ingress' && apiVersion.startsWith('networking.k8s.io/')) {
    const spec = object.manifest.spec ?? {};
    const add = (backend: any, path: string, host?: string) => {
      const ref = backend?.service;
      if (!isObject(ref)) {
        return; // a resource backend, or none
      }
      const portField = ref.port?.number !== undefined ? 'number' : ref.port?.name !== undefined ? 'name' : undefined;
      backends.push({
        object,
        path,
        namePath: `${path}.service.name`,
        namespace,
        name: ref.name,
        ...(portField ? { port: ref.port[portField], portPath: `${path}.service.port.${portField}` } : {}),
        ...(host !== undefined ? { host } : {}),
      });
    };
    add(spec.defaultBackend, 'spec.defaultBackend');
    arrayOf(spec.rules).forEach((rule, i) => arrayOf(rule?.http?.paths).forEach((p, j) => {
      add(p?.backend, `spec.rules[${i}].http.paths[${j}].backend`, typeof rule?.host === 'string' ? rule.host : undefined);
    }));
  } else if ((kind === 'HTTPRoute' || kind === 'GRPCRoute') && apiVersion.startsWith('gateway.networking.k8s.io/')) {
    arrayOf(object.manifest.spec?.rules).forEach((rule, i) => arrayOf(rule?.backendRefs).forEach((ref, j) => {
      if (!isObject(ref) || (ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') {
        return;
      }
      const path = `spec.rules[${i}].backendRefs[${j}]`;
      backends.push({
        object,
        path,
        namePath: `${path}.name`,
        namespace: typeof ref.namespace === 'string' ? ref.namespace : namespace,
        name: ref.name,
        ...(ref.port !== undefined ? { port: ref.port, portPath: `${path}.port` } : {}),
      });
    }));
  }
  return backends;
}
