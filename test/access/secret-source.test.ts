import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, ContainerImage, ExistingSecretSource, ProjectedSource, StatelessWorkload, StorageVolume } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

/*
 * What every SecretSource gives the containers and volumes, shown with the simplest source: an existing Secret.
 */

function db(chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' })) {
  return { chart, source: new ExistingSecretSource(chart, 'Db', { name: 'shop-db', keys: ['username', 'password'] }) };
}

/** A workload of the library that takes the source's env values, env-from and volume through its existing props. */
function web(chart: Chart, props: { env?: Record<string, kplus.EnvValue>; envFrom?: kplus.EnvFrom[]; volumes?: kplus.Volume[] }) {
  return new StatelessWorkload(chart, 'Web', {
    identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
    container: {
      image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0'),
      ports: [{ name: 'http', number: 8080 }],
      env: props.env,
      envFrom: props.envFrom,
    },
    volumes: props.volumes,
  });
}

test('the Secret and its declared keys; nothing is made in the manifests', () => {
  const { chart, source } = db();
  expect(source.secretName).toBe('shop-db');
  expect(source.keys).toEqual(['username', 'password']);
  expect(source.secret.name).toBe('shop-db');
  const keys = source.keys;
  keys.push('token');
  expect(source.keys).toEqual(['username', 'password']);
  expect(synth(chart)).toEqual([]);
});

test('an environment variable from one key, every key as variables, and the keys as files: through the existing props', () => {
  const { chart, source } = db();
  web(chart, {
    env: { DB_PASSWORD: source.envValue('password'), DB_USER: source.envValue('username', { optional: true }) },
    envFrom: [source.envFrom({ prefix: 'DB_' })],
    volumes: [source.volume({ name: 'db-credentials', items: { password: 'db/password.txt' }, defaultMode: 0o440 })],
  });
  const pod = only(synth(chart), 'Deployment').spec.template.spec;
  expect(pod.containers[0].env).toEqual(expect.arrayContaining([
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
    { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'username', optional: true } } },
  ]));
  expect(pod.containers[0].envFrom).toEqual([{ prefix: 'DB_', secretRef: { name: 'shop-db' } }]);
  expect(pod.volumes).toEqual(expect.arrayContaining([
    { name: 'db-credentials', secret: { secretName: 'shop-db', defaultMode: 0o440, items: [{ key: 'password', path: 'db/password.txt' }] } },
  ]));
});

test('the volume is mounted like any other, and StorageVolume takes the Secret', () => {
  const { chart, source } = db();
  const workload = web(chart, {});
  StorageVolume.fromSecret('db', source.secret).mountIn(workload, '/var/run/secrets/db');
  const pod = only(synth(chart), 'Deployment').spec.template.spec;
  expect(pod.volumes).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'db', secret: expect.objectContaining({ secretName: 'shop-db' }) })]));
  expect(pod.containers[0].volumeMounts).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'db', mountPath: '/var/run/secrets/db' })]));
});

test('the volume is named after the Secret by default, every key a file', () => {
  const { chart, source } = db();
  web(chart, { volumes: [source.volume()] });
  const pod = only(synth(chart), 'Deployment').spec.template.spec;
  expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'shop-db', secret: { secretName: 'shop-db' } }]));
});

describe('refusals', () => {
  const KEYS = 'the Secret "shop-db" declares no such key (its keys: username, password). Expected one of the keys the source declares: "username", "password".';

  test.each([
    ['an env value', (s: ExistingSecretSource) => s.envValue('pasword'), `shop/Db: invalid envValue(key) "pasword": ${KEYS}`],
    ['a file of the volume', (s: ExistingSecretSource) => s.volume({ items: { token: 'token' } }), `shop/Db: invalid volume(options).items "token": ${KEYS}`],
  ])('a key the source does not declare, for %s', (_, use, message) => {
    const { source } = db();
    expect(refusalOf(() => use(source)).message).toBe(message);
  });

  test.each([
    ['an absolute path', '/etc/password', 'shop/Db: invalid volume(options).items.password "/etc/password": it is not a relative path inside the volume. '
      + 'Expected a relative path without ".." segments, e.g. "password.txt" or "db/password".'],
    ['a path out of the volume', '../password', 'shop/Db: invalid volume(options).items.password "../password": it is not a relative path inside the '
      + 'volume. Expected a relative path without ".." segments, e.g. "password.txt" or "db/password".'],
  ])('a file at %s', (_, path, message) => {
    const { source } = db();
    expect(refusalOf(() => source.volume({ items: { password: path } })).message).toBe(message);
  });

  test('a volume name Kubernetes refuses; the same volume twice', () => {
    const { source } = db();
    expect(refusalOf(() => source.volume({ name: 'DB' })).message).toBe('shop/Db: invalid volume(options).name "DB": it contains uppercase letters, '
      + 'which are not allowed. Expected a DNS-1123 label: at most 63 characters of lowercase letters, digits and "-", starting and ending with a '
      + 'letter or digit (e.g. "shop-api").');
    source.volume();
    expect(refusalOf(() => source.volume()).message).toBe('shop/Db: invalid volume(options).name (by default the name of the Secret) "shop-db": the '
      + 'source already made a volume of this name. Expected the volume made before (one volume serves every container of the pod), or another name.');
  });

  test('permission bits out of range; a prefix that is no variable name', () => {
    const { source } = db();
    expect(refusalOf(() => source.volume({ defaultMode: 0o1777 })).message).toBe('shop/Db: invalid volume(options).defaultMode 1023: it is above 511. '
      + 'Expected permission bits (e.g. 0o440) from 0 to 511.');
    expect(refusalOf(() => source.envFrom({ prefix: '1DB_' })).message).toMatch(/^shop\/Db: invalid envFrom\(options\)\.prefix "1DB_": /);
  });

  test('a Secret of another namespace, in env, envFrom, volumes or a mount: refused where the pods take it', () => {
    const app = Testing.app();
    const { source } = db(new Chart(app, 'data', { namespace: 'shop-data' }));
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const problem = 'it is the Secret of data/Db, in the namespace "shop-data", and the pods run in "shop": a pod reads the Secrets of its own '
      + 'namespace, so the container would not start. Expected a SecretSource in a chart of the namespace "shop" (an ExternalSecretSource there can '
      + 'read the same remote key).';
    expect(refusalOf(() => web(chart, { env: { DB_PASSWORD: source.envValue('password') } })).message)
      .toBe(`shop/Web: invalid container.env["DB_PASSWORD"] "shop-db": ${problem}`);
    expect(refusalOf(() => web(new Chart(app, 'shop2', { namespace: 'shop' }), { envFrom: [source.envFrom()] })).message)
      .toBe(`shop2/Web: invalid container.envFrom[0] "shop-db": ${problem}`);
    const volume = source.volume();
    expect(refusalOf(() => web(new Chart(app, 'shop3', { namespace: 'shop' }), { volumes: [volume] })).message)
      .toBe(`shop3/Web: invalid volumes[0] "shop-db": ${problem}`);
    expect(refusalOf(() => new StatelessWorkload(new Chart(app, 'shop4', { namespace: 'shop' }), 'Web', {
      identity: new AppIdentity(chart, 'MountIdentity', { name: 'mount' }),
      container: { image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0'), volumeMounts: [{ path: '/etc/db', volume }] },
    })).message).toBe(`shop4/Web: invalid container.volumeMounts[0].volume "shop-db": ${problem}`);
    // Its Secret as a volume of StorageVolume, alone or as a source of a projected volume: refused where it is mounted.
    const api = (id: string) => new StatelessWorkload(new Chart(app, id, { namespace: 'shop' }), 'Api', {
      identity: new AppIdentity(chart, `${id}Identity`, { name: id }), container: { image: ContainerImage.fromReference('registry.example.com/shop/api:1.0.0') },
    });
    expect(refusalOf(() => StorageVolume.fromSecret('db', source.secret).mountIn(api('shop5'), '/etc/db')).message)
      .toBe(`shop5/Api: invalid volume "db" "shop-db": ${problem}`);
    expect(refusalOf(() => StorageVolume.projected('creds', [ProjectedSource.secret(source.secret)]).mountIn(api('shop6'), '/etc/creds')).message)
      .toBe(`shop6/Api: invalid volume "creds".sources[0] "shop-db": ${problem}`);
    // The same namespace, and a chart without a namespace (the pods go where kubectl points): accepted.
    expect(() => web(new Chart(app, 'data2', { namespace: 'shop-data' }), { env: { DB_PASSWORD: source.envValue('password') } })).not.toThrow();
    expect(() => web(new Chart(app, 'plain'), { envFrom: [source.envFrom()] })).not.toThrow();
  });

  test('the declared keys: none, twice, a key Kubernetes refuses, not a list', () => {
    const chart = new Chart(Testing.app(), 'shop');
    expect(refusalOf(() => new ExistingSecretSource(chart, 'A', { name: 'db', keys: [] })).message).toBe('shop/A: invalid keys []: the Secret declares '
      + 'no key. Expected at least one key, each a key of the Secret that the pods read.');
    expect(refusalOf(() => new ExistingSecretSource(chart, 'B', { name: 'db', keys: ['password', 'password'] })).message).toBe('shop/B: invalid '
      + 'keys[1] "password": the key is declared twice. Expected each key of the Secret once.');
    expect(refusalOf(() => new ExistingSecretSource(chart, 'C', { name: 'db', keys: ['pass word'] })).message).toMatch(/^shop\/C: invalid keys\[0\] "pass word": /);
    expect(refusalOf(() => new ExistingSecretSource(chart, 'D', { name: 'db', keys: 'password' as any })).message).toBe('shop/D: invalid keys '
      + '"password": it is a string, not a list. Expected a list of the keys of the Secret, e.g. ["username", "password"].');
    expect(refusalOf(() => new ExistingSecretSource(chart, 'E', { name: 'DB', keys: ['password'] })).message).toMatch(/^shop\/E: invalid name "DB": /);
    expect(refusalOf(() => new ExistingSecretSource(chart, 'F', undefined as any)).message).toBe('shop/F: invalid props (undefined): there are no props. '
      + 'Expected the props of the Secret: { name, keys }.');
  });
});
