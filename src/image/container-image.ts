import * as kplus from 'cdk8s-plus-34';
import { IConstruct } from 'constructs';
import { ImageReference } from './image-reference';
import { inputError } from '../core/errors';
import { IImageLock } from '../core/image-lock-source';
import { PlatformDefaults } from '../core/platform-defaults';
import { Warnings } from '../core/warnings';

/**
 * Options for an image given by its reference.
 */
export interface ContainerImageOptions {
  /**
   * The pull policy.
   *
   * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
   * @default - derived from the reference: `IfNotPresent` when it is pinned by digest or has a tag with a
   * digit in it (a release tag), `Always` otherwise
   */
  readonly pullPolicy?: kplus.ImagePullPolicy;
}

/**
 * Options for an image given by its logical name in an image lock.
 */
export interface LockedImageOptions extends ContainerImageOptions {
  /**
   * The lock to resolve the logical name from.
   *
   * @default - the `imageLock` of the platform defaults
   */
  readonly lock?: IImageLock;
}

/**
 * The image of a container once resolved: the reference to write and the pull policy.
 */
export interface ResolvedImage {
  /** The reference to write in the container's `image` field. */
  readonly reference: string;
  /** The parsed reference. */
  readonly image: ImageReference;
  /** The pull policy for the container's `imagePullPolicy` field. */
  readonly pullPolicy: kplus.ImagePullPolicy;
}

/**
 * The image of a container: a reference, or a logical name pinned from an image lock.
 *
 * `resolve()` applies the platform's image policy (default registry for short names, allowed registries,
 * digest required, no `latest`) and derives the pull policy; every violation is an error that names the
 * container and the image.
 *
 * @example
 * const api = ContainerImage.fromLock('shop-api').resolve(this, 'api');
 * new kplus.Deployment(this, 'Api', { containers: [{ name: 'api', image: api.reference, imagePullPolicy: api.pullPolicy }] });
 */
export class ContainerImage {
  /**
   * An image given by its reference, e.g. `nginx:1.27` or `ghcr.io/acme/api:1.4.2@sha256:...`.
   */
  public static fromReference(reference: string, options: ContainerImageOptions = {}): ContainerImage {
    return new ContainerImage({ reference }, options);
  }

  /**
   * An image given by its logical name in an image lock, e.g. `shop-api`: synth writes the pinned reference
   * from the lock.
   */
  public static fromLock(logicalName: string, options: LockedImageOptions = {}): ContainerImage {
    return new ContainerImage({ logicalName, lock: options.lock }, options);
  }

  /** `{ reference }` from `fromReference` (the key is there even when an untyped caller gives no reference), else `{ logicalName, lock }`. */
  private readonly source: { readonly reference?: string; readonly logicalName?: string; readonly lock?: IImageLock };
  private readonly options: ContainerImageOptions;

  private constructor(source: { reference?: string; logicalName?: string; lock?: IImageLock }, options: ContainerImageOptions) {
    this.source = source;
    this.options = options;
  }

  /** Whether the image was given by its reference (`fromReference`), rather than by a logical name of a lock. */
  private isReference(): boolean {
    return 'reference' in this.source;
  }

  /**
   * A description of the image for messages: its reference, or its logical name.
   */
  public get description(): string {
    return this.isReference() ? String(this.source.reference) : `lock:${this.source.logicalName}`;
  }

  /**
   * The tag of the image, e.g. `2.4.0-rc1`: of its reference, or of the reference pinned for its logical name in the
   * image lock. Read without the platform's image policy and without warnings: `resolve()` applies them.
   *
   * @param scope the construct whose platform defaults give the image lock (for a logical name)
   * @returns the tag, or undefined when the reference has none (a digest alone, or no tag) or cannot be read (an
   * invalid reference, a logical name not in the lock: `resolve()` says why)
   */
  public tag(scope: IConstruct): string | undefined {
    const reference = this.isReference()
      ? this.source.reference
      : (this.source.lock ?? PlatformDefaults.of(scope).imageLock)?.pinnedReference(this.source.logicalName!);
    return reference !== undefined && ImageReference.problemWith(reference) === undefined ? ImageReference.parse(reference).tag : undefined;
  }

  /**
   * Resolves the image for one container, under the platform defaults of `scope`.
   *
   * @param scope the construct that makes the container (errors and warnings name it)
   * @param containerName the name of the container (errors name it)
   * @throws when the reference is invalid, the logical name is not in the lock, or the image breaks the
   * platform's image policy
   */
  public resolve(scope: IConstruct, containerName: string): ResolvedImage {
    const defaults = PlatformDefaults.of(scope);
    const prop = `image of container ${JSON.stringify(containerName)}`;
    let image = this.isReference()
      ? parseReference(scope, prop, this.source.reference!)
      : lookUp(scope, prop, this.source.logicalName!, this.source.lock ?? defaults.imageLock);
    const written = image.toString();

    if (defaults.imageRegistry !== undefined && !image.hasExplicitRegistry) {
      image = image.withRegistry(defaults.imageRegistry);
    }

    const allowed = defaults.allowedImageRegistries;
    if (allowed !== undefined && !allowed.some((entry) => isFrom(image, entry))) {
      throw inputError(scope, prop, image.toString(),
        `it comes from ${image.registry}, which is not an allowed registry${written !== image.toString() ? ` (written as ${JSON.stringify(written)})` : ''}`,
        `an image from one of the allowed registries: ${allowed.join(', ')} (platform default allowedImageRegistries)`);
    }
    if (defaults.requireImageDigest && !image.isPinned) {
      throw inputError(scope, prop, image.toString(), 'it is not pinned by digest, and the platform requires digests',
        'a reference pinned by digest (name[:tag]@sha256:<64 hex digits>), or a logical name from an image lock (platform default requireImageDigest)');
    }
    if (image.usesLatest) {
      const what = image.tag === undefined ? 'has no tag, which means "latest"' : 'is tagged "latest"';
      if (defaults.forbidLatestImageTag) {
        throw inputError(scope, prop, image.toString(), `it ${what}, and the platform forbids latest images`,
          'a reference with a release tag (e.g. "nginx:1.27.3") or a digest (platform default forbidLatestImageTag)');
      }
      Warnings.add(scope, `container ${JSON.stringify(containerName)} uses the image ${JSON.stringify(image.toString())}, which ${what}: `
        + 'a new push changes what runs, and rollbacks cannot go back. Use a release tag or a digest.');
    }

    return {
      reference: image.toString(),
      image,
      pullPolicy: this.options.pullPolicy ?? image.defaultPullPolicy,
    };
  }
}

function parseReference(scope: IConstruct, prop: string, reference: string): ImageReference {
  const problem = ImageReference.problemWith(reference);
  if (problem !== undefined) {
    throw inputError(scope, prop, reference, problem, ImageReference.GRAMMAR);
  }
  return ImageReference.parse(reference);
}

function lookUp(scope: IConstruct, prop: string, logicalName: string, lock: IImageLock | undefined): ImageReference {
  if (lock === undefined) {
    throw inputError(scope, prop, `lock:${logicalName}`, 'the image is named by a logical name, and there is no image lock',
      'an image lock: the platform default imageLock (PlatformDefaults.set(app, { imageLock: ImageLock.fromFile(...) })) or the `lock` option');
  }
  const pinned = lock.pinnedReference(logicalName);
  if (pinned === undefined) {
    const names = lock.names;
    throw inputError(scope, prop, `lock:${logicalName}`, `the image lock ${lock.source} has no entry ${JSON.stringify(logicalName)}`,
      `one of the names in the lock: ${names.length > 0 ? names.join(', ') : '(the lock is empty)'}`);
  }
  return ImageReference.parse(pinned);
}

/**
 * Whether an image comes from a registry entry: `registry.example.com` (the whole registry) or
 * `ghcr.io/acme` (a path prefix in it). Docker Hub may be written `docker.io`.
 */
function isFrom(image: ImageReference, entry: string): boolean {
  const normalizedEntry = entry.replace(/^index\.docker\.io(\/|$)/, 'docker.io$1').toLowerCase();
  const name = image.name.toLowerCase();
  return name === normalizedEntry || name.startsWith(`${normalizedEntry}/`);
}
