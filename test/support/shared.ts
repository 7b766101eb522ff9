import * as fs from 'fs';
import * as path from 'path';
import { ManifestValidator } from '../../src/testing';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The shared material (schemas, CRDs) that sits beside the repository as `../shared`; the environment
 * variable CDK8S_APPFLOW_SHARED points elsewhere.
 */
export const SHARED_DIR = path.resolve(process.env.CDK8S_APPFLOW_SHARED ?? path.join(REPO_ROOT, '..', 'shared'));

/** The Kubernetes 1.27 OpenAPI definitions in a shared folder. */
export function kubernetesSchemaIn(sharedDir: string): string {
  return path.join(sharedDir, 'schemas', 'kubernetes-v1.27.0.json');
}

/** The CRD files in a shared folder: Prometheus operator, Gateway API and External Secrets. */
export function crdFilesIn(sharedDir: string): string[] {
  return [
    path.join(sharedDir, 'crds', 'monitoring.coreos.com-v0.93.0.yaml'),
    path.join(sharedDir, 'crds', 'gateway.networking.k8s.io-v1.2.1.yaml'),
    path.join(sharedDir, 'crds', 'external-secrets.io-v2.9.0.yaml'),
  ];
}

export const KUBERNETES_SCHEMA = kubernetesSchemaIn(SHARED_DIR);
export const CRD_FILES = crdFilesIn(SHARED_DIR);

/**
 * Fails (never skips) when the schema files are missing, saying where it looked.
 */
export function requireSharedFiles(sharedDir: string = SHARED_DIR): void {
  const missing = [kubernetesSchemaIn(sharedDir), ...crdFilesIn(sharedDir)].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error([
      'The strict manifest validator needs the Kubernetes 1.27 schema and the CRD files, and some are missing.',
      `Looked in ${sharedDir} (the "shared" folder beside the repository, or $CDK8S_APPFLOW_SHARED) for:`,
      ...missing.map((f) => `  - ${f} (missing)`),
      'Put the shared folder beside the repository as ../shared, or set CDK8S_APPFLOW_SHARED to its path.',
    ].join('\n'));
  }
}

let validator: ManifestValidator | undefined;

/**
 * The strict validator of the test suite: Kubernetes 1.27 plus the Prometheus operator, Gateway API and External Secrets
 * CRDs.
 */
export function strictValidator(): ManifestValidator {
  if (!validator) {
    requireSharedFiles();
    validator = ManifestValidator.fromFiles({ kubernetesSchemaFile: KUBERNETES_SCHEMA, crdFiles: CRD_FILES });
  }
  return validator;
}
