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

/**
 * {@link withProps} for a base that the caller has just made (an object literal of its own, as `_podProps()`
 * returns): the properties are written onto it, which keeps the object's map in V8's cache of transitions, where a
 * copy of a large props object (more than about a dozen properties) falls into slow dictionary mode.
 *
 * @param fresh an object literal the caller just made and nothing else holds: it is changed and returned
 */
export function extendProps<A extends object, B extends object>(fresh: A, more: B): Omit<A, keyof B> & B {
  return Object.assign(fresh, more);
}
