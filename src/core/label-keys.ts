import { IConstruct } from 'constructs';
import { checkObject, checkSerializableKey, inputError, kindOfValue } from './errors';
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
 * The annotation by which EKS gives the pods of a ServiceAccount an IAM role (IRSA): written by the AWS workload
 * identity, read by KEDA's `identityOwner: workload`.
 */
export const AWS_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

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

/**
 * Refuses a map of labels that is not a map (a list would be written as labels `"0"`, `"1"`...), a key that
 * {@link checkLabelKey} refuses, and a value that is not a label value (a string of at most 63 characters...); returns
 * the map.
 *
 * @param prop the prop that holds the map, e.g. `podLabels`
 */
export function checkLabelMap(scope: IConstruct, prop: string, labels: Record<string, string> | undefined): Record<string, string> | undefined {
  checkObject(scope, prop, labels, 'a map of label keys to values, e.g. { "example.com/team": "shop" }');
  for (const [key, value] of Object.entries(labels ?? {})) {
    checkLabelKey(scope, prop, key);
    FormatRule.LABEL_VALUE.check(scope, `${prop}[${JSON.stringify(key)}]`, value);
  }
  return labels;
}

/**
 * Refuses a map of annotations that is not a map, a key that {@link checkLabelKey} refuses, and a value that is not a
 * string (the API server refuses `proxy-body-size: 10`); returns the map.
 *
 * @param prop the prop that holds the map, e.g. `podAnnotations`
 */
export function checkAnnotationMap(
  scope: IConstruct, prop: string, annotations: Record<string, string> | undefined,
): Record<string, string> | undefined {
  checkObject(scope, prop, annotations, 'a map of annotation keys to values, e.g. { "example.com/team": "shop" }');
  for (const [key, value] of Object.entries(annotations ?? {})) {
    checkLabelKey(scope, prop, key);
    if (typeof value !== 'string') {
      throw inputError(scope, `${prop}[${JSON.stringify(key)}]`, value, `it is ${kindOfValue(value)}, not a string`,
        'a string: annotation values are strings (write "true", "42")');
    }
  }
  return annotations;
}
