import { arrayOf, describeResource, isObject, ManifestModel, ManifestObject, namespaceOf } from '../../analysis';
import { compositeKey } from '../../core/label-index';
import { RawFinding } from '../types';

/*
 * route-unique: two Ingresses of one ingress class, or two HTTPRoutes on one Gateway listener, do not claim the same
 * host and path. ingress-nginx's admission webhook refuses the second Ingress ("host ... and path ... is already
 * defined"); without it, and on a Gateway, the oldest object wins the match: one application never gets its traffic,
 * and the URL that says it is published reaches the other. An ingress-nginx canary Ingress shares its host and path
 * with the main one by design, and a route match that asks for more than a path (a header, a query parameter, a
 * method) is another match: neither is counted.
 */

/** A host and path that an object claims, where it says so. */
interface Claim {
  readonly object: ManifestObject;
  readonly key: string;
  readonly what: string;
  readonly path: string;
}

const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export function routeFindings(model: ManifestModel): RawFinding[] {
  const claims = model.objects.flatMap((o) => (o.id.kind === 'Ingress' && o.id.apiVersion.startsWith('networking.k8s.io/') ? ingressClaims(o)
    : o.id.kind === 'HTTPRoute' && o.id.apiVersion.startsWith('gateway.networking.k8s.io/') ? routeClaims(o) : []));
  const first = new Map<string, Claim>();
  const findings: RawFinding[] = [];
  for (const claim of claims) {
    const earlier = first.get(claim.key);
    if (earlier === undefined) {
      first.set(claim.key, claim);
    } else if (earlier.object !== claim.object) {
      findings.push({
        rule: 'route-unique',
        object: claim.object,
        path: claim.path,
        message: `${claim.what} is claimed by ${describeResource(earlier.object.id)} too (${earlier.path}): the controller gives it to one of them `
          + '(ingress-nginx refuses the second Ingress; otherwise the oldest object wins), and the other application never gets its traffic',
        fix: 'publish each application on a host or a path of its own, or route both from one Ingress or route (the pattern\'s publish.paths)',
      });
    }
  }
  return findings;
}

function ingressClaims(ingress: ManifestObject): Claim[] {
  const metadata = ingress.manifest.metadata ?? {};
  if (String(metadata.annotations?.[CANARY_ANNOTATION]) === 'true') {
    return [];
  }
  const className = ingress.manifest.spec?.ingressClassName ?? metadata.annotations?.[CLASS_ANNOTATION] ?? '(default)';
  return arrayOf(ingress.manifest.spec?.rules).flatMap((rule, i) => arrayOf(rule?.http?.paths).flatMap((p, j) => {
    if (!isObject(p)) {
      return [];
    }
    const host = typeof rule.host === 'string' ? rule.host : '*';
    const path = typeof p.path === 'string' ? p.path : '/';
    const type = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
    return [{
      object: ingress,
      key: compositeKey('Ingress', String(className), host, type, path),
      what: `${type === 'Exact' ? 'the exact path' : 'the path'} ${path} of host ${host} (ingress class ${className})`,
      path: `spec.rules[${i}].http.paths[${j}]`,
    }];
  }));
}

function routeClaims(route: ManifestObject): Claim[] {
  const namespace = namespaceOf(route);
  const parents = arrayOf(route.manifest.spec?.parentRefs).filter(isObject)
    .filter((p) => (p.kind ?? 'Gateway') === 'Gateway' && (p.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io')
    .map((p) => `${p.namespace ?? namespace}/${p.name}${p.sectionName ? `/${p.sectionName}` : ''}`);
  const hosts = arrayOf(route.manifest.spec?.hostnames).filter((h): h is string => typeof h === 'string');
  return arrayOf(route.manifest.spec?.rules).flatMap((rule, i) => {
    const matches = arrayOf(rule?.matches);
    // A rule without matches matches every path, as a match of the prefix "/".
    const pathOnly = (matches.length > 0 ? matches : [{}]).map((m, k) => ({ m, k }))
      .filter(({ m }) => isObject(m) && m.headers === undefined && m.queryParams === undefined && m.method === undefined);
    return pathOnly.flatMap(({ m, k }) => {
      const type = (m as any).path?.type ?? 'PathPrefix';
      const value = (m as any).path?.value ?? '/';
      return parents.flatMap((parent) => (hosts.length > 0 ? hosts : ['*']).map((host) => ({
        object: route,
        key: compositeKey('HTTPRoute', parent, host, type, value),
        what: `the path ${value} (${type}) of host ${host} on Gateway listener ${parent}`,
        path: matches.length > 0 ? `spec.rules[${i}].matches[${k}]` : `spec.rules[${i}]`,
      })));
    });
  });
}
