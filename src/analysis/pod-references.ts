import { arrayOf, isObject, joinPath } from './objects';
import { containersOf, PodTemplate } from './pods';

/*
 * What a pod reads by name besides its image: the ConfigMaps and Secrets of its environment, volumes and pull
 * credentials, and the ServiceAccount it runs as. Names only: nothing here reads the data of a Secret.
 */

/**
 * How a pod reads a ConfigMap or Secret: `env`, one key as an environment variable (`env[].valueFrom.configMapKeyRef`
 * or `secretKeyRef`); `envFrom`, every key as environment variables (`envFrom[].configMapRef` or `secretRef`);
 * `volume`, keys as files (a `configMap` or `secret` volume, or a source of a `projected` volume); `imagePull`, the
 * credentials to pull images with (`imagePullSecrets`).
 */
export type ConfigUse = 'env' | 'envFrom' | 'volume' | 'imagePull';

/** A ConfigMap or Secret that a pod reads, and how. */
export interface ConfigReference {
  readonly kind: 'ConfigMap' | 'Secret';
  /** The name of the ConfigMap or Secret (in the pod's namespace). */
  readonly name: string;
  readonly use: ConfigUse;
  /** Where the reference is in the object, e.g. `spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef`. */
  readonly path: string;
  /** `env` and `envFrom`: the name of the container. */
  readonly container?: string;
  /** `env`: the name of the variable. */
  readonly variable?: string;
  /** `env`: the key it reads. */
  readonly key?: string;
  /** `envFrom`: the prefix of the variables, when there is one. */
  readonly prefix?: string;
  /** `volume`: the name of the pod's volume. */
  readonly volume?: string;
  /** `env`, `envFrom` and `volume`: the reference is `optional: true` (the pod starts without it). */
  readonly optional: boolean;
}

const KEY_REFS: ReadonlyArray<[string, 'ConfigMap' | 'Secret']> = [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']];
const ALL_KEYS_REFS: ReadonlyArray<[string, 'ConfigMap' | 'Secret']> = [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']];

function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The ConfigMaps and Secrets a pod reads: by environment variable (each key), by `envFrom`, as volumes (also the
 * sources of projected volumes) and as pull credentials; in the order of the pod spec, one entry per reference.
 */
export function configReferencesOf(pod: PodTemplate): ConfigReference[] {
  const found: ConfigReference[] = [];
  for (const { container, path } of containersOf(pod)) {
    const containerName = nameOf(container.name);
    arrayOf(container.env).forEach((env, i) => {
      for (const [field, kind] of KEY_REFS) {
        const ref = isObject(env) && isObject(env.valueFrom) ? env.valueFrom[field] : undefined;
        const name = isObject(ref) ? nameOf(ref.name) : undefined;
        if (name !== undefined) {
          found.push({
            kind,
            name,
            use: 'env',
            path: joinPath(joinPath(joinPath(`${path}.env`, i), 'valueFrom'), field),
            container: containerName,
            variable: nameOf(env.name),
            key: nameOf(ref!.key),
            optional: ref!.optional === true,
          });
        }
      }
    });
    arrayOf(container.envFrom).forEach((source, i) => {
      for (const [field, kind] of ALL_KEYS_REFS) {
        const ref = isObject(source) ? source[field] : undefined;
        const name = isObject(ref) ? nameOf(ref.name) : undefined;
        if (name !== undefined) {
          found.push({
            kind,
            name,
            use: 'envFrom',
            path: joinPath(joinPath(`${path}.envFrom`, i), field),
            container: containerName,
            prefix: nameOf(source.prefix),
            optional: ref!.optional === true,
          });
        }
      }
    });
  }
  arrayOf(pod.spec.volumes).forEach((volume, i) => {
    if (!isObject(volume)) {
      return;
    }
    const at = joinPath(`${pod.specPath}.volumes`, i);
    const common = { use: 'volume' as const, volume: nameOf(volume.name) };
    const configMap = isObject(volume.configMap) ? nameOf(volume.configMap.name) : undefined;
    if (configMap !== undefined) {
      found.push({ kind: 'ConfigMap', name: configMap, path: `${at}.configMap`, optional: volume.configMap.optional === true, ...common });
    }
    const secret = isObject(volume.secret) ? nameOf(volume.secret.secretName) : undefined;
    if (secret !== undefined) {
      found.push({ kind: 'Secret', name: secret, path: `${at}.secret`, optional: volume.secret.optional === true, ...common });
    }
    arrayOf(isObject(volume.projected) ? volume.projected.sources : undefined).forEach((source, j) => {
      for (const [field, kind] of [['configMap', 'ConfigMap'], ['secret', 'Secret']] as const) {
        const ref = isObject(source) ? source[field] : undefined;
        const name = isObject(ref) ? nameOf(ref.name) : undefined;
        if (name !== undefined) {
          found.push({ kind, name, path: joinPath(joinPath(`${at}.projected.sources`, j), field), optional: ref!.optional === true, ...common });
        }
      }
    });
  });
  arrayOf(pod.spec.imagePullSecrets).forEach((secret, i) => {
    const name = isObject(secret) ? nameOf(secret.name) : undefined;
    if (name !== undefined) {
      found.push({ kind: 'Secret', name, use: 'imagePull', path: joinPath(`${pod.specPath}.imagePullSecrets`, i), optional: false });
    }
  });
  return found;
}

/**
 * The ServiceAccount a pod names: `serviceAccountName`, or the deprecated `serviceAccount`; undefined when it names
 * none (the pod then runs as the namespace's `default`).
 */
export function serviceAccountNameOf(pod: PodTemplate): string | undefined {
  return nameOf(pod.spec.serviceAccountName) ?? nameOf(pod.spec.serviceAccount);
}
