/*
 * The objects of a set of manifests, as every reader of manifests in the library sees them: the validation plugin,
 * the change guard, the topology picture and the "works when applied" checks. Plain data, read from parsed YAML or
 * from `chart.toJson()`: nothing here knows the library's constructs.
 */

/** A Kubernetes object, as reports name it. */
export interface ResourceId {
  /** e.g. `apps/v1` (empty when the document has none). */
  readonly apiVersion: string;
  /** e.g. `Deployment`. */
  readonly kind: string;
  /** The namespace, when the object has one. */
  readonly namespace?: string;
  /** `metadata.name` (or `generateName`, or `(no name)`). */
  readonly name: string;
}

/** The manifests of one file, parsed. */
export interface ManifestFile {
  /** The file, as reports show it (cdk8s-cli passes the path it found in the output directory). */
  readonly file: string;
  /** The YAML documents of the file (null and non-object documents are skipped). */
  readonly documents: readonly unknown[];
  /** The construct path of each document, when the caller knows them (synthesis in process does). */
  readonly constructPaths?: readonly (string | undefined)[];
}

/** One Kubernetes object of the manifests, with where it comes from. */
export interface ManifestObject {
  readonly id: ResourceId;
  /** The object, as parsed. */
  readonly manifest: any;
  readonly file: string;
  /** The position of the document in its file (0-based). */
  readonly index: number;
  /** For an item of a `List` (or `<Kind>List`) document, its position in `items`. */
  readonly item?: number;
  /** The construct path that cdk8s recorded for this object, when it can be told apart. */
  readonly constructPath?: string;
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function arrayOf(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** A map of strings (labels, a selector): values as strings, null and undefined as `''`; empty for a non-object. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) {
    return {};
  }
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    result[k] = v === null || v === undefined ? '' : String(v);
  }
  return result;
}

/** Whether a document is a Kubernetes object: a mapping with a string `apiVersion` and `kind`. */
export function isKubernetesObject(document: unknown): document is Record<string, any> {
  return isObject(document) && typeof document.kind === 'string' && typeof document.apiVersion === 'string';
}

/** Whether a Kubernetes object is a list of objects (`kind: List`, or `<Kind>List` with `items`). */
export function isListObject(document: Record<string, any>): boolean {
  return typeof document.kind === 'string' && document.kind.endsWith('List') && Array.isArray(document.items);
}

/** The identity of an object as reports show it. */
export function resourceIdOf(manifest: Record<string, any>): ResourceId {
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name
    : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '(no name)';
  return {
    apiVersion: typeof manifest.apiVersion === 'string' ? manifest.apiVersion : '',
    kind: typeof manifest.kind === 'string' ? manifest.kind : '',
    ...(typeof metadata.namespace === 'string' && metadata.namespace !== '' ? { namespace: metadata.namespace } : {}),
    name,
  };
}

/** The API group of an `apiVersion` (`''` for the core group `v1`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The identity of an object on the cluster, in one string: API group, kind, namespace and name. Not the API version:
 * `apps/v1beta2` and `apps/v1` name the same object (the change guard pairs objects by it; two objects of the
 * manifests with the same key are one on the cluster).
 */
export function identityKeyOf(id: ResourceId): string {
  return [apiGroupOf(id.apiVersion), id.kind, id.namespace ?? '', id.name].join('\u0000');
}

/**
 * Whether an entry that picks objects by kind, namespace and name, each optional (absent: any), picks this object: as
 * the validation plugin's exemptions and the change guard's acknowledgements do.
 */
export function picksObject(entry: { readonly kind?: string; readonly namespace?: string; readonly name?: string }, id: ResourceId): boolean {
  return (entry.kind === undefined || entry.kind === id.kind) && (entry.namespace === undefined || entry.namespace === id.namespace)
    && (entry.name === undefined || entry.name === id.name);
}

/** `Deployment shop/web`, `Namespace shop`: an object as messages name it. */
export function describeResource(id: ResourceId): string {
  return `${id.kind} ${id.namespace !== undefined ? `${id.namespace}/` : ''}${id.name}`;
}

/** What {@link readObjects} found in the documents. */
export interface ReadObjects {
  /** The Kubernetes objects, the items of lists in their place (the list itself is not one). */
  readonly objects: ManifestObject[];
  /** How many documents were not Kubernetes objects (no apiVersion or kind, e.g. a Helm Chart.yaml). */
  readonly skippedDocuments: number;
}

/**
 * The Kubernetes objects of parsed manifest files, in order: each document that is a Kubernetes object, and each
 * item of a `List` or `<Kind>List` document (as `kubectl apply` reads them), with its file and position.
 */
export function readObjects(files: readonly ManifestFile[]): ReadObjects {
  const objects: ManifestObject[] = [];
  let skippedDocuments = 0;
  for (const { file, documents, constructPaths } of files) {
    documents.forEach((document, index) => {
      if (!isKubernetesObject(document)) {
        if (document !== null && document !== undefined) skippedDocuments++;
        return;
      }
      if (!isListObject(document)) {
        const constructPath = constructPaths?.[index];
        objects.push({ id: resourceIdOf(document), manifest: document, file, index, ...(constructPath !== undefined ? { constructPath } : {}) });
        return;
      }
      document.items.forEach((manifest: unknown, item: number) => {
        if (isKubernetesObject(manifest)) {
          objects.push({ id: resourceIdOf(manifest), manifest, file, index, item });
        } else if (manifest !== null && manifest !== undefined) {
          skippedDocuments++;
        }
      });
    });
  }
  return { objects, skippedDocuments };
}

/** The value at a path such as `spec.template.spec.containers[0].securityContext` (undefined when absent). */
export function valueAt(object: unknown, path: string): unknown {
  let current: any = object;
  for (const match of path.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g)) {
    if (current === undefined || current === null || typeof current !== 'object') {
      return undefined;
    }
    const key = match[1] !== undefined ? Number(match[1]) : match[2] !== undefined ? JSON.parse(match[2]) : match[3];
    current = current[key];
  }
  return current;
}

/** A path of {@link valueAt} one key or index further: `spec.ports[0]`, `metadata.labels["app.kubernetes.io/name"]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${path}[${key}]`;
  }
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (segment.startsWith('[')) {
    return `${path}${segment}`;
  }
  return path === '' ? segment : `${path}.${segment}`;
}

/** JSON with object keys sorted: equal texts mean equal values (arrays keep their order, as the API server compares them). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.keys(value).filter((k) => value[k] !== undefined).sort().map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}
