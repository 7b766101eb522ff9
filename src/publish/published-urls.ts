import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';

/*
 * The published URLs of the applications, written by synth to `<output directory>/urls/<application>.txt`
 * (one URL per line), so that a pipeline can smoke-test what it just shipped. Internal to the publish step.
 */

const REGISTRY = Symbol.for('cdk8s-appflow.PublishedUrls');

interface Entry {
  readonly application: string;
  readonly urls: () => string[];
}

function registryOf(app: App): Map<IConstruct, Entry> {
  const holder = app as unknown as { [REGISTRY]?: Map<IConstruct, Entry> };
  if (!holder[REGISTRY]) {
    Object.defineProperty(holder, REGISTRY, { value: new Map<IConstruct, Entry>() });
  }
  return holder[REGISTRY]!;
}

/**
 * The URLs of one application, from every publication of the app.
 */
export function publishedUrlsOf(app: App, application: string): string[] {
  const urls = [...registryOf(app).values()].filter((e) => e.application === application).flatMap((e) => e.urls());
  return [...new Set(urls)].sort();
}

/**
 * Registers the URLs of a publication (an Ingress, a route) of an application; synth writes the application's
 * file. The URLs are read at synth, so that rules added after the construct is made count.
 */
export function registerPublishedUrls(publication: IConstruct, application: string, urls: () => string[]): void {
  const app = App.of(publication);
  registryOf(app).set(publication, { application, urls });
  let written: string | undefined;
  publication.node.addValidation({
    validate: () => {
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
