import { topologyOf } from './graph';
import { renderTopology, RenderedTopology } from './render';
import type { TopologyDiagramOptions } from './topology-diagram';
import { describeValue } from '../core/errors';

/*
 * The picture of manifests, with what synthesis needs to know beyond its Markdown (whether it was split). Internal to
 * the topology folder: `TopologyDiagram` is its public face.
 */

/**
 * The picture of manifests, and whether it had to be split (see {@link RenderedTopology}). Internal: for the picture
 * that synthesis writes, which warns when it splits.
 */
export function topologyPictureOf(manifests: any[], title: string, options: TopologyDiagramOptions = {}): RenderedTopology {
  checkInput(manifests, title);
  const graph = topologyOf(manifests, {
    configVolumes: options.configVolumes ?? true,
    dashboards: options.dashboards ?? true,
    dashboardLabels: { ...(options.dashboardLabels ?? { grafana_dashboard: '1' }) },
    networkPolicies: options.networkPolicies ?? true,
  });
  return renderTopology(graph, title, manifests.length);
}

function checkInput(manifests: unknown, title: unknown): void {
  const accepted = 'a list of Kubernetes objects, each with a kind and a metadata.name (e.g. chart.toJson())';
  if (!Array.isArray(manifests)) {
    throw new Error(`invalid manifests ${describeValue(manifests)}: it is not a list. Expected ${accepted}.`);
  }
  manifests.forEach((m, i) => {
    const problem = m === null || typeof m !== 'object' || Array.isArray(m) ? 'it is not an object'
      : typeof m.kind !== 'string' || m.kind === '' ? 'it has no kind'
        : typeof m.metadata?.name !== 'string' || m.metadata.name === '' ? 'it has no metadata.name'
          : undefined;
    if (problem) {
      throw new Error(`invalid manifests[${i}] ${describeValue(m)}: ${problem}. Expected ${accepted}.`);
    }
  });
  if (typeof title !== 'string' || title.trim() === '') {
    throw new Error(`invalid title ${describeValue(title)}: it is empty. Expected what the heading names, e.g. the chart's name.`);
  }
}
