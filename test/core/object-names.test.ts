import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { claimObjectName, claimObjectNames } from '../../src/core/object-names';
import { refusalOf } from '../support/refusal';

function configMap(scope: Construct, id: string, name: string, namespace?: string): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });
}

test('an object of the same group, kind, namespace and name as another of the App is refused, naming both paths', () => {
  const app = Testing.app();
  const a = new Chart(app, 'a', { namespace: 'shop' });
  const b = new Chart(app, 'b', { namespace: 'shop' });
  claimObjectName(a, 'name', configMap(a, 'Config', 'settings'));
  expect(refusalOf(() => claimObjectName(b, 'name', configMap(b, 'Config', 'settings')))).toMatchObject({
    constructPath: 'b',
    prop: 'name',
    value: 'settings',
    problem: 'the ConfigMap "settings" (API group core, namespace "shop") made at b/Config has the API group, kind, namespace and name of the '
      + 'one made at a/Config: both would be written, and on apply the last would overwrite the first',
    accepted: 'another name for one of the two (for an application, its name: the names of its objects derive from it), or another namespace for one of them '
      + '(a chart with another namespace)',
  });
});

test('the API group, not the version, is part of the key', () => {
  const chart = Testing.chart();
  claimObjectName(chart, 'name', new ApiObject(chart, 'V2', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' } }));
  expect(refusalOf(() => claimObjectName(chart, 'name',
    new ApiObject(chart, 'V1', { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' } })))).toMatchObject({
    problem: expect.stringMatching(/^the HorizontalPodAutoscaler "web" \(API group autoscaling, no namespace: the current one of kubectl\) made at test\/V1/),
  });
  // Another group of the same kind is another object.
  claimObjectName(chart, 'name', new ApiObject(chart, 'Other', { apiVersion: 'example.com/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' } }));
});

test('no clash: another kind, name or namespace, another App, or the same object claimed again', () => {
  const app = Testing.app();
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  const other = new Chart(app, 'other', { namespace: 'other' });
  const settings = configMap(shop, 'Config', 'settings');
  claimObjectName(shop, 'name', settings);
  claimObjectName(shop, 'name', settings);
  claimObjectNames(shop, 'name');
  claimObjectName(other, 'name', configMap(other, 'Config', 'settings'));
  claimObjectName(shop, 'name', configMap(shop, 'Named', 'settings', 'elsewhere'));
  claimObjectName(shop, 'name', configMap(shop, 'Other', 'other-settings'));
  claimObjectName(shop, 'name', new ApiObject(shop, 'Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'settings' } }));
  const another = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  claimObjectName(another, 'name', configMap(another, 'Config', 'settings'));
});

test('cluster-scoped kinds are keyed without the namespace that cdk8s gives every object of a chart', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const a = new Chart(app, 'a', { namespace: 'a' });
  const b = new Chart(app, 'b', { namespace: 'b' });
  claimObjectName(a, 'name', ApiObject.of(new kplus.ClusterRole(a, 'Reader', { metadata: { name: 'reader' } })));
  const second = ApiObject.of(new kplus.ClusterRole(b, 'Reader', { metadata: { name: 'reader' } }));
  second.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  expect(refusalOf(() => claimObjectName(b, 'name', second))).toMatchObject({
    problem: 'the ClusterRole "reader" (API group rbac.authorization.k8s.io, cluster-scoped) made at b/Reader/Resource has the API group, kind, '
      + 'namespace and name of the one made at a/Reader/Resource: both would be written, and on apply the last would overwrite the first',
    // No other namespace to offer: the object has none.
    accepted: 'another name for one of the two (for an application, its name: the names of its objects derive from it)',
  });
});

test('claimObjectNames claims every object under a scope, and names the given owner and prop', () => {
  const chart = Testing.chart();
  const first = new Construct(chart, 'First');
  configMap(first, 'Config', 'settings');
  claimObjectNames(first, 'name');
  const second = new Construct(chart, 'Second');
  configMap(second, 'Config', 'settings');
  expect(refusalOf(() => claimObjectNames(chart, 'applyTo(scope)', second))).toMatchObject({ constructPath: 'test', prop: 'applyTo(scope)', value: 'settings' });
});
