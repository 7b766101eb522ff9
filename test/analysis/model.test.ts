import { ManifestModel, readObjects } from '../../src/analysis';

/*
 * The indexes of the manifest model that the checks read instead of scanning every object: each answers in the
 * order of the manifests.
 */

const labels = (name: string) => ({ 'app.kubernetes.io/name': name });

function deployment(name: string, namespace: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels(name) },
    spec: { selector: { matchLabels: labels(name) }, template: { metadata: { labels: labels(name) }, spec: { containers: [{ name, image: 'web:1' }] } } },
  };
}

function service(name: string, namespace: string, selector: Record<string, string> = labels(name)) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels: labels(name) }, spec: { selector, ports: [{ port: 80 }] } };
}

const documents = [
  service('web', 'shop'),
  deployment('web', 'shop'),
  service('api', 'db'),
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec: {} },
  deployment('api', 'shop'),
  service('cart', 'shop', labels('api')),
  { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'old', namespace: 'shop' }, spec: {} },
  deployment('api', 'db'),
  // Not a core Service: not a Service of the model.
  { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'fn', namespace: 'shop' }, spec: {} },
];
const model = new ManifestModel(readObjects([{ file: 'app.yaml', documents }]).objects);
const names = (objects: readonly { id: { kind: string; namespace?: string; name: string } }[]) => objects.map((o) => `${o.id.kind} ${o.id.namespace}/${o.id.name}`);

test('objectsOfKind: the objects of a kind, of any API group, in the order of the manifests', () => {
  expect(names(model.objectsOfKind('Ingress'))).toEqual(['Ingress shop/web', 'Ingress shop/old']);
  expect(names(model.objectsOfKind('Service'))).toEqual(['Service shop/web', 'Service db/api', 'Service shop/cart', 'Service shop/fn']);
  expect(model.objectsOfKind('CronJob')).toEqual([]);
});

test('servicesIn: the core Services of a namespace, in the order of the manifests; serviceNamesIn sorts their names', () => {
  expect(names(model.servicesIn('shop'))).toEqual(['Service shop/web', 'Service shop/cart']);
  expect(model.serviceNamesIn('shop')).toEqual(['cart', 'web']);
  expect(model.servicesIn('nowhere')).toEqual([]);
});

test('podsWithLabels: the pods of every namespace that carry the labels of a selector map', () => {
  expect(model.podsWithLabels(labels('api')).map((p) => `${p.object.id.namespace}/${p.object.id.name}`)).toEqual(['shop/api', 'db/api']);
  expect(model.podsWithLabels({ ...labels('api'), tier: 'x' })).toEqual([]);
});

test('inManifestOrder: objects found by several indexes, each once, in the order of the manifests', () => {
  const [web, api] = [model.servicesIn('shop')[0], model.servicesIn('db')[0]];
  const ingress = model.objectsOfKind('Ingress')[0];
  expect(names(model.inManifestOrder([ingress, api, web, ingress]))).toEqual(['Service shop/web', 'Service db/api', 'Ingress shop/web']);
});

test('objectsLabelled: the objects of a namespace with the labels on their metadata or pod template, in the order of the manifests', () => {
  expect(names(model.objectsLabelled('shop', labels('api')))).toEqual(['Deployment shop/api']);
  expect(names(model.objectsLabelled('shop', labels('web')))).toEqual(['Service shop/web', 'Deployment shop/web']);
});

test('the Services select the pods of their namespace from the indexes', () => {
  const cart = model.servicesIn('shop')[1];
  expect(model.podsOf(cart).map((p) => `${p.object.id.namespace}/${p.object.id.name}`)).toEqual(['shop/api']);
  expect(names(model.servicesOf(model.objectsOfKind('Deployment')[1]))).toEqual(['Service shop/cart']);
});

test('objectsLabelled: an object is found by the labels of its metadata and by those of its pod template; no labels: every object of the namespace', () => {
  const relabelled = { ...deployment('web', 'shop'), metadata: { name: 'web', namespace: 'shop', labels: labels('site') } };
  const other = new ManifestModel(readObjects([{ file: 'a.yaml', documents: [relabelled, service('site', 'shop'), service('web', 'db')] }]).objects);
  expect(names(other.objectsLabelled('shop', labels('site')))).toEqual(['Deployment shop/web', 'Service shop/site']);
  expect(names(other.objectsLabelled('shop', labels('web')))).toEqual(['Deployment shop/web']);
  expect(names(other.objectsLabelled('shop', { ...labels('web'), 'app.kubernetes.io/instance': 'a' }))).toEqual([]);
  expect(names(other.objectsLabelled('db', {}))).toEqual(['Service db/web']);
  expect(other.objectsLabelled('nowhere', labels('web'))).toEqual([]);
});
