import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { addToListField, podSpecPath } from '../../src/core/patches';
import { only, synth } from '../support/synth';

test('podSpecPath knows where each kind keeps its pod spec, and refuses a kind without one', () => {
  const chart = Testing.chart();
  expect(podSpecPath(new kplus.Pod(chart, 'P', { containers: [{ image: 'nginx:1.27' }] }))).toBe('/spec');
  expect(podSpecPath(new kplus.Deployment(chart, 'D', { containers: [{ image: 'nginx:1.27' }] }))).toBe('/spec/template/spec');
  const notAPod = new kplus.Deployment(chart, 'X', { containers: [{ image: 'nginx:1.27' }] });
  // A cdk8s-plus-34 pod whose object is not of a pod-holding kind is refused, not patched at a wrong path.
  Object.defineProperty(ApiObject.of(notAPod), 'kind', { value: 'ConfigMap' });
  expect(() => podSpecPath(notAPod)).toThrow('test/X: a ConfigMap has no pod spec');
});

test('addToListField: one patch per field, items add up in order without duplicates, the initial items first', () => {
  const chart = Testing.chart();
  const account = new kplus.ServiceAccount(chart, 'A', { metadata: { name: 'a' } });
  const object = ApiObject.of(account);
  expect(addToListField(object, '/imagePullSecrets', [{ name: 'b' }], () => [{ name: 'a' }])).toEqual([{ name: 'a' }, { name: 'b' }]);
  expect(addToListField(object, '/imagePullSecrets', [{ name: 'b' }, { name: 'c' }], () => [{ name: 'ignored' }])).toEqual([
    { name: 'a' }, { name: 'b' }, { name: 'c' },
  ]);
  expect(only(synth(chart), 'ServiceAccount').imagePullSecrets).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
});
