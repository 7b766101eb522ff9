/**
 * The rule of immutable ConfigMaps and Secrets (src/guard/rules/config.ts), through ChangeGuard.compare.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { ChangeGuard, ChangeRule } from '../../../src';
import { expectFinding } from '../findings';
import { single, withChart } from '../shop';

describe('immutable ConfigMaps and Secrets', () => {
  test('the data of an immutable ConfigMap changed, or the ConfigMap made mutable', () => {
    const config = (data: Record<string, string>, immutable = true) => Testing.synth(withChart((chart) => {
      new kplus.ConfigMap(chart, 'Settings', { metadata: { name: 'settings' }, data, immutable });
    }));
    expectFinding(single(ChangeGuard.compare(config({ mode: 'a' }), config({ mode: 'b' }))), {
      rule: ChangeRule.IMMUTABLE_DATA_CHANGED,
      kind: 'ConfigMap',
      name: 'settings',
      field: 'data.mode',
      before: 'a',
      after: 'b',
      happens: [/immutable: true/, /kubectl apply fails/, /the pods keep the old data/],
      proceed: [/a new name \(e.g. with a hash of its data\)/, /kubectl delete configmap settings -n shop/],
    });
    expect(single(ChangeGuard.compare(config({ mode: 'a' }), config({ mode: 'a' }, false))).field).toBe('immutable');
    // A mutable ConfigMap changes freely, and may become immutable.
    expect(ChangeGuard.compare(config({ mode: 'a' }, false), config({ mode: 'b' }, true))).toEqual([]);
  });
});
