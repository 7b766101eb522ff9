/**
 * The tests write their temporary files into one folder per run, which the global teardown removes
 * (test/setup/temp-dir-setup.ts): cdk8s' Testing.app() alone leaves an output folder per app otherwise.
 */
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';

test('the temporary folder of the tests is the run\'s own, and cdk8s\' Testing.app() writes into it', () => {
  const run = process.env.APPFLOW_TEST_RUN_TMPDIR;
  expect(run).toMatch(/appflow-test-run-/);
  expect(os.tmpdir()).toBe(run);
  expect(path.dirname(Testing.app().outdir)).toBe(run);
});
