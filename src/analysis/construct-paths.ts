import { createHash } from 'crypto';
import * as path from 'path';
import { ManifestObject } from './objects';
import { podTemplateOf } from './pods';

/** What cdk8s records when validations are configured: `dist/construct-metadata.json`, as cdk8s-cli reads it. */
export type RecordedConstructPaths = { readonly [name: string]: { readonly path?: string } | undefined };

/** An object as the attribution needs it. */
interface Placed {
  readonly name: string;
  readonly file: string;
  readonly index: number;
}

/**
 * The construct path of each object, where it can be told.
 *
 * cdk8s records one construct path per object *name* (`construct-metadata.json`: the last object of the app with
 * that name wins), and a Deployment, its Service and its PodDisruptionBudget usually share a name. So:
 * - an object whose name no other object has gets the recorded path;
 * - among objects that share a name, the recorded path is that of the last one of them in the file of the chart
 *   that the path starts with (cdk8s writes a chart's objects in the same order to its file and to the record);
 * - the others get none (the report shows N/A), rather than a path that is not theirs.
 */
export function attributeConstructPaths<T extends Placed>(objects: readonly T[], recorded: RecordedConstructPaths | undefined): Map<T, string> {
  const result = new Map<T, string>();
  if (!recorded) {
    return result;
  }
  const byName = new Map<string, T[]>();
  for (const o of objects) {
    byName.set(o.name, [...(byName.get(o.name) ?? []), o]);
  }
  for (const [name, candidates] of byName) {
    const constructPath = recorded[name]?.path;
    if (typeof constructPath !== 'string' || constructPath === '') {
      continue;
    }
    if (candidates.length === 1) {
      result.set(candidates[0], constructPath);
      continue;
    }
    const inChart = candidates.filter((c) => fileIsOfChart(c.file, constructPath));
    if (inChart.length > 0 && inChart.every((c) => c.file === inChart[0].file)) {
      const last = inChart.reduce((a, b) => (b.index > a.index ? b : a));
      result.set(last, constructPath);
    }
  }
  return result;
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Whether a manifest file is the one cdk8s wrote for the chart a construct path starts with: `<chart>.k8s.yaml`,
 * with the `0000-` prefix of charts that depend on each other and the hash suffix of chart ids that are not DNS labels.
 */
function fileIsOfChart(file: string, constructPath: string): boolean {
  const label = normalize(path.basename(file).replace(/\.ya?ml$/, '').replace(/\.k8s$/, '').replace(/^\d{4}-/, '').replace(/-c8[0-9a-f]{6}$/, ''));
  const segments = constructPath.split('/');
  for (let k = 1; k < segments.length; k++) {
    if (normalize(segments.slice(0, k).join('')) === label) {
      return true;
    }
  }
  return false;
}

/** The label that cdk8s-plus puts on the pods of its workloads: `<path components>-<hash of the path>`. */
export const ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/** More dashes than this in a label and the path is not searched (2^12 ways to read them). */
const MAX_DASHES = 12;

/**
 * The construct path of the cdk8s-plus construct that made a pod template, read from its `cdk8s.io/metadata.addr`
 * label, or undefined when it cannot be told for sure.
 *
 * The label is the path's components joined by dashes (without `Resource` and `Default` components), then the
 * first characters of the construct's address (a SHA-1 of the path). Each way of reading the dashes as separators
 * or as part of an id, with or without a last `Resource` or `Default` component, is checked against that hash: only
 * a path that hashes to it is returned.
 */
export function pathFromAddressLabel(label: unknown): string | undefined {
  if (typeof label !== 'string') {
    return undefined;
  }
  const match = /^(.+)-(c8[0-9a-f]{6})$/.exec(label);
  if (!match) {
    return undefined;
  }
  const tokens = match[1].split('-');
  if (tokens.length - 1 > MAX_DASHES || tokens.some((t) => t === '')) {
    return undefined;
  }
  for (const components of readingsOf(tokens)) {
    for (const last of [['Resource'], [], ['Default']]) {
      const candidate = [...components, ...last];
      if (addressOf(candidate).startsWith(match[2])) {
        return candidate.join('/');
      }
    }
  }
  return undefined;
}

/** Every way of reading the dashes between the tokens: as separators of path components, or inside an id. */
function* readingsOf(tokens: string[]): Generator<string[]> {
  if (tokens.length === 1) {
    yield [tokens[0]];
    return;
  }
  for (const rest of readingsOf(tokens.slice(1))) {
    yield [tokens[0], ...rest];
    yield [`${tokens[0]}-${rest[0]}`, ...rest.slice(1)];
  }
}

/** The address of a construct from its path components, as constructs computes it (the root's empty id first). */
function addressOf(components: string[]): string {
  const hash = createHash('sha1');
  for (const c of ['', ...components]) {
    if (c !== 'Default') {
      hash.update(c);
      hash.update('\n');
    }
  }
  return `c8${hash.digest('hex')}`;
}

/**
 * The construct path of the cdk8s-plus workload that made an object, read from the `cdk8s.io/metadata.addr` label of
 * its pod template; undefined for an object without pods or a label that cannot be read for sure.
 */
export function constructPathFromPodLabel(object: ManifestObject): string | undefined {
  const label = podTemplateOf(object)?.labels[ADDRESS_LABEL];
  return label === undefined ? undefined : pathFromAddressLabel(label);
}
