import { Duration, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AppflowInputError, checkList, checkObject, checkProps, describeValue, kindOfValue, refusedAs } from '../../src/core/errors';
import { refusalOf } from '../support/refusal';

function scope(): Construct {
  return new Construct(Testing.chart(), 'Web');
}

test.each<[unknown, string]>([
  ['x', 'a string'], [1, 'a number'], [true, 'a boolean'], [[], 'a list'], [{}, 'an object'], [null, 'null'], [undefined, 'undefined'], [() => 1, 'a function'],
])('kindOfValue(%j) is %s', (value, kind) => {
  expect(kindOfValue(value)).toBe(kind);
});

describe('checkList: the lists of untyped callers', () => {
  test('a list, or nothing, passes and is returned', () => {
    const list = ['a'];
    expect(checkList(scope(), 'hosts', list, 'a list')).toBe(list);
    expect(checkList(scope(), 'hosts', undefined, 'a list')).toBeUndefined();
    expect(checkList(scope(), 'ports', [{ name: 'http' }], 'a list', 'object')).toEqual([{ name: 'http' }]);
  });

  test.each<[unknown, string]>([
    ['a.example.com', 'it is a string, not a list'], [{}, 'it is an object, not a list'], [null, 'it is null, not a list'], [42, 'it is a number, not a list'],
  ])('%j is refused with the construct, the prop and what is accepted', (value, problem) => {
    const error = refusalOf(() => checkList(scope(), 'hosts', value as any, 'a list of host names'));
    expect(error).toMatchObject({ constructPath: 'test/Web', prop: 'hosts', value, problem, accepted: 'a list of host names' });
    expect(error).toBeInstanceOf(AppflowInputError);
  });

  test('items of the wrong kind are refused at their index', () => {
    expect(refusalOf(() => checkList(scope(), 'ports', [{}, null] as any, 'a list of ports', 'object')))
      .toMatchObject({ prop: 'ports[1]', value: null, problem: 'it is null, not an object', accepted: 'a list of ports' });
    expect(refusalOf(() => checkList(scope(), 'ports', [[]] as any, 'a list of ports', 'object'))).toMatchObject({ prop: 'ports[0]', problem: 'it is a list, not an object' });
    expect(refusalOf(() => checkList(scope(), 'args', ['a', 1] as any, 'strings', 'string'))).toMatchObject({ prop: 'args[1]', value: 1, problem: 'it is a number, not a string' });
  });
});

describe('checkObject and checkProps: the objects and maps of untyped callers', () => {
  test('an object, or nothing, passes', () => {
    const env = { A: 'x' };
    expect(checkObject(scope(), 'env', env, 'a map')).toBe(env);
    expect(checkObject(scope(), 'env', undefined, 'a map')).toBeUndefined();
  });

  test.each<[unknown, string]>([['x', 'it is a string, not an object'], [['A'], 'it is a list, not an object'], [null, 'it is null, not an object'], [1, 'it is a number, not an object']])(
    'checkObject refuses %j', (value, problem) => {
      expect(refusalOf(() => checkObject(scope(), 'env', value, 'a map of names to values'))).toMatchObject({ prop: 'env', value, problem, accepted: 'a map of names to values' });
    });

  test.each<[unknown, string]>([[undefined, 'there are no props'], [null, 'there are no props'], ['web', 'they are a string, not an object'], [[], 'they are a list, not an object']])(
    'checkProps refuses %j', (value, problem) => {
      expect(refusalOf(() => checkProps(scope(), value, 'the props of the Service'))).toMatchObject({ prop: 'props', value, problem, accepted: 'the props of the Service' });
    });

  test('checkProps returns the props', () => {
    const props = { name: 'web' };
    expect(checkProps(scope(), props, 'props')).toBe(props);
  });
});

describe('refusedAs: a refusal of a step, against the prop the caller wrote', () => {

  const step = (prop: string) => () => {
    throw new AppflowInputError('test/Web/Workload', prop, '/tmp', 'the path is taken', 'a free path');
  };

  test('the step\'s prop maps to the caller\'s, with the rest of the prop kept; the construct path is the caller\'s', () => {
    const props = { 'mountVolume(path)': 'scratch[0].mountPath', 'claim.name': 'replicaStorage[1].name' };
    expect(() => refusedAs(scope(), props, step('mountVolume(path)'))).toThrow(new AppflowInputError('test/Web', 'scratch[0].mountPath', '/tmp', 'the path is taken', 'a free path'));
    expect(() => refusedAs(scope(), props, step('claim.name.x'))).toThrow('test/Web: invalid replicaStorage[1].name.x "/tmp"');
    // An argument of a method, with its index.
    expect(() => refusedAs(scope(), { 'mountVolume(containers)': 'claims[0].containers' }, step('mountVolume(containers[1])')))
      .toThrow('test/Web: invalid claims[0].containers[1] "/tmp"');
  });

  test('an empty prop of the caller drops the step\'s; the refusals of other constructs than those asked for pass through', () => {
    expect(() => refusedAs(scope(), { container: '' }, step('container.resources.memoryRequest'))).toThrow('test/Web: invalid resources.memoryRequest "/tmp"');
    expect(() => refusedAs(scope(), { ports: 'ports' }, step('ports[0]'), (path) => !path.endsWith('/Workload'))).toThrow('test/Web/Workload: invalid ports[0]');
  });

  test('another prop, another error and a step that succeeds pass through', () => {
    expect(() => refusedAs(scope(), { size: 'claims[0].size' }, step('sizeLimit'))).toThrow('test/Web/Workload: invalid sizeLimit "/tmp"');
    expect(() => refusedAs(scope(), {}, () => {
      throw new TypeError('x');
    })).toThrow(TypeError);
    expect(refusedAs(scope(), {}, () => 42)).toBe(42);
  });

  test('a construct is described by its class and path, in an object too', () => {
    expect(describeValue(scope())).toBe('Construct test/Web');
    expect(describeValue({ to: scope(), port: 'http' })).toBe('{"to":"Construct test/Web","port":"http"}');
  });

  test('a Duration and a Size by what they are, in an object too (their JSON is {"amount":1,"unit":{...}})', () => {
    expect(describeValue(Duration.seconds(90))).toBe('Duration of 1 minute 30 seconds');
    expect(describeValue(Duration.hours(2))).toBe('Duration of 2 hours');
    expect(describeValue(Duration.millis(1500))).toBe('Duration of 1.5 seconds');
    expect(describeValue(Duration.seconds(0))).toBe('Duration of 0 seconds');
    expect(describeValue(Size.mebibytes(64))).toBe('Size of 64Mi');
    expect(describeValue({ ttl: Duration.days(1), size: Size.gibibytes(2) })).toBe('{"ttl":"Duration of 1 day","size":"Size of 2Gi"}');
  });
});
