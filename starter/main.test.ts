/**
 * The manifests as reviewed: a YAML snapshot of each chart (a changed manifest fails until the snapshot is updated on
 * purpose: `npx jest -u`, then read the diff), every object through the strict validator of the target Kubernetes
 * version (unknown fields, bad names and values refused; the custom resources against their CRDs).
 */
import { Testing } from 'cdk8s';
import { buildApp, KUBERNETES_VERSION } from './main';
import { ManifestValidator, ManifestYaml } from 'cdk8s-appflow';

const validator = ManifestValidator.forKubernetesVersion(KUBERNETES_VERSION);

test.each(buildApp(Testing.app()).charts.map((chart) => [chart.node.id, chart]))('%s', (_id, chart) => {
  validator.assertValid(chart.toJson());
  expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
});
