/**
 * What a `Prefix` or `Exact` path (of an Ingress or an HTTPRoute) says that the proxy would not do: these paths match
 * literally, character for character, so a glob or a regular expression written there (`/api/*`, `/api/(.*)`,
 * `/v[0-9]+`) is a path that no request has, and its backend gets no traffic. The API server accepts them.
 */

/** What marks a path as a pattern: glob and regular expression syntax that a request path does not carry. */
const PATTERN_MARKS: ReadonlyArray<{ mark: string; found: (path: string) => boolean }> = [
  ...['*', '\\', '^', '|', '[', ']', '{', '}', '.+'].map((mark) => ({ mark, found: (path: string) => path.includes(mark) })),
  { mark: 'a final "$"', found: (path: string) => path.endsWith('$') },
];

/**
 * Why a `Prefix` or `Exact` path reads as a pattern, or `undefined` when it does not.
 *
 * @param pathType the path's type as the object writes it (`Prefix`, `Exact`, `PathPrefix`), for the message
 */
export function patternInPath(path: string, pathType: string): string | undefined {
  const marks = PATTERN_MARKS.filter((m) => m.found(path)).map((m) => (m.mark.startsWith('a ') ? m.mark : JSON.stringify(m.mark)));
  if (marks.length === 0) {
    return undefined;
  }
  return `it reads as a pattern (${marks.join(', ')}), but a ${pathType} path matches literally: no request has this path, and the backend gets `
    + 'no traffic';
}

/** What a literal path is, for the errors of {@link patternInPath}. */
export const LITERAL_PATH_ACCEPTED = 'the literal path (a prefix already matches everything under it: "/api" matches "/api/v1/orders")';

/**
 * The characters that ingress-nginx accepts in a `Prefix` or `Exact` path with `strict-validate-path-type`, its default
 * from v1.12: letters, digits, ".", "_", "-" and "/". Its admission webhook refuses an Ingress with any other.
 *
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#strict-validate-path-type
 */
const NGINX_STRICT_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/** Why ingress-nginx (strict path validation, its default) refuses a `Prefix` or `Exact` path, or `undefined`. */
export function nginxStrictPathProblem(path: string): string | undefined {
  if (NGINX_STRICT_PATH.test(path)) {
    return undefined;
  }
  const others = [...new Set([...path.slice(1)].filter((c) => !/[A-Za-z0-9._\-/]/.test(c)))];
  return 'ingress-nginx refuses it: from v1.12 (strict-validate-path-type, its default) a Prefix or Exact path has only letters, digits, '
    + `".", "_", "-" and "/", and this one has ${others.map((c) => JSON.stringify(c)).join(', ')}`;
}
