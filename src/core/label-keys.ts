import { IConstruct } from 'constructs';
import { checkSerializableKey } from './errors';
import { FormatRule } from './format-rule';

/*
 * Checks of the keys of the maps of labels and annotations that the library writes into objects (internal; not
 * exported from the package, so that jsii sees no function).
 */

/** The label Kubernetes puts on every namespace, with the namespace's name (Kubernetes 1.21 and later). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The label of the release track of a pod when a release runs two (`blue`/`green`, `stable`/`canary`), part of each
 * track's selector: cdk8s-appflow's own (`RecommendedLabel.TRACK`), read by the checks and the topology picture.
 */
export const TRACK_LABEL = 'cdk8s-appflow/track';

/**
 * Refuses a key of a map of labels or annotations that the library writes into an object: a key that is not a
 * label key (`FormatRule.LABEL_KEY`, the rule of annotation keys too), and the key `constructor`, which Kubernetes
 * accepts but cdk8s cannot serialize in a map (a cdk8s bug, see `checkSerializableKey`). Returns the key otherwise.
 *
 * @param prop the prop that holds the map, e.g. `podAnnotations`
 */
export function checkLabelKey(scope: IConstruct, prop: string, key: string): string {
  FormatRule.LABEL_KEY.check(scope, prop, key);
  return checkSerializableKey(scope, prop, key, `a ${FormatRule.LABEL_KEY.ruleName}`);
}
