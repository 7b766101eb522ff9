import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, KubernetesVersion } from '../../src/core/kubernetes-version';
import { ManifestValidator } from '../../src/testing';
import { KubernetesApis, readDefinitionsFile, schemaFileName } from '../../src/testing/kubernetes-apis';
import { validatorOf } from '../../src/testing/manifest-validator';
import { SchemaNode } from '../../src/testing/schema-check';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The shared material (schemas, CRDs) that sits beside the repository as `../shared`; the environment
 * variable CDK8S_APPFLOW_SHARED points elsewhere.
 */
export const SHARED_DIR = path.resolve(process.env.CDK8S_APPFLOW_SHARED ?? path.join(REPO_ROOT, '..', 'shared'));

/** The directory of the Kubernetes OpenAPI definitions (one file per version) in a shared folder. */
export function schemaDirectoryIn(sharedDir: string): string {
  return path.join(sharedDir, 'schemas');
}

/** The OpenAPI definitions of one Kubernetes version in a shared folder (1.27 unless told). */
export function kubernetesSchemaIn(sharedDir: string, version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION): string {
  return path.join(schemaDirectoryIn(sharedDir), schemaFileName(version));
}

/** The CRD files in a shared folder: Prometheus operator, Gateway API, External Secrets and KEDA. */
export function crdFilesIn(sharedDir: string): string[] {
  return [
    path.join(sharedDir, 'crds', 'monitoring.coreos.com-v0.93.0.yaml'),
    path.join(sharedDir, 'crds', 'gateway.networking.k8s.io-v1.2.1.yaml'),
    path.join(sharedDir, 'crds', 'external-secrets.io-v2.9.0.yaml'),
    path.join(sharedDir, 'crds', 'keda.sh-v2.20.yaml'),
  ];
}

export const SCHEMA_DIRECTORY = schemaDirectoryIn(SHARED_DIR);
export const KUBERNETES_SCHEMA = kubernetesSchemaIn(SHARED_DIR);
export const CRD_FILES = crdFilesIn(SHARED_DIR);

/**
 * Fails (never skips) when the schema files are missing, saying where it looked.
 */
export function requireSharedFiles(sharedDir: string = SHARED_DIR): void {
  const files = [...KUBERNETES_VERSIONS.map((v) => kubernetesSchemaIn(sharedDir, v)), ...crdFilesIn(sharedDir)];
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error([
      'The strict manifest validator needs the Kubernetes schemas (1.27 to 1.36) and the CRD files, and some are missing.',
      `Looked in ${sharedDir} (the "shared" folder beside the repository, or $CDK8S_APPFLOW_SHARED) for:`,
      ...missing.map((f) => `  - ${f} (missing)`),
      'Put the shared folder beside the repository as ../shared, or set CDK8S_APPFLOW_SHARED to its path.',
    ].join('\n'));
  }
}

/**
 * The CRDs of the CRD files, parsed. Parsing their YAML takes more than a second, and every test file validates
 * against them: the first test file to need them writes them as JSON into the temporary directory (named after a hash
 * of the files' content, so that a changed file is parsed again), and the others read that.
 */
export function crdDocuments(): unknown[] {
  const contents = CRD_FILES.map((f) => fs.readFileSync(f));
  const hash = createHash('sha256');
  contents.forEach((c) => hash.update(c));
  const cache = path.join(os.tmpdir(), `cdk8s-appflow-crds-${hash.digest('hex').slice(0, 16)}.json`);
  if (fs.existsSync(cache)) {
    return JSON.parse(fs.readFileSync(cache, 'utf-8'));
  }
  const documents = CRD_FILES.flatMap((f) => Yaml.load(f));
  // Written whole, then renamed: a test file that runs at the same time reads the old state or the whole file.
  const partial = `${cache}.${process.pid}`;
  fs.writeFileSync(partial, JSON.stringify(documents));
  fs.renameSync(partial, cache);
  return documents;
}

const definitions = new Map<KubernetesVersion, Record<string, SchemaNode>>();

/** The OpenAPI definitions of a Kubernetes version in the shared folder, read once per test file. */
export function kubernetesDefinitions(version: KubernetesVersion): Record<string, SchemaNode> {
  let read = definitions.get(version);
  if (!read) {
    requireSharedFiles();
    read = readDefinitionsFile(kubernetesSchemaIn(SHARED_DIR, version));
    definitions.set(version, read);
  }
  return read;
}

const validators = new Map<KubernetesVersion, ManifestValidator>();
let crds: unknown[] | undefined;

/**
 * The strict validator of the test suite for a Kubernetes version (1.27 unless told): its definitions plus the
 * Prometheus operator, Gateway API, External Secrets and KEDA CRDs (as `ManifestValidator.fromFiles` reads them). Each
 * version's file is read once per test file, when a chart of that target is first synthesized.
 */
export function strictValidator(version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION): ManifestValidator {
  let validator = validators.get(version);
  if (!validator) {
    crds ??= crdDocuments();
    validator = validatorOf(kubernetesDefinitions(version), { crds });
    validators.set(version, validator);
  }
  return validator;
}

let apis: KubernetesApis | undefined;

/** The API definitions of every supported version, from the shared folder (each file read once per test file). */
export function kubernetesApis(): KubernetesApis {
  apis ??= KubernetesApis.fromDefinitions(new Map(KUBERNETES_VERSIONS.map((v) => [v, kubernetesDefinitions(v)])), SCHEMA_DIRECTORY);
  return apis;
}
