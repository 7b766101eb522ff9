import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ImageReference } from './image-reference';
import { IImageLock } from '../core/image-lock-source';

const LOGICAL_NAME = /^[a-z0-9]([a-z0-9._/-]*[a-z0-9])?$/;
const FORMAT = 'a JSON or YAML file with an `images` map of logical names to references pinned by digest, e.g.\n'
  + 'images:\n  shop-api: registry.example.com/shop/api:1.4.2@sha256:<64 hex digits>';

/**
 * A lock of built images: the file a CI pipeline writes after it builds and pushes the images, mapping logical
 * image names to references pinned by digest.
 *
 * Constructs name an image by its logical name (`ContainerImage.fromLock('shop-api')`) and synth pins it from
 * the lock, so the same built image is promoted unchanged from one environment to the next: each environment's
 * app reads the lock its pipeline promoted.
 *
 * ```yaml
 * # images.lock.yaml
 * images:
 *   shop-api: registry.example.com/shop/api:1.4.2@sha256:0f3c...
 *   shop-worker: registry.example.com/shop/worker:1.4.2@sha256:9ab1...
 * ```
 */
export class ImageLock implements IImageLock {
  /**
   * Reads a lock file (JSON, or YAML, by content).
   *
   * @param file the path of the lock file
   * @throws when the file is missing, is not JSON or YAML, has no `images` map, or has an entry that is not a
   * reference pinned by digest; the error names the file and the entry
   */
  public static fromFile(file: string): ImageLock {
    const source = path.resolve(file);
    if (!fs.existsSync(source)) {
      throw new Error(`image lock file not found: ${source}. Expected ${FORMAT}`);
    }
    // JSON is YAML too.
    const parsed = YAML.parseAllDocuments(fs.readFileSync(source, 'utf-8'));
    const documents = Array.isArray(parsed) ? parsed : [parsed];
    const error = documents.flatMap((d) => d.errors)[0];
    if (error) {
      throw new Error(`image lock ${source} is not valid JSON or YAML: ${error.message.split('\n')[0]}. Expected ${FORMAT}`);
    }
    const docs = documents.map((d) => d.toJS());
    if (docs.length !== 1 || typeof docs[0] !== 'object' || docs[0] === null || Array.isArray(docs[0])) {
      throw new Error(`image lock ${source} does not hold one object. Expected ${FORMAT}`);
    }
    return ImageLock.fromObject(docs[0], source);
  }

  /**
   * A lock from entries in memory (e.g. in tests).
   *
   * @param images logical names mapped to references pinned by digest
   * @param source what to call the lock in error messages
   */
  public static fromEntries(images: Record<string, string>, source: string = '(in-memory image lock)'): ImageLock {
    return ImageLock.fromObject({ images }, source);
  }

  private static fromObject(content: any, source: string): ImageLock {
    const images = content.images;
    if (typeof images !== 'object' || images === null || Array.isArray(images)) {
      throw new Error(`image lock ${source} has no \`images\` map. Expected ${FORMAT}`);
    }
    const entries = new Map<string, ImageReference>();
    for (const [name, value] of Object.entries(images)) {
      const where = `image lock ${source}, entry ${JSON.stringify(name)}`;
      if (!LOGICAL_NAME.test(name)) {
        throw new Error(`${where}: the logical name is not lowercase letters, digits, ".", "_", "-" and "/". Expected ${FORMAT}`);
      }
      if (typeof value !== 'string') {
        throw new Error(`${where}: the value ${JSON.stringify(value)} is not a string. Expected ${FORMAT}`);
      }
      const problem = ImageReference.problemWith(value);
      if (problem) {
        throw new Error(`${where}: ${JSON.stringify(value)} is not a valid image reference: ${problem}. Expected ${FORMAT}`);
      }
      const reference = ImageReference.parse(value);
      if (!reference.isPinned) {
        throw new Error(`${where}: ${JSON.stringify(value)} is not pinned by digest; a lock pins every image. Expected ${FORMAT}`);
      }
      entries.set(name, reference);
    }
    return new ImageLock(source, entries);
  }

  /** Where the lock comes from. */
  public readonly source: string;

  private readonly entries: Map<string, ImageReference>;

  private constructor(source: string, entries: Map<string, ImageReference>) {
    this.source = source;
    this.entries = entries;
  }

  /** The logical names in the lock, sorted. */
  public get names(): string[] {
    return [...this.entries.keys()].sort();
  }

  /**
   * The pinned reference of a logical name, as written in the lock.
   *
   * @returns the reference, or `undefined` when the name is not in the lock
   */
  public pinnedReference(name: string): string | undefined {
    return this.entries.get(name)?.toString();
  }
}
