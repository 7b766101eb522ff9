import { MonitoredApplication, WorkloadKind } from './monitored-application';
import { GENERATED_NAME_BASE_MAX } from '../core/generated-names';
import { escapeRegex } from '../core/promql';
import { AppWorkload } from '../workload/app-workload';
import { BatchWorkload } from '../workload/batch-workload';
import { DaemonWorkload } from '../workload/daemon-workload';
import { ScheduledWorkload } from '../workload/scheduled-workload';
import { StatefulWorkload } from '../workload/stateful-workload';

/*
 * Names that the monitoring constructs derive from the workloads (internal).
 */


/** The named ports of the workload's main container, in order. */
export function mainContainerPorts(workload: AppWorkload): string[] {
  const main = workload.workload.containers.find((c) => c.name === workload.mainContainerName);
  return (main?.ports ?? []).filter((p) => p.name !== undefined).map((p) => p.name!);
}

/** The kind of controller of a workload. */
export function workloadKindOf(workload: AppWorkload): WorkloadKind {
  if (workload instanceof StatefulWorkload) {
    return WorkloadKind.STATEFUL_SET;
  }
  if (workload instanceof DaemonWorkload) {
    return WorkloadKind.DAEMON_SET;
  }
  if (workload instanceof BatchWorkload) {
    return WorkloadKind.JOB;
  }
  if (workload instanceof ScheduledWorkload) {
    return WorkloadKind.CRON_JOB;
  }
  return WorkloadKind.DEPLOYMENT;
}

/**
 * The characters of the random and hashed parts of generated names (Kubernetes' `util/rand` alphabet, without vowels
 * and without 0, 1 and 3): the 5-character suffix of `generateName`, and a Deployment's `pod-template-hash`.
 */
const GENERATED = '[bcdfghjklmnpqrstvwxz2456789]';

/**
 * A regular expression of the names the controller gives the workload's pods: `<name>-<pod-template-hash>-<5>`
 * for a Deployment (the hash is the encoded decimal digits of a 32-bit number: 1 to 10 characters),
 * `<name>-<ordinal>` for a StatefulSet, `<name>-<5>` for a DaemonSet or a Job, `<name>-<scheduled time in
 * minutes>-<5>` for a CronJob's Jobs. Made of the alphabet of generated names, so that it does not match the pods of a
 * workload whose name starts with this one's (`web-api-x2k4q` is not a pod of the Deployment `web`). The API server
 * cuts what comes before the 5 random characters to 58 characters: the pods of a long name lose the end of the hash
 * (or of the time) and its dash, and the pattern says so.
 */
export function podNamePattern(workload: AppWorkload): string {
  const prefix = `${workload.name}-`;
  switch (workloadKindOf(workload)) {
    case WorkloadKind.STATEFUL_SET: return `${escapeRegex(workload.name)}-[0-9]+`;
    case WorkloadKind.DAEMON_SET:
    case WorkloadKind.JOB: return generatedNamePattern(prefix);
    case WorkloadKind.CRON_JOB: return generatedNamePattern(prefix, { char: '[0-9]', max: 10 });
    default: return generatedNamePattern(prefix, { char: GENERATED, max: 10 });
  }
}

/**
 * A regular expression of the names that the API server generates from the base `<prefix><middle>-`, where the middle
 * part is 1 to `max` characters of a class: the base cut to 58 characters, then 5 random characters. When the cut
 * may fall in the middle part or its dash, the pattern takes either form (`web-7d9f8b6c5d-x2x4z`, `…-7d9fx2x4z`).
 */
function generatedNamePattern(prefix: string, middle?: { readonly char: string; readonly max: number }): string {
  const random = `${GENERATED}{5}`;
  const room = GENERATED_NAME_BASE_MAX - prefix.length;
  if (middle === undefined || room <= 0) {
    return `${escapeRegex(prefix.slice(0, GENERATED_NAME_BASE_MAX))}${random}`;
  }
  if (room > middle.max) {
    return `${escapeRegex(prefix)}${middle.char}{1,${middle.max}}-${random}`;
  }
  const whole = room > 1 ? `${middle.char}{1,${room - 1}}-|` : '';
  return `${escapeRegex(prefix)}(?:${whole}${middle.char}{${room}})${random}`;
}

/** The units of Prometheus durations larger than a second, largest first, with their length in seconds. */
const PROM_UNITS: readonly [string, number][] = [['d', 86400], ['h', 3600], ['m', 60]];

/** A duration in whole seconds as Prometheus writes it, in its largest whole unit: `1d`, `2h`, `90m`, `30s`. */
export function promDuration(seconds: number): string {
  if (seconds > 0) {
    for (const [unit, length] of PROM_UNITS) {
      if (seconds % length === 0) {
        return `${seconds / length}${unit}`;
      }
    }
  }
  return `${seconds}s`;
}

/** A PromQL double-quoted string literal of the text. */
export function promString(text: string): string {
  if (!/[\\"\n]/.test(text)) {
    return `"${text}"`;
  }
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}


/** The names of the application's controller objects: `workloadNames`, else `workloadName`. */
export function workloadNamesOf(app: MonitoredApplication): string[] {
  return app.workloadNames !== undefined && app.workloadNames.length > 0 ? app.workloadNames : [app.workloadName];
}

/**
 * A URL in one form for comparison: scheme and host in lowercase, without the scheme's default port (80 for http, 443
 * for https), and with the path `/` when it has none. `HTTPS://Shop.example.com:443` is `https://shop.example.com/`.
 */
export function normalizeUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!match) {
    return url;
  }
  const scheme = match[1].toLowerCase();
  let host = match[2].toLowerCase();
  const defaultPort = scheme === 'http' ? ':80' : scheme === 'https' ? ':443' : undefined;
  if (defaultPort !== undefined && host.endsWith(defaultPort)) {
    host = host.slice(0, -defaultPort.length);
  }
  const rest = match[3] === '' || /^[?#]/.test(match[3]) ? `/${match[3]}` : match[3];
  return `${scheme}://${host}${rest}`;
}
