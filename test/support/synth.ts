import { Chart, Testing } from 'cdk8s';
import { ManifestYaml } from '../../src/testing';

/**
 * Synthesizes a chart (through the strict validator, see test/setup/strict-validation.ts).
 */
export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

/**
 * The chart as one YAML string for `toMatchSnapshot()` (validated strictly on the way).
 */
export function yamlOf(chart: Chart): string {
  return ManifestYaml.ofChart(chart);
}

/**
 * The single object of a kind (and optional name) in a list of manifests; fails when there is not exactly one.
 */
export function only(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}
