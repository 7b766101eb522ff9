import { extendProps, withProps } from '../../src/core/props';

describe('withProps', () => {
  test('is { ...base, ...more } for props objects: a new object, later keys win, undefined values kept', () => {
    const base = { name: 'web', replicas: 2, image: 'a', inherited: undefined as string | undefined };
    const more = { replicas: 3, inherited: undefined, port: 8080 };
    const merged = withProps(base, more);
    expect(merged).toEqual({ ...base, ...more });
    expect(Object.keys(merged)).toEqual(Object.keys({ ...base, ...more }));
    expect('inherited' in merged).toBe(true);
    expect(merged).not.toBe(base);
    expect(base).toEqual({ name: 'web', replicas: 2, image: 'a', inherited: undefined });
  });

  test('copies own enumerable properties only, as a spread does', () => {
    const base = Object.create({ fromPrototype: 1 }, { own: { value: 2, enumerable: true }, hidden: { value: 3, enumerable: false } });
    expect(withProps(base, { extra: 4 })).toEqual({ own: 2, extra: 4 });
  });
});

describe('extendProps', () => {
  test('writes the properties onto the fresh object and returns it, as { ...fresh, ...more }', () => {
    const fresh = { name: 'web', replicas: 2 };
    const expected = { ...fresh, replicas: 3, port: 8080 };
    const extended = extendProps(fresh, { replicas: 3, port: 8080 });
    expect(extended).toEqual(expected);
    expect(extended).toBe(fresh);
  });
});
