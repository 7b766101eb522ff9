import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/**
 * The longest value (in characters) that an error message quotes in full.
 */
const MAX_QUOTED = 80;

/**
 * An input that cdk8s-appflow refuses.
 *
 * The message names the construct path, the prop, the value, what is wrong with it and what would be
 * accepted. The same facts are kept as fields, so that tests (and tools) can check them without parsing
 * the message.
 *
 * Not part of the jsii API (jsii cannot export subclasses of `Error`); thrown as a plain `Error` to
 * other languages.
 */
export class AppflowInputError extends Error {
  constructor(
    /** The construct path, or `<root>` for the root of the tree. */
    public readonly constructPath: string,
    /** The prop that holds the refused value, e.g. `name` or `ports[1].name`. */
    public readonly prop: string,
    /** The refused value. */
    public readonly value: unknown,
    /** What is wrong with the value. */
    public readonly problem: string,
    /** What would be accepted instead. */
    public readonly accepted: string,
  ) {
    super(`${constructPath}: invalid ${prop} ${describeValue(value)}: ${problem}. Expected ${accepted}.`);
    this.name = 'AppflowInputError';
  }
}

/**
 * The path of a construct as error messages show it.
 */
export function constructPathOf(scope: IConstruct): string {
  return scope.node.path === '' ? '<root>' : scope.node.path;
}

/**
 * A value whose JSON says little, by name: a construct by its class and path (its JSON is its whole tree, or nothing),
 * a cdk8s `Duration` as written (`Duration of 1 hour`, not `{"amount":1,"unit":...}`), a `Size` by its quantity.
 */
function valueByName(value: unknown): string | undefined {
  if (Construct.isConstruct(value)) {
    return `${value.constructor.name} ${constructPathOf(value)}`;
  }
  if (value instanceof Duration) {
    return `Duration of ${durationInWords(value)}`;
  }
  if (value instanceof Size) {
    return `Size of ${value.asString()}`;
  }
  return undefined;
}

/** A duration in words, largest unit first: `2 hours`, `1 minute 30 seconds` (cdk8s' toHumanString writes `1 hour 60 minutes`). */
function durationInWords(duration: Duration): string {
  let rest = duration.toSeconds({ integral: false });
  const words: string[] = [];
  for (const [unit, seconds] of [['day', 86400], ['hour', 3600], ['minute', 60]] as const) {
    const count = Math.floor(rest / seconds);
    if (count > 0) {
      words.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
      rest -= count * seconds;
    }
  }
  if (rest > 0 || words.length === 0) {
    words.push(`${rest} second${rest === 1 ? '' : 's'}`);
  }
  return words.join(' ');
}

/**
 * A short, unambiguous rendering of a value for an error message: strings are quoted (and cut when long),
 * numbers and booleans are written as they are.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length > MAX_QUOTED) {
      return `${JSON.stringify(value.slice(0, MAX_QUOTED))}… (${value.length} characters)`;
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    return Number.isNaN(value) ? 'NaN' : String(value);
  }
  if (value === undefined) {
    return '(undefined)';
  }
  const named = valueByName(value);
  if (named !== undefined) {
    return named;
  }
  try {
    // The constructs, durations and sizes in it by name too.
    const json = JSON.stringify(value, (key, v) => (key !== '' ? valueByName(v) ?? v : v));
    if (json === undefined) {
      return String(value);
    }
    return json.length > MAX_QUOTED ? `${json.slice(0, MAX_QUOTED)}… (${json.length} characters)` : json;
  } catch {
    return String(value);
  }
}

/**
 * Builds the error for a refused input.
 *
 * @param scope the construct that received the input
 * @param prop the prop that holds the value (dotted path for nested props)
 * @param value the refused value
 * @param problem what is wrong, e.g. `it is 70 characters long`
 * @param accepted what would be accepted, e.g. `a DNS-1123 label: ...`
 */
export function inputError(scope: IConstruct, prop: string, value: unknown, problem: string, accepted: string): AppflowInputError {
  return new AppflowInputError(constructPathOf(scope), prop, value, problem, accepted);
}

/**
 * Options for {@link checkInteger}.
 */
export interface IntegerRange {
  /** The smallest accepted value. */
  readonly min?: number;
  /** The largest accepted value. */
  readonly max?: number;
  /** How the accepted values are described, e.g. `a port number`. Default: `an integer`. */
  readonly what?: string;
}

/**
 * Refuses a number that is not an integer in the given range; returns it otherwise.
 */
export function checkInteger(scope: IConstruct, prop: string, value: number, range: IntegerRange = {}): number {
  return checkIntegerWithin(scope, prop, value, range.min, range.max, range.what ?? 'an integer');
}

/**
 * {@link checkInteger} with the range spread out: the checks run for every count and duration of every
 * construct, so this allocates nothing and builds the words of the error only when it throws.
 */
function checkIntegerWithin(scope: IConstruct, prop: string, value: number, min: number | undefined, max: number | undefined, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && (min === undefined || value >= min) && (max === undefined || value <= max)) {
    return value;
  }
  const bounds = describeBounds(min, max);
  const accepted = `${what}${bounds ? ` ${bounds}` : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw inputError(scope, prop, value, 'it is not a finite number', accepted);
  }
  if (!Number.isInteger(value)) {
    throw inputError(scope, prop, value, 'it is not a whole number', accepted);
  }
  if (min !== undefined && value < min) {
    throw inputError(scope, prop, value, `it is below ${min}`, accepted);
  }
  throw inputError(scope, prop, value, `it is above ${max}`, accepted);
}

function describeBounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) {
    return `from ${min} to ${max}`;
  }
  if (min !== undefined) {
    return `of at least ${min}`;
  }
  if (max !== undefined) {
    return `of at most ${max}`;
  }
  return '';
}

/**
 * Refuses a duration that is not a whole number of seconds in the given range; returns the seconds otherwise.
 * (cdk8s' `Duration.toSeconds()` and `toMilliseconds()` throw a message without the construct or the prop for a
 * fractional, NaN or infinite one.)
 */
export function checkSeconds(scope: IConstruct, prop: string, duration: Duration, range: IntegerRange = {}): number {
  return checkSecondsWithin(scope, prop, duration, range.min, range.max, range.what);
}

function checkSecondsWithin(
  scope: IConstruct, prop: string, duration: Duration, min: number | undefined, max: number | undefined, given: string | undefined,
): number {
  const what = given ?? 'a duration in whole seconds';
  if (!(duration instanceof Duration)) {
    throw inputError(scope, prop, duration, 'it is not a Duration', `${what}, e.g. Duration.seconds(30)`);
  }
  const millis = duration.toMilliseconds({ integral: false });
  return checkIntegerWithin(scope, prop, millis / 1000, min, max, what);
}

/** The largest value of an int32 field of a Kubernetes object (most counts and durations in seconds). */
export const INT32_MAX = 2147483647;

/**
 * The largest number of seconds accepted for an int64 field of a Kubernetes object (terminationGracePeriodSeconds,
 * activeDeadlineSeconds, startingDeadlineSeconds, tolerationSeconds): 100 years of 365 days, far beyond any
 * useful value and exact in JSON.
 */
export const MAX_INT64_SECONDS = 100 * 365 * 24 * 3600;

/**
 * {@link checkInteger} for an int32 field of a Kubernetes object: the range is bounded by {@link INT32_MAX}.
 */
export function checkInt32(scope: IConstruct, prop: string, value: number, range: IntegerRange = {}): number {
  return checkIntegerWithin(scope, prop, value, range.min, Math.min(range.max ?? INT32_MAX, INT32_MAX), range.what ?? 'an integer');
}

/**
 * {@link checkSeconds} for an int32 field of a Kubernetes object (e.g. `minReadySeconds`): the range is bounded by
 * {@link INT32_MAX} seconds.
 */
export function checkInt32Seconds(scope: IConstruct, prop: string, duration: Duration, range: IntegerRange = {}): number {
  return checkSecondsWithin(scope, prop, duration, range.min, Math.min(range.max ?? INT32_MAX, INT32_MAX), range.what);
}

/**
 * {@link checkSeconds} for an int64 field of a Kubernetes object (e.g. `terminationGracePeriodSeconds`): the range
 * is bounded by {@link MAX_INT64_SECONDS}.
 */
export function checkInt64Seconds(scope: IConstruct, prop: string, duration: Duration, range: IntegerRange = {}): number {
  return checkSecondsWithin(scope, prop, duration, range.min, Math.min(range.max ?? MAX_INT64_SECONDS, MAX_INT64_SECONDS), range.what);
}

/**
 * Refuses a size that is not a whole number of kibibytes (fractional, NaN or infinite: cdk8s' `Size.toKibibytes()`
 * throws a message without the construct or the prop for those); returns the kibibytes otherwise. The refused value
 * is quoted as cdk8s writes it (e.g. `"0.5Ki"`, `"NaNMi"`).
 *
 * @param accepted what would be accepted, e.g. `a size in whole mebibytes, e.g. Size.mebibytes(512)`
 */
export function checkKibibytes(scope: IConstruct, prop: string, size: Size, accepted: string): number {
  if (!(size instanceof Size)) {
    throw inputError(scope, prop, size, 'it is not a Size', accepted);
  }
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isFinite(kib)) {
    throw inputError(scope, prop, size.asString(), 'it is not a finite size', accepted);
  }
  if (!Number.isInteger(kib)) {
    throw inputError(scope, prop, size.asString(), 'it is not a whole number of kibibytes', accepted);
  }
  return kib;
}

/**
 * Refuses a key of a map that cdk8s serializes (labels, annotations, Prometheus labels) that cdk8s cannot write:
 * `constructor`. cdk8s' `sanitizeValue` reads `obj.constructor.name` of every object it writes, and fails for a map
 * with that key ("can't render non-simple object of type 'undefined'"), a cdk8s bug. Returns the key otherwise.
 *
 * @param what what the key is, e.g. `a label key`
 */
export function checkSerializableKey(scope: IConstruct, prop: string, key: string, what = 'a key'): string {
  if (key === 'constructor') {
    throw inputError(scope, prop, key, 'cdk8s cannot write a map with this key (its serialization reads obj.constructor.name of every object)',
      `${what} other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)`);
  }
  return key;
}

/** Whether a value is a plain object, a map of keys: not null, not a list (what JSON calls an object). */
export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What a value is, in words, for an error: `a string`, `a number`, `a boolean`, `a list`, `an object`, `null`,
 * `undefined`.
 */
export function kindOfValue(value: unknown): string {
  if (value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** What the items of a list must be, for {@link checkList}. */
export type ListItems = 'object' | 'string';

/**
 * Refuses a value of a list prop that is not a list: a string, an object, a number or `null`, which an untyped
 * JavaScript caller can pass and which would fail later with a TypeError (or be read as something else: a string is
 * indexable, an object has entries). With `items`, also refuses an item that is not an object (or not a string).
 * Returns the list; `undefined` (the prop not given) passes.
 *
 * @param accepted what would be accepted, e.g. `a list of ports, e.g. [{ name: "http", number: 8080 }]`
 * @param items what each item must be: `object` (props, options) or `string`
 */
export function checkList<T>(scope: IConstruct, prop: string, value: readonly T[] | undefined, accepted: string, items?: ListItems): T[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    throw inputError(scope, prop, value, `it is ${kindOfValue(value)}, not a list`, accepted);
  }
  if (items !== undefined) {
    for (const [i, item] of value.entries()) {
      const fits = items === 'string' ? typeof item === 'string' : typeof item === 'object' && item !== null && !Array.isArray(item);
      if (!fits) {
        throw inputError(scope, `${prop}[${i}]`, item, `it is ${kindOfValue(item)}, not ${items === 'string' ? 'a string' : 'an object'}`, accepted);
      }
    }
  }
  return value as T[];
}

/**
 * Refuses a value of an object prop (options, or a map of names to values such as `env` or `podAnnotations`) that is
 * not an object: a string, a list, a number or `null`, which an untyped JavaScript caller can pass and which would
 * fail later with a TypeError, or be read as something else (the characters of a string as entries). Returns the
 * object; `undefined` (the prop not given) passes.
 *
 * @param accepted what would be accepted, e.g. `a map of names to values, e.g. { LOG_LEVEL: EnvValue.fromValue("info") }`
 */
export function checkObject<T>(scope: IConstruct, prop: string, value: T | undefined, accepted: string): T | undefined {
  if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))) {
    return value;
  }
  throw inputError(scope, prop, value, `it is ${kindOfValue(value)}, not an object`, accepted);
}

/**
 * Refuses the props of a construct that has required props when they are missing or not an object (an untyped
 * JavaScript caller can leave them out); returns them.
 *
 * @param accepted what would be accepted, e.g. `the props of the Service: at least workload or identity`
 */
export function checkProps<T>(scope: IConstruct, props: T, accepted: string): T {
  if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
    return props;
  }
  throw inputError(scope, 'props', props, props === undefined || props === null ? 'there are no props' : `they are ${kindOfValue(props)}, not an object`, accepted);
}

/**
 * Refuses a value that is not an instance of the class the prop takes, for an untyped caller (a cdk8s-plus object
 * where the library's is asked, a construct of another kind); an application pattern given where its workload or its
 * Service is asked is named as such, with the property that holds what is asked. Returns the value.
 *
 * @param scope the construct that receives the value; for a method of no construct, the value itself when it is one
 * @param what the class in words, e.g. `a workload of cdk8s-appflow`
 * @param accepted what would be accepted, e.g. `a StatelessWorkload, StatefulWorkload, DaemonWorkload...`
 */
export function checkInstance<T>(scope: IConstruct | undefined, prop: string, value: unknown, type: ClassOf<T>, what: string, accepted: string): T {
  if (isInstance(value, type)) {
    return value;
  }
  const refused = (problem: string, acceptedHere: string) => (scope !== undefined || Construct.isConstruct(value)
    ? inputError(scope ?? value as IConstruct, prop, value, problem, acceptedHere)
    : new AppflowInputError('(no construct)', prop, value, problem, acceptedHere));
  // An application pattern holds its workload and its Service, and a pattern or a workload its identity: the usual mix-ups.
  const holder = typeof value === 'object' && value !== null
    ? (['workload', 'service', 'identity'] as const).find((part) => isInstance((value as any)[part], type)) : undefined;
  if (holder === 'identity') {
    throw refused(`it is ${Construct.isConstruct(value) ? value.constructor.name : 'an object'}, not ${what}`, `its \`identity\`, which is ${what}`);
  }
  if (holder !== undefined) {
    throw refused(`it is an application pattern, not ${what}`, `the pattern's \`${holder}\`, which is ${what}`);
  }
  throw refused(`it is not ${what}`, accepted);
}

/** A class, its constructor public or not (an abstract base class with a protected one, such as AppWorkload). */
type ClassOf<T> = { readonly prototype: T };

function isInstance<T>(value: unknown, type: ClassOf<T>): value is T {
  return typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(type.prototype, value);
}

/**
 * Runs a step that refuses its input against the props of the construct or method it calls (a workload's
 * `mountVolume(path)`, a pattern's `connectTo(options.portName)`), and reports a refusal against the construct and
 * the prop that the caller wrote (`replicaStorage[0].mountPath`, `connections[0].portName`).
 *
 * @param props the step's props and the caller's prop each stands for; a prop of the step under one of them
 * (`claim.name.x`, `volume[0]`, and `mountVolume(containers[1])` under `mountVolume(containers)`) keeps its rest; an
 * empty caller's prop drops the step's (`container.resources` is `resources` for `{ container: '' }`). A refusal of
 * another prop is reported as it is.
 * @param from which constructs' refusals are the step's: all by default
 */
export function refusedAs<T>(scope: IConstruct, props: Readonly<Record<string, string>>, step: () => T,
  from?: (constructPath: string) => boolean): T {
  try {
    return step();
  } catch (e) {
    if (!(e instanceof AppflowInputError) || (from !== undefined && !from(e.constructPath))) {
      throw e;
    }
    // An argument of a method, `mountVolume(containers[1])`, as a prop: `mountVolume.containers[1]`.
    const asProp = (prop: string) => prop.replace(/^([\w.]+)\((.*)\)$/, '$1.$2');
    const thrown = asProp(e.prop);
    const under = (k: string) => thrown === asProp(k) || thrown.startsWith(`${asProp(k)}.`) || thrown.startsWith(`${asProp(k)}[`);
    const inner = Object.keys(props).filter(under).sort((a, b) => b.length - a.length)[0];
    if (inner === undefined) {
      throw e;
    }
    const rest = thrown.slice(asProp(inner).length);
    const prop = props[inner] === '' ? rest.replace(/^\./, '') : props[inner] + rest;
    throw new AppflowInputError(constructPathOf(scope), prop, e.value, e.problem, e.accepted);
  }
}
