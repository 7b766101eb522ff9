import * as fs from 'fs';
import * as path from 'path';
import { SchemaNode } from './schema-check';
import { apiGroupOf } from '../analysis/objects';
import { isPlainObject } from '../core/errors';
import { KUBERNETES_VERSIONS, KubernetesVersion } from '../core/kubernetes-version';

/*
 * The API definitions of every Kubernetes version the library supports, for the strict validator and the validation
 * plugin: which apiVersion/kind each version serves, which it marks deprecated, and the schemas to check objects
 * against. Internal (not exported from the package).
 *
 * Two sources, one form:
 * - the OpenAPI definitions files of cdk8s (`kubernetes-v1.NN.0.json`, `{"definitions": {...}}`), one per version, in
 *   a directory (this repository's `../shared/schemas`, or a checkout of cdk8s' kubernetes-schemas);
 * - the compact form that the build derives from those files into the package (`kubernetes-apis.json` beside the
 *   compiled module, see projenrc/kubernetes-apis.ts): the definitions without their descriptions (but the
 *   deprecation notes of kinds), each definition once for the versions that share it. About 0.5 MB for ten versions,
 *   against 12 MB of files.
 */

/** The file name of a version's definitions in a schema directory. */
export function schemaFileName(version: KubernetesVersion): string {
  return `kubernetes-v${version}.0.json`;
}

/** The file of the compact form in the package, beside the compiled module. */
export const BUNDLED_FILE = path.join(__dirname, 'kubernetes-apis.json');

/** The compact form: each definition's variants, with the indexes (in `versions`) of the versions that have it. */
export interface CompactApis {
  readonly format: 1;
  readonly versions: readonly string[];
  readonly definitions: { readonly [name: string]: ReadonlyArray<readonly [readonly number[], SchemaNode]> };
}

/** An apiVersion/kind that a version serves. */
export interface ServedKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** The name of its definition, e.g. `io.k8s.api.apps.v1.Deployment`. */
  readonly definition: string;
  /** What its definition says about its deprecation (`Deprecated: ... Use ...`), when it says anything. */
  readonly deprecation?: string;
}

/** `apps/v1` + `Deployment` → `apps/v1/Deployment`. */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** The apiVersion of a group and version (`''` is the core group: `v1`). */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/**
 * The apiVersion/kinds a set of definitions serves, each once: DeleteOptions, WatchEvent and the like are tagged with
 * every group, and the first tag is the real one.
 */
export function servedKindsOf(definitions: Readonly<Record<string, SchemaNode>>): Map<string, ServedKind> {
  const kinds = new Map<string, ServedKind>();
  for (const [name, schema] of Object.entries(definitions)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = apiVersionOf(gvk.group, gvk.version);
      const key = kindKey(apiVersion, gvk.kind);
      if (!kinds.has(key)) {
        const deprecation = deprecationOf(schema.description);
        kinds.set(key, { apiVersion, kind: gvk.kind, definition: name, ...(deprecation ? { deprecation } : {}) });
      }
    }
  }
  return kinds;
}

/**
 * The deprecation note of a kind's description: from the first "Deprecated" to the end of its paragraph (e.g.
 * "Deprecated: This API is deprecated in v1.33+. Use discoveryv1.EndpointSlice.").
 */
function deprecationOf(description: unknown): string | undefined {
  if (typeof description !== 'string') {
    return undefined;
  }
  const at = description.search(/\bDeprecated\b/);
  if (at < 0) {
    return undefined;
  }
  return description.slice(at).split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
}

/**
 * The API definitions of every supported Kubernetes version.
 */
export class KubernetesApis {
  /**
   * Reads the definitions files of every supported version (`kubernetes-v1.27.0.json` ... `kubernetes-v1.36.0.json`)
   * from a directory.
   *
   * @throws when a file is missing or is not a definitions file; the error names it
   */
  public static fromSchemaDirectory(directory: string): KubernetesApis {
    const dir = path.resolve(directory);
    return KubernetesApis.fromDefinitions(new Map(KUBERNETES_VERSIONS.map((v) => [v, readDefinitionsFile(path.join(dir, schemaFileName(v)))])), dir);
  }

  /**
   * The definitions of every supported version, already read (e.g. with {@link readDefinitionsFile}).
   *
   * @param source where they come from, for messages
   */
  public static fromDefinitions(perVersion: ReadonlyMap<KubernetesVersion, Readonly<Record<string, SchemaNode>>>, source: string): KubernetesApis {
    const missing = KUBERNETES_VERSIONS.filter((v) => !perVersion.has(v));
    if (missing.length > 0) {
      throw new Error(`${source}: no definitions of Kubernetes ${missing.join(', ')}`);
    }
    return new KubernetesApis(compact(perVersion), source);
  }

  /**
   * Reads the compact form from a file.
   *
   * @throws when the file is missing or is not the compact form of the supported versions
   */
  public static fromFile(file: string): KubernetesApis {
    const data = readJsonFile(file, 'Kubernetes API definitions file');
    if (data?.format !== 1 || typeof data.definitions !== 'object' || !Array.isArray(data.versions)) {
      throw new Error(`${file} is not the compact form of the Kubernetes API definitions (format 1)`);
    }
    const missing = KUBERNETES_VERSIONS.filter((v) => !data.versions.includes(v));
    if (missing.length > 0) {
      throw new Error(`${file} has no definitions of Kubernetes ${missing.join(', ')}: it was built for another version of cdk8s-appflow`);
    }
    return new KubernetesApis(data, file);
  }

  /**
   * The compact form built into the package (beside the compiled module), or undefined when it is not there (in the
   * sources of the library, which have no build output).
   */
  public static bundled(): KubernetesApis | undefined {
    if (bundled === undefined) {
      bundled = fs.existsSync(BUNDLED_FILE) ? KubernetesApis.fromFile(BUNDLED_FILE) : null;
    }
    return bundled ?? undefined;
  }

  /** Where the definitions come from (a directory or a file), for messages. */
  public readonly source: string;
  private readonly data: CompactApis;
  private readonly definitionsCache = new Map<KubernetesVersion, Readonly<Record<string, SchemaNode>>>();
  private readonly kindsCache = new Map<KubernetesVersion, ReadonlyMap<string, ServedKind>>();
  /** The API groups that some supported version serves, once asked. */
  private groups?: Set<string>;

  private constructor(data: CompactApis, source: string) {
    this.data = data;
    this.source = source;
  }

  /** The compact form, as the build writes it. */
  public toCompact(): CompactApis {
    return this.data;
  }

  /** The definitions of a version (without descriptions), as the strict validator reads them. */
  public definitionsOf(version: KubernetesVersion): Readonly<Record<string, SchemaNode>> {
    let definitions = this.definitionsCache.get(version);
    if (definitions === undefined) {
      const index = this.data.versions.indexOf(version);
      const built: Record<string, SchemaNode> = {};
      for (const [name, variants] of Object.entries(this.data.definitions)) {
        const variant = variants.find(([versions]) => versions.includes(index));
        if (variant) {
          built[name] = variant[1];
        }
      }
      definitions = built;
      this.definitionsCache.set(version, definitions);
    }
    return definitions;
  }

  /** The apiVersion/kinds a version serves, by `apiVersion/kind`. */
  public kindsOf(version: KubernetesVersion): ReadonlyMap<string, ServedKind> {
    let kinds = this.kindsCache.get(version);
    if (kinds === undefined) {
      kinds = servedKindsOf(this.definitionsOf(version));
      this.kindsCache.set(version, kinds);
    }
    return kinds;
  }

  /** The supported versions that serve an apiVersion/kind, oldest first. */
  public versionsServing(apiVersion: string, kind: string): KubernetesVersion[] {
    const key = kindKey(apiVersion, kind);
    return KUBERNETES_VERSIONS.filter((v) => this.kindsOf(v).has(key));
  }

  /** Whether an API group is Kubernetes' own: one that some supported version serves, or a group without a dot. */
  public isBuiltInGroup(group: string): boolean {
    // A CustomResourceDefinition's group has a dot (the API server refuses one without), so a group without one is
    // Kubernetes' own, even one that no supported version serves any more (`extensions`).
    if (!group.includes('.')) {
      return true;
    }
    if (this.groups === undefined) {
      this.groups = new Set(KUBERNETES_VERSIONS.flatMap((v) => [...this.kindsOf(v).values()].map((k) => apiGroupOf(k.apiVersion))));
    }
    return this.groups.has(group);
  }
}

let bundled: KubernetesApis | null | undefined;

/** Reads a Kubernetes OpenAPI definitions file (`{"definitions": {...}}`, kinds tagged with `x-kubernetes-group-version-kind`). */
export function readDefinitionsFile(file: string): Record<string, SchemaNode> {
  const definitions = readJsonFile(file, 'Kubernetes schema file').definitions as Record<string, SchemaNode> | undefined;
  if (!definitions || typeof definitions !== 'object') {
    throw new Error(`${file} has no "definitions": it is not a Kubernetes OpenAPI definitions file`);
  }
  if (servedKindsOf(definitions).size === 0) {
    throw new Error(`${file} defines no kind (no "x-kubernetes-group-version-kind"): it is not a Kubernetes OpenAPI definitions file`);
  }
  return definitions;
}

function readJsonFile(file: string, what: string): any {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} not found: ${file}`);
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The compact form of the definitions of each version. */
function compact(perVersion: ReadonlyMap<KubernetesVersion, Readonly<Record<string, SchemaNode>>>): CompactApis {
  const versions = KUBERNETES_VERSIONS;
  const definitions: Record<string, Array<[number[], SchemaNode]>> = {};
  const seen = new Map<string, [number[], SchemaNode]>();
  versions.forEach((version, index) => {
    for (const [name, schema] of Object.entries(perVersion.get(version)!)) {
      const kept = withoutDescriptions(schema);
      const deprecation = schema['x-kubernetes-group-version-kind'] ? deprecationOf(schema.description) : undefined;
      const node = deprecation ? { description: deprecation, ...kept } : kept;
      const key = `${name}\u0000${JSON.stringify(node)}`;
      const variant = seen.get(key);
      if (variant) {
        variant[0].push(index);
      } else {
        const made: [number[], SchemaNode] = [[index], node];
        seen.set(key, made);
        (definitions[name] ??= []).push(made);
      }
    }
  });
  return { format: 1, versions, definitions };
}

/** A schema without the descriptions of its nodes (a property named `description` stays). */
export function withoutDescriptions(schema: SchemaNode): SchemaNode {
  const result: SchemaNode = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description' && typeof value === 'string') {
      continue;
    }
    if (keyword === 'properties' && isPlainObject(value)) {
      result.properties = Object.fromEntries(Object.entries(value)
        .map(([name, child]) => [name, isPlainObject(child) ? withoutDescriptions(child) : child]));
    } else if ((keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') && isPlainObject(value)) {
      result[keyword] = withoutDescriptions(value);
    } else if ((keyword === 'allOf' || keyword === 'oneOf' || keyword === 'anyOf') && Array.isArray(value)) {
      result[keyword] = value.map((child) => (isPlainObject(child) ? withoutDescriptions(child) : child));
    } else {
      result[keyword] = value;
    }
  }
  return result;
}

