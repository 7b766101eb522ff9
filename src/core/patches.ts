import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct, IConstruct } from 'constructs';
import { AppflowInputError, inputError, kindOfValue } from './errors';

/**
 * JSON patches on the objects of cdk8s-plus-34, for the fields it has no API for.
 *
 * A patch fails silently when the shape of the object moves, so every use is covered by a test that
 * synthesizes the object and reads the patched field. Mind that cdk8s-plus-34's L1 objects (`k8s.Kube*`) map the
 * patched JSON through their typed props once more: a patch value must be in the typed shape (IntOrString and
 * Quantity as `k8s.IntOrString` / `k8s.Quantity` objects, known field names only), or the field is dropped.
 */

/** Where the pod spec is in an object of each kind that holds one. */
const POD_SPEC_PATHS: Record<string, string> = {
  Pod: '/spec',
  Deployment: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  DaemonSet: '/spec/template/spec',
  ReplicaSet: '/spec/template/spec',
  Job: '/spec/template/spec',
  CronJob: '/spec/jobTemplate/spec/template/spec',
};

/**
 * The JSON pointer of the pod spec in a cdk8s-plus-34 pod or workload.
 *
 * @throws when the object's kind holds no pod spec
 */
export function podSpecPath(pod: kplus.AbstractPod): string {
  const kind = ApiObject.of(pod).kind;
  const path = POD_SPEC_PATHS[kind];
  if (path === undefined) {
    throw new Error(`${pod.node.path}: a ${kind} has no pod spec`);
  }
  return path;
}

/** Where a workload of the library (`workload`, `deployment`...) or a pattern (`workload.deployment`...) holds its cdk8s-plus-34 object. */
const PLUS_OBJECTS = ['workload', 'deployment', 'statefulSet', 'daemonSet', 'job', 'cronJob', 'workload.deployment', 'workload.statefulSet',
  'workload.daemonSet', 'workload.job', 'workload.cronJob'];

/**
 * Refuses a value that is not a cdk8s-plus-34 pod or workload, for a method that takes one (an untyped caller, or a
 * pattern or a workload of the library given as is), naming where the value holds its cdk8s-plus-34 object. Returns
 * the value.
 *
 * @param scope the construct whose method takes the value; for a method of no construct, undefined (the error names the
 * value's construct)
 * @param prop the method and its argument, e.g. `RegistryCredentials.addToPods(pod)`
 */
export function checkPodObject(scope: IConstruct | undefined, prop: string, value: unknown): kplus.AbstractPod {
  if (value instanceof kplus.AbstractPod) {
    return value;
  }
  const at = (path: string) => path.split('.').reduce<any>((v, key) => (typeof v === 'object' && v !== null ? v[key] : undefined), value);
  const held = PLUS_OBJECTS.find((path) => at(path) instanceof kplus.AbstractPod);
  const problem = `it is ${Construct.isConstruct(value) ? `a ${value.constructor.name}` : kindOfValue(value)}, not a cdk8s-plus-34 pod or workload`;
  const accepted = held !== undefined ? `its cdk8s-plus-34 object, \`${held}\`` : 'a cdk8s-plus-34 Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob';
  const owner = scope ?? (Construct.isConstruct(value) ? value : undefined);
  throw owner !== undefined ? inputError(owner, prop, value, problem, accepted) : new AppflowInputError('(no construct)', prop, value, problem, accepted);
}

/** The lists that patches keep growing, by object and JSON pointer. */
const LISTS = new WeakMap<ApiObject, Map<string, unknown[]>>();

/**
 * Adds items to a list field of an object, by a JSON patch that is applied when the object is synthesized.
 *
 * Several calls for the same object and field share one patch and one list, so that items add up instead of
 * replacing each other; `initial` gives the items already in the field when the first call is made (a JSON
 * patch `add` replaces the field).
 *
 * @returns the whole list after the addition
 */
export function addToListField(apiObject: ApiObject, pointer: string, items: unknown[], initial: () => unknown[] = () => []): unknown[] {
  let byPointer = LISTS.get(apiObject);
  if (!byPointer) {
    byPointer = new Map();
    LISTS.set(apiObject, byPointer);
  }
  let list = byPointer.get(pointer);
  if (!list) {
    list = [...initial()];
    byPointer.set(pointer, list);
    // The patch holds the list itself: items added later are in it when the patch is applied.
    apiObject.addJsonPatch(JsonPatch.add(pointer, list));
  }
  for (const item of items) {
    if (!list.some((existing) => JSON.stringify(existing) === JSON.stringify(item))) {
      list.push(item);
    }
  }
  return [...list];
}
