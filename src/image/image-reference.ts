import * as kplus from 'cdk8s-plus-34';

/** Docker Hub, as image references name it once normalised. */
const DOCKER_HUB = 'docker.io';
/** The longest repository name (registry and path) that registries accept. */
const MAX_NAME = 255;
/** The longest tag. */
const MAX_TAG = 128;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::([0-9]+))?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]*$/;
const DIGEST_ALGORITHMS: Record<string, number> = { sha256: 64, sha512: 128 };

/**
 * What the grammar of image references accepts, for error messages.
 */
const GRAMMAR = 'an image reference [registry[:port]/]path[:tag][@digest]: a registry host with an optional port, lowercase '
  + 'path components separated by "/", a tag of at most 128 letters, digits, "_", "." and "-" (not starting with "." or "-"), '
  + 'and a digest such as sha256:<64 lowercase hex digits> (e.g. "nginx:1.27", "ghcr.io/acme/api:1.4.2@sha256:...")';

interface Parts {
  /** The registry as written, if written. */
  readonly domain?: string;
  /** The path as written (Docker Hub official images without `library/`). */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * A container image reference, parsed and checked by the OCI distribution grammar.
 *
 * The reference is kept as written (`toString()` gives it back: `nginx` stays `nginx`), while `registry` and
 * `repository` give its normalised parts (`docker.io` and `library/nginx`); `normalize()` writes it in full.
 *
 * @see https://github.com/distribution/reference/blob/main/reference.go
 * @example
 * const api = ImageReference.parse('registry.example.com/shop/api:1.4.2');
 * api.withDigest('sha256:' + 'a'.repeat(64)).isPinned; // true
 */
export class ImageReference {
  /** What the grammar accepts, in words, for error messages. */
  public static readonly GRAMMAR = GRAMMAR;

  /**
   * Parses an image reference.
   *
   * @param reference e.g. `nginx`, `nginx:1.27`, `ghcr.io/acme/api@sha256:...`, `localhost:5000/app:dev`
   * @throws when the reference breaks the grammar; the message shows the reference and the part that is wrong
   */
  public static parse(reference: string): ImageReference {
    const parsed = parseParts(reference);
    if (typeof parsed === 'string') {
      throw new Error(`invalid image reference ${JSON.stringify(reference)}: ${parsed}. Expected ${GRAMMAR}.`);
    }
    return new ImageReference(parsed);
  }

  /**
   * Explains what is wrong with an image reference.
   *
   * @returns the problem, or `undefined` when the reference is valid
   */
  public static problemWith(reference: string): string | undefined {
    const parsed = parseParts(reference);
    return typeof parsed === 'string' ? parsed : undefined;
  }

  private readonly parts: Parts;

  private constructor(parts: Parts) {
    this.parts = parts;
  }

  /**
   * The registry host (and port), normalised: `docker.io` when no registry is written.
   */
  public get registry(): string {
    const domain = this.parts.domain;
    return domain === undefined || domain === 'index.docker.io' ? DOCKER_HUB : domain;
  }

  /**
   * Whether the reference names its registry (`docker.io/library/nginx` does, `nginx` does not).
   */
  public get hasExplicitRegistry(): boolean {
    return this.parts.domain !== undefined;
  }

  /**
   * The repository path, normalised: Docker Hub's official images get `library/` (`nginx` → `library/nginx`).
   */
  public get repository(): string {
    return this.registry === DOCKER_HUB && !this.parts.path.includes('/') ? `library/${this.parts.path}` : this.parts.path;
  }

  /**
   * The registry and repository, normalised, without tag or digest: `docker.io/library/nginx`.
   */
  public get name(): string {
    return `${this.registry}/${this.repository}`;
  }

  /** The tag, if the reference has one. */
  public get tag(): string | undefined {
    return this.parts.tag;
  }

  /** The digest (`sha256:...`), if the reference has one. */
  public get digest(): string | undefined {
    return this.parts.digest;
  }

  /**
   * Whether the reference is pinned by digest: it then names the same image bytes forever.
   */
  public get isPinned(): boolean {
    return this.parts.digest !== undefined;
  }

  /**
   * Whether the reference means "the latest image": tagged `latest` or not tagged at all, and not pinned.
   */
  public get usesLatest(): boolean {
    return !this.isPinned && (this.parts.tag === undefined || this.parts.tag === 'latest');
  }

  /**
   * Whether the tag looks immutable: a release tag has a digit in it (`1.27`, `v2`, `20240101`, `1.4.2-alpine`);
   * `latest` and names such as `stable`, `main` or `edge` are moved to new images.
   */
  public get hasImmutableLookingTag(): boolean {
    return this.parts.tag !== undefined && this.parts.tag !== 'latest' && /[0-9]/.test(this.parts.tag);
  }

  /**
   * The pull policy this reference calls for: `IfNotPresent` when it is pinned by digest or has an
   * immutable-looking tag (the node's copy is the right one), `Always` otherwise (`latest`, no tag, or a tag
   * without a digit such as `stable`, which may be moved to another image).
   */
  public get defaultPullPolicy(): kplus.ImagePullPolicy {
    return this.isPinned || this.hasImmutableLookingTag ? kplus.ImagePullPolicy.IF_NOT_PRESENT : kplus.ImagePullPolicy.ALWAYS;
  }

  /**
   * The same image with another tag (the digest, if any, is kept).
   *
   * @throws when the tag is not valid
   */
  public withTag(tag: string): ImageReference {
    const problem = tagProblem(tag);
    if (problem) {
      throw new Error(`invalid tag ${JSON.stringify(tag)} for ${JSON.stringify(this.toString())}: ${problem}. Expected ${GRAMMAR}.`);
    }
    return new ImageReference({ ...this.parts, tag });
  }

  /**
   * The same image pinned by a digest (the tag, if any, is kept for readers).
   *
   * @param digest e.g. `sha256:` and 64 lowercase hex digits
   * @throws when the digest is not valid
   */
  public withDigest(digest: string): ImageReference {
    const problem = digestProblem(digest);
    if (problem) {
      throw new Error(`invalid digest ${JSON.stringify(digest)} for ${JSON.stringify(this.toString())}: ${problem}. Expected ${GRAMMAR}.`);
    }
    return new ImageReference({ ...this.parts, digest });
  }

  /**
   * The same repository path, tag and digest in another registry (e.g. a mirror): the normalised path is kept,
   * so `nginx` in `registry.example.com` becomes `registry.example.com/library/nginx`.
   *
   * @param registry a registry host with an optional port and path prefix, e.g. `registry.example.com/mirror`
   */
  public withRegistry(registry: string): ImageReference {
    return ImageReference.parse(format({ ...this.parts, domain: undefined, path: `${registry}/${this.repository}` }));
  }

  /**
   * The reference written in full: `nginx` → `docker.io/library/nginx`.
   */
  public normalize(): ImageReference {
    return new ImageReference({ ...this.parts, domain: this.registry, path: this.repository });
  }

  /**
   * The reference as written (or as changed by `withTag()`, `withDigest()`, `withRegistry()`, `normalize()`).
   */
  public toString(): string {
    return format(this.parts);
  }
}

function format(parts: Parts): string {
  return `${parts.domain !== undefined ? `${parts.domain}/` : ''}${parts.path}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest !== undefined ? `@${parts.digest}` : ''}`;
}

function tagProblem(tag: string): string | undefined {
  if (tag === '') {
    return 'the tag after ":" is empty';
  }
  if (tag.length > MAX_TAG) {
    return `the tag is ${tag.length} characters long, more than ${MAX_TAG}`;
  }
  if (!TAG.test(tag)) {
    return `the tag ${JSON.stringify(tag)} has characters other than letters, digits, "_", "." and "-", or starts with "." or "-"`;
  }
  return undefined;
}

function digestProblem(digest: string): string | undefined {
  if (digest === '') {
    return 'the digest after "@" is empty';
  }
  const colon = digest.indexOf(':');
  if (colon < 0) {
    return `the digest ${JSON.stringify(digest)} has no ":" between the algorithm and the hex digits`;
  }
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_ALGORITHMS[algorithm];
  if (length === undefined) {
    return `the digest algorithm ${JSON.stringify(algorithm)} is not supported (sha256 or sha512)`;
  }
  if (!/^[0-9a-fA-F]*$/.test(hex)) {
    return `the ${algorithm} digest has characters that are not hex digits`;
  }
  if (hex.length !== length) {
    return `the ${algorithm} digest has ${hex.length} hex digits; ${algorithm} takes ${length}`;
  }
  if (hex !== hex.toLowerCase()) {
    return `the ${algorithm} digest has uppercase hex digits; digests are lowercase`;
  }
  return undefined;
}

function pathProblem(path: string): string | undefined {
  if (path === '') {
    return 'the repository name is empty';
  }
  for (const component of path.split('/')) {
    if (component === '') {
      return `the repository ${JSON.stringify(path)} has an empty path component ("//", or "/" at either end)`;
    }
    if (component !== component.toLowerCase()) {
      return `the repository ${JSON.stringify(path)} has uppercase letters (repository names are lowercase)`;
    }
    if (!PATH_COMPONENT.test(component)) {
      return `the path component ${JSON.stringify(component)} is not lowercase letters and digits separated by ".", "_", "__" or "-"`;
    }
  }
  return undefined;
}

/**
 * Splits and checks a reference; returns the problem as a string when it is invalid.
 */
/**
 * The parts of the references parsed lately, frozen (or what is wrong with them): the same image is often used by
 * many applications of an app. Cleared when full.
 */
const PARSED = new Map<string, Parts | string>();
const PARSED_SIZE = 1024;

function parseParts(reference: string): Parts | string {
  if (typeof reference !== 'string') {
    return parseReferenceParts(reference);
  }
  const known = PARSED.get(reference);
  if (known !== undefined) {
    return known;
  }
  const parsed = parseReferenceParts(reference);
  if (PARSED.size >= PARSED_SIZE) {
    PARSED.clear();
  }
  PARSED.set(reference, typeof parsed === 'string' ? parsed : Object.freeze(parsed));
  return parsed;
}

function parseReferenceParts(reference: string): Parts | string {
  if (typeof reference !== 'string') {
    return `it is ${reference === undefined || reference === null ? reference : `a ${typeof reference}`}, not a string`;
  }
  if (reference === '') {
    return 'it is empty';
  }
  if (/\s/.test(reference)) {
    return 'it contains white space';
  }
  if (/^[a-z]+:\/\//i.test(reference)) {
    return 'it has a scheme ("://"); image references have none';
  }
  const at = reference.split('@');
  if (at.length > 2) {
    return 'it contains more than one "@"';
  }
  const [named, digest] = at;
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) {
      return problem;
    }
  }
  const lastSlash = named.lastIndexOf('/');
  const lastColon = named.lastIndexOf(':');
  let name = named;
  let tag: string | undefined;
  if (lastColon > lastSlash) {
    name = named.slice(0, lastColon);
    tag = named.slice(lastColon + 1);
    const problem = tagProblem(tag);
    if (problem) {
      return problem;
    }
  }
  if (name === '') {
    return 'the repository name is empty';
  }
  // As Docker does: the first component is a registry when it has a "." or ":", is "localhost", or has uppercase.
  const firstSlash = name.indexOf('/');
  let domain: string | undefined;
  let path = name;
  if (firstSlash >= 0) {
    const first = name.slice(0, firstSlash);
    if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first;
      path = name.slice(firstSlash + 1);
    }
  }
  if (domain !== undefined) {
    const match = DOMAIN.exec(domain);
    if (!match) {
      return `the registry ${JSON.stringify(domain)} is not a host name or [IPv6] address with an optional port`;
    }
    if (match[1] !== undefined && (Number(match[1]) < 1 || Number(match[1]) > 65535)) {
      return `the registry port ${match[1]} is not from 1 to 65535`;
    }
  }
  const problem = pathProblem(path);
  if (problem) {
    return problem;
  }
  const fullName = `${domain ?? DOCKER_HUB}/${path}`;
  if (fullName.length > MAX_NAME) {
    return `the name ${JSON.stringify(fullName.slice(0, 40))}… is ${fullName.length} characters long, more than ${MAX_NAME}`;
  }
  return { domain, path, tag, digest };
}
