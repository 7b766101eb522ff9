/**
 * Jest's global teardown: removes the run's temporary folder (temp-dir-setup.ts) and everything in it.
 */
import * as fs from 'fs';

export default function teardown(): void {
  const dir = process.env.APPFLOW_TEST_RUN_TMPDIR;
  if (dir !== undefined && dir.includes('appflow-test-run-')) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
