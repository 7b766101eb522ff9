/**
 * API.md is what jsii-docgen makes of the current source: run by the `api-docs:check` task, which `npm test` runs
 * after jest and eslint, on the API.md that the task generated from a fresh jsii build.
 *
 *   tsx projenrc/check-api-docs.ts <generated API.md> [committed API.md]
 *
 * Exits 1, naming the first lines that differ and the commands that bring API.md up to date, when they differ.
 */
import * as fs from 'fs';

/** The first difference between the committed and the generated API.md, or `undefined` when they are the same. */
export function apiDocsDifference(committed: string, generated: string): string | undefined {
  if (committed === generated) {
    return undefined;
  }
  const a = committed.split('\n');
  const b = generated.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) {
    line++;
  }
  // Long lines (tables) are shown around their first differing character.
  const x = a[line] ?? '';
  const y = b[line] ?? '';
  let column = 0;
  while (column < x.length && column < y.length && x[column] === y[column]) {
    column++;
  }
  const from = Math.max(0, column - 60);
  const show = (lines: string[]) => (line < lines.length
    ? `${from > 0 ? '...' : ''}${JSON.stringify(lines[line].slice(from, from + 160))}`
    : '(end of file)');
  return `API.md is not what jsii-docgen makes of the source: line ${line + 1}${column > 0 ? `, from column ${column + 1},` : ''} is ${show(a)} `
    + `in API.md and ${show(b)} in the generated file (${a.length} and ${b.length} lines). `
    + 'Run `npx projen compile && npx projen docgen` and commit API.md.';
}

function main(): void {
  const [generatedFile, committedFile = 'API.md'] = process.argv.slice(2);
  if (generatedFile === undefined) {
    throw new Error('usage: tsx projenrc/check-api-docs.ts <generated API.md> [committed API.md]');
  }
  const difference = apiDocsDifference(fs.readFileSync(committedFile, 'utf-8'), fs.readFileSync(generatedFile, 'utf-8'));
  if (difference !== undefined) {
    process.stderr.write(`${difference}\n`);
    process.exit(1);
  }
  process.stdout.write(`API.md is up to date (${generatedFile}).\n`);
}

if (require.main === module) {
  main();
}
