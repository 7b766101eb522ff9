import { arrayOf, isObject, joinPath, ManifestObject } from './objects';
import { containersOf, PodTemplate, podTemplateOf } from './pods';
import { compositeKey } from '../core/label-index';

/*
 * What a pod reads by name besides its image: the ConfigMaps and Secrets of its environment, volumes and pull
 * credentials, and the ServiceAccount it runs as; with the TLS Secrets of Ingresses and Gateways, the Secrets and
 * ConfigMaps objects need, and those the manifests make. Names only: nothing here reads the data of a Secret.
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

/**
 * How an object reads a Secret or ConfigMap that must exist for it to work: as its pods do ({@link ConfigUse}), as
 * the TLS certificate of an Ingress or a Gateway listener (`tls`), or as the credentials of a KEDA
 * TriggerAuthentication (`triggerAuthentication`: without them its ScaledObjects never activate).
 */
export type DataUse = ConfigUse | 'tls' | 'triggerAuthentication';

/** A Secret or ConfigMap that an object reads by name, and that must exist for the object to work. */
export interface DataReference {
  readonly kind: 'ConfigMap' | 'Secret';
  /** Its namespace: the object's (empty when the object has none), or the one a Gateway's certificate reference names. */
  readonly namespace: string;
  readonly name: string;
  readonly use: DataUse;
  /** Where the reference is in the object. */
  readonly path: string;
}

/** The ConfigMap that Kubernetes puts in every namespace (the cluster's CA, for projected service account tokens). */
const BUILT_IN_CONFIG_MAPS = new Set(['kube-root-ca.crt']);

/** The annotations by which cert-manager issues the TLS Secrets of an Ingress or a Gateway (its ingress-shim and gateway-shim). */
const CERT_MANAGER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

function objectNamespace(object: ManifestObject): string {
  return nameOf(object.manifest.metadata?.namespace) ?? '';
}

/**
 * The Secrets and ConfigMaps an object needs to work: those its pods read and do not mark `optional` (without them a
 * pod does not start), the TLS Secrets of an Ingress (`spec.tls[].secretName`) and of a Gateway's listeners
 * (`certificateRefs` to Secrets). Kubernetes' own `kube-root-ca.crt` ConfigMap is left out.
 */
export function dataReferencesOf(object: ManifestObject): DataReference[] {
  const namespace = objectNamespace(object);
  const pod = podTemplateOf(object);
  const found: DataReference[] = pod === undefined ? [] : configReferencesOf(pod)
    .filter((r) => !r.optional && !(r.kind === 'ConfigMap' && BUILT_IN_CONFIG_MAPS.has(r.name)))
    .map((r) => ({ kind: r.kind, namespace, name: r.name, use: r.use, path: r.path }));
  return [...found, ...tlsSecretsOf(object), ...triggerCredentialsOf(object)];
}

/**
 * The Secrets and ConfigMaps that a KEDA TriggerAuthentication reads in its namespace (`secretTargetRef`,
 * `configMapTargetRef`). A ClusterTriggerAuthentication reads KEDA's own namespace: not the manifests' to make.
 */
function triggerCredentialsOf(object: ManifestObject): DataReference[] {
  if (object.id.kind !== 'TriggerAuthentication' || !object.id.apiVersion.startsWith('keda.sh/')) {
    return [];
  }
  const namespace = objectNamespace(object);
  return ([['secretTargetRef', 'Secret'], ['configMapTargetRef', 'ConfigMap']] as const).flatMap(([field, kind]) =>
    arrayOf(object.manifest.spec?.[field]).flatMap((ref, i) => {
      const name = isObject(ref) ? nameOf(ref.name) : undefined;
      return name === undefined ? [] : [{ kind, namespace, name, use: 'triggerAuthentication' as const, path: `spec.${field}[${i}].name` }];
    }));
}

/** The TLS Secrets of an Ingress (`networking.k8s.io`) or of a Gateway's listeners (`gateway.networking.k8s.io`). */
function tlsSecretsOf(object: ManifestObject): DataReference[] {
  const { apiVersion, kind } = object.id;
  const namespace = objectNamespace(object);
  const found: DataReference[] = [];
  if (kind === 'Ingress' && apiVersion.startsWith('networking.k8s.io/')) {
    arrayOf(object.manifest.spec?.tls).forEach((tls, i) => {
      const name = isObject(tls) ? nameOf(tls.secretName) : undefined;
      if (name !== undefined) {
        found.push({ kind: 'Secret', namespace, name, use: 'tls', path: `spec.tls[${i}].secretName` });
      }
    });
  } else if (kind === 'Gateway' && apiVersion.startsWith('gateway.networking.k8s.io/')) {
    arrayOf(object.manifest.spec?.listeners).forEach((listener, i) => arrayOf(listener?.tls?.certificateRefs).forEach((ref, j) => {
      const name = isObject(ref) && (ref.group ?? '') === '' && (ref.kind ?? 'Secret') === 'Secret' ? nameOf(ref.name) : undefined;
      if (name !== undefined) {
        found.push({ kind: 'Secret', namespace: nameOf(ref.namespace) ?? namespace, name, use: 'tls', path: `spec.listeners[${i}].tls.certificateRefs[${j}]` });
      }
    }));
  }
  return found;
}

/** A Secret or ConfigMap that the manifests make, or have an operator make. */
export interface DataSupply {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly namespace: string;
  readonly name: string;
}

/**
 * The Secrets and ConfigMaps an object makes or has made: itself (a Secret, a ConfigMap), the Secret of an
 * ExternalSecret (`spec.target.name`, by default its own name) and of a cert-manager Certificate (`spec.secretName`),
 * and the TLS Secrets of an Ingress or a Gateway that cert-manager issues (annotated `cert-manager.io/cluster-issuer` or
 * `cert-manager.io/issuer`).
 */
export function dataSuppliedBy(object: ManifestObject): DataSupply[] {
  const { apiVersion, kind, name } = object.id;
  const namespace = objectNamespace(object);
  if (apiVersion === 'v1' && (kind === 'Secret' || kind === 'ConfigMap')) {
    return [{ kind, namespace, name }];
  }
  if (kind === 'ExternalSecret' && apiVersion.startsWith('external-secrets.io/')) {
    return [{ kind: 'Secret', namespace, name: nameOf(object.manifest.spec?.target?.name) ?? name }];
  }
  if (kind === 'Certificate' && apiVersion.startsWith('cert-manager.io/')) {
    const secret = nameOf(object.manifest.spec?.secretName);
    return secret === undefined ? [] : [{ kind: 'Secret', namespace, name: secret }];
  }
  const annotations = object.manifest.metadata?.annotations;
  if (isObject(annotations) && CERT_MANAGER_ANNOTATIONS.some((a) => nameOf(annotations[a]) !== undefined)) {
    return tlsSecretsOf(object).map((r) => ({ kind: r.kind, namespace: r.namespace, name: r.name }));
  }
  return [];
}

/** A Secret or ConfigMap that objects of the manifests need and that the manifests do not make, with what needs it. */
export interface MissingData extends DataSupply {
  /** The objects that read it, and how, in the order of the manifests. */
  readonly needs: ReadonlyArray<{ readonly object: ManifestObject; readonly reference: DataReference }>;
}

/**
 * The Secrets and ConfigMaps that objects read ({@link dataReferencesOf}) and no object of the same manifests makes
 * ({@link dataSuppliedBy}), by kind, namespace and name.
 */
export function missingDataOf(objects: readonly ManifestObject[]): MissingData[] {
  const keyOf = (d: DataSupply) => compositeKey(d.kind, d.namespace, d.name);
  const supplied = new Set(objects.flatMap(dataSuppliedBy).map(keyOf));
  const missing = new Map<string, { kind: DataSupply['kind']; namespace: string; name: string; needs: Array<{ object: ManifestObject; reference: DataReference }> }>();
  for (const object of objects) {
    for (const reference of dataReferencesOf(object)) {
      const key = keyOf(reference);
      if (supplied.has(key)) {
        continue;
      }
      let entry = missing.get(key);
      if (entry === undefined) {
        entry = { kind: reference.kind, namespace: reference.namespace, name: reference.name, needs: [] };
        missing.set(key, entry);
      }
      entry.needs.push({ object, reference });
    }
  }
  return [...missing.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
