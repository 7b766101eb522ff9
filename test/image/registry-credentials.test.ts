import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cron, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  AppIdentity, ContainerImage, ExistingSecretSource, ExternalSecretSource, RegistryCredentials, RegistryExternalSecretProps, SecretStoreRef,
  StatelessWorkload, Warnings,
} from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const ENV = 'APPFLOW_TEST_REGISTRY_PASSWORD';
afterEach(() => {
  delete process.env[ENV];
});

function deployment(chart = Testing.chart(), props: Partial<kplus.DeploymentProps> = {}) {
  return new kplus.Deployment(chart, 'Web', {
    metadata: { name: 'web' },
    containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.0.0', portNumber: 8080 }],
    ...props,
  });
}

describe('on pods', () => {
  test('any number of existing Secrets, added at once or later, in order and without duplicates', () => {
    const chart = Testing.chart();
    const web = deployment(chart);
    RegistryCredentials.addToPods(web, [RegistryCredentials.fromSecretName('registry-a'), RegistryCredentials.fromSecretName('registry-b')]);
    RegistryCredentials.addToPods(web, [RegistryCredentials.fromSecretName('registry-c'), RegistryCredentials.fromSecretName('registry-a')]);
    expect(only(synth(chart), 'Deployment').spec.template.spec.imagePullSecrets).toEqual([
      { name: 'registry-a' }, { name: 'registry-b' }, { name: 'registry-c' },
    ]);
  });

  test('the Secret given to cdk8s-plus-34 as dockerRegistryAuth is kept', () => {
    const chart = Testing.chart();
    const web = deployment(chart, { dockerRegistryAuth: kplus.Secret.fromSecretName(chart, 'Existing', 'plus-auth') });
    RegistryCredentials.addToPods(web, [RegistryCredentials.fromSecretName('registry-a')]);
    expect(only(synth(chart), 'Deployment').spec.template.spec.imagePullSecrets).toEqual([{ name: 'plus-auth' }, { name: 'registry-a' }]);
  });

  test.each([
    ['Pod', (c: any) => new kplus.Pod(c, 'P', { containers: [{ image: 'nginx:1.27' }] }), (m: any) => m.spec],
    ['StatefulSet', (c: any) => new kplus.StatefulSet(c, 'S', {
      containers: [{ image: 'nginx:1.27' }], service: new kplus.Service(c, 'Svc', { clusterIP: 'None', ports: [{ port: 80 }] }),
    }), (m: any) => m.spec.template.spec],
    ['DaemonSet', (c: any) => new kplus.DaemonSet(c, 'D', { containers: [{ image: 'nginx:1.27' }] }), (m: any) => m.spec.template.spec],
    ['Job', (c: any) => new kplus.Job(c, 'J', { containers: [{ image: 'busybox:1.36' }] }), (m: any) => m.spec.template.spec],
    ['CronJob', (c: any) => new kplus.CronJob(c, 'C', { schedule: Cron.daily(), containers: [{ image: 'busybox:1.36' }] }),
      (m: any) => m.spec.jobTemplate.spec.template.spec],
  ])('the pod spec of a %s', (kind, make, podSpec) => {
    const chart = Testing.chart();
    RegistryCredentials.addToPods(make(chart), [RegistryCredentials.fromSecretName('registry-a')]);
    expect(podSpec(only(synth(chart), kind)).imagePullSecrets).toEqual([{ name: 'registry-a' }]);
  });

  test('untyped callers: a pattern or a workload of the library, a Secret\'s name as a string, a name no Secret can have', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'web' });
    const workload = new StatelessWorkload(chart, 'Web', { identity, container: { image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0') } });
    const pull = [RegistryCredentials.fromSecretName('registry-pull')];
    expect(refusalOf(() => RegistryCredentials.addToPods(workload as any, pull))).toMatchObject({
      constructPath: 'test/Web',
      prop: 'RegistryCredentials.addToPods(pod)',
      problem: 'it is a StatelessWorkload, not a cdk8s-plus-34 pod or workload',
      accepted: 'its cdk8s-plus-34 object, `workload`',
    });
    // A pattern holds its workload of the library.
    const pattern = { workload };
    expect(refusalOf(() => RegistryCredentials.addToPods(pattern as any, pull))).toMatchObject({
      constructPath: '(no construct)', problem: 'it is an object, not a cdk8s-plus-34 pod or workload', accepted: 'its cdk8s-plus-34 object, `workload.deployment`',
    });
    expect(refusalOf(() => RegistryCredentials.addToPods(workload.deployment, ['registry-pull'] as any)).message).toBe('test/Web/Resource: invalid '
      + 'RegistryCredentials.addToPods(credentials)[0] "registry-pull": it is not RegistryCredentials. Expected RegistryCredentials.fromSecretName("registry-pull").');
    expect(refusalOf(() => RegistryCredentials.addToPods(workload.deployment, RegistryCredentials.fromSecretName('a') as any))).toMatchObject({
      prop: 'RegistryCredentials.addToPods(credentials)', problem: 'it is an object, not a list',
    });
    expect(refusalOf(() => RegistryCredentials.addToPods(workload.deployment, [RegistryCredentials.fromSecretName('Registry_Pull')]))).toMatchObject({
      prop: 'RegistryCredentials.addToPods(credentials)[0]', value: 'Registry_Pull',
    });
    expect(refusalOf(() => RegistryCredentials.addToServiceAccount(workload as any, pull))).toMatchObject({
      constructPath: 'test/Web', prop: 'RegistryCredentials.addToServiceAccount(serviceAccount)', problem: 'it is not a cdk8s-plus-34 ServiceAccount',
    });
  });

  test('on a ServiceAccount', () => {
    const chart = Testing.chart();
    const account = new kplus.ServiceAccount(chart, 'Account', { metadata: { name: 'web' } });
    RegistryCredentials.addToServiceAccount(account, [RegistryCredentials.fromSecretName('registry-a')]);
    RegistryCredentials.addToServiceAccount(account, [RegistryCredentials.fromSecretName('registry-b')]);
    expect(only(synth(chart), 'ServiceAccount').imagePullSecrets).toEqual([{ name: 'registry-a' }, { name: 'registry-b' }]);
  });
});

describe('from a login', () => {
  test('a dockerconfigjson Secret with the password from the environment', () => {
    process.env[ENV] = 's3cr3t-token';
    const chart = Testing.chart();
    const credentials = RegistryCredentials.fromLogin(chart, 'Registry', { registry: 'registry.example.com', username: 'ci-bot', passwordEnv: ENV });
    expect(credentials.secretName).toBe('registry-example-com-pull');
    const web = new StatelessWorkload(chart, 'Web', {
      identity: new AppIdentity(chart, 'Identity', { name: 'web' }),
      container: { image: ContainerImage.fromReference('registry.example.com/shop/web:1.0.0'), ports: [{ name: 'http', number: 8080 }] },
    });
    RegistryCredentials.addToPods(web.deployment, [credentials]);
    const manifests = synth(chart);
    const secret = only(manifests, 'Secret');
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(secret.metadata.name).toBe('registry-example-com-pull');
    expect(JSON.parse(secret.stringData['.dockerconfigjson'])).toEqual({
      auths: { 'registry.example.com': { username: 'ci-bot', password: 's3cr3t-token', auth: Buffer.from('ci-bot:s3cr3t-token').toString('base64') } },
    });
    expect(only(manifests, 'Deployment').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-example-com-pull' }]);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('the password from a file, trailing newline dropped, with a chosen Secret name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-pw-'));
    try {
      const file = path.join(dir, 'password');
      fs.writeFileSync(file, 'from-file\n');
      const chart = Testing.chart();
      RegistryCredentials.fromLogin(chart, 'Registry', { registry: 'localhost:5000', username: 'dev', passwordFile: file, secretName: 'local-pull' });
      const secret = only(synth(chart), 'Secret');
      expect(secret.metadata.name).toBe('local-pull');
      expect(JSON.parse(secret.stringData['.dockerconfigjson']).auths['localhost:5000'].password).toBe('from-file');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [{ registry: 'https://registry.example.com', username: 'u', passwordEnv: ENV }, /test\/Registry: invalid registry "https:\/\/registry\.example\.com": it is not a registry host with an optional port/],
    [{ registry: 'registry.example.com/path', username: 'u', passwordEnv: ENV }, /invalid registry "registry\.example\.com\/path"/],
    [{ registry: 'r.example.com', username: '', passwordEnv: ENV }, /invalid username "": it is empty or contains ":"/],
    [{ registry: 'r.example.com', username: 'a:b', passwordEnv: ENV }, /invalid username "a:b"/],
    [{ registry: 'r.example.com', username: 'u', passwordEnv: ENV, secretName: 'Bad_Name' }, /invalid secretName "Bad_Name": it contains "_" and uppercase letters/],
    [{ registry: 'r.example.com', username: 'u' }, /invalid passwordEnv\/passwordFile \(undefined\): neither is given\. Expected exactly one of passwordEnv/],
    [{ registry: 'r.example.com', username: 'u', passwordEnv: ENV, passwordFile: '/x' }, /invalid passwordEnv\/passwordFile "APPFLOW_TEST_REGISTRY_PASSWORD": both are given/],
    [{ registry: 'r.example.com', username: 'u', passwordEnv: ENV }, /invalid passwordEnv "APPFLOW_TEST_REGISTRY_PASSWORD": the environment variable is not set/],
    [{ registry: 'r.example.com', username: 'u', passwordFile: '/nonexistent/password' }, /invalid passwordFile "\/nonexistent\/password": the file \/nonexistent\/password does not exist/],
  ])('refused: %j', (props, message) => {
    expect(() => RegistryCredentials.fromLogin(Testing.chart(), 'Registry', props)).toThrow(message);
  });

  test('refused: an empty environment variable or file', () => {
    process.env[ENV] = '';
    expect(() => RegistryCredentials.fromLogin(Testing.chart(), 'Registry', { registry: 'r.example.com', username: 'u', passwordEnv: ENV }))
      .toThrow(/the environment variable is empty/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-pw-')), 'empty');
    fs.writeFileSync(file, '\n');
    expect(() => RegistryCredentials.fromLogin(Testing.chart(), 'Registry', { registry: 'r.example.com', username: 'u', passwordFile: file }))
      .toThrow(`the file ${file} is empty`);
  });
});

describe('the warning of a login', () => {
  test('the password lands in the manifests: a warning says so, and what keeps it out', () => {
    process.env[ENV] = 's3cr3t-token';
    const chart = Testing.chart();
    RegistryCredentials.fromLogin(chart, 'Registry', { registry: 'registry.example.com', username: 'ci-bot', passwordEnv: ENV });
    expect(Warnings.of(chart)).toEqual([
      'test/Registry: the password of the registry login "ci-bot" at registry.example.com is written into the synthesized manifests (the Secret '
      + '"registry-example-com-pull"): anyone who reads them, or the repository they are committed to, reads it. Use '
      + 'RegistryCredentials.fromExternalSecret or fromSecretName to keep it out',
    ]);
  });
});

describe('from an ExternalSecret', () => {
  const STORE = SecretStoreRef.cluster('vault');

  function external(props: Partial<RegistryExternalSecretProps> = {}) {
    const chart = Testing.chart();
    const credentials = RegistryCredentials.fromExternalSecret(chart, 'Registry', {
      store: STORE, registry: 'registry.example.com', username: 'ci-bot', password: { remoteKey: 'ci/registry', property: 'token' }, ...props,
    });
    return { chart, credentials };
  }

  test('a login: the template of a dockerconfigjson Secret, the password from the secret manager, never in the manifests', () => {
    const { chart, credentials } = external();
    RegistryCredentials.addToServiceAccount(new kplus.ServiceAccount(chart, 'Account', { metadata: { name: 'web' } }), [credentials]);
    const manifests = synth(chart);
    expect(only(manifests, 'ExternalSecret')).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'registry-example-com-pull' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: {
          name: 'registry-example-com-pull',
          template: {
            type: 'kubernetes.io/dockerconfigjson',
            data: {
              '.dockerconfigjson': '{"auths":{"registry.example.com":{"username":"ci-bot","auth":"{{ printf "%s:%s" "ci-bot" .password | b64enc }}"}}}',
            },
          },
        },
        data: [{ secretKey: 'password', remoteRef: { key: 'ci/registry', property: 'token' } }],
      },
    });
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(only(manifests, 'ServiceAccount').imagePullSecrets).toEqual([{ name: 'registry-example-com-pull' }]);
    expect(credentials.secretName).toBe('registry-example-com-pull');
    expect(credentials.source).toBeInstanceOf(ExternalSecretSource);
    expect(credentials.source!.keys).toEqual(['.dockerconfigjson']);
    expect(Warnings.of(chart)).toEqual([]);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('a whole .dockerconfigjson kept in the secret manager, for the pods', () => {
    const { chart, credentials } = external({
      registry: undefined,
      username: undefined,
      password: undefined,
      dockerConfigJson: { remoteKey: 'ci/dockerconfig' },
      secretName: 'registry-pull',
      refreshInterval: Duration.minutes(10),
    });
    RegistryCredentials.addToPods(deployment(chart), [credentials]);
    const manifests = synth(chart);
    expect(only(manifests, 'ExternalSecret').spec).toEqual({
      refreshInterval: '10m',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      target: { name: 'registry-pull', template: { type: 'kubernetes.io/dockerconfigjson' } },
      data: [{ secretKey: '.dockerconfigjson', remoteRef: { key: 'ci/dockerconfig' } }],
    });
    expect(only(manifests, 'Deployment').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
  });

  test.each([
    ['neither a login nor a .dockerconfigjson', { registry: undefined, username: undefined, password: undefined },
      'test/Registry: invalid password/dockerConfigJson (undefined): neither is given. Expected a login (registry, username and password: where the '
      + 'password is in the secret manager) or dockerConfigJson (where a whole .dockerconfigjson is).'],
    ['both', { dockerConfigJson: { remoteKey: 'ci/dockerconfig' } },
      'test/Registry: invalid password/dockerConfigJson {"remoteKey":"ci/dockerconfig"}: both a login and a whole .dockerconfigjson are given. '
      + 'Expected a login (registry, username and password: where the password is in the secret manager) or dockerConfigJson (where a whole '
      + '.dockerconfigjson is).'],
    ['a login without its password', { password: undefined },
      'test/Registry: invalid password (undefined): the login names no password. Expected where the password (or token) is in the secret manager, '
      + 'e.g. { remoteKey: "ci/registry", property: "token" }.'],
    ['a password without its remote key', { password: { remoteKey: '' } },
      'test/Registry: invalid password.remoteKey "": it is empty. Expected the key of the secret in the secret manager, e.g. "shop/db".'],
    ['a .dockerconfigjson without a Secret name', { registry: undefined, username: undefined, password: undefined, dockerConfigJson: { remoteKey: 'ci/x' } },
      'test/Registry: invalid secretName (undefined): no registry names the pull Secret. Expected the name of the pull Secret, e.g. "registry-pull".'],
    ['a user name with a quote', { username: 'ci"bot' },
      'test/Registry: invalid username "ci\\"bot": it holds a quote, a backslash, a brace or a control character, which the template cannot hold. '
      + 'Expected a user name of printable characters other than ", \\, {, } and ":".'],
    ['a user name with a template', { username: '{{ .password }}' },
      'test/Registry: invalid username "{{ .password }}": it holds a quote, a backslash, a brace or a control character, which the template cannot '
      + 'hold. Expected a user name of printable characters other than ", \\, {, } and ":".'],
    ['a registry with a scheme', { registry: 'https://registry.example.com' },
      'test/Registry: invalid registry "https://registry.example.com": it is not a registry host with an optional port. Expected a registry host as '
      + 'images name it, without scheme or path (e.g. "registry.example.com" or "localhost:5000").'],
  ])('refused: %s', (_, props, message) => {
    expect(refusalOf(() => external(props as any)).message).toBe(message);
  });

  test('the store is checked by the ExternalSecret', () => {
    expect(refusalOf(() => external({ store: { kind: 'ClusterSecretStore', name: 'vault' } as any })).message).toBe(
      'test/Registry/ExternalSecret: invalid store {"kind":"ClusterSecretStore","name":"vault"}: it is not a SecretStoreRef. Expected '
      + 'SecretStoreRef.cluster("vault") or SecretStoreRef.namespaced("vault"), or the platform default secretStore.');
  });
});

describe('from a SecretSource', () => {
  test('a source of a pull Secret', () => {
    const chart = Testing.chart();
    const credentials = RegistryCredentials.fromSecretSource(new ExistingSecretSource(chart, 'Pull', { name: 'registry-pull', keys: ['.dockerconfigjson'] }));
    RegistryCredentials.addToPods(deployment(chart), [credentials]);
    expect(only(synth(chart), 'Deployment').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
  });

  test('a source of another Secret is refused', () => {
    const chart = Testing.chart();
    const db = new ExistingSecretSource(chart, 'Db', { name: 'db', keys: ['password'] });
    expect(refusalOf(() => RegistryCredentials.fromSecretSource(db)).message).toBe('test/Db: invalid keys ["password"]: a pull Secret holds the key '
      + '.dockerconfigjson (type kubernetes.io/dockerconfigjson), and the source declares only password. Expected a source of a pull Secret, whose '
      + 'keys are [".dockerconfigjson"].');
    expect(() => RegistryCredentials.fromSecretSource('registry-pull' as any)).toThrow('RegistryCredentials.fromSecretSource: invalid source '
      + '"registry-pull": it is not a SecretSource. Expected an ExistingSecretSource or ExternalSecretSource of a pull Secret.');
  });
});
