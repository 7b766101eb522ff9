import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PlatformDefaults } from '../core/platform-defaults';

/*
 * The published URLs of the applications, written by synth to `<output directory>/urls/<application>.txt`
 * (one URL per line), so that a pipeline can smoke-test what it just shipped, unless the platform default
 * `publishedUrlFiles` is false for the publication. Internal to the publish step.
 */

const REGISTRY = Symbol.for('cdk8s-appflow.PublishedUrls');

/** The publications of each application of an app, and how to read their URLs. */
type Registry = Map<string, Map<IConstruct, () => string[]>>;

function registryOf(app: App): Registry {
  const holder = app as unknown as { [REGISTRY]?: Registry };
  if (!holder[REGISTRY]) {
    Object.defineProperty(holder, REGISTRY, { value: new Map() });
  }
  return holder[REGISTRY]!;
}

/**
 * The URLs of one application, from every publication of the app.
 */
export function publishedUrlsOf(app: App, application: string): string[] {
  const urls = [...(registryOf(app).get(application)?.values() ?? [])].flatMap((read) => read());
  return [...new Set(urls)].sort();
}

/**
 * Registers the URLs of a publication (an Ingress, a route) of an application; synth writes the application's
 * file. The URLs are read at synth, so that rules added after the construct is made count.
 */
export function registerPublishedUrls(publication: IConstruct, application: string, urls: () => string[]): void {
  const app = App.of(publication);
  const registry = registryOf(app);
  if (!registry.has(application)) {
    registry.set(application, new Map());
  }
  registry.get(application)!.set(publication, urls);
  let written: string | undefined;
  publication.node.addValidation({
    validate: () => {
      // Read at synth, as the topology picture reads its default: without marking the scopes as read.
      if (PlatformDefaults._peek(publication).publishedUrlFiles === false) {
        return [];
      }
      const file = path.join(app.outdir, 'urls', `${application}.txt`);
      const content = publishedUrlsOf(app, application).map((u) => `${u}\n`).join('');
      if (written !== `${file}\n${content}`) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        written = `${file}\n${content}`;
      }
      return [];
    },
  });
}
