/**
 * `npm test` fails when API.md is not what jsii-docgen makes of the source (the `api-docs:check` task, after jest
 * and eslint): a public API change must come with its documentation.
 */
import * as fs from 'fs';
import * as path from 'path';
import { apiDocsDifference } from '../../projenrc/check-api-docs';
import { REPO_ROOT } from '../support/shared';

const tasks = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;

test('the test task checks API.md, from a fresh jsii build', () => {
  expect(tasks.test.steps).toContainEqual({ spawn: 'api-docs:check' });
  const steps = tasks['api-docs:check'].steps.map((s: any) => s.exec);
  expect(steps[0]).toMatch(/^jsii /);
  expect(steps[1]).toBe('jsii-docgen -o lib/API.generated.md --submodule root');
  // The same options as the docgen task that writes API.md.
  expect(tasks.docgen.steps[0].exec).toBe('jsii-docgen -o API.md --submodule root');
  expect(steps[2]).toBe('tsx projenrc/check-api-docs.ts lib/API.generated.md API.md');
});

test('the same file passes; a changed or shortened one is named with its first differing line and the fix', () => {
  const api = fs.readFileSync(path.join(REPO_ROOT, 'API.md'), 'utf-8');
  expect(apiDocsDifference(api, api)).toBeUndefined();
  const lines = api.split('\n');
  const changed = [...lines.slice(0, 9), 'a new line', ...lines.slice(9)].join('\n');
  expect(lines[9].startsWith('a')).toBe(false);
  expect(apiDocsDifference(api, changed)).toBe(
    `API.md is not what jsii-docgen makes of the source: line 10 is ${JSON.stringify(lines[9].slice(0, 160))} in API.md and "a new line" in the `
    + `generated file (${lines.length} and ${lines.length + 1} lines). Run \`npx projen compile && npx projen docgen\` and commit API.md.`,
  );
  expect(apiDocsDifference(api, lines.slice(0, 3).join('\n'))).toContain(
    `line 4 is ${JSON.stringify(lines[3].slice(0, 160))} in API.md and (end of file) in the generated file (${lines.length} and 3 lines)`,
  );
  // A long line is shown around its first difference.
  const long = `| ${'x'.repeat(300)} | old words |`;
  expect(apiDocsDifference(`a\n${long}\n`, `a\n${long.replace('old', 'new')}\n`)).toContain(
    `line 2, from column 306, is ..."${'x'.repeat(57)} | old words |" in API.md and ..."${'x'.repeat(57)} | new words |" in the generated file`,
  );
});
