import { arrayOf, ContainerAt, containersOf, isObject, ManifestModel, namespaceOf, PodTemplate } from '../../analysis';
import { RawFinding } from '../types';

/*
 * The rules on each container: container-resources, image-tag-pinned, duplicate-env, secret-in-env.
 */

export function containerFindings(model: ManifestModel): RawFinding[] {
  const defaults = new LimitRangeDefaults(model);
  return model.pods.flatMap((pod) => containersOf(pod).flatMap((c) => [
    ...resources(pod, c, defaults),
    ...imageTag(pod, c),
    ...duplicateEnv(pod, c),
    ...secretsInEnv(pod, c),
  ]));
}

/** The container defaults that LimitRanges of the manifests give each namespace. */
class LimitRangeDefaults {
  private readonly byNamespace = new Map<string, { request: Set<string>; limit: Set<string> }>();

  constructor(model: ManifestModel) {
    for (const o of model.objectsOfKind('LimitRange')) {
      const entry = this.byNamespace.get(namespaceOf(o)) ?? { request: new Set<string>(), limit: new Set<string>() };
      for (const limit of arrayOf(o.manifest.spec?.limits)) {
        if (isObject(limit) && limit.type === 'Container') {
          // A default limit is also the default request when no default request is given.
          for (const r of Object.keys(isObject(limit.defaultRequest) ? limit.defaultRequest : {})) entry.request.add(r);
          for (const r of Object.keys(isObject(limit.default) ? limit.default : {})) {
            entry.limit.add(r);
            entry.request.add(r);
          }
        }
      }
      this.byNamespace.set(namespaceOf(o), entry);
    }
  }

  public request(namespace: string, resource: string): boolean {
    return this.byNamespace.get(namespace)?.request.has(resource) ?? false;
  }

  public limit(namespace: string, resource: string): boolean {
    return this.byNamespace.get(namespace)?.limit.has(resource) ?? false;
  }
}

function resources(pod: PodTemplate, c: ContainerAt, defaults: LimitRangeDefaults): RawFinding[] {
  if (c.list === 'ephemeralContainers') {
    return []; // ephemeral containers cannot have resources
  }
  const requests = isObject(c.container.resources?.requests) ? c.container.resources.requests : {};
  const limits = isObject(c.container.resources?.limits) ? c.container.resources.limits : {};
  const ns = namespaceOf(pod.object);
  const name = c.container.name ?? '(no name)';
  const findings: RawFinding[] = [];
  const missing = (field: string, what: string, fix: string) => findings.push({
    rule: 'container-resources',
    object: pod.object,
    path: `${c.path}.resources.${field}`,
    message: `container ${JSON.stringify(name)} has no ${what}`,
    fix,
  });
  // A limit without a request is also the request (the API server defaults it).
  if (!has(requests, 'cpu') && !has(limits, 'cpu') && !defaults.request(ns, 'cpu')) {
    missing('requests.cpu', 'CPU request', 'set resources.requests.cpu (what the pod needs when it is busy, e.g. 100m)');
  }
  if (!has(requests, 'memory') && !has(limits, 'memory') && !defaults.request(ns, 'memory')) {
    missing('requests.memory', 'memory request', 'set resources.requests.memory (e.g. 128Mi)');
  }
  if (!has(limits, 'memory') && !defaults.limit(ns, 'memory')) {
    missing('limits.memory', 'memory limit', 'set resources.limits.memory (above what the container uses at its peak, e.g. 256Mi)');
  }
  return findings;
}

function has(values: Record<string, any>, key: string): boolean {
  return values[key] !== undefined && values[key] !== null && values[key] !== '';
}

/** The tag and digest of an image reference. */
export function imageVersionOf(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  return { tag: colon >= 0 ? name.slice(colon + 1) : undefined, digest: digest || undefined };
}

function imageTag(pod: PodTemplate, c: ContainerAt): RawFinding[] {
  const image = c.container.image;
  if (typeof image !== 'string' || image === '') {
    return [];
  }
  const { tag, digest } = imageVersionOf(image);
  if (digest || (tag && tag !== 'latest')) {
    return [];
  }
  return [{
    rule: 'image-tag-pinned',
    object: pod.object,
    path: `${c.path}.image`,
    message: tag ? `${JSON.stringify(image)}: the tag "latest" moves` : `${JSON.stringify(image)} has no tag (it means "latest", which moves)`,
    fix: `pin ${JSON.stringify(image)} to a version tag or a digest (e.g. ${image.replace(/:latest$/, '')}:1.2.3)`,
  }];
}

function duplicateEnv(pod: PodTemplate, c: ContainerAt): RawFinding[] {
  const seen = new Map<string, number>();
  const findings: RawFinding[] = [];
  arrayOf(c.container.env).forEach((env, i) => {
    if (!isObject(env) || typeof env.name !== 'string') {
      return;
    }
    const first = seen.get(env.name);
    if (first === undefined) {
      seen.set(env.name, i);
      return;
    }
    findings.push({
      rule: 'duplicate-env',
      object: pod.object,
      path: `${c.path}.env[${i}].name`,
      message: `${env.name} is already set by env[${first}] of container ${JSON.stringify(c.container.name ?? '(no name)')}`,
      fix: `remove one of the two ${env.name} entries (env[${first}] or env[${i}])`,
    });
  });
  return findings;
}

/** Name parts that say the value is a secret, when they end the name (MYSQL_PASSWORD, GITHUB_TOKEN, CLIENT_SECRET). */
const SECRET_LAST_PARTS = new Set(['password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'passphrase']);
/** Parts that, followed by "key", say the value is a key (API_KEY, AWS_SECRET_ACCESS_KEY, SECRET_KEY_BASE). */
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'master', 'client', 'ssh', 'jwt', 'hmac']);
/** Values that are secrets whatever their name. */
const SECRET_VALUES: Array<{ what: string; pattern: RegExp }> = [
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  // ...unless the password is a reference to another variable: postgres://shop:$(DB_PASSWORD)@db/shop
  { what: 'a URL with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:(?!\$\()[^/\s@]+@/i },
];

/** The lowercase parts of an env var name: MYSQL_ROOT_PASSWORD, apiKey, db.password. */
function nameParts(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter((p) => p !== '');
}

/** Whether an env var name says it holds a secret. */
export function secretName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'pwd')) {
    return false; // PWD is the working directory
  }
  if (['file', 'path', 'dir', 'ref', 'name', 'length', 'min', 'max', 'enabled', 'url', 'uri', 'endpoint', 'header', 'ttl', 'expiry']
    .includes(parts[parts.length - 1])) {
    return false; // TOKEN_FILE, PASSWORD_MIN_LENGTH... (a URL with a password is found by its value)
  }
  if (SECRET_LAST_PARTS.has(parts[parts.length - 1])) {
    return true;
  }
  return parts.some((p, i) => p === 'key' && i > 0 && KEY_QUALIFIERS.has(parts[i - 1]));
}

function secretsInEnv(pod: PodTemplate, c: ContainerAt): RawFinding[] {
  const findings: RawFinding[] = [];
  arrayOf(c.container.env).forEach((env, i) => {
    if (!isObject(env) || typeof env.name !== 'string' || typeof env.value !== 'string' || env.value.trim() === '') {
      return;
    }
    // Only a reference to another variable, e.g. $(DB_PASSWORD): not a literal.
    if (/^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(env.value.trim())) {
      return;
    }
    const byValue = SECRET_VALUES.find((s) => s.pattern.test(env.value));
    if (!byValue && (!secretName(env.name) || /^(true|false|yes|no|on|off|enabled|disabled)$/i.test(env.value.trim()))) {
      return;
    }
    findings.push({
      rule: 'secret-in-env',
      object: pod.object,
      path: `${c.path}.env[${i}].value`,
      message: byValue
        ? `${env.name} holds ${byValue.what} as a literal value`
        : `${env.name} looks like a secret and its value is written in the manifest`,
      fix: `put the value in a Secret and set ${env.name} with valueFrom.secretKeyRef`,
    });
  });
  return findings;
}
