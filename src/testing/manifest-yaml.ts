import { App, Chart, Yaml } from 'cdk8s';

/**
 * Renders synthesized manifests as one YAML string for snapshot tests: stable, and readable as a diff.
 *
 * - Objects are ordered by kind, namespace, name and apiVersion, so that reordering code does not move them.
 * - Keys are sorted at every level (as `kubectl get -o yaml` does), so that a change shows as the lines
 *   that changed.
 * - Each object starts with a `# Kind namespace/name (apiVersion)` comment line that names it in the diff.
 *
 * @example
 * expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
 */
export class ManifestYaml {
  /**
   * The manifests of one chart.
   */
  public static ofChart(chart: Chart): string {
    return ManifestYaml.ofManifests(chart.toJson());
  }

  /**
   * The manifests of every chart of an app, each chart under a `# chart: <id>` comment line.
   */
  public static ofApp(app: App): string {
    return app.charts
      .map((chart) => `# chart: ${chart.node.path}\n${ManifestYaml.ofManifests(chart.toJson())}`)
      .join('');
  }

  /**
   * Manifests given as JSON objects.
   */
  public static ofManifests(manifests: any[]): string {
    return [...manifests]
      .sort(compareManifests)
      .map((m) => `---\n# ${describe(m)}\n${Yaml.stringify(sortKeys(m))}`)
      .join('');
  }

  private constructor() {}
}

function describe(manifest: any): string {
  const ns = manifest?.metadata?.namespace ? `${manifest.metadata.namespace}/` : '';
  return `${manifest?.kind} ${ns}${manifest?.metadata?.name} (${manifest?.apiVersion})`;
}

function sortKeyOf(manifest: any): string[] {
  return [
    String(manifest?.kind ?? ''),
    String(manifest?.metadata?.namespace ?? ''),
    String(manifest?.metadata?.name ?? ''),
    String(manifest?.apiVersion ?? ''),
  ];
}

function compareManifests(a: any, b: any): number {
  const ka = sortKeyOf(a);
  const kb = sortKeyOf(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) {
      return ka[i] < kb[i] ? -1 : 1;
    }
  }
  return 0;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      // defineProperty: an assignment to the key "__proto__" (a valid ConfigMap key) would set the prototype instead.
      const v = sortKeys((value as Record<string, unknown>)[k]);
      Object.defineProperty(sorted, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return sorted;
  }
  return value;
}
