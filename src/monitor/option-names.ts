import type { AlertRulesOptions, AlertThresholds } from './alert-rules';
import type { AppMetricsOptions } from './app-monitoring';
import { namesOf } from '../core/near-names';

/*
 * The names of the options of the monitoring, for the code that reads them by name: AppMonitoring, which reports a
 * refusal of its parts against the option written (`metrics.portName`), and the patterns, which tell a misspelt one
 * of an untyped caller. Each list is checked against its interface when the library compiles. Internal.
 */

export const METRICS_OPTIONS = namesOf<AppMetricsOptions>({
  portName: true,
  mode: true,
  path: true,
  interval: true,
  scrapeTimeout: true,
  scheme: true,
  tlsServerName: true,
  insecureSkipVerify: true,
  relabelings: true,
  name: true,
  requestCounter: true,
});

export const ALERT_RULES_OPTIONS = namesOf<AlertRulesOptions>({
  name: true, thresholds: true, disable: true, severities: true, labels: true, alertLabels: true, runbookUrlTemplate: true,
});

export const ALERT_THRESHOLDS = namesOf<AlertThresholds>({
  restarts: true, restartWindow: true, unavailableFor: true, cronJobMaxAge: true, volumeUsedRatio: true, probeFailingFor: true, targetDownFor: true,
});
