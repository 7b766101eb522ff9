/**
 * Reads a topology picture back: the nodes and edges of its Mermaid flowchart, with labels decoded, so that tests
 * compare them with the objects as sets.
 */

export interface ParsedDiagram {
  /** The text of the Markdown heading. */
  readonly heading: string;
  /** Node id → label (decoded). */
  readonly nodes: Map<string, string>;
  /** Node ids in the order of the lines. */
  readonly nodeOrder: string[];
  /** Edges as `<from label> --> <to label>` (or `-.->`), with `: <edge label>` when the edge has one; in the order of the lines. */
  readonly edges: string[];
  /** Labels of the nodes drawn as dashed boxes (referenced, not in the chart). */
  readonly external: Set<string>;
  /** Subgraph titles, in the order of the lines. */
  readonly subgraphs: string[];
  /** Node id → the title of the subgraph it is in. */
  readonly groupOf: Map<string, string>;
}

const NODE = /^\s+([A-Za-z0-9_]+)(\["|\(\["|\[\(")(.*?)("\]|"\]\)|"\)\])$/;
const EDGE = /^\s+([A-Za-z0-9_]+) (-->|-\.->)(?:\|"(.*)"\|)? ([A-Za-z0-9_]+)$/;
const SUBGRAPH = /^\s+subgraph ([A-Za-z0-9_]+)\["(.*)"\]$/;
const CLASS = /^\s+class ([A-Za-z0-9_]+) external$/;

/** Mermaid's entity codes back to characters. */
export function decode(label: string): string {
  return label
    .replace(/#quot;/g, '"').replace(/#lt;/g, '<').replace(/#gt;/g, '>')
    .replace(/#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
}

export function parseDiagram(markdown: string): ParsedDiagram {
  const block = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!block) {
    throw new Error(`no mermaid block in:\n${markdown}`);
  }
  const lines = block[1].split('\n');
  if (lines[0] !== 'flowchart LR') {
    throw new Error(`not a flowchart LR: ${lines[0]}`);
  }
  const nodes = new Map<string, string>();
  const nodeOrder: string[] = [];
  const rawEdges: Array<[string, string, string, string | undefined]> = [];
  const external = new Set<string>();
  const subgraphs: string[] = [];
  const groupOf = new Map<string, string>();
  let group: string | undefined;
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = SUBGRAPH.exec(line))) {
      group = decode(m[2]);
      subgraphs.push(group);
    } else if (line.trim() === 'end') {
      group = undefined;
    } else if ((m = EDGE.exec(line))) {
      rawEdges.push([m[1], m[2], m[4], m[3] === undefined ? undefined : decode(m[3])]);
    } else if ((m = NODE.exec(line))) {
      if (nodes.has(m[1])) {
        throw new Error(`node id ${m[1]} twice`);
      }
      nodes.set(m[1], decode(m[3]));
      nodeOrder.push(m[1]);
      if (group !== undefined) {
        groupOf.set(m[1], group);
      }
    } else if ((m = CLASS.exec(line))) {
      external.add(m[1]);
    } else if (!/^\s+classDef external /.test(line) && !/^\s+%%/.test(line)) {
      throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    }
  }
  const labelOf = (id: string) => {
    const label = nodes.get(id);
    if (label === undefined) {
      throw new Error(`an edge names ${id}, which is not a node`);
    }
    return label;
  };
  return {
    heading: /^# (.*)$/m.exec(markdown)![1],
    nodes,
    nodeOrder,
    edges: rawEdges.map(([from, arrow, to, label]) => `${labelOf(from)} ${arrow} ${labelOf(to)}${label === undefined ? '' : `: ${label}`}`),
    external: new Set([...external].map(labelOf)),
    subgraphs,
    groupOf,
  };
}

/** `Kind namespace/name` (or `Kind name`) of a manifest, as the picture labels it. */
export function describeManifest(m: any): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}

/** Whether every manifest has a node (labelled by its kind, namespace and name, maybe with a qualifier after a comma). */
export function missingNodes(parsed: ParsedDiagram, manifests: any[]): string[] {
  const labels = [...parsed.nodes.values()];
  return manifests.map(describeManifest).filter((d) => !labels.some((l) => l === d || l.startsWith(`${d}, `)));
}
