/**
 * Jest's global setup: one temporary folder per test run, as TMPDIR of every test worker and every process a test
 * starts, so that what the tests and cdk8s leave in the temporary folder (Testing.app() makes an output folder per app
 * and never removes it: thousands per run) goes when the run ends (temp-dir-teardown.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export default function setup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-test-run-'));
  process.env.APPFLOW_TEST_RUN_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
