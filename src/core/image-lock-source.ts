/*
 * What platform defaults need to know of an image lock (step 1): the `ImageLock` class of src/image implements it.
 */
/**
 * A lock of built images: logical image names mapped to pinned references, written by the pipeline that builds
 * and pushes the images. Implemented by `ImageLock`.
 */
export interface IImageLock {
  /** Where the lock comes from (a file path), for error messages. */
  readonly source: string;
  /** The logical names in the lock, sorted. */
  readonly names: string[];
  /**
   * The pinned reference of a logical name, e.g. `registry.example.com/shop/api:1.4.2@sha256:...`.
   *
   * @returns the reference, or `undefined` when the name is not in the lock
   */
  pinnedReference(name: string): string | undefined;
}
