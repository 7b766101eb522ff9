import * as fs from 'fs';
import * as path from 'path';
import * as kplus from 'cdk8s-plus-34';
import { Construct, IConstruct } from 'constructs';
import { ImageReference } from './image-reference';
import { inputError } from '../core/errors';
import { FormatRule } from '../core/format-rule';
import { checkPodObject } from '../core/patches';
import { Warnings } from '../core/warnings';

/** OCI annotation: the reference of the image this image is based on. */
const BASE_NAME = 'org.opencontainers.image.base.name';
/** OCI annotation: the digest of the image this image is based on. */
const BASE_DIGEST = 'org.opencontainers.image.base.digest';
/** The whole chain of layers, as JSON. */
const LINEAGE = 'cdk8s-appflow/image-lineage';

/**
 * One layer of an image lineage: an image built on the layer before it.
 */
export interface ImageLayer {
  /**
   * The name of the layer, e.g. `base`, `middleware` or `service`: a DNS-1123 label, unique in the lineage.
   */
  readonly name: string;

  /**
   * The reference the layer's image is published as, e.g. `registry.example.com/acme/jre:17.0.9`; pinned by
   * digest once it is built (`...@sha256:...`).
   */
  readonly image: string;

  /**
   * The Dockerfile instructions that build this layer on the one before it (everything after `FROM`).
   *
   * @default - the layer is built elsewhere: the build plan uses it as it is and does not build it
   */
  readonly instructions?: string[];

  /**
   * The build context of the layer, relative to where the build script runs.
   *
   * @default "."
   */
  readonly context?: string;
}

/**
 * Properties of an {@link ImageLineage}.
 */
export interface ImageLineageProps {
  /**
   * The layers, the first (the operating system base) first and the application image last.
   */
  readonly layers: ImageLayer[];

  /**
   * The upstream image that the first layer is built from, e.g. `debian:12.5-slim@sha256:...`. Needed when the
   * first layer has instructions.
   *
   * @default - the first layer is built elsewhere
   */
  readonly from?: string;

  /**
   * The name of the lineage: the folder of its build plan in the synth output (`images/<name>/`).
   *
   * @default - the last path component of the application image's repository (`api` for `shop/api`)
   */
  readonly name?: string;

  /**
   * Whether `AppSynthesis.synth` (or `AppSynthesis.writeSideFiles`) writes the build plan (one Dockerfile per built
   * layer and a `build.sh`) into `<side files folder>/images/<name>/`. No image is built at synth.
   *
   * @default true
   */
  readonly writeBuildPlan?: boolean;
}

interface Layer {
  readonly name: string;
  readonly image: ImageReference;
  readonly instructions?: string[];
  readonly context: string;
}

/** The lineages that write a build plan, by name, by the root of their App. */
const BUILD_PLANS = new WeakMap<IConstruct, Map<string, ImageLineage>>();

/**
 * The lineage of an application image: the operating system base image that operations teams build, the
 * middleware images built on it, and the application image on top, each a reference.
 *
 * It records the lineage on the pods that run the image (the OCI `org.opencontainers.image.base.name` and
 * `base.digest` annotations for the direct parent, and the whole chain as JSON in `cdk8s-appflow/image-lineage`)
 * and has a build plan that `AppSynthesis.synth` writes into the output: one Dockerfile per layer it builds, each
 * `FROM` the pinned layer before it, and a `build.sh` that builds and pushes them in order with OCI labels. Synth
 * never runs a build.
 *
 * @example
 * const lineage = new ImageLineage(this, 'Lineage', {
 *   from: 'debian:12.5-slim@sha256:' + 'a'.repeat(64),
 *   layers: [
 *     { name: 'base', image: 'registry.example.com/acme/base:12.5', instructions: ['RUN apt-get update && apt-get install -y ca-certificates'] },
 *     { name: 'middleware', image: 'registry.example.com/acme/jre:17.0.9', instructions: ['RUN apt-get install -y openjdk-17-jre-headless'] },
 *     { name: 'service', image: 'registry.example.com/shop/api:1.4.2', instructions: ['COPY build/api.jar /app/api.jar'] },
 *   ],
 * });
 * lineage.annotate(deployment);
 */
export class ImageLineage extends Construct {
  /** The name of the lineage (the folder of its build plan). */
  public readonly name: string;

  /** Whether the synthesis writes the build plan into `<side files folder>/images/<name>/` (prop `writeBuildPlan`). */
  public readonly writesBuildPlan: boolean;

  /** The application image: the last layer. */
  public readonly image: ImageReference;

  private readonly layers: Layer[];
  private readonly from?: ImageReference;

  constructor(scope: Construct, id: string, props: ImageLineageProps) {
    super(scope, id);
    if (!Array.isArray(props.layers) || props.layers.length === 0) {
      throw inputError(this, 'layers', props.layers, 'there is no layer', 'at least one layer, the application image last');
    }
    const seen = new Set<string>();
    this.layers = props.layers.map((layer, i) => {
      const name = FormatRule.DNS1123_LABEL.check(this, `layers[${i}].name`, layer.name);
      if (seen.has(name)) {
        throw inputError(this, `layers[${i}].name`, name, 'another layer has the same name', 'a name unique in the lineage');
      }
      seen.add(name);
      return { name, image: parse(this, `layers[${i}].image`, layer.image), instructions: layer.instructions, context: layer.context ?? '.' };
    });
    this.from = props.from !== undefined ? parse(this, 'from', props.from) : undefined;
    if (this.layers[0].instructions && !this.from) {
      throw inputError(this, 'from', props.from, `the first layer (${this.layers[0].name}) has instructions to build, but nothing to build it from`,
        'the upstream image the first layer builds FROM, pinned by digest (e.g. "debian:12.5-slim@sha256:...")');
    }
    if (this.from && !this.from.isPinned && this.layers[0].instructions) {
      Warnings.add(this, `the first layer is built FROM ${JSON.stringify(this.from.toString())}, which is not pinned by digest: `
        + 'the build is not reproducible.');
    }
    this.image = this.layers[this.layers.length - 1].image;
    const repository = this.image.repository;
    this.name = FormatRule.DNS1123_LABEL.check(this, 'name', props.name ?? repository.slice(repository.lastIndexOf('/') + 1));

    this.writesBuildPlan = props.writeBuildPlan ?? true;
    if (this.writesBuildPlan) {
      // One folder per name in the side files: a second lineage of the name would overwrite the first one's plan.
      const plans = BUILD_PLANS.get(this.node.root) ?? new Map<string, ImageLineage>();
      BUILD_PLANS.set(this.node.root, plans);
      const other = plans.get(this.name);
      if (other !== undefined) {
        throw inputError(this, 'name', this.name, `the ImageLineage ${other.node.path} (${other.image.toString()}) writes its build plan to images/${this.name}/ `
          + 'too, and one would overwrite the other', `a name of its own for one of them (name: "${this.name}-2"), or writeBuildPlan: false for one`);
      }
      plans.set(this.name, this);
    }
  }

  /**
   * The annotations that record the lineage on a pod.
   */
  public get annotations(): Record<string, string> {
    const chain = this.chain();
    const parent = chain[chain.length - 2];
    const annotations: Record<string, string> = {};
    if (parent) {
      annotations[BASE_NAME] = withoutDigest(parent.image);
      if (parent.image.digest) {
        annotations[BASE_DIGEST] = parent.image.digest;
      }
    }
    annotations[LINEAGE] = JSON.stringify(chain.map((l) => ({ layer: l.name, image: l.image.toString() })));
    return annotations;
  }

  /**
   * Records the lineage on the pods of a cdk8s-plus-34 workload (on the Pod itself for a Pod).
   *
   * @throws when no container of the workload runs the lineage's application image
   */
  public annotate(pod: kplus.AbstractPod): void {
    checkPodObject(this, 'annotate(pod)', pod);
    const images = pod.containers.flatMap((c) => {
      try {
        return [ImageReference.parse(c.image)];
      } catch {
        return [];
      }
    });
    const ofName = images.filter((i) => i.name === this.image.name);
    // A tag on both sides must be the same: a pod of 1.4.3 would be labelled with the chain of 1.4.2, and build.sh would
    // build 1.4.2 (a reference pinned by digest alone has no tag to compare).
    const runs = ofName.some((i) => i.tag === undefined || this.image.tag === undefined || i.tag === this.image.tag);
    if (!runs) {
      const problem = ofName.length > 0
        ? `the pod runs ${ofName.map((i) => i.toString()).join(', ')}, another tag than the lineage's application image ${this.image.toString()}`
        : `no container of that pod runs ${this.image.name} (its images: ${pod.containers.map((c) => c.image).join(', ') || 'none'})`;
      throw inputError(this, 'annotate(pod)', pod.node.path, problem,
        `a pod with a container that runs the lineage's application image, ${this.image.toString()} (the layers name the image the pods run)`);
    }
    const metadata = pod instanceof kplus.Workload ? pod.podMetadata : pod.metadata;
    for (const [key, value] of Object.entries(this.annotations)) {
      metadata.addAnnotation(key, value);
    }
  }

  /**
   * The build plan: file names (relative to the plan's folder) and their content.
   */
  public buildPlan(): Record<string, string> {
    const files: Record<string, string> = {};
    const script = [
      '#!/usr/bin/env bash',
      `# Builds the image lineage "${this.name}" in order, each layer FROM the pinned layer before it.`,
      '# Written by cdk8s-appflow at synth; run it from the directory the build contexts are relative to.',
      '# Needs docker, logged in to the registries; set DOCKER_BUILD to change the build command.',
      'set -euo pipefail',
      'plan="$(cd "$(dirname "$0")" && pwd)"',
      'build="${DOCKER_BUILD:-docker build}"',
      '',
      '# The pinned reference (name@sha256:...) of a pushed or pulled image.',
      'pinned() { docker inspect --format \'{{index .RepoDigests 0}}\' "$1"; }',
      '',
    ];
    if (this.from) {
      script.push(`parent=${shellQuote(this.from.toString())}`, '');
    }
    let built = 0;
    this.layers.forEach((layer, i) => {
      const tag = shellQuote(withoutDigest(layer.image));
      if (!layer.instructions) {
        // Built elsewhere: the next layer is built FROM it, pinned.
        script.push(`# ${layer.name}: built elsewhere`);
        if (layer.image.isPinned) {
          script.push(`parent=${shellQuote(layer.image.toString())}`, '');
        } else {
          script.push(`docker pull ${tag}`, `parent="$(pinned ${tag})"`, '');
        }
        return;
      }
      built++;
      const file = `${built}-${layer.name}.Dockerfile`;
      const previous = i === 0 ? this.from! : this.layers[i - 1].image;
      files[file] = [
        '# syntax=docker/dockerfile:1',
        `# Layer ${i + 1} of ${this.layers.length} of the image lineage "${this.name}": ${layer.name}, published as ${layer.image.toString()}.`,
        '# Written by cdk8s-appflow at synth; build.sh passes PARENT, the pinned reference of the layer before.',
        `ARG PARENT=${previous.toString()}`,
        'FROM ${PARENT}',
        ...layer.instructions,
        '',
      ].join('\n');
      script.push(
        `# ${layer.name}`,
        `$build --file "$plan/${file}" --build-arg "PARENT=$parent" \\`,
        `  --label org.opencontainers.image.title=${shellQuote(layer.name)} \\`,
        `  --label org.opencontainers.image.ref.name=${shellQuote(layer.image.toString())} \\`,
        ...(layer.image.tag ? [`  --label org.opencontainers.image.version=${shellQuote(layer.image.tag)} \\`] : []),
        '  --label "org.opencontainers.image.base.name=${parent%@*}" \\',
        '  --label "org.opencontainers.image.base.digest=${parent#*@}" \\',
        `  --tag ${tag} ${shellQuote(layer.context)}`,
        `docker push ${tag}`,
        `parent="$(pinned ${tag})"`,
        `echo "${layer.name}: $parent"`,
        '',
      );
    });
    files['build.sh'] = script.join('\n');
    return files;
  }

  /**
   * Writes the build plan into a folder (`AppSynthesis` does it into `<side files folder>/images/<name>/`).
   */
  public writeBuildPlan(directory: string): void {
    fs.mkdirSync(directory, { recursive: true });
    for (const [file, content] of Object.entries(this.buildPlan())) {
      fs.writeFileSync(path.join(directory, file), content, { mode: file.endsWith('.sh') ? 0o755 : 0o644 });
    }
  }

  private chain(): Array<{ name: string; image: ImageReference }> {
    return [...(this.from ? [{ name: 'from', image: this.from }] : []), ...this.layers];
  }
}

function parse(scope: IConstruct, prop: string, reference: string): ImageReference {
  const problem = ImageReference.problemWith(reference);
  if (problem !== undefined) {
    throw inputError(scope, prop, reference, problem, ImageReference.GRAMMAR);
  }
  return ImageReference.parse(reference);
}

function withoutDigest(image: ImageReference): string {
  const text = image.normalize().toString();
  return image.digest ? text.slice(0, text.length - image.digest.length - 1) : text;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, '\'\\\'\'')}'`;
}
