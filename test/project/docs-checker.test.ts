/**
 * The checker of the YAML in the docs (test/project/docs-yaml.test.ts): the parser that pairs a ```ts block with
 * the ```yaml block it produces, the subset rule, and the report of a wrong excerpt (file, line, path).
 */
import { checkExcerpt, formatPath, mismatches } from '../support/docs-excerpt';
import { codeBlocksOf, snippetsOfText, synthSnippet } from '../support/docs-snippets';

const FENCE = '```';

/** A Markdown text from lines. */
const md = (...lines: string[]) => lines.join('\n');

describe('pairing code blocks with their YAML', () => {
  test('a ts block followed by a yaml block, with blank lines between, shows its YAML', () => {
    const text = md(
      '# Title', // 1
      '', // 2
      `${FENCE}ts`, // 3
      'new kplus.ConfigMap(this, "C");', // 4
      FENCE, // 5
      '', // 6
      '', // 7
      `${FENCE}yaml`, // 8
      'kind: ConfigMap', // 9
      FENCE, // 10
    );
    expect(snippetsOfText('doc.md', text)).toEqual([{
      file: 'doc.md',
      line: 4,
      code: 'new kplus.ConfigMap(this, "C");',
      yaml: { file: 'doc.md', line: 9, text: 'kind: ConfigMap', chart: undefined },
    }]);
  });

  test('prose between the blocks, or a yaml block first, is no pair', () => {
    const text = md(
      `${FENCE}yaml`, 'kind: A', FENCE,
      `${FENCE}ts`, 'const a = 1;', FENCE,
      'Some prose.',
      `${FENCE}yaml`, 'kind: B', FENCE,
      `${FENCE}ts`, 'const b = 2;', FENCE,
      `${FENCE}sh`, 'echo', FENCE,
    );
    const snippets = snippetsOfText('doc.md', text);
    expect(snippets.map((s) => [s.line, s.code, s.yaml])).toEqual([[5, 'const a = 1;', undefined], [12, 'const b = 2;', undefined]]);
  });

  test('<!-- yaml-of: variable --> names the chart to synthesize', () => {
    const text = md(`${FENCE}ts`, "const shop = new Chart(new App(), 'shop');", FENCE, '', '<!-- yaml-of: shop -->', `${FENCE}yaml`, 'kind: X', FENCE);
    expect(snippetsOfText('doc.md', text)[0].yaml).toEqual({ file: 'doc.md', line: 7, text: 'kind: X', chart: 'shop' });
  });

  test('blocks in list items are taken without their indentation', () => {
    const text = md('- item', '', `  ${FENCE}ts`, '  const a = {', '    b: 1,', '  };', `  ${FENCE}`, '', `  ${FENCE}yaml`, '  kind: A', `  ${FENCE}`);
    const [snippet] = snippetsOfText('doc.md', text);
    expect(snippet.code).toBe('const a = {\n  b: 1,\n};');
    expect(snippet.yaml?.text).toBe('kind: A');
  });

  test('a misplaced or malformed yaml-of comment, and an unclosed block, are errors', () => {
    expect(() => snippetsOfText('doc.md', md(`${FENCE}ts`, 'x;', FENCE, 'Prose.', '<!-- yaml-of: shop -->', `${FENCE}yaml`, 'kind: A', FENCE)))
      .toThrow(/doc\.md:6: "<!-- yaml-of: shop -->" must stand alone between a ```ts block and the ```yaml block/);
    expect(() => snippetsOfText('doc.md', md(`${FENCE}ts`, 'x;', FENCE, '<!-- yaml-of: the chart -->', `${FENCE}yaml`, 'kind: A', FENCE)))
      .toThrow(/malformed "<!-- yaml-of: the chart -->"/);
    expect(() => codeBlocksOf('doc.md', md('text', `${FENCE}ts`, 'x;'))).toThrow('doc.md:2: the code block that starts here is not closed');
  });
});

describe('the subset rule', () => {
  const actual = {
    kind: 'Service',
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090 }] },
  };

  test('mappings match by key (other keys ignored), sequences element by element', () => {
    expect(mismatches({ kind: 'Service', spec: { ports: [{ name: 'http' }, { port: 9090 }] } }, actual)).toEqual([]);
    expect(mismatches({}, actual)).toEqual([]);
  });

  test('a different value, a missing key, another length or another type is a mismatch at its path', () => {
    expect(mismatches({ spec: { ports: [{ port: 8080 }, {}] } }, actual))
      .toEqual([{ path: ['spec', 'ports', 0, 'port'], message: 'the excerpt has 8080, synthesized is 80' }]);
    expect(mismatches({ spec: { clusterIP: 'None' } }, actual))
      .toEqual([{ path: ['spec', 'clusterIP'], message: 'the synthesized object has no "clusterIP" here (it has: type, ports)' }]);
    expect(mismatches({ spec: { ports: [{ name: 'http' }] } }, actual)).toEqual([{
      path: ['spec', 'ports'],
      message: 'the excerpt has 1 elements, synthesized are 2: [{"name":"http","port":80,"targetPort":"http"},{"name":"metrics","port":9090}]',
    }]);
    expect(mismatches({ spec: { ports: [{ port: '80' }, {}] } }, actual))
      .toEqual([{ path: ['spec', 'ports', 0, 'port'], message: 'the excerpt has "80", synthesized is 80' }]);
    expect(mismatches({ spec: { type: { name: 'x' } } }, actual))
      .toEqual([{ path: ['spec', 'type'], message: 'the excerpt has a mapping, synthesized is "ClusterIP"' }]);
    expect(mismatches({ metadata: { labels: [] } }, actual))
      .toEqual([{ path: ['metadata', 'labels'], message: 'the excerpt has a sequence, synthesized is a mapping' }]);
  });

  test('paths read as in kubectl explain, keys with dots or slashes in brackets', () => {
    expect(formatPath(['spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/name'])).toBe('spec.template.metadata.labels["app.kubernetes.io/name"]');
    expect(formatPath(['spec', 'ports', 0, 'port'])).toBe('spec.ports[0].port');
    expect(formatPath([])).toBe('(the object)');
  });
});

describe('checking an excerpt against synthesized objects', () => {
  const manifests = [
    { kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80 }] } },
    { kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } },
  ];
  const excerpt = (text: string) => ({ file: 'docs/doc.md', line: 20, text });

  test('names the doc, the line of the differing key, the object and the path', () => {
    const text = md('kind: Service', 'metadata:', '  name: web', 'spec:', '  ports:', '    - name: http', '      port: 8080', '---', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: 3');
    expect(checkExcerpt(excerpt(text), manifests)).toEqual([
      'docs/doc.md:26: Service web, spec.ports[0].port: the excerpt has 8080, synthesized is 80',
      'docs/doc.md:32: Deployment web, spec.replicas: the excerpt has 3, synthesized is 2',
    ]);
  });

  test('an object that was not made, a document without kind or name, and invalid YAML are reported', () => {
    expect(checkExcerpt(excerpt(md('kind: Service', 'metadata:', '  name: api')), manifests))
      .toEqual(['docs/doc.md:20: the snippet makes no Service named "api" (it makes: Service web, Deployment web)']);
    expect(checkExcerpt(excerpt(md('spec:', '  replicas: 2')), manifests))
      .toEqual(['docs/doc.md:20: every YAML document shown after a snippet names its object by "kind" and "metadata.name"']);
    expect(checkExcerpt(excerpt(md('kind: Service', 'metadata: [')), manifests)[0]).toMatch(/^docs\/doc\.md:2\d: invalid YAML/);
    expect(checkExcerpt(excerpt(''), manifests)).toEqual(['docs/doc.md:20: the YAML block is empty']);
  });

  test('a doc whose snippet is run: the right excerpt passes, a wrong one fails with file, line and path', () => {
    const doc = (port: number) => md(
      '## Services', // 1
      '', // 2
      `${FENCE}ts`, // 3
      "new kplus.Service(this, 'Service', { metadata: { name: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });", // 4
      FENCE, // 5
      '', // 6
      `${FENCE}yaml`, // 7
      'kind: Service', // 8
      'metadata:', // 9
      '  name: web', // 10
      '  namespace: shop', // 11
      'spec:', // 12
      '  ports:', // 13
      `    - port: ${port}`, // 14
      '      targetPort: 8080', // 15
      FENCE, // 16
    );
    const [right] = snippetsOfText('docs/example.md', doc(80));
    expect(checkExcerpt(right.yaml!, synthSnippet(right))).toEqual([]);
    const [wrong] = snippetsOfText('docs/example.md', doc(8080));
    expect(checkExcerpt(wrong.yaml!, synthSnippet(wrong))).toEqual([
      'docs/example.md:14: Service web, spec.ports[0].port: the excerpt has 8080, synthesized is 80',
    ]);
  });

  test('a snippet that makes its own chart is synthesized by the variable that yaml-of names', () => {
    const [snippet] = snippetsOfText('docs/example.md', md(
      `${FENCE}ts`,
      "const batch = new Chart(new App(), 'batch', { namespace: 'batch' });",
      "new kplus.ConfigMap(batch, 'Config', { metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } });",
      FENCE,
      '<!-- yaml-of: batch -->',
      `${FENCE}yaml`,
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      '  namespace: batch',
      'data:',
      '  LOG_LEVEL: debug',
      FENCE,
    ));
    expect(checkExcerpt(snippet.yaml!, synthSnippet(snippet))).toEqual([
      'docs/example.md:12: ConfigMap settings, data.LOG_LEVEL: the excerpt has "debug", synthesized is "info"',
    ]);
  });

  test('the synthesized chart goes through the strict validator', () => {
    const [snippet] = snippetsOfText('docs/example.md', md(
      `${FENCE}ts`,
      "new ApiObject(this, 'Bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad' }, dataa: { a: 'b' } });",
      FENCE,
      `${FENCE}yaml`, 'kind: ConfigMap', 'metadata:', '  name: bad', FENCE,
    ));
    expect(() => synthSnippet(snippet)).toThrow(/^docs\/example\.md:2: the snippet failed: [\s\S]*unknown field "dataa"/);
  });

  test('a snippet that throws names its doc and line', () => {
    const [snippet] = snippetsOfText('docs/example.md', md('text', `${FENCE}ts`, "FormatRule.DNS1035_LABEL.check(this, 'name', 'Bad_Name');", FENCE, `${FENCE}yaml`, 'kind: A', FENCE));
    expect(() => synthSnippet(snippet)).toThrow(/^docs\/example\.md:3: the snippet failed: shop: invalid name "Bad_Name"/);
  });
});
