import { Duration } from 'cdk8s';

/**
 * The kind of controller an application's pods run under, for the metrics that describe it.
 */
export enum WorkloadKind {
  /** A Deployment (kube-state-metrics `kube_deployment_*`). */
  DEPLOYMENT = 'Deployment',
  /** A StatefulSet (`kube_statefulset_*`). */
  STATEFUL_SET = 'StatefulSet',
  /** A DaemonSet (`kube_daemonset_*`). */
  DAEMON_SET = 'DaemonSet',
  /** A Job (`kube_job_*`). */
  JOB = 'Job',
  /** A CronJob (`kube_cronjob_*`). */
  CRON_JOB = 'CronJob',
}

/**
 * What the alert rules and the dashboard of an application need to know about it: where it runs, what its pods
 * are called, what it stores, and how it is scraped and probed. The monitoring constructs fill it from the
 * application's constructs; it can be written by hand for an application made otherwise.
 */
export interface MonitoredApplication {
  /** The name of the application (the `app.kubernetes.io/name` label), for alert labels and titles. */
  readonly name: string;

  /** The namespace of the application. */
  readonly namespace: string;

  /** The kind of controller. */
  readonly workloadKind: WorkloadKind;

  /** The name of the controller object (Deployment, StatefulSet, ...). */
  readonly workloadName: string;

  /**
   * The names of all the controller objects of the application, when it has several of `workloadKind` (the
   * tracks of a blue/green or canary release): the alerts and the dashboard cover them all, whichever is active.
   *
   * @default - [workloadName]
   */
  readonly workloadNames?: string[];

  /**
   * A regular expression (RE2, as PromQL reads it) that matches the names of the application's pods and nothing
   * else, e.g. `web-[a-z0-9]+-[a-z0-9]{5}` for a Deployment named `web` ({@link AppMonitoring} derives a stricter one,
   * in the alphabet of the names Kubernetes generates, so that the pods of `web-api` are not taken for `web`'s).
   */
  readonly podNamePattern: string;

  /**
   * The names of the containers of the application's pods (main and sidecars).
   *
   * @default - every container of the pods
   */
  readonly containerNames?: string[];

  /**
   * The names of the containers that run in the pods' `initContainers`: init containers, and native sidecars.
   * kube-state-metrics counts their restarts and waiting reasons apart (`kube_pod_init_container_status_restarts_total`,
   * `kube_pod_init_container_status_waiting_reason`), so the restart and crash-loop alerts read those series too
   * when there are any.
   *
   * @see https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/workload/pod-metrics.md
   * @default - none
   */
  readonly initContainerNames?: string[];

  /**
   * Regular expressions (RE2, as PromQL reads them) of the names of the PersistentVolumeClaims the application writes
   * (e.g. `data-mysql-[0-9]+` for per-replica storage).
   *
   * @default - none
   */
  readonly claimNamePatterns?: string[];

  /**
   * The `job` labels of the black-box probes of the application (the `jobName` of its Probe resources).
   *
   * @default - none
   */
  readonly blackboxJobs?: string[];

  /**
   * The PromQL label matchers that select the application's scrape targets in the `up` metric, e.g.
   * `namespace="shop", service="web"`: `name op "value"`, comma-separated (op one of `=`, `!=`, `=~`, `!~`; the value
   * double-quoted, with Go escapes; a regular expression that RE2 compiles for `=~` and `!~`).
   *
   * @default - the application is not scraped
   */
  readonly scrapeTargetMatchers?: string;

  /**
   * Whether the kubelet restarts the containers of the pods: false for a Job's pods with restartPolicy Never, which the
   * Job replaces instead; then no PodRestarting or PodCrashLooping rule is derived, as neither could fire.
   *
   * @default true
   */
  readonly containersRestart?: boolean;

  /**
   * The longest time between two runs of a CronJob (`CronSchedule.longestInterval()` of its schedule), from which the
   * default threshold of `CronJobNotSucceeding` is derived.
   *
   * @default - not known: the threshold is 26 hours unless `thresholds.cronJobMaxAge` says
   */
  readonly longestRunInterval?: Duration;

  /**
   * The name of a counter of the application's requests (e.g. `http_requests_total`), for a request rate panel.
   *
   * @default - no request rate
   */
  readonly requestCounter?: string;
}
