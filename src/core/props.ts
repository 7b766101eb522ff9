/**
 * `{ ...base, ...more }` for the props objects that constructs hand down to the constructs they make.
 *
 * In code that V8 has not optimized yet, every property written after an object spread costs microseconds (the
 * spread's copy gets no cached map transitions): `{ ...props, name, replicas, ... }` with a dozen properties took
 * about 30 µs, where `Object.assign` onto a new object takes about 4 µs. A synth of a thousand applications runs
 * mostly unoptimized, so this matters (see docs/performance.md).
 *
 * Only for props objects, whose keys are those of an interface: `Object.assign` sets `__proto__` as the prototype
 * where a spread makes it an own property, so a map of user keys (labels, annotations) keeps the spread.
 */
export function withProps<A extends object, B extends object>(base: A, more: B): Omit<A, keyof B> & B {
  return Object.assign({}, base, more);
}
