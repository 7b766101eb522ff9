/**
 * Reads a topology picture back: the nodes and edges of its Mermaid flowchart, with labels decoded, so that tests
 * compare them with the objects as sets.
 */

export interface ParsedDiagram {
  /** The text of the Markdown heading. */
  readonly heading: string;
  /** Node id → label: the first line of its text (decoded). */
  readonly nodes: Map<string, string>;
  /** Node id → the lines under its label (decoded): attributes and the objects folded into it. */
  readonly details: Map<string, string[]>;
  /** Node ids in the order of the lines. */
  readonly nodeOrder: string[];
  /** Edges as `<from label> --> <to label>` (or `-.->`, `--x`), with `: <edge label>` when the edge has one; in the order of the lines. */
  readonly edges: string[];
  /** Labels of the nodes drawn as dashed boxes (referenced, not in the chart). */
  readonly external: Set<string>;
  /** Subgraph titles, in the order of the lines. */
  readonly subgraphs: string[];
  /** Node id → the title of the outermost subgraph it is in (its namespace). */
  readonly groupOf: Map<string, string>;
  /** Node id → the title of the application subgraph it is in. */
  readonly applicationOf: Map<string, string>;
}

const NODE = /^\s+([A-Za-z0-9_]+)(\["|\(\["|\[\(")(.*?)("\]|"\]\)|"\)\])$/;
const EDGE = /^\s+([A-Za-z0-9_]+) (-->|-\.->|--x)(?:\|"(.*)"\|)? ([A-Za-z0-9_]+)$/;
const SUBGRAPH = /^\s+subgraph ([A-Za-z0-9_]+)\["(.*)"\]$/;
const CLASS = /^\s+class ([A-Za-z0-9_]+) external$/;

/** Mermaid's entity codes back to characters. */
export function decode(label: string): string {
  return label
    .replace(/#quot;/g, '"').replace(/#lt;/g, '<').replace(/#gt;/g, '>')
    .replace(/#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
}

/** The first Mermaid block of a picture. */
export function parseDiagram(markdown: string): ParsedDiagram {
  return parseDiagrams(markdown)[0].diagram;
}

/** Every Mermaid block of a picture, with the `##` heading above it (none for a picture in one block). */
export function parseDiagrams(markdown: string): Array<{ title?: string; diagram: ParsedDiagram }> {
  const blocks = [...markdown.matchAll(/(?:^## (.*)\n\n)?```mermaid\n([\s\S]*?)\n```/gm)];
  if (blocks.length === 0) {
    throw new Error(`no mermaid block in:\n${markdown}`);
  }
  const heading = /^# (.*)$/m.exec(markdown)![1];
  return blocks.map((b) => ({ title: b[1], diagram: parseBlock(heading, b[2]) }));
}

function parseBlock(heading: string, text: string): ParsedDiagram {
  const lines = text.split('\n');
  if (lines[0] !== 'flowchart LR') {
    throw new Error(`not a flowchart LR: ${lines[0]}`);
  }
  const nodes = new Map<string, string>();
  const details = new Map<string, string[]>();
  const nodeOrder: string[] = [];
  const rawEdges: Array<[string, string, string, string | undefined]> = [];
  const external = new Set<string>();
  const subgraphs: string[] = [];
  const groupOf = new Map<string, string>();
  const applicationOf = new Map<string, string>();
  const frames: string[] = [];
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = SUBGRAPH.exec(line))) {
      frames.push(decode(m[2]));
      subgraphs.push(decode(m[2]));
    } else if (line.trim() === 'end') {
      if (frames.pop() === undefined) {
        throw new Error('an end without a subgraph');
      }
    } else if ((m = EDGE.exec(line))) {
      rawEdges.push([m[1], m[2], m[4], m[3] === undefined ? undefined : decode(m[3])]);
    } else if ((m = NODE.exec(line))) {
      if (nodes.has(m[1])) {
        throw new Error(`node id ${m[1]} twice`);
      }
      const [label, ...rest] = m[3].split('<br/>').map(decode);
      nodes.set(m[1], label);
      details.set(m[1], rest);
      nodeOrder.push(m[1]);
      if (frames.length > 0) {
        groupOf.set(m[1], frames[0]);
      }
      const application = frames.find((f) => f.startsWith('application '));
      if (application !== undefined) {
        applicationOf.set(m[1], application);
      }
    } else if ((m = CLASS.exec(line))) {
      external.add(m[1]);
    } else if (!/^\s+classDef external /.test(line) && !/^\s+%%/.test(line)) {
      throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    }
  }
  if (frames.length > 0) {
    throw new Error(`subgraph ${frames[frames.length - 1]} without an end`);
  }
  const labelOf = (id: string) => {
    const label = nodes.get(id);
    if (label === undefined) {
      throw new Error(`an edge names ${id}, which is not a node`);
    }
    return label;
  };
  return {
    heading,
    nodes,
    details,
    nodeOrder,
    edges: rawEdges.map(([from, arrow, to, label]) => `${labelOf(from)} ${arrow} ${labelOf(to)}${label === undefined ? '' : `: ${label}`}`),
    external: new Set([...external].map(labelOf)),
    subgraphs,
    groupOf,
    applicationOf,
  };
}

/** The lines under a node's label, by the label. */
export function detailsOf(diagram: ParsedDiagram, label: string): string[] {
  const id = [...diagram.nodes].find(([, l]) => l === label)?.[0];
  if (id === undefined) {
    throw new Error(`no node ${label}; the nodes: ${[...diagram.nodes.values()].join(' | ')}`);
  }
  return diagram.details.get(id)!;
}

/** `Kind namespace/name` (or `Kind name`) of a manifest, as the picture labels it. */
export function describeManifest(m: any): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}

/**
 * The manifests that the picture does not show: each must be a node (labelled by its kind, namespace and name, maybe
 * with a qualifier after a comma), a line under a node's label that it is folded into (`Kind namespace/name: ...`), or
 * the frame of its namespace (a Namespace).
 */
export function missingNodes(parsed: ParsedDiagram, manifests: any[]): string[] {
  const labels = [...parsed.nodes.values(), ...[...parsed.details.values()].flat(), ...parsed.subgraphs];
  return manifests.map(describeManifest).filter((d) => !labels.some((l) => l === d || l.startsWith(`${d}, `) || l.startsWith(`${d}: `)));
}
