/**
 * The plugin's properties (cdk8s.yaml `validations[].properties`): accepted values, and refusals that say what,
 * where and what is accepted.
 */
import { AppflowValidation, checkManifests, parseProperties } from '../../src/plugin';

test('no properties: the defaults', () => {
  expect(parseProperties(undefined)).toEqual({});
  expect(parseProperties({})).toEqual({});
});

test('every property', () => {
  const properties = {
    profile: 'baseline',
    failOn: 'warning',
    disabledRules: ['job-ttl', 'restricted/*'],
    cluster: { ingressController: { namespace: 'ingress-nginx' }, prometheus: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    annotationExemptions: false,
    exemptions: [{ rule: 'min-replicas', kind: 'StatefulSet', namespace: 'db', name: 'mysql', reason: 'single primary' }],
  };
  expect(parseProperties(properties)).toEqual(properties);
});

test.each([
  [{ profiles: 'restricted' }, 'cdk8s.yaml validations (class AppflowValidation): invalid properties.profiles "restricted": it is not a property of the plugin. '
    + 'Expected only profile, exemptions, disabledRules, failOn, annotationExemptions, cluster, kubernetesVersion, kubernetesSchemas, crdFiles.'],
  [{ failon: 'error' }, 'invalid properties.failon "error": it is not a property of the plugin (did you mean failOn?)'],
  [{ profile: 'privileged' }, 'invalid properties.profile "privileged": it is not a Pod Security Standards profile the plugin checks. Expected "restricted" (the default) or "baseline".'],
  [{ failOn: 'info' }, 'invalid properties.failOn "info": it is not a severity that can fail the report. Expected "error" (the default: warnings pass) or "warning" (warnings fail too).'],
  [{ annotationExemptions: 'no' }, 'invalid properties.annotationExemptions "no": it is not a boolean'],
  [{ disabledRules: 'job-ttl' }, 'invalid properties.disabledRules "job-ttl": it is not a list'],
  [{ disabledRules: ['job-tll'] }, 'invalid properties.disabledRules[0] "job-tll": no rule has this id. Expected a rule id (see docs/validation.md'],
  [{ disabledRules: ['manifest-readable'] }, 'invalid properties.disabledRules[0] "manifest-readable": the plugin\'s own rules cannot be disabled or exempted'],
  [{ exemptions: { rule: 'job-ttl' } }, 'invalid properties.exemptions {"rule":"job-ttl"}: it is not a list'],
  [{ exemptions: [{ rule: 'job-ttl' }] }, 'invalid properties.exemptions[0].reason (undefined): an exemption needs a reason'],
  [{ exemptions: [{ rule: 'job-ttl', reason: ' ' }] }, 'invalid properties.exemptions[0].reason " ": it is not a non-empty string'],
  [{ exemptions: [{ reason: 'x' }] }, 'invalid properties.exemptions[0].rule (undefined): it is missing'],
  [{ exemptions: [{ rule: 'job-ttl', reason: 'x', names: 'a' }] }, 'invalid properties.exemptions[0].names "a": it is not a field of an exemption. Expected only rule, kind, namespace, name, reason.'],
  [{ exemptions: [{ rule: 'job-ttl', reason: 'x', kind: 3 }] }, 'invalid properties.exemptions[0].kind 3: it is not a non-empty string'],
  ['restricted', 'invalid properties "restricted": it is not a map'],
  [{ cluster: 'monitoring' }, 'invalid properties.cluster "monitoring": it is not a map. Expected a map of ingressController, gateway, prometheus, blackboxExporter'],
  [{ cluster: { grafana: { namespace: 'x' } } }, 'invalid properties.cluster.grafana {"namespace":"x"}: it is not a component or capability of the cluster that the plugin knows. Expected only the components ingressController, gateway, prometheus, blackboxExporter, or what the cluster has: customResources, namespaces, '],
  [{ cluster: { prometheus: 'monitoring' } }, 'invalid properties.cluster.prometheus "monitoring": it is not a map. Expected { namespace, podLabels? }'],
  [{ cluster: { prometheus: {} } }, 'invalid properties.cluster.prometheus.namespace (undefined): it is missing. Expected the namespace its pods run in'],
  [{ cluster: { prometheus: { namespace: 'Mon_itoring' } } }, 'invalid properties.cluster.prometheus.namespace "Mon_itoring": it is not a namespace name'],
  [{ cluster: { prometheus: { namespace: 'monitoring', labels: {} } } }, 'invalid properties.cluster.prometheus.labels {}: it is not a field of a component. Expected only namespace, podLabels.'],
  [{ cluster: { prometheus: { namespace: 'monitoring', podLabels: { app: 1 } } } }, 'invalid properties.cluster.prometheus.podLabels {"app":1}: it is not a non-empty map of strings'],
])('%j is refused', (properties, message) => {
  expect(() => parseProperties(properties)).toThrow(message);
  // cdk8s-cli constructs the plugin with the properties: the error stops `cdk8s synth`.
  expect(() => new AppflowValidation(properties)).toThrow(message);
});

test('several problems are listed together', () => {
  expect(() => parseProperties({ profile: 'strict', failOn: 'never' })).toThrow(
    '2 problems in the properties of cdk8s.yaml validations (class AppflowValidation):\n'
    + '  - cdk8s.yaml validations (class AppflowValidation): invalid properties.profile "strict"');
});

describe('checkManifests refuses its options as the plugin refuses its properties, naming input', () => {
  const files = [{ file: 'shop.k8s.yaml', documents: [] }];
  test.each<[string, object, string]>([
    ['an exemption without a reason', { exemptions: [{ rule: 'container-resources' }] },
      'checkManifests(input): invalid input.exemptions[0].reason (undefined)'],
    ['a profile the plugin does not check', { profile: 'privileged' }, 'checkManifests(input): invalid input.profile "privileged"'],
    ['a rule pattern that matches no rule', { disabledRules: ['min-replica'] }, 'checkManifests(input): invalid input.disabledRules[0] "min-replica"'],
  ])('%s', (_, input, message) => {
    expect(() => checkManifests(files, input as any)).toThrow(message);
  });

  test('the options that are right, and what only a programmatic check gives, pass', () => {
    expect(checkManifests(files, {
      profile: 'baseline',
      disabledRules: ['min-replicas'],
      exemptions: [{ rule: 'container-resources', reason: 'the agent is tiny' }],
      cluster: { ingressController: { namespace: 'ingress-nginx' } },
      constructPaths: {},
      unreadable: [],
    }).findings).toEqual([]);
  });
});
