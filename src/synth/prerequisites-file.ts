import { Chart } from 'cdk8s';
import { missingDataOf, readObjects } from '../analysis';
import { DataPrerequisite, describeObject, prerequisitesFileOf } from '../core/cluster-prerequisites';
import { KubernetesVersion } from '../core/kubernetes-version';

/**
 * The prerequisites file of a chart, as the synthesis writes it beside the chart's YAML (`<chart>.prerequisites.md`):
 * what the cluster must have (the table of kinds of `core/cluster-prerequisites.ts`), and the Secrets and ConfigMaps
 * that the chart's objects read and the chart does not make (the manifest analysis); `undefined` for a chart without
 * objects.
 *
 * @param chart the chart (its name titles the file)
 * @param manifests the chart's manifests (its objects' JSON, as synthesized)
 * @param kubernetesVersion the version the chart targets
 */
export function chartPrerequisitesFile(chart: Chart, manifests: readonly unknown[], kubernetesVersion: KubernetesVersion): string | undefined {
  const { objects } = readObjects([{ file: chart.node.path, documents: manifests }]);
  const data: DataPrerequisite[] = missingDataOf(objects).map((d) => ({
    kind: d.kind,
    name: d.namespace === '' ? d.name : `${d.namespace}/${d.name}`,
    uses: [...new Set(d.needs.map((n) => n.reference.use))],
    usedBy: d.needs.map((n) => describeObject(n.object.manifest)),
  }));
  return prerequisitesFileOf(chart, manifests, kubernetesVersion, data);
}
