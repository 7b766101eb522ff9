import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { SECRET_VALUES } from './secret-values';
import { AppIdentity, ContainerImage, GeneratedSecretSource, GeneratedSecretSourceProps, StatelessWorkload, Warnings } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const PASSWORD = SECRET_VALUES[0].value;
const TOKEN = SECRET_VALUES[1].value;
const ENV = 'APPFLOW_TEST_GENERATED_DB_PASSWORD';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-generated-'));
});
afterEach(() => {
  delete process.env[ENV];
  fs.rmSync(dir, { recursive: true, force: true });
});

function generated(props: Partial<GeneratedSecretSourceProps> = {}) {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const db = new GeneratedSecretSource(chart, 'Db', { name: 'shop-db', entries: [{ key: 'password', fromEnv: ENV }], writeValuesIntoManifests: true, ...props });
  return { chart, db };
}

function refusal(props: any): string {
  return refusalOf(() => generated(props)).message;
}

test('by opt-in: a Secret of the values read from the environment and from a file, with a warning', () => {
  process.env[ENV] = PASSWORD;
  const file = path.join(dir, 'token');
  fs.writeFileSync(file, `${TOKEN}\n`);
  const { chart, db } = generated({ entries: [{ key: 'password', fromEnv: ENV }, { key: 'token', fromFile: file }] });
  expect(only(synth(chart), 'Secret')).toEqual({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'shop-db', namespace: 'shop' },
    immutable: false,
    stringData: { password: PASSWORD, token: TOKEN },
  });
  expect(db.keys).toEqual(['password', 'token']);
  expect(db.secret).toBe(db.generatedSecret);
  expect(Warnings.of(chart)).toEqual([
    'shop/Db: the values of the Secret "shop-db" (keys password, token) are written into the synthesized manifests: anyone who reads them, or the '
    + 'repository they are committed to, reads the values. Use an ExternalSecretSource or an ExistingSecretSource to keep them out',
  ]);
});

test('the warning is printed when the app is synthesized', () => {
  process.env[ENV] = PASSWORD;
  const { chart } = generated();
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    synth(chart);
  } finally {
    spy.mockRestore();
  }
  expect(writes.filter((w) => w.includes('shop/Db'))).toEqual([expect.stringMatching(/^\[cdk8s-appflow\] WARNING shop\/Db: the values of the Secret "shop-db"/)]);
});

test('pods that use it roll when a value changes (the workloads\' config checksum covers a Secret of the chart)', () => {
  const checksum = (value: string) => {
    process.env[ENV] = value;
    const { chart, db } = generated();
    new StatelessWorkload(chart, 'Web', {
      identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
      container: {
        image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0'),
        ports: [{ name: 'http', number: 8080 }],
        env: { DB_PASSWORD: db.envValue('password') },
      },
    });
    return only(synth(chart), 'Deployment').spec.template.metadata.annotations['cdk8s-appflow/config-checksum'];
  };
  expect(checksum(PASSWORD)).toMatch(/^sha256:/);
  expect(checksum(`${PASSWORD}-rotated`)).not.toBe(checksum(PASSWORD));
});

describe('refusals', () => {
  test('without the opt-in', () => {
    process.env[ENV] = PASSWORD;
    const message = 'a generated Secret writes its values into the synthesized YAML (base64 is no encryption), so it needs an explicit opt-in. '
      + 'Expected true, to accept that the values are in dist/ and wherever it is committed; or an ExternalSecretSource or ExistingSecretSource, '
      + 'which keep the values out of the manifests.';
    expect(refusal({ writeValuesIntoManifests: undefined })).toBe(`shop/Db: invalid writeValuesIntoManifests (undefined): ${message}`);
    expect(refusal({ writeValuesIntoManifests: false })).toBe(`shop/Db: invalid writeValuesIntoManifests false: ${message}`);
    expect(refusal({ writeValuesIntoManifests: 'yes' })).toBe(`shop/Db: invalid writeValuesIntoManifests "yes": ${message}`);
  });

  test('a value written in the code, which the message does not repeat', () => {
    const literal = refusalOf(() => generated({ entries: [{ key: 'password', value: PASSWORD } as any] }));
    expect(literal.message).toBe('shop/Db: invalid entries[0].value "(hidden)": a secret value written in the code ends up in Git and in every copy '
      + 'of the source. Expected fromEnv (an environment variable) or fromFile (a file), read when `cdk8s synth` runs, e.g. { key: "password", '
      + 'fromEnv: "DB_PASSWORD" }.');
    expect(literal.value).toBe('(hidden)');
    for (const prop of ['stringData', 'data']) {
      const error = refusalOf(() => generated({ [prop]: { password: PASSWORD } } as any));
      expect(error.message).toBe(`shop/Db: invalid ${prop} "(hidden)": a secret value written in the code ends up in Git and in every copy of the `
        + 'source. Expected entries that read each value when `cdk8s synth` runs: [{ key: "password", fromEnv: "DB_PASSWORD" }] or fromFile.');
      expect(error.message).not.toContain(PASSWORD);
    }
  });

  test.each([
    ['an unset variable', { entries: [{ key: 'password', fromEnv: 'APPFLOW_TEST_UNSET' }] },
      'shop/Db: invalid entries[0].fromEnv "APPFLOW_TEST_UNSET": the environment variable is not set. Expected the name of an environment variable '
      + 'that holds the value when `cdk8s synth` runs.'],
    ['neither source', { entries: [{ key: 'password' }] },
      'shop/Db: invalid entries[0].fromEnv/entries[0].fromFile (undefined): neither is given. Expected exactly one of entries[0].fromEnv (an '
      + 'environment variable) and entries[0].fromFile (a file), read at synth time.'],
    ['both sources', { entries: [{ key: 'password', fromEnv: ENV, fromFile: 'password.txt' }] },
      `shop/Db: invalid entries[0].fromEnv/entries[0].fromFile "${ENV}": both are given. Expected exactly one of entries[0].fromEnv (an environment `
      + 'variable) and entries[0].fromFile (a file), read at synth time.'],
    ['no entries', { entries: [] }, 'shop/Db: invalid entries []: the Secret declares no key. Expected at least one key, each a key of the Secret that the pods read.'],
    ['a key twice', { entries: [{ key: 'password', fromEnv: ENV }, { key: 'password', fromEnv: ENV }] },
      'shop/Db: invalid entries[1] "password": the key is declared twice. Expected each key of the Secret once.'],
  ])('%s', (_, props, message) => {
    process.env[ENV] = PASSWORD;
    expect(refusal(props)).toBe(message);
  });

  test('an empty variable, a missing or empty file', () => {
    process.env[ENV] = '';
    expect(refusal({})).toBe(`shop/Db: invalid entries[0].fromEnv "${ENV}": the environment variable is empty. Expected the name of an environment `
      + 'variable that holds the value when `cdk8s synth` runs.');
    const missing = path.join(dir, 'missing');
    expect(refusal({ entries: [{ key: 'password', fromFile: missing }] })).toBe(`shop/Db: invalid entries[0].fromFile "${missing}": the file `
      + `${missing} does not exist. Expected a file that holds the value when \`cdk8s synth\` runs.`);
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '\n');
    expect(refusal({ entries: [{ key: 'password', fromFile: empty }] })).toBe(`shop/Db: invalid entries[0].fromFile "${empty}": the file ${empty} `
      + 'is empty. Expected a file that holds the value when `cdk8s synth` runs.');
  });
});
