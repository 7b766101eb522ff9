/**
 * The checks of containers and pods of every workload (and of the patterns, whose props have the same names): the
 * shapes of lists and maps that untyped JavaScript callers can get wrong, environment values, ServiceAccount names.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, AppWorkloadProps, ContainerImage, StatelessWorkload } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const APP = ContainerImage.fromReference('registry.example.com/shop/app:0.3.2');

function make(props: Partial<AppWorkloadProps> = {}, container: Record<string, unknown> = {}, chart: Chart = Testing.chart()) {
  const identity = new AppIdentity(chart, 'Identity', { name: 'app' });
  const web = new StatelessWorkload(chart, 'Web', {
    identity,
    replicas: 1,
    container: { image: APP, ports: [{ name: 'app', number: 3000 }], ...container },
    ...props,
  } as AppWorkloadProps);
  return { chart, identity, web };
}

function mainContainer(chart: Chart): any {
  return only(synth(chart), 'Deployment').spec.template.spec.containers[0];
}

describe('untyped JavaScript input of a container: an input error, never a TypeError', () => {
  test.each<[string, Record<string, unknown>, string, string]>([
    ['ports as a string', { ports: 'http' }, 'container.ports', 'it is a string, not a list'],
    ['ports as an object', { ports: { name: 'http', number: 80 } }, 'container.ports', 'it is an object, not a list'],
    ['a port that is null', { ports: [null] }, 'container.ports[0]', 'it is null, not an object'],
    ['command as a string', { command: '/app/server' }, 'container.command', 'it is a string, not a list'],
    ['an argument that is a number', { args: ['--port', 8080] }, 'container.args[1]', 'it is a number, not a string'],
    ['envFrom as a string', { envFrom: 'config' }, 'container.envFrom', 'it is a string, not a list'],
    ['addCapabilities as a string', { addCapabilities: 'NET_BIND_SERVICE' }, 'container.addCapabilities', 'it is a string, not a list'],
    ['volumeMounts as an object', { volumeMounts: {} }, 'container.volumeMounts', 'it is an object, not a list'],
    ['resources as a string', { resources: '100m' }, 'container.resources', 'it is a string, not an object'],
    ['resources that are null', { resources: null }, 'container.resources', 'it is null, not an object'],
    ['env as a string', { env: 'LOG_LEVEL=info' }, 'container.env', 'it is a string, not an object'],
    ['env as a list', { env: ['LOG_LEVEL'] }, 'container.env', 'it is a list, not an object'],
  ])('%s', (_what, container, prop, problem) => {
    const error = refusalOf(() => make({}, container));
    expect(error).toMatchObject({ constructPath: 'test/Web', prop, problem });
    expect(error.message).toMatch(new RegExp(`^test/Web: invalid ${prop.replace(/[.[\]]/g, '\\$&')} .*: ${problem}\\. Expected `));
  });

  test('a sidecar and an init container are checked the same way, under their prop', () => {
    expect(refusalOf(() => make({ sidecars: [{ name: 'proxy', image: APP, ports: 'proxy' as any }] })))
      .toMatchObject({ prop: 'sidecars[0].ports', problem: 'it is a string, not a list' });
    expect(refusalOf(() => make({ initContainers: [{ name: 'init', image: APP, command: 'migrate' as any }] })))
      .toMatchObject({ prop: 'initContainers[0].command', problem: 'it is a string, not a list' });
  });
});

describe('environment values: an EnvValue, or from untyped JavaScript a string; anything else refused, not dropped', () => {
  test.each<[string, unknown, string]>([
    ['a number', 3, 'it is a number, not an EnvValue or a string'],
    ['a boolean', true, 'it is a boolean, not an EnvValue or a string'],
    ['an object', { value: 'info' }, 'it is an object, not an EnvValue or a string'],
    ['null', null, 'it is null, not an EnvValue or a string'],
    ['undefined', undefined, 'it is undefined, not an EnvValue or a string'],
  ])('%s is refused', (_what, value, problem) => {
    const error = refusalOf(() => make({}, { env: { LOG_LEVEL: kplus.EnvValue.fromValue('info'), PORT: value } }));
    expect(error).toMatchObject({ constructPath: 'test/Web', prop: 'container.env["PORT"]', value, problem });
    expect(error.accepted).toMatch(/^an EnvValue \(EnvValue\.fromValue\("info"\), .*or a string \(a literal value\)$/);
  });

  test('a string is a literal value; EnvValues are kept as they are', () => {
    const { chart } = make({}, { env: { LOG_LEVEL: 'debug', MODE: kplus.EnvValue.fromValue('web') } });
    expect(mainContainer(chart).env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'MODE', value: 'web' }]);
  });

  test('the names are still checked', () => {
    expect(refusalOf(() => make({}, { env: { '1VAR': 'x' } }))).toMatchObject({ prop: 'container.env', value: '1VAR' });
  });
});

describe('untyped JavaScript input of a pod', () => {
  test.each<[string, Partial<AppWorkloadProps>, string, string]>([
    ['sidecars as an object', { sidecars: {} as any }, 'sidecars', 'it is an object, not a list'],
    ['sidecars as a string', { sidecars: 'proxy' as any }, 'sidecars', 'it is a string, not a list'],
    ['a sidecar that is null', { sidecars: [null as any] }, 'sidecars[0]', 'it is null, not an object'],
    ['initContainers as an object', { initContainers: {} as any }, 'initContainers', 'it is an object, not a list'],
    ['relax as a string', { relax: 'run-as-root' as any }, 'relax', 'it is a string, not a list'],
    ['podAnnotations as a list', { podAnnotations: ['a'] as any }, 'podAnnotations', 'it is a list, not an object'],
    ['podAnnotations as a string', { podAnnotations: 'team=shop' as any }, 'podAnnotations', 'it is a string, not an object'],
    ['nodeSelector as a string', { nodeSelector: 'amd64' as any }, 'nodeSelector', 'it is a string, not an object'],
  ])('%s', (_what, props, prop, problem) => {
    expect(refusalOf(() => make(props))).toMatchObject({ constructPath: 'test/Web', prop, problem });
  });
});

describe('the ServiceAccount of the pods', () => {
  test.each(['Shop_API', 'shop api', '-shop', 'x'.repeat(254)])('a ServiceAccount named %j is refused (a DNS-1123 subdomain)', (name) => {
    const chart = Testing.chart();
    const serviceAccount = kplus.ServiceAccount.fromServiceAccountName(chart, 'Account', name);
    const error = refusalOf(() => make({ serviceAccount }, {}, chart));
    expect(error).toMatchObject({ constructPath: 'test/Web', prop: 'serviceAccount.name', value: name });
    expect(error.accepted).toMatch(/^the name of a ServiceAccount, a DNS-1123 subdomain: /);
  });

  test.each<[string, unknown]>([['a string', 'shop-api'], ['an object without a name', {}], ['null', null]])('a ServiceAccount that is %s is refused', (_what, serviceAccount) => {
    expect(refusalOf(() => make({ serviceAccount: serviceAccount as any }))).toMatchObject({
      constructPath: 'test/Web', prop: 'serviceAccount', problem: 'it is not a ServiceAccount (an object with a name)',
    });
  });

  test('a valid one is the pods\' account', () => {
    const chart = Testing.chart();
    const serviceAccount = kplus.ServiceAccount.fromServiceAccountName(chart, 'Account', 'shop.api');
    make({ serviceAccount }, {}, chart);
    expect(only(synth(chart), 'Deployment').spec.template.spec.serviceAccountName).toBe('shop.api');
  });
});
