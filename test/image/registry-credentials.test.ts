import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppIdentity, ContainerImage, RegistryCredentials, StatelessWorkload } from '../../src';
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

  test('the Secret given to cdk8s-plus-27 as dockerRegistryAuth is kept', () => {
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
