import * as fs from 'fs';
import * as path from 'path';
import { Chart, Yaml } from 'cdk8s';
import { BUILT_IN_CRD_DIRECTORY, builtInCrds } from './custom-resources';
import { BUNDLED_FILE, kindKey, KubernetesApis, readDefinitionsFile, servedKindsOf } from './kubernetes-apis';
import { checkSchema, SchemaContext, SchemaNode } from './schema-check';
import { joinPath } from '../analysis/objects';
import { FormatRule } from '../core/format-rule';
import { isKubernetesVersion, KUBERNETES_VERSIONS_ACCEPTED, KubernetesVersion } from '../core/kubernetes-version';

/**
 * Where the strict validator reads its schemas from.
 */
export interface ManifestValidatorOptions {
  /**
   * A JSON file of Kubernetes OpenAPI definitions (`{"definitions": {...}}`), each kind tagged with
   * `x-kubernetes-group-version-kind`, such as the `_definitions.json` files that the cdk8s project publishes
   * for every Kubernetes version.
   *
   * @see https://github.com/cdk8s-team/cdk8s/tree/master/kubernetes-schemas
   */
  readonly kubernetesSchemaFile: string;

  /**
   * YAML files of CustomResourceDefinitions; custom resources of their kinds are checked against the
   * `openAPIV3Schema` of each served version.
   *
   * @default - no custom resources are known: any object of a kind outside the Kubernetes definitions is refused
   */
  readonly crdFiles?: string[];
}

/**
 * The CRDs of a validator made from the API definitions built into the package.
 */
export interface ManifestValidatorVersionOptions {
  /**
   * YAML files of CustomResourceDefinitions; custom resources of their kinds are checked against the
   * `openAPIV3Schema` of each served version. A CRD of a file replaces the built-in one of the same kind and version.
   *
   * @default - only the built-in CRDs (`builtInCrds`)
   */
  readonly crdFiles?: string[];

  /**
   * Whether the CRDs built into the package are known: those of the custom resources the library writes — the
   * Prometheus operator's ServiceMonitor, PodMonitor, Probe and PrometheusRule (v0.93.0), the Gateway API's HTTPRoute,
   * GRPCRoute and ReferenceGrant (v1.2.1), External Secrets' ExternalSecret (v2.9.0), KEDA's ScaledObject and
   * TriggerAuthentication (v2.20) — without their descriptions. `false`: only the CRDs of `crdFiles` are known.
   *
   * @default true
   * @see https://github.com/cdk8s-appflow/cdk8s-appflow/blob/main/docs/versions.md
   */
  readonly builtInCrds?: boolean;
}

/**
 * One problem that the strict validator found in a manifest.
 */
export interface ManifestProblem {
  /** The object, e.g. `apps/v1 Deployment shop/shop-api`. */
  readonly resource: string;
  /** Where in the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

interface KindSchema {
  readonly schema: SchemaNode;
  readonly ctx: SchemaContext;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** The fields of every custom resource, which its CRD's schema need not declare. */
const IMPLICIT_CR_FIELDS = { apiVersion: { type: 'string' }, kind: { type: 'string' } };
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/**
 * A strict manifest validator: checks Kubernetes objects against the OpenAPI definitions of one Kubernetes
 * version and custom resources against their CRD schemas, the way `kubeconform -strict` does, plus the name
 * and metadata rules that the API server applies beyond the schema.
 *
 * - Objects are matched to their schema by apiVersion and kind (`x-kubernetes-group-version-kind`); an object
 *   of an unknown kind is a problem, not skipped.
 * - Unknown fields are problems (the API server would drop or refuse them), as are missing required fields,
 *   wrong types, values outside an enum, pattern or range, and duplicate keys in keyed lists (two containers
 *   with one name, two ports with one number and protocol).
 * - `metadata.name` is required and must follow the naming rule of its kind (a DNS-1035 label for Services,
 *   a DNS-1123 label for Namespaces, at most 52 characters for CronJobs, a DNS-1123 subdomain for most
 *   others); namespaces, label keys and values and annotation keys must be valid.
 * - In pod specs (of Pods, workloads and CronJobs): container names are DNS-1123 labels and unique (init
 *   containers included), volume names are unique, every volume mount names a volume of the pod (or a claim
 *   template of the StatefulSet), mount paths are unique within a container, and port names are IANA service
 *   names, unique within a container.
 *
 * CEL rules of CRDs (`x-kubernetes-validations`) are not evaluated.
 *
 * @example
 * const validator = ManifestValidator.fromFiles({
 *   kubernetesSchemaFile: 'schemas/kubernetes-v1.27.0.json',
 *   crdFiles: ['crds/monitoring.coreos.com.yaml'],
 * });
 * validator.assertValid(Testing.synth(chart));
 */
export class ManifestValidator {
  /**
   * Loads the schemas from files.
   *
   * @throws when a file is missing or is not what it should be; the error names the file
   */
  public static fromFiles(options: ManifestValidatorOptions): ManifestValidator {
    const definitions = readDefinitionsFile(path.resolve(options.kubernetesSchemaFile));
    return validatorOf(definitions, { crdFiles: options.crdFiles });
  }

  /**
   * A validator of one Kubernetes version from the API definitions built into the package (derived from cdk8s'
   * definitions files of every supported version, without their descriptions), with the CRDs of the custom resources
   * the library writes (built in too) and those of your CRD files: no schema file to download.
   * Use the version your manifests target (the platform default `kubernetesVersion`).
   *
   * @param version the Kubernetes version
   * @throws when the package has no built-in definitions or CRDs (in the library's own sources: use `fromFiles`), an
   * option is not what it should be, or a CRD file is missing
   */
  public static forKubernetesVersion(version: KubernetesVersion, options: ManifestValidatorVersionOptions = {}): ManifestValidator {
    const where = 'ManifestValidator.forKubernetesVersion';
    if (!isKubernetesVersion(version)) {
      throw new Error(`${where}: ${JSON.stringify(version)} is not a Kubernetes version the library supports. Expected ${KUBERNETES_VERSIONS_ACCEPTED}.`);
    }
    // Untyped JavaScript callers get the same errors as the compiler's, never a TypeError.
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new Error(`${where}: invalid options ${JSON.stringify(options)}: it is not an object. Expected { crdFiles?: string[], builtInCrds?: boolean }, or no options.`);
    }
    const { crdFiles, builtInCrds: useBuiltInCrds } = options;
    if (crdFiles !== undefined && !(Array.isArray(crdFiles) && crdFiles.every((f) => typeof f === 'string' && f !== ''))) {
      throw new Error(`${where}: invalid crdFiles ${JSON.stringify(crdFiles)}: it is not a list of file paths. Expected e.g. ["crds/monitoring.coreos.com.yaml"].`);
    }
    if (useBuiltInCrds !== undefined && typeof useBuiltInCrds !== 'boolean') {
      throw new Error(`${where}: invalid builtInCrds ${JSON.stringify(useBuiltInCrds)}: it is not a boolean. `
        + 'Expected true (the default: the CRDs built into the package are known) or false (only those of crdFiles).');
    }
    const apis = KubernetesApis.bundled();
    if (apis === undefined) {
      throw new Error(`${where}: the package has no built-in API definitions (${BUNDLED_FILE}); `
        + 'the build derives them (projenrc/kubernetes-apis.ts). Use ManifestValidator.fromFiles with a definitions file instead.');
    }
    const crds = useBuiltInCrds === false ? [] : builtInCrds();
    if (crds === undefined) {
      throw new Error(`${where}: the package has no built-in CRDs (${BUILT_IN_CRD_DIRECTORY}); the build derives them `
        + '(projenrc/custom-resources.ts). Pass builtInCrds: false and the CRD files in crdFiles instead.');
    }
    return validatorOf(apis.definitionsOf(version), { builtInCrds: crds, crdFiles });
  }

  private readonly kinds: Map<string, KindSchema>;

  private constructor(kinds: Map<string, KindSchema>) {
    this.kinds = kinds;
  }

  /**
   * The kinds this validator knows, as `apiVersion/Kind` (e.g. `apps/v1/Deployment`), sorted.
   */
  public get knownKinds(): string[] {
    return [...this.kinds.keys()].sort();
  }

  /**
   * Finds every problem in one manifest.
   *
   * @param manifest a Kubernetes object, as JSON (e.g. one element of `Testing.synth(chart)`)
   * @returns the problems; empty when the manifest is valid
   */
  public problemsOf(manifest: any): ManifestProblem[] {
    const resource = describeResource(manifest);
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      return [{ resource, path: '(the object)', message: 'a manifest must be an object' }];
    }
    const { apiVersion, kind } = manifest;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return [{ resource, path: typeof apiVersion !== 'string' ? 'apiVersion' : 'kind', message: 'is required but missing (or not a string)' }];
    }
    const known = this.kinds.get(kindKey(apiVersion, kind));
    if (!known) {
      const sameKind = [...this.kinds.keys()].filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, -kind.length - 1));
      const hint = sameKind.length > 0 ? `; ${kind} is known in ${sameKind.join(', ')}` : '; load the CRD that defines it';
      return [{ resource, path: 'apiVersion', message: `no schema for ${apiVersion} ${kind}${hint}` }];
    }
    const problems = checkSchema(manifest, known.schema, '', known.ctx).map((p) => ({ resource, ...p }));
    problems.push(...metadataProblems(manifest).map((p) => ({ resource, ...p })));
    const podSpec = podSpecOf(manifest);
    if (podSpec) {
      // A StatefulSet's claim templates are volumes of its pods too.
      const claimTemplates: string[] = manifest.kind === 'StatefulSet'
        ? (manifest.spec?.volumeClaimTemplates ?? []).map((t: any) => t?.metadata?.name).filter((n: unknown) => typeof n === 'string')
        : [];
      problems.push(...podSpecProblems(podSpec.spec, podSpec.path, claimTemplates).map((p) => ({ resource, ...p })));
    }
    problems.push(...specProblems(manifest).map((p) => ({ resource, ...p })));
    return problems;
  }

  /**
   * Finds every problem in a list of manifests.
   */
  public problemsOfAll(manifests: any[]): ManifestProblem[] {
    return manifests.flatMap((m) => this.problemsOf(m));
  }

  /**
   * Throws an error that lists every problem in the manifests, if there is any.
   */
  public assertValid(manifests: any[]): void {
    const problems = this.problemsOfAll(manifests);
    if (problems.length > 0) {
      throw new Error(formatProblems(problems));
    }
  }

  /**
   * Synthesizes a chart and throws an error that lists every problem in its manifests, if there is any.
   *
   * @returns the manifests of the chart
   */
  public assertChartValid(chart: Chart): any[] {
    const manifests = chart.toJson();
    this.assertValid(manifests);
    return manifests;
  }
}

/**
 * A validator of a set of Kubernetes definitions (one version's) and CRDs: `fromFiles`, `forKubernetesVersion` and the
 * validation plugin make theirs here. Internal (not exported from the package).
 *
 * @param sources the CRDs, each replacing those of the same kind and version before it: the CRDs built into the
 * package (`builtInCrds`), YAML files of CustomResourceDefinitions (`crdFiles`), CustomResourceDefinitions already
 * parsed (`crds`, e.g. those of the manifests themselves)
 */
export function validatorOf(
  definitions: Readonly<Record<string, SchemaNode>>,
  sources: { readonly builtInCrds?: readonly unknown[]; readonly crdFiles?: readonly string[]; readonly crds?: readonly unknown[] } = {},
): ManifestValidator {
  const kinds = new Map<string, KindSchema>();
  const builtin: SchemaContext = { definitions, emptyObjects: 'free-form' };
  for (const served of servedKindsOf(definitions).values()) {
    kinds.set(kindKey(served.apiVersion, served.kind), { schema: definitions[served.definition], ctx: builtin });
  }
  const crdCtx: SchemaContext = { definitions, emptyObjects: 'pruned' };
  const addCrd = (crd: any) => {
    for (const version of crd?.spec?.versions ?? []) {
      const schema = version?.schema?.openAPIV3Schema;
      if (!version.served || !schema) {
        continue;
      }
      kinds.set(kindKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), {
        // The API server accepts apiVersion and kind, and validates metadata as ObjectMeta, whatever the CRD says.
        schema: { ...schema, properties: { ...IMPLICIT_CR_FIELDS, ...schema.properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } } },
        ctx: crdCtx,
      });
    }
  };
  (sources.builtInCrds ?? []).filter(isCrd).forEach(addCrd);
  for (const file of sources.crdFiles ?? []) {
    const crdFile = path.resolve(file);
    if (!fs.existsSync(crdFile)) {
      throw new Error(`CRD file not found: ${crdFile}`);
    }
    const crds = Yaml.load(crdFile).filter(isCrd);
    if (crds.length === 0) {
      throw new Error(`${crdFile} holds no CustomResourceDefinition`);
    }
    crds.forEach(addCrd);
  }
  (sources.crds ?? []).filter(isCrd).forEach(addCrd);
  // The constructor is private to the public API (jsii): this module makes every validator.
  return new (ManifestValidator as unknown as new (k: Map<string, KindSchema>) => ManifestValidator)(kinds);
}

function isCrd(document: any): boolean {
  return document?.kind === 'CustomResourceDefinition' && typeof document.spec?.group === 'string' && typeof document.spec?.names?.kind === 'string';
}

/**
 * Renders problems as the message of a validation error: one line per problem, grouped by object.
 */
function formatProblems(problems: ManifestProblem[]): string {
  const lines = [`${problems.length} problem${problems.length === 1 ? '' : 's'} in the manifests (strict Kubernetes schema):`];
  let last: string | undefined;
  for (const p of problems) {
    if (p.resource !== last) {
      lines.push(`  ${p.resource}:`);
      last = p.resource;
    }
    lines.push(`    ${p.path}: ${p.message}`);
  }
  return lines.join('\n');
}

function describeResource(manifest: any): string {
  if (typeof manifest !== 'object' || manifest === null) {
    return `(not an object: ${JSON.stringify(manifest)})`;
  }
  const name = manifest.metadata?.name ?? manifest.metadata?.generateName ?? '(no name)';
  const ns = manifest.metadata?.namespace ? `${manifest.metadata.namespace}/` : '';
  return `${manifest.apiVersion ?? '(no apiVersion)'} ${manifest.kind ?? '(no kind)'} ${ns}${name}`;
}

/**
 * The API server's rules on names, namespaces, labels and annotations, which the schema does not carry.
 */
function metadataProblems(manifest: any): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const metadata = manifest.metadata;
  if (typeof metadata !== 'object' || metadata === null) {
    return [{ path: 'metadata', message: 'is required but missing' }];
  }
  const check = (rule: FormatRule, value: unknown, at: string) => {
    const problem = rule.problemWith(value as string);
    if (problem) {
      problems.push({ path: at, message: `${JSON.stringify(value)} is not a valid ${rule.ruleName}: ${problem}` });
    }
  };
  if (metadata.name === undefined && metadata.generateName === undefined) {
    problems.push({ path: 'metadata.name', message: 'is required but missing' });
  } else if (metadata.name !== undefined) {
    const rule = nameRule(manifest.kind);
    if (rule) {
      check(rule, metadata.name, 'metadata.name');
    } else if (typeof metadata.name === 'string' && (metadata.name === '.' || metadata.name === '..' || /[/%]/.test(metadata.name) || metadata.name === '')) {
      problems.push({ path: 'metadata.name', message: `${JSON.stringify(metadata.name)} is not a valid path segment name (no "/" or "%", not "." or "..")` });
    }
  }
  if (metadata.namespace !== undefined) {
    check(FormatRule.DNS1123_LABEL, metadata.namespace, 'metadata.namespace');
  }
  for (const [field, map] of [['labels', metadata.labels], ['annotations', metadata.annotations]] as const) {
    if (typeof map !== 'object' || map === null) {
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      check(FormatRule.LABEL_KEY, k, joinPath(`metadata.${field}`, k));
      if (field === 'labels') {
        check(FormatRule.LABEL_VALUE, v, joinPath('metadata.labels', k));
      }
    }
  }
  if (metadata.annotations && Buffer.byteLength(JSON.stringify(metadata.annotations)) > MAX_ANNOTATIONS_BYTES) {
    problems.push({ path: 'metadata.annotations', message: 'the annotations are larger than 256 KiB' });
  }
  return problems;
}

function nameRule(kind: string): FormatRule | undefined {
  switch (kind) {
    case 'Service': return FormatRule.DNS1035_LABEL;
    case 'Namespace': return FormatRule.DNS1123_LABEL;
    case 'CronJob': return FormatRule.CRONJOB_NAME;
    default: return RBAC_KINDS.has(kind) ? undefined : FormatRule.DNS1123_SUBDOMAIN;
  }
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/**
 * The pod spec of a Pod, of a workload's pod template, or of a CronJob's job template.
 */
function podSpecOf(manifest: any): { spec: any; path: string } | undefined {
  if (manifest.kind === 'Pod' && manifest.spec) {
    return { spec: manifest.spec, path: 'spec' };
  }
  if (TEMPLATE_KINDS.has(manifest.kind) && manifest.spec?.template?.spec) {
    return { spec: manifest.spec.template.spec, path: 'spec.template.spec' };
  }
  if (manifest.kind === 'CronJob' && manifest.spec?.jobTemplate?.spec?.template?.spec) {
    return { spec: manifest.spec.jobTemplate.spec.template.spec, path: 'spec.jobTemplate.spec.template.spec' };
  }
  return undefined;
}

/**
 * The API server's rules on pod specs that the schema does not carry (ValidatePodSpec).
 */
/** Whether a value is an int32, which the schema reports otherwise (the rules below are about such values only). */
function isInt32(value: unknown): value is number {
  return Number.isInteger(value) && Math.abs(value as number) < 2 ** 31;
}

/** A port number outside 1–65535, which the API server refuses (the schema says only int32). */
function portNumberProblems(port: unknown, at: string): Array<{ path: string; message: string }> {
  return isInt32(port) && (port < 1 || port > 65535) ? [{ path: at, message: `${port} is not a port number (1 to 65535)` }] : [];
}

/** The workload kinds whose `spec.replicas` the API server refuses below zero. */
const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/**
 * What the API server refuses in a spec beyond the schema: a negative replica count, and a Service port or target
 * port that is not a port (a number outside 1–65535, a name that is not an IANA service name).
 */
function specProblems(manifest: any): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const replicas = manifest.spec?.replicas;
  if (REPLICATED_KINDS.includes(manifest.kind) && isInt32(replicas) && replicas < 0) {
    problems.push({ path: 'spec.replicas', message: `${replicas} is below zero` });
  }
  if (manifest.apiVersion === 'v1' && manifest.kind === 'Service') {
    (Array.isArray(manifest.spec?.ports) ? manifest.spec.ports : []).forEach((p: any, i: number) => {
      const at = `spec.ports[${i}]`;
      problems.push(...portNumberProblems(p?.port, `${at}.port`), ...portNumberProblems(p?.nodePort, `${at}.nodePort`),
        ...portNumberProblems(p?.targetPort, `${at}.targetPort`));
      const problem = typeof p?.targetPort === 'string' ? FormatRule.PORT_NAME.problemWith(p.targetPort) : undefined;
      if (problem !== undefined) {
        problems.push({ path: `${at}.targetPort`, message: `${JSON.stringify(p.targetPort)} is not a valid ${FormatRule.PORT_NAME.ruleName}: ${problem}` });
      }
    });
  }
  return problems;
}

function podSpecProblems(spec: any, at: string, claimTemplates: string[]): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const volumes: any[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const volumeNames = new Map<string, number>();
  volumes.forEach((v, i) => {
    if (typeof v?.name !== 'string') {
      return;
    }
    if (volumeNames.has(v.name)) {
      problems.push({ path: `${at}.volumes[${i}].name`, message: `${JSON.stringify(v.name)} is already the name of volumes[${volumeNames.get(v.name)}]` });
    } else {
      volumeNames.set(v.name, i);
    }
  });
  // The claim templates of a StatefulSet are volumes of its pods too (one of the same name in the template is
  // replaced by the controller).
  claimTemplates.forEach((name) => volumeNames.set(name, volumeNames.get(name) ?? -1));
  const containerNames = new Map<string, string>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers: any[] = Array.isArray(spec[list]) ? spec[list] : [];
    containers.forEach((c, i) => {
      const cAt = `${at}.${list}[${i}]`;
      if (typeof c?.name === 'string') {
        const problem = FormatRule.DNS1123_LABEL.problemWith(c.name);
        if (problem) {
          problems.push({ path: `${cAt}.name`, message: `${JSON.stringify(c.name)} is not a valid container name (a DNS-1123 label): ${problem}` });
        }
        const first = containerNames.get(c.name);
        if (first !== undefined) {
          problems.push({ path: `${cAt}.name`, message: `${JSON.stringify(c.name)} is already the name of ${first}` });
        } else {
          containerNames.set(c.name, `${list}[${i}]`);
        }
      }
      const mountPaths = new Map<string, number>();
      (Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).forEach((m: any, j: number) => {
        if (typeof m?.name === 'string' && !volumeNames.has(m.name)) {
          problems.push({ path: `${cAt}.volumeMounts[${j}].name`, message: `${JSON.stringify(m.name)} names no volume of the pod (volumes: ${[...volumeNames.keys()].join(', ') || 'none'})` });
        }
        if (typeof m?.mountPath === 'string') {
          if (mountPaths.has(m.mountPath)) {
            problems.push({ path: `${cAt}.volumeMounts[${j}].mountPath`, message: `${JSON.stringify(m.mountPath)} is already mounted by volumeMounts[${mountPaths.get(m.mountPath)}]` });
          } else {
            mountPaths.set(m.mountPath, j);
          }
        }
      });
      const portNames = new Map<string, number>();
      (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, j: number) => {
        problems.push(...portNumberProblems(p?.containerPort, `${cAt}.ports[${j}].containerPort`), ...portNumberProblems(p?.hostPort, `${cAt}.ports[${j}].hostPort`));
        if (typeof p?.name !== 'string') {
          return;
        }
        const problem = FormatRule.PORT_NAME.problemWith(p.name);
        if (problem) {
          problems.push({ path: `${cAt}.ports[${j}].name`, message: `${JSON.stringify(p.name)} is not a valid ${FormatRule.PORT_NAME.ruleName}: ${problem}` });
        }
        if (portNames.has(p.name)) {
          problems.push({ path: `${cAt}.ports[${j}].name`, message: `${JSON.stringify(p.name)} is already the name of ports[${portNames.get(p.name)}]` });
        } else {
          portNames.set(p.name, j);
        }
      });
    });
  }
  return problems;
}
