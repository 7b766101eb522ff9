/*
 * The vocabulary of monitoring (step 6) that platform defaults set. Declared in core/ because `PlatformDefaultValues`
 * names it, and core/ imports no step.
 */
/**
 * How Prometheus finds an application's metrics endpoint.
 */
export enum MonitoringMode {
  /** A ServiceMonitor (Prometheus operator) that scrapes the application's Service. */
  SERVICE_MONITOR = 'service-monitor',
  /** A PodMonitor (Prometheus operator) that scrapes the pods directly, e.g. for Jobs and DaemonSets. */
  POD_MONITOR = 'pod-monitor',
  /** The `prometheus.io/scrape`, `prometheus.io/port` and `prometheus.io/path` pod annotations. */
  ANNOTATIONS = 'annotations',
  /** No scraping configuration. */
  NONE = 'none',
}
