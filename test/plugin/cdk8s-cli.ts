/**
 * The real `cdk8s synth` of a fixture app, for the tests of the validation plugin: its exit status, its output
 * (without colours) and the JSON report that `--validation-reports-output-file` writes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../support/shared';

const CDK8S = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s');

export interface Synth {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSON report that `--validation-reports-output-file` wrote. */
  readonly report: any;
  /** The output directory. */
  readonly out: string;
}

/**
 * Runs `cdk8s synth` in `cwd` (a folder with a cdk8s.yaml), writing into `temp`.
 *
 * @param temp an empty temporary directory: the output goes to `<temp>/dist`, the report to `<temp>/report.json`
 */
export function cdk8sSynth(cwd: string, temp: string): Synth {
  const out = path.join(temp, 'dist');
  const reportFile = path.join(temp, 'report.json');
  const result = spawnSync(CDK8S, ['synth', '--output', out, '--validation-reports-output-file', reportFile], {
    cwd,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    encoding: 'utf-8',
    timeout: 120_000,
  });
  return {
    status: result.status,
    // The report's titles are coloured.
    stdout: result.stdout.replace(/\x1b\[[0-9;]*m/g, ''),
    stderr: result.stderr,
    report: fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')).reports[0] : undefined,
    out,
  };
}
