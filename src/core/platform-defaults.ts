import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { ClusterCapabilities } from './cluster-capabilities';
import { checkPrerequisitesAt } from './cluster-prerequisites';
import { checkList, constructPathOf, inputError, kindOfValue } from './errors';
import { DEFAULT_KUBERNETES_VERSION } from './kubernetes-version';
import { misspeltName } from './near-names';
import { validateValues } from './platform-checks';
import { PlatformDefaultsProps, PlatformDefaultValues, PlatformSetting } from './platform-settings';
import { quantityValue } from './quantity';
import { SecurityProfile } from './security-profile';


/** The platform defaults set on each scope, kept beside the scope (never on it). */
const STATES = new WeakMap<IConstruct, ScopeState>();

interface ScopeState {
  /** The values set on this scope (merged over several `set` calls). */
  values: Record<string, unknown>;
  /** The settings switched off on this scope. */
  switchedOff: Set<string>;
  /** The defaults that apply at this scope (the scopes above, then this one), when `generation` is current. */
  merged?: Readonly<Record<string, unknown>>;
  generation?: number;
}

/** What applies when no scope sets anything. */
const BUILT_IN: Readonly<Record<string, unknown>> = Object.freeze({
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  securityProfile: SecurityProfile.RESTRICTED,
  blackboxModule: 'http_2xx',
  dashboardLabels: { grafana_dashboard: '1' },
  topologyDiagram: true,
  publishedUrlFiles: true,
});
/** What a switched-off setting becomes, when it is not simply absent. */
const WHEN_SWITCHED_OFF: Record<string, unknown> = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  securityProfile: SecurityProfile.PRIVILEGED,
  topologyDiagram: false,
  publishedUrlFiles: false,
};

const SETTINGS = new Set<string>(Object.values(PlatformSetting));

/**
 * Organisation-wide defaults and policies (registry, allowed registries, ingress class, TLS issuer, storage
 * class, resource requests and limits, security profile, monitoring mode), set once on an App, a Chart or
 * any construct, and read by every cdk8s-appflow construct below it.
 *
 * The nearest scope wins, setting by setting: a Chart's defaults override the App's, a construct's override
 * its Chart's. Any setting can be switched off in a scope with `switchOff`, and every construct's own props
 * override the defaults.
 *
 * Defaults must be set on a scope before anything under it reads them: a construct reads them when it is
 * made, so setting them afterwards would silently not apply, and is refused.
 *
 * @example
 * const app = new App();
 * PlatformDefaults.set(app, {
 *   imageRegistry: 'registry.example.com',
 *   ingressClassName: 'nginx',
 *   tlsIssuer: TlsIssuer.clusterIssuer('letsencrypt-prod'),
 *   cpuRequest: Cpu.millis(100),
 *   memoryLimit: Size.mebibytes(512),
 * });
 * const batch = new Chart(app, 'batch');
 * PlatformDefaults.set(batch, { switchOff: [PlatformSetting.MEMORY_LIMIT] });
 */
export class PlatformDefaults {
  /**
   * Sets platform defaults on a scope, for everything under it.
   *
   * Calling it again on the same scope merges: settings given again replace the earlier ones.
   *
   * @param scope the App, Chart or construct the defaults apply to
   * @param defaults the settings, and the settings to switch off
   * @throws when a value is invalid, when a setting is both given and switched off, or when something under
   * the scope already read the defaults
   */
  public static set(scope: IConstruct, defaults: PlatformDefaultsProps): void {
    // An untyped caller's string or list would read as settings named "0", "1"...
    if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) {
      throw inputError(scope, 'platform defaults', defaults, `it is ${kindOfValue(defaults)}, not an object`,
        'the settings, e.g. PlatformDefaults.set(app, { ingressClassName: "nginx" })');
    }
    // Usually nothing is under the scope yet: a Chart sets its defaults in its constructor.
    const reader = scope.node.findAll().find((c) => READERS.has(c));
    if (reader !== undefined) {
      throw inputError(scope, 'platform defaults', defaults,
        `${constructPathOf(reader)} already read the platform defaults of this scope, so new defaults would not apply to it`,
        'platform defaults set on a scope before the constructs under it are made');
    }
    const state = stateOf(scope, true)!;
    // Whatever changes below makes the merged defaults read so far stale (even if a check refuses it halfway).
    generation++;
    const { switchOff, ...values } = defaults;
    checkList(scope, 'platformDefaults.switchOff', switchOff, 'a list of platform settings, e.g. [PlatformSetting.CPU_LIMIT]', 'string');
    for (const setting of switchOff ?? []) {
      if (!SETTINGS.has(setting)) {
        throw inputError(scope, 'platformDefaults.switchOff', setting, `it is not a platform setting${didYouMean(setting)}`,
          `one of ${[...SETTINGS].map((s) => JSON.stringify(s)).join(', ')}`);
      }
      if ((values as Record<string, unknown>)[setting] !== undefined) {
        throw inputError(scope, `platformDefaults.${setting}`, (values as Record<string, unknown>)[setting],
          'the same setting is also switched off in `switchOff`', 'either a value or the setting in `switchOff`, not both');
      }
    }
    validateValues(scope, values);
    if (values.cluster !== undefined && scope.node.scope !== undefined && !Chart.isChart(scope)) {
      throw inputError(scope, 'platformDefaults.cluster', values.cluster, 'it is set on a construct that is neither the App nor a Chart',
        'the cluster on the App or on a Chart (a chart is applied to one cluster, and is checked against it as a whole)');
    }
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) {
        continue;
      }
      if (!SETTINGS.has(key)) {
        throw inputError(scope, `platformDefaults.${key}`, value, `it is not a platform setting${didYouMean(key)}`,
          `one of ${[...SETTINGS].map((s) => JSON.stringify(s)).join(', ')}`);
      }
      state.values[key] = key === PlatformSetting.CLUSTER ? frozenCapabilities(value as ClusterCapabilities) : frozenCopy(value);
      state.switchedOff.delete(key);
    }
    for (const setting of switchOff ?? []) {
      delete state.values[setting];
      state.switchedOff.add(setting);
    }
    if (values.cluster !== undefined) {
      // The charts that this scope's cluster applies to (not set again, nor switched off, below) are checked at synth.
      const path = constructPathOf(scope);
      checkPrerequisitesAt(scope, (chart) => (PlatformDefaults.originOf(chart, PlatformSetting.CLUSTER) === path
        ? PlatformDefaults.peek(chart).cluster
        : undefined), () => generation);
    }
  }

  /**
   * The platform defaults that apply to a construct: each setting from the nearest scope that sets it or
   * switches it off, or the built-in default, as a frozen read-only view (its lists too).
   *
   * Reading marks the scopes above as read, so that defaults set on them later are refused rather than
   * silently ignored. Code that runs at synthesis reads them with `peek`.
   *
   * @param scope the construct that reads its defaults
   * @throws when the merged defaults contradict each other (e.g. a CPU request above the CPU limit)
   */
  public static of(scope: IConstruct): PlatformDefaultValues {
    const merged = mergedOf(scope);
    READERS.add(scope);
    if (!WITHIN_LIMITS.has(merged)) {
      checkRequestWithinLimit(scope, merged, 'cpuRequest', 'cpuLimit', (c) => quantityValue((c as kplus.Cpu).amount));
      checkRequestWithinLimit(scope, merged, 'memoryRequest', 'memoryLimit', (s) => (s as Size).toKibibytes());
      WITHIN_LIMITS.add(merged);
    }
    return merged as PlatformDefaultValues;
  }

  /**
   * The platform defaults that apply to a construct, as a frozen read-only view, read without marking the scopes
   * above as read (a default set later still applies to the next synthesis) and without checking requests against
   * limits: for code that runs at synthesis, such as the topology picture, the published URL files and the
   * works-when-applied checks of `AppSynthesis`. Constructs read theirs with `of`.
   *
   * @param scope the construct whose defaults to read
   */
  public static peek(scope: IConstruct): PlatformDefaultValues {
    return mergedOf(scope) as PlatformDefaultValues;
  }

  /**
   * Where the value of a setting that applies to a construct comes from.
   *
   * @param scope the construct that reads its defaults
   * @param setting the setting
   * @returns the path of the scope that sets the value or switches it off (`<root>` for the App),
   * `"built-in"` for a built-in default, or `undefined` when nothing sets it
   */
  public static originOf(scope: IConstruct, setting: PlatformSetting): string | undefined {
    let origin: string | undefined = setting in BUILT_IN ? 'built-in' : undefined;
    for (const ancestor of scope.node.scopes) {
      const state = stateOf(ancestor, false);
      if (state && (setting in state.values || state.switchedOff.has(setting))) {
        origin = constructPathOf(ancestor);
      }
    }
    return origin;
  }

  private constructor() {}
}

/** The constructs that read their defaults (`of`): a scope above them no longer takes new defaults. */
const READERS = new WeakSet<IConstruct>();
/** Merged objects whose requests were checked against their limits (the check depends on the values only). */
const WITHIN_LIMITS = new WeakSet<object>();
/** Bumped by every `set`, which makes every merged object kept so far stale. */
let generation = 0;

/**
 * The defaults that apply to a construct: those of the nearest scope (the construct itself or above) that sets
 * any. Each such scope keeps its merged defaults until the next `set`; the merged objects are never changed.
 */
function mergedOf(construct: IConstruct): Readonly<Record<string, unknown>> {
  for (let scope: IConstruct | undefined = construct; scope !== undefined; scope = scope.node.scope) {
    const state = stateOf(scope, false);
    if (state === undefined) {
      continue;
    }
    if (state.merged !== undefined && state.generation === generation) {
      return state.merged;
    }
    const parent = scope.node.scope;
    const own: Record<string, unknown> = { ...(parent === undefined ? BUILT_IN : mergedOf(parent)) };
    for (const setting of state.switchedOff) {
      if (setting in WHEN_SWITCHED_OFF) {
        own[setting] = WHEN_SWITCHED_OFF[setting];
      } else {
        delete own[setting];
      }
    }
    for (const [key, value] of Object.entries(state.values)) {
      own[key] = Array.isArray(value) ? Object.freeze([...value]) : value;
    }
    // Frozen: `of` and `peek` hand it out as it is.
    state.merged = Object.freeze(own);
    state.generation = generation;
    return own;
  }
  return BUILT_IN;
}

/**
 * A setting's value as the defaults keep it: a list copied and frozen, so that a change the caller makes to its own
 * list afterwards (which no `set` would see) changes nothing.
 */
function frozenCopy(value: unknown): unknown {
  return Array.isArray(value) ? Object.freeze([...value]) : value;
}

/**
 * The cluster's capabilities as the defaults keep them: copied and frozen with their lists, as lists are (the check at
 * synth is made again only when the defaults or the app change, not when the caller's own object does).
 */
function frozenCapabilities(capabilities: ClusterCapabilities): ClusterCapabilities {
  return Object.freeze(Object.fromEntries(Object.entries(capabilities).map(([k, v]) => [k, frozenCopy(v)])));
}

function stateOf(scope: IConstruct, create: boolean): ScopeState | undefined {
  let state = STATES.get(scope);
  if (state === undefined && create) {
    state = { values: {}, switchedOff: new Set<string>() };
    STATES.set(scope, state);
  }
  return state;
}


function checkRequestWithinLimit(
  scope: IConstruct, resolved: Record<string, unknown>, request: string, limit: string, amount: (v: unknown) => number,
): void {
  const r = resolved[request];
  const l = resolved[limit];
  if (r === undefined || l === undefined || amount(r) <= amount(l)) {
    return;
  }
  const describe = (v: unknown) => (v instanceof Size ? `${v.toKibibytes()}Ki` : (v as kplus.Cpu).amount);
  throw inputError(scope, `platformDefaults.${request}`, describe(r),
    `it is above the ${limit} ${describe(l)} (${request} set at ${PlatformDefaults.originOf(scope, request as PlatformSetting)}, ${limit} at ${PlatformDefaults.originOf(scope, limit as PlatformSetting)})`,
    `a ${request} at most the ${limit}; lower the request, raise the limit, or switch the limit off with \`switchOff\``);
}

/** ` (did you mean ingressClassName?)` for a setting misspelt, else nothing. */
function didYouMean(name: string): string {
  const meant = misspeltName(name, [...SETTINGS]);
  return meant === undefined ? '' : ` (did you mean ${meant}?)`;
}
