import { App, Chart } from 'cdk8s';
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

/** The URLs of the publications of an application, of all its namespaces or of one, sorted, each once. */
function urlsOf(publications: Map<IConstruct, () => string[]>, namespace?: string): string[] {
  const urls = [...publications].filter(([p]) => namespace === undefined || namespaceOf(p) === namespace).flatMap(([, read]) => read());
  return [...new Set(urls)].sort();
}

/**
 * The URLs of one application, from every publication of the app.
 */
export function publishedUrlsOf(app: App, application: string): string[] {
  return urlsOf(registryOf(app).get(application) ?? new Map());
}

function namespaceOf(publication: IConstruct): string {
  return Chart.of(publication).namespace ?? 'default';
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
  for (const [application, all] of [...registryOf(app)].sort(([a], [b]) => a.localeCompare(b))) {
    // The publications whose platform defaults write URL files: one switched off gets no file, and leaves the others' names alone.
    const publications = new Map([...all].filter(([p]) => PlatformDefaults.peek(p).publishedUrlFiles !== false));
    if (publications.size === 0) {
      continue;
    }
    // Applications of one name in several namespaces are several applications: a file each, named with its namespace.
    const namespaces = [...new Set([...publications.keys()].map(namespaceOf))].sort();
    for (const namespace of namespaces.length > 1 ? namespaces : [undefined]) {
      files.push({
        path: `urls/${application}${namespace !== undefined ? `.${namespace}` : ''}.txt`,
        content: urlsOf(publications, namespace).map((u) => `${u}\n`).join(''),
      });
    }
  }
  return files;
}
