import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PlatformDefaults } from '../core/platform-defaults';

/*
 * The published URLs of the applications of an app, for the files `<output directory>/urls/<application>.txt` (one URL
 * per line) that `AppSynthesis` writes, so that a pipeline can smoke-test what it just shipped — unless the platform
 * default `publishedUrlFiles` is false for the publication. Nothing here writes a file.
 */

/** The publications of each application, and how to read their URLs. */
type Registry = Map<string, Map<IConstruct, () => string[]>>;

/** The registry of each app, kept beside it (never on it). */
const REGISTRIES = new WeakMap<App, Registry>();

function registryOf(app: App): Registry {
  let registry = REGISTRIES.get(app);
  if (registry === undefined) {
    registry = new Map();
    REGISTRIES.set(app, registry);
  }
  return registry;
}

/**
 * The URLs of one application, from every publication of the app.
 */
export function publishedUrlsOf(app: App, application: string): string[] {
  const urls = [...(registryOf(app).get(application)?.values() ?? [])].flatMap((read) => read());
  return [...new Set(urls)].sort();
}

/**
 * Registers the URLs of a publication (an Ingress, a route) of an application. The URLs are read at synthesis, so that
 * rules added after the construct is made count.
 */
export function registerPublishedUrls(publication: IConstruct, application: string, urls: () => string[]): void {
  const registry = registryOf(App.of(publication));
  if (!registry.has(application)) {
    registry.set(application, new Map());
  }
  registry.get(application)!.set(publication, urls);
}

/** A file of published URLs: its path under the output directory, and its content. */
export interface PublishedUrlFile {
  /** e.g. `urls/web.txt`. */
  readonly path: string;
  /** One URL per line. */
  readonly content: string;
}

/**
 * The URL files of the applications of an app, in the order of their names: one per application with a publication
 * whose platform default `publishedUrlFiles` is not false (read at synthesis, without marking the scopes as read).
 */
export function publishedUrlFilesOf(app: App): PublishedUrlFile[] {
  const files: PublishedUrlFile[] = [];
  for (const [application, publications] of [...registryOf(app)].sort(([a], [b]) => a.localeCompare(b))) {
    if ([...publications.keys()].every((p) => PlatformDefaults.peek(p).publishedUrlFiles === false)) {
      continue;
    }
    files.push({ path: `urls/${application}.txt`, content: publishedUrlsOf(app, application).map((u) => `${u}\n`).join('') });
  }
  return files;
}
