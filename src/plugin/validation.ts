import * as fs from 'fs';
import { resolve as resolvePath } from 'path';
import { parseAllDocuments } from 'yaml';
import { checkManifests, UnreadableFile } from './engine';
import { CRD_FILES_ACCEPTED, parseProperties, PROPERTIES_SOURCE, SCHEMAS_ACCEPTED } from './properties';
import { buildReport, Violation } from './report';
import { CheckOptions, ManifestFile } from './types';
import { RecordedConstructPaths } from '../analysis/construct-paths';
import { AppflowInputError } from '../core/errors';
import { builtInCrdFiles } from '../testing/custom-resources';
import { BUNDLED_FILE, KubernetesApis } from '../testing/kubernetes-apis';

/*
 * The parts of cdk8s-cli's plugin API (`cdk8s-cli/plugins`: `Validation`, `ValidationContext`) that the plugin
 * uses, declared here: jsii compiles every file under src/, and cdk8s-cli is no dependency of the library.
 */

/** The report of a validation (cdk8s-cli's `ValidationReport`). */
export interface ValidationReportLike {
  addViolation(violation: Violation): void;
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

/** What cdk8s-cli gives a validation plugin (its `ValidationContext`). */
export interface ValidationContextLike {
  /** The manifest files that `cdk8s synth` wrote. */
  readonly manifests: readonly string[];
  /** The construct paths that cdk8s recorded, by object name. */
  readonly metadata?: RecordedConstructPaths;
  readonly report: ValidationReportLike;
}

/**
 * The cdk8s validation plugin of cdk8s-appflow: checks every manifest that `cdk8s synth` writes — whoever made
 * it — against the Pod Security Standards profile and the best-practice rules of docs/validation.md, and fails the
 * synth (exit code 2) when a finding at or above `failOn` is not exempted.
 *
 * In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-appflow/lib/src/plugin
 *     version: 1.0.0  # required by cdk8s-cli; any fixed version for a local package
 *     class: AppflowValidation
 *     properties:
 *       profile: restricted
 * ```
 */
export class AppflowValidation {
  private readonly options: CheckOptions;
  private readonly kubernetesApis: KubernetesApis;

  /**
   * @param properties the `properties:` of the plugin's entry in cdk8s.yaml (refused with an error when unknown or bad)
   */
  constructor(properties: unknown = {}) {
    const options = parseProperties(properties);
    // Without crdFiles, the CRDs built into the package (those of the custom resources the library writes): custom
    // resources are checked against them rather than counted as unchecked.
    this.options = { ...options, crdFiles: options.crdFiles ?? builtInCrdFiles() };
    this.kubernetesApis = kubernetesApisOf(this.options);
    for (const [i, file] of (this.options.crdFiles ?? []).entries()) {
      if (!fs.existsSync(resolvePath(file))) {
        throw new AppflowInputError(PROPERTIES_SOURCE, `properties.crdFiles[${i}]`, file, `there is no file ${resolvePath(file)}`, CRD_FILES_ACCEPTED);
      }
    }
  }

  public async validate(context: ValidationContextLike): Promise<void> {
    const files: ManifestFile[] = [];
    const unreadable: UnreadableFile[] = [];
    for (const file of context.manifests) {
      const read = readManifestFile(file);
      if ('error' in read) {
        unreadable.push(read);
      } else if (!read.documents.every(isKustomizeFile)) {
        files.push(read);
      }
    }
    const result = checkManifests(files, { ...this.options, constructPaths: context.metadata, unreadable, kubernetesApis: this.kubernetesApis });
    const report = buildReport(result, {
      profile: this.options.profile ?? 'restricted',
      failOn: this.options.failOn ?? 'error',
      disabledRules: this.options.disabledRules ?? [],
    });
    // cdk8s-cli shows a violating resource's construct path by looking its resourceName up in the construct
    // metadata, which it keys by object name only (ambiguous: a Deployment and its Service share a name). The report
    // names resources by kind, namespace and name, and adds their paths to that lookup under those names.
    const metadata = context.metadata as { [name: string]: { path: string } } | undefined;
    if (metadata && typeof metadata === 'object' && Object.isExtensible(metadata)) {
      for (const [resourceName, path] of Object.entries(report.constructPaths)) {
        metadata[resourceName] = { path };
      }
    }
    for (const violation of report.violations) {
      context.report.addViolation(violation);
    }
    context.report.submit(report.status, report.summary);
  }
}

/**
 * The API definitions of the supported Kubernetes versions: read from `kubernetesSchemas`, or built into the package
 * (beside the compiled plugin). Without either (the library's own sources, which have no build output), the plugin
 * refuses to start rather than skip the api-versions rules.
 */
function kubernetesApisOf(options: CheckOptions): KubernetesApis {
  if (options.kubernetesSchemas !== undefined) {
    try {
      return KubernetesApis.fromSchemaDirectory(options.kubernetesSchemas);
    } catch (e) {
      throw new AppflowInputError(PROPERTIES_SOURCE, 'properties.kubernetesSchemas', options.kubernetesSchemas, (e as Error).message, SCHEMAS_ACCEPTED);
    }
  }
  const bundled = KubernetesApis.bundled();
  if (bundled === undefined) {
    throw new AppflowInputError(PROPERTIES_SOURCE, 'properties.kubernetesSchemas', undefined,
      `the plugin has no built-in Kubernetes API definitions (${BUNDLED_FILE} is missing: the plugin runs from sources that were not built)`,
      SCHEMAS_ACCEPTED.replace(/, or no kubernetesSchemas .*$/, ''));
  }
  return bundled;
}

/**
 * Whether a document is kustomize's own (a `kustomization.yaml`, apiVersion `kustomize.config.k8s.io/...`): the cdk8s
 * CLI hands every YAML file of the output folder to the plugins, `AppSynthesis`' kustomization too, but kustomize reads
 * it to build the manifests and never applies it: it is no object of the cluster, and the plugin checks none of it.
 */
function isKustomizeFile(document: unknown): boolean {
  const apiVersion = (document as { apiVersion?: unknown } | null)?.apiVersion;
  return typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/');
}

/** The YAML documents of a file, or why it does not parse. */
export function readManifestFile(file: string): ManifestFile | UnreadableFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    return { file, error: (e as Error).message };
  }
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const broken = list.find((d) => d.errors.length > 0);
  if (broken) {
    return { file, error: broken.errors[0].message.split('\n')[0] };
  }
  return { file, documents: list.map((d) => d.toJS()) };
}
