/**
 * Nothing secret in the output unless the user opted in: the values given to Secrets generated at synth are in no
 * snapshot of the repository (the examples' snapshots are what `cdk8s synth` writes to dist/) and in no file of dist/,
 * but in the snapshots of the tests that opted in; and the same application written with an ExternalSecret or an
 * existing Secret holds no value, where a generated Secret without the opt-in is refused.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { SECRET_VALUES, writtenForms } from './secret-values';
import {
  AppIdentity, ContainerImage, ExistingSecretSource, ExternalSecretSource, GeneratedSecretSource, SecretSource, SecretStoreRef, StatelessWorkload,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { REPO_ROOT } from '../support/shared';
import { yamlOf } from '../support/synth';

const ENV = 'APPFLOW_TEST_SCAN_DB_PASSWORD';
const PASSWORD = SECRET_VALUES[0].value;

afterEach(() => {
  delete process.env[ENV];
});

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : filesUnder(full, keep);
    }
    return keep(full) ? [full] : [];
  });
}

/** Where each value is found, as `<file relative to the repository>`. */
function whereFound(files: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf-8');
    for (const { value } of SECRET_VALUES) {
      if (writtenForms(value).some((form) => text.includes(form))) {
        found.set(value, [...(found.get(value) ?? []), path.relative(REPO_ROOT, file)]);
      }
    }
  }
  return found;
}

test('no snapshot and no file of dist/ holds a value given to a generated Secret, but the snapshots of the tests that opted in', () => {
  const snapshots = [
    ...filesUnder(path.join(REPO_ROOT, 'test'), (f) => f.endsWith('.snap')),
    ...filesUnder(path.join(REPO_ROOT, 'examples'), (f) => f.endsWith('.snap')),
  ];
  expect(snapshots.length).toBeGreaterThan(20);
  const dist = filesUnder(path.join(REPO_ROOT, 'dist'), () => true);
  const found = whereFound([...snapshots, ...dist]);
  const unexpected = SECRET_VALUES.flatMap(({ value, optedIn }) => (found.get(value) ?? []).filter((f) => !optedIn.includes(f)).map((f) => `${value} in ${f}`));
  expect(unexpected).toEqual([]);
});

test('the scan finds a value that an opted-in test wrote (it is not blind)', () => {
  const registry = SECRET_VALUES.find((v) => v.optedIn.length > 0)!;
  expect(whereFound(registry.optedIn.map((f) => path.join(REPO_ROOT, f))).get(registry.value)).toEqual(registry.optedIn);
});

describe('one application, its database password from each source', () => {
  function app(source: (chart: Chart) => SecretSource): string {
    process.env[ENV] = PASSWORD;
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const db = source(chart);
    new StatelessWorkload(chart, 'Web', {
      identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
      container: {
        image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0'),
        ports: [{ name: 'http', number: 8080 }],
        env: { DB_PASSWORD: db.envValue('password') },
      },
      volumes: [db.volume({ name: 'db' })],
    });
    return yamlOf(chart);
  }

  const holds = (yaml: string) => writtenForms(PASSWORD).some((form) => yaml.includes(form));

  test('an ExternalSecret: the value is nowhere in the YAML', () => {
    const yaml = app((chart) => new ExternalSecretSource(chart, 'Db', {
      name: 'shop-db', store: SecretStoreRef.cluster('vault'), keys: [{ key: 'password', remoteKey: 'shop/db', property: 'password' }],
    }));
    expect(yaml).toContain('kind: ExternalSecret');
    expect(holds(yaml)).toBe(false);
  });

  test('an existing Secret: the value is nowhere in the YAML', () => {
    const yaml = app((chart) => new ExistingSecretSource(chart, 'Db', { name: 'shop-db', keys: ['password'] }));
    expect(holds(yaml)).toBe(false);
  });

  test('a generated Secret without the opt-in is refused, with the opt-in the value is in the YAML', () => {
    const generated = (writeValuesIntoManifests: boolean) => (chart: Chart) => new GeneratedSecretSource(chart, 'Db', {
      name: 'shop-db', entries: [{ key: 'password', fromEnv: ENV }], writeValuesIntoManifests,
    });
    expect(refusalOf(() => app(generated(false))).prop).toBe('writeValuesIntoManifests');
    expect(holds(app(generated(true)))).toBe(true);
  });
});
