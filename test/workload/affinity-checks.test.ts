import { Testing } from 'cdk8s';
import { AppIdentity, ContainerImage, StatelessWorkload } from '../../src';
import { refusalOf } from '../support/refusal';
import { synth } from '../support/synth';

/*
 * The affinity given in the API's own terms is checked before cdk8s writes it: cdk8s drops the fields it does not know
 * and writes any operator, which the API server refuses.
 */

function withAffinity(affinity: unknown) {
  const chart = Testing.chart();
  const identity = new AppIdentity(chart, 'Identity', { name: 'app' });
  new StatelessWorkload(chart, 'Web', {
    identity,
    replicas: 2,
    container: { image: ContainerImage.fromReference('registry.example.com/shop/app:0.3.2'), ports: [{ name: 'app', number: 3000 }] },
    affinity: affinity as any,
  });
  return chart;
}

const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
const arch = (operator: string) => ({ nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator, values: ['amd64'] }] }] } } });

test('a valid affinity of every kind is written as given', () => {
  const affinity = {
    nodeAffinity: {
      [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }], matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }] },
      [PREF]: [{ weight: 50, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } }],
    },
    podAffinity: { [PREF]: [{ weight: 10, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'cache' } } } }] },
    podAntiAffinity: { [REQ]: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] } }] },
  };
  const deployment = synth(withAffinity(affinity)).find((m) => m.kind === 'Deployment');
  expect(deployment.spec.template.spec.affinity).toEqual(affinity);
});

test.each<[string, unknown, string, unknown, string]>([
  ['an operator in lower case', arch('in'), `affinity.nodeAffinity.${REQ}.nodeSelectorTerms[0].matchExpressions[0].operator`, 'in',
    'it is not an operator of the API (they are case-sensitive). Expected one of "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt".'],
  ['a misspelt field, which cdk8s would drop', { nodeAffinity: { requiredDuringScheduling: {} } }, 'affinity.nodeAffinity.requiredDuringScheduling', {},
    `it is not a field of the API here (cdk8s would drop it). Expected one of the fields ${REQ}, ${PREF}.`],
  ['a field at the top', { antiAffinity: {} }, 'affinity.antiAffinity', {}, 'it is not a field of the API here'],
  ['Gt in a pod affinity\'s label selector', { podAffinity: { [REQ]: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } }] } },
    `affinity.podAffinity.${REQ}[0].labelSelector.matchExpressions[0].operator`, 'Gt', 'Expected one of "In", "NotIn", "Exists", "DoesNotExist".'],
  ['a pod anti-affinity term without a topology key', { podAntiAffinity: { [REQ]: [{ labelSelector: { matchLabels: { app: 'db' } } }] } },
    `affinity.podAntiAffinity.${REQ}[0].topologyKey`, undefined, 'a pod affinity term needs a topology key'],
  ['a weight above 100', { nodeAffinity: { [PREF]: [{ weight: 150, preference: { matchExpressions: [] } }] } }, `affinity.nodeAffinity.${PREF}[0].weight`, 150, 'it is above 100'],
  ['terms that are not a list', { nodeAffinity: { [REQ]: { nodeSelectorTerms: { matchExpressions: [] } } } }, `affinity.nodeAffinity.${REQ}.nodeSelectorTerms`, { matchExpressions: [] },
    'it is an object, not a list'],
  // The API server's rules of a requirement's values (ValidateNodeSelectorRequirement, ValidateLabelSelectorRequirement).
  ['Exists with values', { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'Exists', values: ['web'] }] }] } } },
    `affinity.nodeAffinity.${REQ}.nodeSelectorTerms[0].matchExpressions[0].values`, ['web'],
    'the operator Exists looks at the key alone, and takes no values. Expected no values, or the operator In.'],
  ['In without values', { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: [] }] }] } } },
    `affinity.nodeAffinity.${REQ}.nodeSelectorTerms[0].matchExpressions[0].values`, [], 'the operator In compares with values, and there are none'],
  ['Gt with two values', { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4', '8'] }] }] } } },
    `affinity.nodeAffinity.${REQ}.nodeSelectorTerms[0].matchExpressions[0].values`, ['4', '8'], 'the operator Gt compares with one integer'],
  ['Lt with a value that is not an integer', { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4.5'] }] }] } } },
    `affinity.nodeAffinity.${REQ}.nodeSelectorTerms[0].matchExpressions[0].values`, ['4.5'], 'the operator Lt compares with one integer'],
  ['a key that is not a label key', { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a b', operator: 'Exists' }] }] } } },
    `affinity.nodeAffinity.${REQ}.nodeSelectorTerms[0].matchExpressions[0].key`, 'a b', 'it contains " "'],
  ['no node selector term', { nodeAffinity: { [REQ]: { nodeSelectorTerms: [] } } }, `affinity.nodeAffinity.${REQ}.nodeSelectorTerms`, [],
    'a required node affinity needs a term (the API server refuses none)'],
  ['a node field other than the name', { nodeAffinity: { [REQ]: { nodeSelectorTerms: [{ matchFields: [{ key: 'spec.unschedulable', operator: 'In', values: ['x'] }] }] } } },
    `affinity.nodeAffinity.${REQ}.nodeSelectorTerms[0].matchFields[0].key`, 'spec.unschedulable', 'it is not a node field that can be selected'],
  ['a pod selector with Exists and values', { podAntiAffinity: { [REQ]: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['db'] }] } }] } },
    `affinity.podAntiAffinity.${REQ}[0].labelSelector.matchExpressions[0].values`, ['db'], 'the operator Exists looks at the key alone'],
  ['a pod selector label key that is not one', { podAffinity: { [REQ]: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'a b': 'x' } } }] } },
    `affinity.podAffinity.${REQ}[0].labelSelector.matchLabels`, 'a b', 'it contains " "'],
])('refused, naming the field: %s', (_what, affinity, prop, value, problem) => {
  const error = refusalOf(() => withAffinity(affinity));
  expect(error).toMatchObject({ constructPath: 'test/Web', prop, value });
  expect(error.message).toContain(problem);
});
