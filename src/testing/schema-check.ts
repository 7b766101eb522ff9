import { joinPath } from '../analysis/objects';
import { FormatRule } from '../core/format-rule';
/**
 * A strict checker for the OpenAPI v2 definitions of Kubernetes and the OpenAPI v3 schemas of CRDs, as the
 * API server applies them: unknown fields are errors (the server would drop or refuse them), required
 * fields must be present, types, enums, formats, patterns, bounds and list-map keys are checked.
 *
 * Internal to the testing module; `ManifestValidator` is the public face.
 */

/** A JSON schema node, as found in the Kubernetes definitions and in CRDs. */
export type SchemaNode = { [keyword: string]: any };

/** One problem found in a manifest. */
export interface SchemaProblem {
  /** Where in the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/**
 * How object schemas without `properties` and without `additionalProperties` are read.
 *
 * - `free-form`: the Kubernetes definitions use such schemas for raw JSON (e.g. `RawExtension`): anything goes.
 * - `pruned`: in a CRD's structural schema, such an object keeps no field (the API server prunes them all),
 *   unless `x-kubernetes-preserve-unknown-fields` says otherwise.
 */
export type EmptyObjectMode = 'free-form' | 'pruned';

export interface SchemaContext {
  /** Resolves `#/definitions/...` references. */
  readonly definitions: Record<string, SchemaNode>;
  readonly emptyObjects: EmptyObjectMode;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INT64 = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const patternCache = new Map<string, RegExp>();

function compilePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    default: return true;
  }
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) {
    if (ch === short[i]) {
      i++;
    }
  }
  return i === short.length;
}

/**
 * The known field that an unknown one probably meant: a close spelling, or the same name with a part
 * left out (`imagePolicy` for `imagePullPolicy`).
 */
function suggestion(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const best = known
    .map((k) => ({ k, lk: k.toLowerCase(), d: editDistance(lower, k.toLowerCase()) }))
    .filter(({ lk, d }) => d <= Math.max(2, Math.floor(key.length / 4))
      || (isSubsequence(lower, lk) && lower.length >= 0.6 * lk.length))
    .sort((x, y) => x.d - y.d)[0];
  return best ? ` (did you mean "${best.k}"?)` : '';
}

/**
 * Checks a value against a schema node and returns every problem found.
 */
export function checkSchema(value: unknown, schema: SchemaNode, path: string, ctx: SchemaContext): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(value, schema, path, ctx, problems);
  return problems;
}

function resolve(schema: SchemaNode, ctx: SchemaContext): SchemaNode {
  let node = schema;
  const seen = new Set<string>();
  while (node.$ref !== undefined) {
    const ref: string = node.$ref;
    if (seen.has(ref)) {
      throw new Error(`circular $ref ${ref}`);
    }
    seen.add(ref);
    const name = ref.replace(/^#\/definitions\//, '');
    const target = ctx.definitions[name];
    if (!target) {
      throw new Error(`the schema refers to ${ref}, which is not defined`);
    }
    node = target;
  }
  return node;
}

/** The definition of a resource quantity (`500m`, `1Gi`): a string the API server parses, which the schema leaves free. */
const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function check(value: unknown, rawSchema: SchemaNode, path: string, ctx: SchemaContext, problems: SchemaProblem[]): void {
  const schema = resolve(rawSchema, ctx);
  const at = path === '' ? '(the object)' : path;
  if (typeof value === 'string' && schema === ctx.definitions[QUANTITY_DEFINITION]) {
    const problem = FormatRule.QUANTITY.problemWith(value);
    if (problem !== undefined) {
      problems.push({ path: at, message: `${JSON.stringify(value)} is not a ${FormatRule.QUANTITY.ruleName}: ${problem}` });
      return;
    }
  }

  if (value === null) {
    if (!schema.nullable) {
      problems.push({ path: at, message: 'null is not allowed here (leave the field out instead)' });
    }
    return;
  }

  // Combinators: IntOrString and Quantity (oneOf), CRD int-or-string (anyOf), allOf, not.
  if (Array.isArray(schema.allOf)) {
    for (const sub of schema.allOf) {
      check(value, sub, path, ctx, problems);
    }
  }
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const branches: SchemaNode[] = schema.oneOf ?? schema.anyOf;
    const passing = branches.filter((b) => checkSchema(value, b, path, ctx).length === 0).length;
    if (schema.oneOf ? passing !== 1 : passing === 0) {
      const kinds = branches.map((b) => describeBranch(resolve(b, ctx))).join(' or ');
      problems.push({ path: at, message: `${describeValue(value)} matches ${passing === 0 ? 'none' : 'more than one'} of the accepted forms: ${kinds}` });
      return;
    }
  }
  if (schema.not !== undefined && checkSchema(value, schema.not, path, ctx).length === 0) {
    problems.push({ path: at, message: `${describeValue(value)} matches a form that is not allowed here` });
  }

  let type: string | undefined = schema.type;
  if (schema['x-kubernetes-int-or-string']) {
    if (!matchesType(value, 'integer') && !matchesType(value, 'string')) {
      problems.push({ path: at, message: `expected an integer or a string, got ${describeType(value)}` });
      return;
    }
    type = undefined;
  }
  if (type === undefined && schema.properties !== undefined) {
    type = 'object';
  }
  if (type !== undefined && !matchesType(value, type)) {
    problems.push({ path: at, message: `expected ${article(type)}, got ${describeType(value)}` });
    return;
  }

  if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => e === value)) {
    problems.push({ path: at, message: `${describeValue(value)} is not one of ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}` });
  }

  if (typeof value === 'string') {
    checkString(value, schema, at, problems);
  } else if (typeof value === 'number') {
    checkNumber(value, schema, at, problems);
  } else if (Array.isArray(value)) {
    checkArray(value, schema, path, ctx, problems);
  } else if (typeof value === 'object') {
    checkObject(value as Record<string, unknown>, schema, path, ctx, problems);
  }
}

function describeBranch(schema: SchemaNode): string {
  return schema.type ? article(schema.type) : 'a value';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeType(value: unknown): string {
  const t = typeOf(value);
  return `${article(t)} (${describeValue(value)})`;
}

function describeValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    return String(value);
  }
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}

function checkString(value: string, schema: SchemaNode, at: string, problems: SchemaProblem[]): void {
  if (schema.minLength !== undefined && [...value].length < schema.minLength) {
    problems.push({ path: at, message: `${describeValue(value)} is shorter than ${schema.minLength} characters` });
  }
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) {
    problems.push({ path: at, message: `${describeValue(value)} is longer than ${schema.maxLength} characters` });
  }
  if (schema.pattern !== undefined && !compilePattern(schema.pattern).test(value)) {
    problems.push({ path: at, message: `${describeValue(value)} does not match the pattern ${schema.pattern}` });
  }
  if (schema.format === 'date-time' && !DATE_TIME.test(value)) {
    problems.push({ path: at, message: `${describeValue(value)} is not an RFC 3339 date-time` });
  }
  if (schema.format === 'byte' && !BASE64.test(value)) {
    problems.push({ path: at, message: `${describeValue(value)} is not base64` });
  }
}

function checkNumber(value: number, schema: SchemaNode, at: string, problems: SchemaProblem[]): void {
  const range = schema.format === 'int32' ? INT32 : schema.format === 'int64' ? INT64 : undefined;
  if (range && (value < range.min || value > range.max)) {
    problems.push({ path: at, message: `${value} is out of the ${schema.format} range` });
  }
  if (schema.minimum !== undefined && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)) {
    problems.push({ path: at, message: `${value} is below the minimum ${schema.exclusiveMinimum === true ? '(exclusive) ' : ''}${schema.minimum}` });
  }
  if (schema.maximum !== undefined && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)) {
    problems.push({ path: at, message: `${value} is above the maximum ${schema.exclusiveMaximum === true ? '(exclusive) ' : ''}${schema.maximum}` });
  }
  if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) {
    problems.push({ path: at, message: `${value} is not a multiple of ${schema.multipleOf}` });
  }
}

function checkArray(value: unknown[], schema: SchemaNode, path: string, ctx: SchemaContext, problems: SchemaProblem[]): void {
  const at = path === '' ? '(the object)' : path;
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    problems.push({ path: at, message: `has ${value.length} items, fewer than ${schema.minItems}` });
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    problems.push({ path: at, message: `has ${value.length} items, more than ${schema.maxItems}` });
  }
  if (schema.items !== undefined) {
    value.forEach((item, i) => check(item, schema.items, joinPath(path, i), ctx, problems));
  }
  const listType = schema['x-kubernetes-list-type'];
  const mapKeys: string[] | undefined = schema['x-kubernetes-list-map-keys'];
  if (listType === 'map' && mapKeys) {
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      if (typeof item !== 'object' || item === null) {
        return;
      }
      const key = JSON.stringify(mapKeys.map((k) => keyValue(item as Record<string, unknown>, k, schema.items, ctx)));
      const first = seen.get(key);
      if (first !== undefined) {
        const desc = mapKeys.map((k) => `${k}=${describeValue((item as Record<string, unknown>)[k])}`).join(', ');
        problems.push({ path: joinPath(path, i), message: `duplicates item [${first}]: items are keyed by ${mapKeys.join(' + ')} (${desc})` });
      } else {
        seen.set(key, i);
      }
    });
  } else if (listType === 'set' || schema.uniqueItems === true) {
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({ path: joinPath(path, i), message: `duplicates item [${first}] (${describeValue(item)}): items must be unique` });
      } else {
        seen.set(key, i);
      }
    });
  }
}

/**
 * The value of a list-map key of an item, with the default the API server would fill in when it is left out
 * (the schema's `default`, or TCP for a port's protocol).
 */
function keyValue(item: Record<string, unknown>, key: string, itemSchema: SchemaNode | undefined, ctx: SchemaContext): unknown {
  if (item[key] !== undefined) {
    return item[key];
  }
  const property = itemSchema ? resolve(itemSchema, ctx).properties?.[key] : undefined;
  if (property?.default !== undefined) {
    return property.default;
  }
  return key === 'protocol' ? 'TCP' : undefined;
}

function checkObject(value: Record<string, unknown>, schema: SchemaNode, path: string, ctx: SchemaContext, problems: SchemaProblem[]): void {
  const at = path === '' ? '(the object)' : path;
  const properties: Record<string, SchemaNode> | undefined = schema.properties;
  const additional = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;

  for (const required of schema.required ?? []) {
    if (value[required] === undefined) {
      problems.push({ path: joinPath(path, required), message: 'is required but missing' });
    }
  }
  const count = Object.keys(value).length;
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    problems.push({ path: at, message: `has ${count} fields, fewer than ${schema.minProperties}` });
  }
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    problems.push({ path: at, message: `has ${count} fields, more than ${schema.maxProperties}` });
  }

  const freeForm = properties === undefined && additional === undefined && (preserve || ctx.emptyObjects === 'free-form');
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) {
      continue;
    }
    const childPath = joinPath(path, key);
    if (properties && key in properties) {
      check(child, properties[key], childPath, ctx, problems);
    } else if (additional !== undefined && additional !== false) {
      if (additional !== true) {
        check(child, additional, childPath, ctx, problems);
      }
    } else if (!freeForm && !preserve) {
      const known = Object.keys(properties ?? {});
      const list = known.length === 0 ? 'this object takes no fields'
        : known.length <= 12 ? `known fields: ${known.join(', ')}` : `${known.length} known fields`;
      problems.push({ path: childPath, message: `unknown field "${key}"${suggestion(key, known)} (${list})` });
    }
  }
}
