/**
 * The YAML the docs show is the YAML the code makes: a ```ts block of README.md or docs/*.md followed (with only
 * blank lines between) by a ```yaml block is run in the constructor of a fresh chart `shop` (namespace `shop`), or
 * the chart it names with `<!-- yaml-of: variable -->` between the blocks, the chart is synthesized through the
 * strict validator, and every YAML document of the block must be a subset of the synthesized object of its kind
 * and name (test/support/docs-excerpt.ts). The checker itself is tested in docs-checker.test.ts.
 */
import { checkExcerpt } from '../support/docs-excerpt';
import { DOCS, Snippet, snippetsOf, synthSnippet } from '../support/docs-snippets';

const withYaml = DOCS.flatMap(snippetsOf).filter((s): s is Snippet & { yaml: NonNullable<Snippet['yaml']> } => s.yaml !== undefined);

/** The pages of the six steps (and core) show the YAML of their task sections. */
const STEP_PAGES = ['core', 'image', 'workload', 'persistence', 'expose', 'publish', 'monitor', 'patterns'].map((p) => `docs/${p}.md`);

test.each(STEP_PAGES)('%s shows the YAML its code makes', (page) => {
  expect(withYaml.filter((s) => s.file === page).length).toBeGreaterThanOrEqual(1);
});

test.each(withYaml.map((s) => [`${s.yaml.file}:${s.yaml.line}`, s] as const))('the YAML at %s is what its snippet makes', (_, snippet) => {
  expect(checkExcerpt(snippet.yaml, synthSnippet(snippet))).toEqual([]);
});
