import * as fs from 'fs';
import * as path from 'path';
import { withoutDescriptions } from './kubernetes-apis';
import { isPlainObject } from '../core/errors';

/*
 * The CustomResourceDefinitions of the custom resources the library writes (Prometheus operator, Gateway API, External
 * Secrets, KEDA), built into the package: the build derives them from the CRD files of ../shared/crds into
 * `lib/crds/<group>.yaml` (projenrc/custom-resources.ts), compact — the served versions' schemas without their
 * descriptions, one JSON document per CRD. `ManifestValidator.forKubernetesVersion` reads them; the validation plugin
 * reads them when its `crdFiles` name them (they are YAML). Internal (not exported from the package).
 */

/** The folder of the built-in CRD files in the package: `lib/crds`, beside `lib/src`. */
export const BUILT_IN_CRD_DIRECTORY = path.resolve(__dirname, '..', '..', 'crds');

/** A CustomResourceDefinition as it is read (only what the validator needs is typed). */
export interface CrdDocument {
  readonly apiVersion: string;
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string; readonly [key: string]: unknown };
    readonly scope?: string;
    readonly versions: ReadonlyArray<{ readonly name: string; readonly served: boolean; readonly storage?: boolean; readonly schema?: unknown }>;
  };
}

/** Whether a YAML document is a CustomResourceDefinition (with its group, kind and versions). */
export function isCrdDocument(document: any): document is CrdDocument {
  return document?.kind === 'CustomResourceDefinition' && typeof document.spec?.group === 'string'
    && typeof document.spec?.names?.kind === 'string' && Array.isArray(document.spec?.versions);
}

/**
 * The compact form of a CRD: its group, names, scope and served versions, each with its schema without descriptions
 * (but a property named `description` stays); nothing else (no annotations, status, conversion).
 */
export function compactCrd(crd: CrdDocument): CrdDocument {
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: { name: crd.metadata.name },
    spec: {
      group: crd.spec.group,
      names: crd.spec.names,
      ...(crd.spec.scope !== undefined ? { scope: crd.spec.scope } : {}),
      versions: crd.spec.versions.filter((v) => v.served).map((v) => ({
        name: v.name,
        served: true,
        ...(v.storage !== undefined ? { storage: v.storage } : {}),
        ...(isPlainObject(v.schema) && isPlainObject(v.schema.openAPIV3Schema)
          ? { schema: { openAPIV3Schema: withoutDescriptions(v.schema.openAPIV3Schema) } }
          : {}),
      })),
    },
  };
}

/**
 * The text of a built-in CRD file: one JSON document per CRD, separated by `---` lines (YAML, so that the plugin's
 * `crdFiles` and any YAML reader take it; JSON, so that the validator reads it without a YAML parser).
 */
export function crdFileText(crds: readonly CrdDocument[]): string {
  return crds.map((crd) => `---\n${JSON.stringify(compactCrd(crd))}\n`).join('');
}

/** Reads a file written by {@link crdFileText}. */
export function readCrdFile(file: string): CrdDocument[] {
  const text = fs.readFileSync(file, 'utf-8');
  return text.split(/^---$/m).map((d) => d.trim()).filter((d) => d !== '').map((d, i) => {
    let document: unknown;
    try {
      document = JSON.parse(d);
    } catch (e) {
      throw new Error(`${file}: document ${i + 1} is not JSON (${(e as Error).message}): not a CRD file of the package`);
    }
    if (!isCrdDocument(document)) {
      throw new Error(`${file}: document ${i + 1} is not a CustomResourceDefinition: not a CRD file of the package`);
    }
    return document;
  });
}

/** The built-in CRD files (`lib/crds/<group>.yaml`), sorted; undefined when the package has none (its sources). */
export function builtInCrdFiles(directory: string = BUILT_IN_CRD_DIRECTORY): string[] | undefined {
  if (!fs.existsSync(directory)) {
    return undefined;
  }
  return fs.readdirSync(directory).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(directory, f));
}

let builtIn: CrdDocument[] | null | undefined;

/** The built-in CRDs, read once; undefined when the package has none (its sources). */
export function builtInCrds(): readonly CrdDocument[] | undefined {
  if (builtIn === undefined) {
    const files = builtInCrdFiles();
    builtIn = files === undefined ? null : files.flatMap(readCrdFile);
  }
  return builtIn ?? undefined;
}

