/**
 * Kubernetes objects as the change guard sees them: identified by API group, kind, namespace and name (never by
 * the API version, so that a move from `v1beta1` to `v1` is the same object), plus the small helpers of the rules.
 * What every reader of manifests shares (an object's identity, its name in messages, List documents, canonical
 * JSON) is the analysis core's (src/analysis/objects.ts). Internal: not part of the jsii API.
 */
import {
  apiGroupOf, canonicalJson, describeResource, identityKeyOf, isKubernetesObject, isListObject, isObject, ResourceId,
} from '../analysis/objects';
import { quantityValue } from '../core/quantity';

/** An object of the manifests, with its identity. */
export interface Resource extends ResourceId {
  readonly object: any;
  /** The API group: `` for the core group, `apps`, `batch`, ... */
  readonly group: string;
  /** The namespace; never `''` (an empty namespace is none). */
  readonly namespace?: string;
  /** The identity: group, kind, namespace and name in one string (see identityKeyOf). */
  readonly key: string;
}

/** The Resource of a manifest; `undefined` for a document that is not a Kubernetes object. */
export function resourceOf(object: any): Resource | undefined {
  if (!isKubernetesObject(object) || !isObject(object.metadata) || typeof object.metadata.name !== 'string' || object.metadata.name === '') {
    return undefined;
  }
  const namespace = typeof object.metadata.namespace === 'string' && object.metadata.namespace !== '' ? object.metadata.namespace : undefined;
  const id = { apiVersion: object.apiVersion, kind: object.kind, namespace, name: object.metadata.name };
  return { ...id, object, group: apiGroupOf(object.apiVersion), key: identityKeyOf(id) };
}

/**
 * `apps/v1 StatefulSet shop/mysql`: an object as the guard's findings name it, with its API version before the
 * analysis core's {@link describeResource}.
 */
export function describeWithVersion(id: ResourceId): string {
  return `${id.apiVersion} ${describeResource(id)}`;
}

/** `shop/mysql`, or `mysql` without a namespace. */
export function qualifiedName(r: { namespace?: string; name: string }): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

/** `-n shop ` for kubectl commands, or nothing. */
export function namespaceFlag(r: { namespace?: string }): string {
  return r.namespace ? ` -n ${r.namespace}` : '';
}

/** Indexes a list of manifests by identity (a `List` is expanded; documents that are no objects are skipped). */
export function indexResources(manifests: any[]): Map<string, Resource> {
  const index = new Map<string, Resource>();
  for (const object of expandLists(manifests)) {
    const resource = resourceOf(object);
    if (resource) {
      index.set(resource.key, resource);
    }
  }
  return index;
}

/**
 * The manifests with every list replaced by its items: `kind: List`, and `<Kind>List` with `items` (`DeploymentList`,
 * `ConfigMapList`...), as `kubectl get -o yaml` and the API server write them, and as `kubectl apply` reads them (the
 * rule of {@link isListObject}). An item of a `<Kind>List` without its own apiVersion and kind (the API server leaves
 * them out) gets the list's.
 */
export function expandLists(manifests: any[]): any[] {
  return manifests.flatMap((m) => {
    if (!isObject(m) || !isListObject(m)) {
      return [m];
    }
    const itemKind = m.kind === 'List' ? undefined : m.kind.slice(0, -'List'.length);
    const bare = (item: unknown): item is Record<string, any> => isObject(item) && item.kind === undefined && item.apiVersion === undefined;
    return expandLists(m.items.map((item: unknown) => (itemKind !== undefined && bare(item)
      ? { apiVersion: m.apiVersion, kind: itemKind, ...item } : item)));
  });
}

/** Whether two values are equal as JSON, whatever the order of their keys (see canonicalJson). */
export function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A value for a finding's `before` / `after`: strings as they are, anything else as JSON (cut when long). */
export function render(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }
  const json = canonicalJson(value);
  return json.length > 160 ? `${json.slice(0, 160)}…` : json;
}

/** A storage quantity in bytes; `undefined` when it is missing or not a quantity. */
export function bytesOf(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') {
    return quantity;
  }
  if (typeof quantity !== 'string') {
    return undefined;
  }
  try {
    return quantityValue(quantity);
  } catch {
    return undefined;
  }
}

/** The storage request of a claim spec. */
export function storageOf(spec: any): unknown {
  return spec?.resources?.requests?.storage;
}

/**
 * The paths (at most `limit`) where two values differ, e.g. `spec.containers[app].image`. Lists of objects with
 * unique names are compared by name.
 */
export function diffPaths(a: unknown, b: unknown, path: string, limit = 4): string[] {
  const out: string[] = [];
  collectDiffs(a, b, path, out, limit + 1);
  return out.length > limit ? [...out.slice(0, limit), '…'] : out;
}

function collectDiffs(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit || same(a, b)) {
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      collectDiffs(a[key], b[key], joinDiffPath(path, key), out, limit);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const names = (list: unknown[]) => list.map((e) => isObject(e) && typeof e.name === 'string' ? e.name : undefined);
    const na = names(a);
    const nb = names(b);
    const byName = [...na, ...nb].every((n) => n !== undefined) && new Set(na).size === na.length && new Set(nb).size === nb.length;
    if (byName) {
      for (const name of [...new Set([...na, ...nb])] as string[]) {
        collectDiffs(a[na.indexOf(name)], b[nb.indexOf(name)], `${path}[${name}]`, out, limit);
      }
      return;
    }
    if (a.length === b.length) {
      a.forEach((e, i) => collectDiffs(e, b[i], `${path}[${i}]`, out, limit));
      return;
    }
  }
  out.push(path);
}

/** What changed between two values: the fields (under `prefix`), and the values before and after when one field changed. */
export function changeOf(a: unknown, b: unknown, prefix: string): { field: string; before?: string; after?: string } {
  const paths = diffPaths(a, b, '');
  const one = paths.length === 1;
  return {
    field: paths.map((p) => p === '…' || p === '' ? p || prefix : p.startsWith('[') || prefix === '' ? `${prefix}${p}` : `${prefix}.${p}`).join(', '),
    before: one ? render(valueAtDiffPath(a, paths[0])) : undefined,
    after: one ? render(valueAtDiffPath(b, paths[0])) : undefined,
  };
}

/**
 * The value at a path of {@link diffPaths} (`containers[app].image`, `labels["app.kubernetes.io/version"]`, `ports[0]`).
 * Not the analysis core's valueAt: a path of a diff names an element of a list by its name.
 */
function valueAtDiffPath(value: unknown, path: string): unknown {
  const parts = path.match(/\[("(?:[^"\\]|\\.)*"|[^\]]*)\]|[^.[\]]+/g) ?? [];
  let current: any = value;
  for (const part of parts) {
    if (current === undefined || current === null) {
      return undefined;
    }
    if (part.startsWith('[')) {
      const inner = part.slice(1, -1);
      if (inner.startsWith('"')) {
        current = current[JSON.parse(inner)];
      } else if (Array.isArray(current) && !/^\d+$/.test(inner)) {
        current = current.find((e: any) => e?.name === inner);
      } else {
        current = current[inner];
      }
    } else {
      current = current[part];
    }
  }
  return current;
}

/** A path of {@link diffPaths} one key further (the analysis core's joinPath quotes other keys: `["my-key"]` here). */
function joinDiffPath(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    return path ? `${path}.${key}` : key;
  }
  return `${path}[${JSON.stringify(key)}]`;
}
