import { isObject } from '../analysis';
import { RULE_PATTERNS_ACCEPTED, rulePatternProblem } from './rules';
import { CheckOptions, ClusterComponent, ClusterComponents, ExemptionSpec, PluginProfile, Severity } from './types';
import { ClusterCapabilities } from '../core/cluster-capabilities';
import { CAPABILITY_FIELDS, capabilityProblems } from '../core/cluster-prerequisites';
import { AppflowInputError, describeValue } from '../core/errors';
import { isKubernetesVersion, KUBERNETES_VERSIONS_ACCEPTED } from '../core/kubernetes-version';

/** What `kubernetesSchemas` may be, for error messages. */
export const SCHEMAS_ACCEPTED = 'a directory of the Kubernetes OpenAPI definitions files of cdk8s (kubernetes-v1.27.0.json ... kubernetes-v1.36.0.json, '
  + 'from https://github.com/cdk8s-team/cdk8s/tree/master/kubernetes-schemas), relative to the directory cdk8s synth runs in, or no '
  + 'kubernetesSchemas (the definitions built into the package)';

/** What `crdFiles` may be, for error messages. */
export const CRD_FILES_ACCEPTED = 'a list of YAML files of CustomResourceDefinitions, relative to the directory cdk8s synth runs in '
  + '(e.g. [crds/monitoring.coreos.com.yaml])';

/** Where the properties come from, as error messages name it. */
export const PROPERTIES_SOURCE = 'cdk8s.yaml validations (class AppflowValidation)';

const PROPERTIES = ['profile', 'exemptions', 'disabledRules', 'failOn', 'annotationExemptions', 'cluster', 'kubernetesVersion', 'kubernetesSchemas', 'crdFiles'];
const COMPONENTS = ['ingressController', 'gateway', 'prometheus', 'blackboxExporter'];
const COMPONENT_FIELDS = ['namespace', 'podLabels'];
const EXEMPTION_FIELDS = ['rule', 'kind', 'namespace', 'name', 'reason'];
const PROFILES: PluginProfile[] = ['restricted', 'baseline'];
const FAIL_ON: Severity[] = ['error', 'warning'];

/**
 * Reads the plugin's properties (the `properties:` of its entry under `validations:` in cdk8s.yaml), refusing
 * unknown properties and bad values with an error that says what, where, and what is accepted.
 *
 * @param where what the errors name as the source of the properties and as their root (`checkManifests(input)` and
 * `input` for the options of a programmatic check)
 */
export function parseProperties(properties: unknown, where: { source: string; root: string } = { source: PROPERTIES_SOURCE, root: 'properties' }): CheckOptions {
  const errors: AppflowInputError[] = [];
  const refuse: Refuse = (prop, value, problem, accepted) => {
    errors.push(new AppflowInputError(where.source, prop.replace(/^properties(?=[.[]|$)/, where.root), value, problem, accepted));
  };
  if (properties === undefined || properties === null) {
    return {};
  }
  if (!isObject(properties)) {
    refuse('properties', properties, 'it is not a map', `a map of ${PROPERTIES.join(', ')}`);
    throw combined(errors, where.source);
  }
  for (const key of Object.keys(properties)) {
    if (!PROPERTIES.includes(key)) {
      const near = PROPERTIES.find((p) => p.toLowerCase() === key.toLowerCase());
      refuse(`properties.${key}`, properties[key], `it is not a property of the plugin${near ? ` (did you mean ${near}?)` : ''}`, `only ${PROPERTIES.join(', ')}`);
    }
  }
  const options: { -readonly [K in keyof CheckOptions]: CheckOptions[K] } = {};
  const { profile, failOn, disabledRules, exemptions, annotationExemptions, cluster, kubernetesVersion, kubernetesSchemas, crdFiles } = properties;
  if (profile !== undefined) {
    if (PROFILES.includes(profile)) {
      options.profile = profile;
    } else {
      refuse('properties.profile', profile, 'it is not a Pod Security Standards profile the plugin checks', '"restricted" (the default) or "baseline"');
    }
  }
  if (failOn !== undefined) {
    if (FAIL_ON.includes(failOn)) {
      options.failOn = failOn;
    } else {
      refuse('properties.failOn', failOn, 'it is not a severity that can fail the report', '"error" (the default: warnings pass) or "warning" (warnings fail too)');
    }
  }
  if (annotationExemptions !== undefined) {
    if (typeof annotationExemptions === 'boolean') {
      options.annotationExemptions = annotationExemptions;
    } else {
      refuse('properties.annotationExemptions', annotationExemptions, 'it is not a boolean', 'true (the default) or false');
    }
  }
  if (disabledRules !== undefined) {
    if (!Array.isArray(disabledRules)) {
      refuse('properties.disabledRules', disabledRules, 'it is not a list', `a list of rule ids: ${RULE_PATTERNS_ACCEPTED}`);
    } else {
      disabledRules.forEach((rule, i) => {
        const problem = rulePatternProblem(rule);
        if (problem) {
          refuse(`properties.disabledRules[${i}]`, rule, problem, RULE_PATTERNS_ACCEPTED);
        }
      });
      options.disabledRules = disabledRules;
    }
  }
  if (exemptions !== undefined) {
    if (!Array.isArray(exemptions)) {
      refuse('properties.exemptions', exemptions, 'it is not a list', 'a list of { rule, kind?, namespace?, name?, reason }');
    } else {
      options.exemptions = exemptions.map((e, i) => parseExemption(e, `properties.exemptions[${i}]`, refuse)).filter((e): e is ExemptionSpec => e !== undefined);
    }
  }
  if (cluster !== undefined) {
    const capabilities: Record<string, unknown> = {};
    options.cluster = parseCluster(cluster, refuse, capabilities);
    if (Object.keys(capabilities).length > 0) {
      const problems = capabilityProblems(capabilities, 'properties.cluster');
      problems.forEach((p) => refuse(p.prop, p.value, p.problem, p.accepted));
      if (problems.length === 0) {
        options.clusterCapabilities = capabilities as ClusterCapabilities;
      }
    }
  }
  if (kubernetesVersion !== undefined) {
    if (isKubernetesVersion(kubernetesVersion)) {
      options.kubernetesVersion = kubernetesVersion;
    } else {
      refuse('properties.kubernetesVersion', kubernetesVersion, typeof kubernetesVersion === 'number'
        ? 'it is a number, not a version (YAML reads 1.30 as the number 1.3): quote it'
        : 'it is not a Kubernetes version the plugin supports', `${KUBERNETES_VERSIONS_ACCEPTED.replace(/ \(KubernetesVersion.*\)$/, '')}, quoted (e.g. "1.30")`);
    }
  }
  if (kubernetesSchemas !== undefined) {
    if (typeof kubernetesSchemas === 'string' && kubernetesSchemas.trim() !== '') {
      options.kubernetesSchemas = kubernetesSchemas;
    } else {
      refuse('properties.kubernetesSchemas', kubernetesSchemas, 'it is not a path', SCHEMAS_ACCEPTED);
    }
  }
  if (crdFiles !== undefined) {
    if (Array.isArray(crdFiles) && crdFiles.every((f) => typeof f === 'string' && f.trim() !== '')) {
      options.crdFiles = crdFiles;
    } else {
      refuse('properties.crdFiles', crdFiles, 'it is not a list of paths', CRD_FILES_ACCEPTED);
    }
  }
  if (errors.length > 0) {
    throw combined(errors, where.source);
  }
  return options;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const COMPONENT_ACCEPTED = '{ namespace, podLabels? }: the namespace its pods run in (a DNS label) and, optionally, a map of their labels';

/**
 * Reads the `cluster` property: where the cluster's components run (ingressController, prometheus, blackboxExporter),
 * and what the cluster has (the fields of ClusterCapabilities, copied into `capabilities` to be checked together).
 */
function parseCluster(value: unknown, refuse: Refuse, capabilities: Record<string, unknown>): ClusterComponents {
  if (!isObject(value)) {
    refuse('properties.cluster', value, 'it is not a map', `a map of ${COMPONENTS.join(', ')}, each ${COMPONENT_ACCEPTED}; and of what the cluster has (${CAPABILITY_FIELDS.join(', ')})`);
    return {};
  }
  const result: Record<string, ClusterComponent> = {};
  for (const key of Object.keys(value)) {
    const at = `properties.cluster.${key}`;
    if ((CAPABILITY_FIELDS as string[]).includes(key)) {
      capabilities[key] = value[key];
      continue;
    }
    if (!COMPONENTS.includes(key)) {
      refuse(at, value[key], 'it is not a component or capability of the cluster that the plugin knows',
        `only the components ${COMPONENTS.join(', ')}, or what the cluster has: ${CAPABILITY_FIELDS.join(', ')}`);
      continue;
    }
    const component = value[key];
    if (!isObject(component)) {
      refuse(at, component, 'it is not a map', COMPONENT_ACCEPTED);
      continue;
    }
    let ok = true;
    for (const field of Object.keys(component).filter((f) => !COMPONENT_FIELDS.includes(f))) {
      refuse(`${at}.${field}`, component[field], 'it is not a field of a component', `only ${COMPONENT_FIELDS.join(', ')}`);
      ok = false;
    }
    if (typeof component.namespace !== 'string' || !DNS_LABEL.test(component.namespace)) {
      refuse(`${at}.namespace`, component.namespace, component.namespace === undefined ? 'it is missing' : 'it is not a namespace name',
        'the namespace its pods run in: a DNS label (lower-case letters, digits and "-", at most 63 characters), e.g. "monitoring"');
      ok = false;
    }
    const labels = component.podLabels;
    if (labels !== undefined && (!isObject(labels) || Object.values(labels).some((v) => typeof v !== 'string') || Object.keys(labels).length === 0)) {
      refuse(`${at}.podLabels`, labels, 'it is not a non-empty map of strings',
        'the labels of its pods, e.g. { app.kubernetes.io/name: ingress-nginx }, or no podLabels (then a NetworkPolicy must admit its whole namespace)');
      ok = false;
    }
    if (ok) {
      result[key] = { namespace: component.namespace, ...(labels !== undefined ? { podLabels: { ...labels } } : {}) };
    }
  }
  return result;
}

/** Records a refused property. */
type Refuse = (prop: string, value: unknown, problem: string, accepted: string) => void;

function parseExemption(value: unknown, at: string, refuse: Refuse): ExemptionSpec | undefined {
  if (!isObject(value)) {
    refuse(at, value, 'it is not a map', '{ rule, kind?, namespace?, name?, reason }');
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!EXEMPTION_FIELDS.includes(key)) {
      refuse(`${at}.${key}`, value[key], 'it is not a field of an exemption', `only ${EXEMPTION_FIELDS.join(', ')}`);
      ok = false;
    }
  }
  const problem = rulePatternProblem(value.rule);
  if (problem) {
    refuse(`${at}.rule`, value.rule, value.rule === undefined ? 'it is missing' : problem, RULE_PATTERNS_ACCEPTED);
    ok = false;
  }
  for (const field of ['kind', 'namespace', 'name']) {
    if (value[field] !== undefined && (typeof value[field] !== 'string' || value[field].trim() === '')) {
      refuse(`${at}.${field}`, value[field], 'it is not a non-empty string', `the ${field} of the objects to exempt, or no ${field} for every ${field}`);
      ok = false;
    }
  }
  if (typeof value.reason !== 'string' || value.reason.trim() === '') {
    refuse(`${at}.reason`, value.reason, value.reason === undefined ? 'an exemption needs a reason' : 'it is not a non-empty string',
      'why the rule does not apply, e.g. "single-replica database until replication is set up"');
    ok = false;
  }
  return ok ? value as unknown as ExemptionSpec : undefined;
}

/** One error for one problem; an error that lists them for several. */
function combined(errors: AppflowInputError[], source: string): Error {
  if (errors.length === 1) {
    return errors[0];
  }
  return new Error(`${errors.length} problems in the properties of ${source}:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
}

export { describeValue };
