import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { checkInt32, inputError } from '../core/errors';
import { AWS_ROLE_ANNOTATION } from '../core/label-keys';

/*
 * What the scaling metrics and triggers are checked against (internal: not exported from the package).
 */

/** What a container of the pods requests, for the utilization targets. */
export interface ContainerRequests {
  readonly cpu: boolean;
  readonly memory: boolean;
}

/** The requests of the containers of a pod, by name, in the pod's order. */
export function containerRequestsOf(containers: ReadonlyArray<kplus.ContainerProps | kplus.Container>): Map<string, ContainerRequests> {
  return new Map(containers.map((c) => [c.name ?? '', { cpu: c.resources?.cpu?.request !== undefined, memory: c.resources?.memory?.request !== undefined }]));
}

/** What a trigger of a ScaledObject is checked against when the ScaledObject is made. */
export interface TriggerContext {
  /** The construct that received the trigger, for errors. */
  readonly scope: IConstruct;
  /** Where the trigger is, e.g. `triggers[0]`. */
  readonly prop: string;
  /** The most replicas of the ScaledObject. */
  readonly maxReplicas: number;
  /** The requests of the pods' containers, by name. */
  readonly containers: ReadonlyMap<string, ContainerRequests>;
  /**
   * The ServiceAccount the scaled pods run as, with its AWS IAM role (the `eks.amazonaws.com/role-arn` annotation),
   * when the app tells: undefined for a ServiceAccount made elsewhere.
   */
  readonly podAccount?: PodAccount;
}

/** The ServiceAccount of a workload's pods, as the app makes it. */
export interface PodAccount {
  /** It in words, e.g. `the ServiceAccount "orders"`. */
  readonly description: string;
  /** Its AWS IAM role, if it has one. */
  readonly awsRoleArn?: string;
}

/**
 * The ServiceAccount that the pods of a workload run as, when the app makes it (or none is given: the namespace's
 * `default`); undefined for one made elsewhere (`ServiceAccount.fromServiceAccountName`) or a target that is not a pod
 * controller of cdk8s-plus.
 */
export function podAccountOf(target: unknown): PodAccount | undefined {
  if (!(target instanceof kplus.AbstractPod)) {
    return undefined;
  }
  const account = target.serviceAccount;
  if (account === undefined) {
    return { description: 'the namespace\'s ServiceAccount "default", which the pods run as,' };
  }
  if (!(account instanceof kplus.ServiceAccount)) {
    return undefined;
  }
  const annotations = ApiObject.of(account).metadata.toJson().annotations ?? {};
  return { description: `the ServiceAccount ${JSON.stringify(account.name)} of the pods`, awsRoleArn: annotations[AWS_ROLE_ANNOTATION] };
}

/**
 * Refuses a range of replicas of an autoscaler that is not two int32 counts, the fewest from `lowest` (1 for a
 * HorizontalPodAutoscaler, 0 for KEDA), at most the most.
 *
 * @param prefix the props' prefix, e.g. `autoscaling.`
 */
export function checkScalingRange(scope: IConstruct, prefix: string, minReplicas: number, maxReplicas: number, lowest: number): void {
  checkInt32(scope, `${prefix}minReplicas`, minReplicas, { min: lowest, what: 'a replica count: an integer' });
  checkInt32(scope, `${prefix}maxReplicas`, maxReplicas, { min: 1, what: 'a replica count: an integer' });
  if (minReplicas > maxReplicas) {
    throw inputError(scope, `${prefix}minReplicas`, minReplicas, `it is above maxReplicas (${maxReplicas})`, 'minReplicas at most maxReplicas');
  }
}
