import { ContainerOptions } from './app-container';
import { PodOptions } from './app-workload-props';
import { DaemonOptions } from './daemon-workload';
import { BatchOptions, JobOptions } from './job-options';
import { ReplicatedOptions } from './replicated-workload';
import { ScheduleOptions } from './scheduled-workload';
import { StatefulOptions } from './stateful-workload';
import { StatelessOptions } from './stateless-workload';
import { namesOf } from '../core/near-names';

/*
 * The names of the props of each shared options interface, for the code that forwards them (a pattern hands its
 * props to its workload) and for the tests that prove every one of them reaches the manifests. Each list is checked
 * against its interface when the library compiles: a prop added to an interface and not named here, or named here
 * and not in the interface, is a compile error. Internal (not exported from the package).
 */

export const CONTAINER_OPTIONS = namesOf<ContainerOptions>({
  command: true,
  args: true,
  workingDir: true,
  env: true,
  envFrom: true,
  ports: true,
  resources: true,
  preStopDelay: true,
  addCapabilities: true,
  volumeMounts: true,
  lifecycle: true,
  terminationMessagePolicy: true,
});

export const POD_OPTIONS = namesOf<PodOptions>({
  sidecars: true,
  initContainers: true,
  terminationGracePeriod: true,
  serviceAccount: true,
  mountServiceAccountToken: true,
  securityProfile: true,
  relax: true,
  userNamespace: true,
  nativeSidecars: true,
  runAsUser: true,
  runAsGroup: true,
  fsGroup: true,
  tmpVolume: true,
  volumes: true,
  nodeSelector: true,
  tolerations: true,
  priorityClassName: true,
  affinity: true,
  replicaAntiAffinity: true,
  runtimeClassName: true,
  dns: true,
  hostAliases: true,
  shareProcessNamespace: true,
  enableServiceLinks: true,
  podAnnotations: true,
  podLabels: true,
  pullSecrets: true,
  rollOnConfigChange: true,
});

export const REPLICATED_OPTIONS = namesOf<ReplicatedOptions>({
  replicas: true, autoscaling: true, eventScaling: true, minReady: true, disruptionBudget: true, spread: true,
});

export const STATELESS_OPTIONS: (keyof StatelessOptions)[] = [...REPLICATED_OPTIONS, ...namesOf<Omit<StatelessOptions, keyof ReplicatedOptions>>({
  strategy: true, progressDeadline: true, revisionHistoryLimit: true,
})];

export const STATEFUL_OPTIONS: (keyof StatefulOptions)[] = [...REPLICATED_OPTIONS, ...namesOf<Omit<StatefulOptions, keyof ReplicatedOptions>>({
  podManagementPolicy: true, partition: true,
})];

export const DAEMON_OPTIONS = namesOf<DaemonOptions>({
  maxUnavailable: true, maxSurge: true, minReady: true, tolerateAllTaints: true, hostNetwork: true,
});

export const JOB_OPTIONS = namesOf<JobOptions>({
  completions: true,
  parallelism: true,
  completionMode: true,
  backoffLimit: true,
  activeDeadline: true,
  ttlAfterFinished: true,
  restartPolicy: true,
  podReplacementPolicy: true,
});

export const BATCH_OPTIONS: (keyof BatchOptions)[] = [...JOB_OPTIONS, ...namesOf<Omit<BatchOptions, keyof JobOptions>>({
  deleteAfterFinished: true,
})];

export const SCHEDULE_OPTIONS = namesOf<ScheduleOptions>({
  schedule: true,
  timeZone: true,
  concurrencyPolicy: true,
  startingDeadline: true,
  suspend: true,
  successfulJobsHistory: true,
  failedJobsHistory: true,
});

/**
 * The props of `names` that `props` gives (those not undefined), in a new object: what a pattern forwards of one
 * options interface.
 */
export function optionsOf<T extends object, K extends keyof T>(props: T, names: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const name of names) {
    if (props[name] !== undefined) {
      picked[name] = props[name];
    }
  }
  return picked as Pick<T, K>;
}
