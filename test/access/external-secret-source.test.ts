import { Chart, Duration, Testing } from 'cdk8s';
import { ExternalSecretSource, ExternalSecretSourceProps, PlatformDefaults, SecretStoreRef } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

function source(props: Partial<ExternalSecretSourceProps> = {}) {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const db = new ExternalSecretSource(chart, 'Db', {
    name: 'shop-db',
    store: SecretStoreRef.cluster('vault'),
    keys: [{ key: 'password', remoteKey: 'shop/db', property: 'password' }, { key: 'username', remoteKey: 'shop/db', property: 'username' }],
    ...props,
  });
  return { chart, db, manifest: () => only(synth(chart), 'ExternalSecret') };
}

test('the platform default secretStore serves an ExternalSecret that names no store; its own store wins', () => {
  const app = Testing.app();
  PlatformDefaults.set(app, { secretStore: SecretStoreRef.namespaced('shop-vault') });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const fromDefault = new ExternalSecretSource(chart, 'Db', { name: 'shop-db', keys: [{ key: 'password', remoteKey: 'shop/db' }] });
  new ExternalSecretSource(chart, 'Api', { name: 'shop-api', store: SecretStoreRef.cluster('vault'), keys: [{ key: 'token', remoteKey: 'shop/api' }] });
  expect(fromDefault.store.name).toBe('shop-vault');
  expect(synth(chart).map((m) => m.spec.secretStoreRef)).toEqual([
    { kind: 'SecretStore', name: 'shop-vault' },
    { kind: 'ClusterSecretStore', name: 'vault' },
  ]);
});

function refusal(props: any): string {
  return refusalOf(() => source(props)).message;
}

test('an ExternalSecret of external-secrets.io/v1: the store, where each key is, refreshed hourly; never a value', () => {
  const { chart, db, manifest } = source();
  expect(manifest()).toEqual({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'shop-db', namespace: 'shop' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: 'shop-db' },
      data: [
        { secretKey: 'password', remoteRef: { key: 'shop/db', property: 'password' } },
        { secretKey: 'username', remoteRef: { key: 'shop/db', property: 'username' } },
      ],
    },
  });
  expect(db.secretName).toBe('shop-db');
  expect(db.keys).toEqual(['password', 'username']);
  expect(db.store.kind).toBe('ClusterSecretStore');
  expect(db.externalSecret.name).toBe('shop-db');
  expect(synth(chart).map((m) => m.kind)).toEqual(['ExternalSecret']);
  expect(yamlOf(chart)).toMatchSnapshot();
});

test('a SecretStore of the namespace, a version, and another refresh interval', () => {
  const { manifest } = source({
    store: SecretStoreRef.namespaced('shop-vault'),
    keys: [{ key: 'api-key', remoteKey: 'payments', version: '3' }],
    refreshInterval: Duration.minutes(90),
  });
  expect(manifest().spec).toMatchObject({
    refreshInterval: '1h30m',
    secretStoreRef: { kind: 'SecretStore', name: 'shop-vault' },
    data: [{ secretKey: 'api-key', remoteRef: { key: 'payments', version: '3' } }],
  });
});

test.each([
  [Duration.seconds(0), '0s'],
  [Duration.seconds(90), '1m30s'],
  [Duration.minutes(15), '15m'],
  [Duration.hours(24), '24h'],
  [Duration.seconds(3661), '1h1m1s'],
])('refresh interval %s is written as Go reads it', (refreshInterval, written) => {
  expect(source({ refreshInterval }).manifest().spec.refreshInterval).toBe(written);
});

test('a template: the Secret holds the keys of the template (and only those), of the type asked', () => {
  const { db, manifest } = source({
    keys: [{ key: 'password', remoteKey: 'shop/db', property: 'password' }],
    template: { type: 'Opaque', data: { url: 'postgres://shop:{{ .password }}@db.shop.svc:5432/shop' } },
  });
  expect(db.keys).toEqual(['url']);
  expect(manifest().spec.target).toEqual({
    name: 'shop-db',
    template: { type: 'Opaque', data: { url: 'postgres://shop:{{ .password }}@db.shop.svc:5432/shop' } },
  });
  expect(refusalOf(() => db.envValue('password')).message).toBe('shop/Db: invalid envValue(key) "password": the Secret "shop-db" declares no such key '
    + '(its keys: url). Expected one of the keys the source declares: "url".');
});

describe('refusals', () => {
  test.each([
    ['no keys', { keys: [] }, 'shop/Db: invalid keys []: the Secret declares no key. Expected at least one key, each a key of the Secret that the pods read.'],
    ['a key twice', { keys: [{ key: 'password', remoteKey: 'a' }, { key: 'password', remoteKey: 'b' }] },
      'shop/Db: invalid keys[1].key "password": the key is declared twice. Expected each key of the Secret once.'],
    ['no remote key', { keys: [{ key: 'password' }] },
      'shop/Db: invalid keys[0].remoteKey (undefined): it is missing. Expected the key of the secret in the secret manager, e.g. "shop/db".'],
    ['an empty property', { keys: [{ key: 'password', remoteKey: 'shop/db', property: '' }] },
      'shop/Db: invalid keys[0].property "": it is empty. Expected a non-empty property, or none.'],
    ['a store that is not one', { store: { kind: 'ClusterSecretStore', name: 'vault' } },
      'shop/Db: invalid store {"kind":"ClusterSecretStore","name":"vault"}: it is not a SecretStoreRef. Expected SecretStoreRef.cluster("vault") or '
      + 'SecretStoreRef.namespaced("vault"), or the platform default secretStore.'],
    ['no store, and none in the platform defaults', { store: undefined },
      'shop/Db: invalid store (undefined): no store is given, and the platform defaults set no secretStore. Expected SecretStoreRef.cluster("vault") or '
      + 'SecretStoreRef.namespaced("vault"), or the platform default secretStore.'],
    ['a fractional refresh interval', { refreshInterval: Duration.millis(1500) },
      'shop/Db: invalid refreshInterval 1.5: it is not a whole number. Expected a duration in whole seconds (zero: fetch once) of at least 0.'],
    ['a template with data but nothing fetched', { keys: [], template: { data: { url: 'x' } } },
      'shop/Db: invalid keys []: the ExternalSecret fetches no value. Expected at least one key and where its value is.'],
    ['an empty type', { template: { type: '' } },
      'shop/Db: invalid template.type "": it is not a Secret type. Expected a Secret type such as "Opaque" or "kubernetes.io/dockerconfigjson".'],
  ])('%s', (_, props, message) => {
    expect(refusal(props)).toBe(message);
  });

  test('names Kubernetes refuses', () => {
    expect(refusal({ name: 'Shop_DB' })).toMatch(/^shop\/Db: invalid name "Shop_DB": /);
    expect(refusal({ store: SecretStoreRef.cluster('Vault') })).toMatch(/^shop\/Db: invalid store.name "Vault": /);
    expect(refusal({ keys: [{ key: 'pass word', remoteKey: 'shop/db' }] })).toMatch(/^shop\/Db: invalid keys\[0\].key "pass word": /);
  });
});
