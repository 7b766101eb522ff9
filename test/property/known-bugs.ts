/**
 * Bugs that the property tests found and that are reported but not fixed yet.
 *
 * The arbitraries leave out exactly the inputs that hit one of these bugs (`withoutKnownBug`), so that the
 * properties keep testing everything else in CI. Generate them again with `APPFLOW_PROPERTY_KNOWN_BUGS=all` (or a
 * comma-separated list of ids) to see a bug's counterexample; once a bug is fixed, delete its entry here and the
 * properties test its inputs for good.
 */
import * as fc from 'fast-check';

export const KNOWN_BUGS = {
  /**
   * `checkSeconds` (src/core/errors.ts) calls cdk8s' `Duration.toMilliseconds()` unguarded: a duration of NaN or
   * Infinity seconds, or one that is not a whole number of milliseconds (`Duration.millis(0.5)`), throws cdk8s'
   * plain Error "'NaN seconds' cannot be converted into a whole number of millis." without construct or prop.
   */
  'duration-not-whole-millis': 'checkSeconds lets cdk8s throw for NaN, Infinity and sub-millisecond durations',
  /**
   * `checkPodContainers` (src/workload/container-checks.ts) skips the ports of init containers, so two ports of
   * the same name (or number and protocol) in one init container reach cdk8s-plus-27, which throws the plain
   * Error "Port with name http already exists".
   */
  'init-container-duplicate-ports': 'duplicate port names or numbers within one init container are not refused',
  /**
   * Counts and durations that Kubernetes stores as int32 (replicas, revisionHistoryLimit, partition, completions,
   * parallelism, backoffLimit, the job history limits, autoscaling min/maxReplicas, minReadySeconds,
   * progressDeadlineSeconds, ttlSecondsAfterFinished, the probe timings and thresholds, including the startup
   * probe's failureThreshold derived from `slowStart`) or int64 (terminationGracePeriodSeconds,
   * activeDeadlineSeconds, startingDeadlineSeconds) are checked by `checkInteger`/`checkSeconds` without an upper
   * bound: 2^31 (or 2^63 seconds) passes, and the strict validator refuses the output ("is out of the int32
   * range").
   */
  'integer-range': 'counts and seconds are not bounded to the int32/int64 range of their Kubernetes field',
  /**
   * `TopologySpread` options are not checked at all: a fractional `maxSkew` reaches the output (the validator
   * refuses it: "expected an integer"); a `maxSkew` of 0 or below, and an empty or invalid `topologyKey` of
   * `byNodeLabel`, pass the validator but the API server refuses them.
   */
  'topology-spread-unchecked': 'TopologySpread maxSkew and topologyKey are not checked',
  /**
   * `spread` with two entries of one topology key and the same `required` (e.g. `[TopologySpread.acrossNodes(),
   * TopologySpread.acrossNodes()]`) reaches the output, which the validator refuses: "topologySpreadConstraints[1]:
   * duplicates item [0]: items are keyed by topologyKey + whenUnsatisfiable".
   */
  'spread-duplicates': 'duplicate topology spreads (same key and whenUnsatisfiable) are not refused',
  /**
   * `StorageVolume.fromExistingClaim(name, claim, { accessModes })` does not check `accessModes`: a value that is
   * not a list (`'ReadWriteOnce'` instead of `['ReadWriteOnce']`) makes `mountIn` throw the TypeError
   * "modes.every is not a function" (src/persistence/claim-checks.ts isSingleNode); unknown modes pass unnoticed.
   */
  'existing-claim-access-modes': 'fromExistingClaim accessModes are not checked',
  /**
   * `checkClaimSize` (src/persistence/claim-checks.ts) and the memory and ephemeral-storage checks of container
   * resources (`checkWhole`, src/workload/container-checks.ts) call cdk8s' `Size.toKibibytes()` unguarded: a size
   * of NaN or Infinity, or one that is not a whole number of kibibytes, throws cdk8s' plain Error "'Infinity
   * gibibytes' cannot be converted into a whole number of kibibytes." without construct or prop.
   */
  'size-not-whole-kibibytes': 'claim sizes and container memory/storage let cdk8s throw for NaN, Infinity and fractional KiB',
  /**
   * `StorageVolume.scratch(name, { sizeLimit })` does not check `sizeLimit`: cdk8s-plus-27 writes it in whole
   * mebibytes and throws cdk8s' plain Error "'1 kibibytes' cannot be converted into a whole number of mebibytes."
   * from `mountIn` for a size that is not a whole number of mebibytes (or NaN, Infinity). Also reached by the
   * `scratch` mounts of the patterns.
   */
  'scratch-size-limit': 'scratch volume sizeLimit is not checked',
  /**
   * `ProjectedSource.serviceAccountToken(path, audience, expiration)` calls cdk8s' `expiration.toSeconds()` when it
   * is made: a duration that is not whole seconds (`Duration.millis(1500)`) throws cdk8s' plain Error "'1500 millis'
   * cannot be converted into a whole number of seconds." (no construct, no prop); the expiration could be kept and
   * checked with `checkSeconds` in `mountIn`, where the other projected-source checks are.
   */
  'projected-token-expiration': 'ProjectedSource.serviceAccountToken expiration in fractional seconds throws a cdk8s error',
  /**
   * The `defaultMode` of ConfigMap, Secret and projected volumes (`StorageVolume.fromConfigMap/fromSecret/projected`)
   * is not checked: a fractional mode reaches the output (the validator refuses it: "expected an integer"); a
   * negative mode or one above 0777 passes the validator, but the API server refuses it.
   */
  'volume-default-mode': 'defaultMode of config and projected volumes is not checked',
  /**
   * `ConfigFiles` with a file (or key) named like a property of `Object.prototype` (`constructor`, `toString`,
   * `valueOf`, `__proto__`...), which Kubernetes accepts as a ConfigMap key: cdk8s-plus-27's ConfigMap checks keys
   * with `key in data` and throws its plain Error "unable to add a ConfigMap entry with key "constructor". It is
   * already used".
   */
  'config-key-object-prototype': 'ConfigFiles keys named like Object.prototype properties make cdk8s-plus-27 throw',
  /**
   * `AppWorkload.mountVolume` (and `StorageVolume.mountIn`) with `containers` that names one container twice
   * (`['web', 'web']`): the mount-path check runs before either mount, so the container gets two mounts at the same
   * path, which the validator refuses ("is already mounted by volumeMounts[1]").
   */
  'mount-duplicate-containers': 'mountVolume mounts twice into a container named twice in `containers`',
  /**
   * `PlatformDefaults.set(scope, { imageRegistry })` accepts a registry with a port above 65535
   * (`registry.example.com:99999`): the check is a regex of up to 5 digits. The first workload below then throws
   * ImageReference's plain Error "invalid image reference "registry.example.com:99999/library/nginx:1.27.3": the
   * registry port 99999 is not from 1 to 65535" (no construct, no prop) when it prefixes its image.
   */
  'registry-port-range': 'platform default imageRegistry accepts ports above 65535',
  /**
   * `AppIngress` reads `backend.service.service` before `backendPort` checks that `backend.service` is an
   * AppService: a backend (in `rules[i].paths[j].backend`, `defaultBackend` or `nginxCanary`) whose service is
   * null or undefined throws the TypeError "Cannot read properties of null (reading 'service')" (and the canary's
   * controller check reads `canary.service.name` first).
   */
  'ingress-backend-service-null': 'AppIngress dereferences a null backend service before checking it',
  /**
   * `AppIngress`'s `application` prop (the name of the published URL file) is not checked, unlike AppRoute's
   * (a DNS-1123 subdomain): synth writes `urls/<application>.txt` for any string, so `""` writes `urls/.txt`,
   * `"a/b"` a nested file and `"../../escape"` a file outside the output folder.
   */
  'ingress-application-unchecked': 'AppIngress application is not checked and names the URL file',
  /**
   * An Ingress rule for the host `constructor` (a valid host name): cdk8s-plus-27's `Ingress.addHostRule` keeps the
   * rules in a plain object keyed by host, finds `Object.prototype.constructor` there and throws the TypeError
   * "routes.find is not a function". AppIngress (and AppPublication with an Ingress) should work around it or refuse
   * the host with a house error.
   */
  'ingress-host-constructor': 'an Ingress host named "constructor" makes cdk8s-plus-27 throw a TypeError',
  /**
   * A pattern's `claims` with two entries of one name: the second `PersistentClaim` gets the construct id of the
   * first (`Claim-<name>`), and constructs throws its plain Error "There is already a Construct with name
   * 'Claim-uploads' in ScheduledJob [App]".
   */
  'pattern-duplicate-claims': 'duplicate claim names of a pattern make constructs throw',
  /**
   * `HealthProbe.exec(command)` with a command that is not a list (e.g. `-1` or `'pg_isready'`): the check is
   * `!command || command.length === 0`, which a number or a string passes, and cdk8s-plus-27 throws the TypeError
   * "obj.command?.map is not a function" at synth.
   */
  'probe-exec-command-type': 'HealthProbe.exec command that is not a list makes cdk8s-plus-27 throw a TypeError',
  /**
   * `MetricsScrape` (and `AppMonitoring` metrics) accepts a relabeling `action` in any case (it checks
   * `action.toLowerCase()`), and writes it as given: `"REPLACE"` reaches the ServiceMonitor/PodMonitor, whose CRD
   * accepts only "replace" or "Replace" (the validator: "is not one of ...").
   */
  'relabel-action-case': 'relabeling actions are checked case-insensitively but written as given',
  /**
   * `MonitoredApplication.scrapeTargetMatchers` is put into PromQL as it is: AlertRules only refuses braces and a
   * namespace matcher of another namespace, AppDashboard only an empty value, so matchers that are not PromQL
   * (`مرحبا`, `service="web`, `service=web`; and for the dashboard `{service="web"}`) give a TargetDown alert
   * (`up{namespace="shop", مرحبا} == 0`) and a "Scrape targets up" panel (`up{مرحبا}`) that Prometheus cannot parse.
   */
  'scrape-target-matchers-unparsed': 'scrapeTargetMatchers are not parsed as PromQL label matchers',
  /**
   * `MonitoredApplication.podNamePattern` and `claimNamePatterns` are regular expressions put into PromQL `=~`
   * matchers, and are only checked to be non-empty: `"("` gives `pod=~"("`, which Prometheus refuses when it loads
   * the rule ("error parsing regexp: missing closing )"), in every alert rule and every dashboard panel.
   */
  'name-pattern-regex': 'podNamePattern and claimNamePatterns are not checked to be regular expressions',
  /**
   * A map with the key `constructor` (a valid label key, annotation key and Prometheus label name) in any map the
   * library writes into an object (`podAnnotations`, `nodeSelector`, Ingress `annotations`, AlertRules `labels` and
   * `alertLabels`, `prometheusSelectorLabels`, `dashboardLabels`, `podsWithLabels`...): cdk8s' `sanitizeValue` reads
   * `obj.constructor.name` and throws its plain Error "Failed serializing construct at path 'prop/Alerts/Resource'
   * with name 'a-alerts': Error: can't render non-simple object of type 'undefined'". A cdk8s bug that the library
   * should refuse (or work around) with a house error naming the prop.
   */
  'constructor-key': 'a map key "constructor" makes cdk8s fail to serialize the object',
  /**
   * `tolerations` (of every workload and pattern) are passed through unchecked: a fractional `tolerationSeconds`
   * reaches the output (the validator refuses it: "expected an integer"); an `operator` or `effect` that is not one
   * of Kubernetes' values ('Bogus'), an invalid `key`, or a `value` with operator Exists pass the validator, but the
   * API server refuses them.
   */
  'tolerations-unchecked': 'tolerations are not checked',
  /**
   * `AppIngress` with `nginxCanary` and only a `defaultBackend` (no rules): the canary Ingress is made without a
   * default backend (`makeIngress(..., undefined)`), so it has neither rules nor a default backend, and
   * cdk8s-plus-27's validation throws its plain Error "Validation failed with the following errors:
   * [prop/Ingress/Canary] ingress with no rules or default backend" at synth.
   */
  'ingress-canary-default-backend': 'an nginx canary of an Ingress with only a default backend has nothing to route',
} as const;

export type KnownBug = keyof typeof KNOWN_BUGS;

const included = new Set((process.env.APPFLOW_PROPERTY_KNOWN_BUGS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** Whether the inputs of a known bug are left out of the arbitraries (the default). */
export function leftOut(bug: KnownBug): boolean {
  return !included.has('all') && !included.has(bug);
}

/** The arbitrary without the values that hit a known bug (unless the bug's inputs are asked for). */
export function withoutKnownBug<T>(bug: KnownBug, arbitrary: fc.Arbitrary<T>, hitsBug: (value: T) => boolean): fc.Arbitrary<T> {
  return leftOut(bug) ? arbitrary.filter((value) => !hitsBug(value)) : arbitrary;
}
