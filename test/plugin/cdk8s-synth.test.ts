/**
 * The validation plugin run by the real `cdk8s synth`: on a fixture app with violations (the synth fails, and the
 * report names each rule, resource, file, construct path and fix), and on the examples (clean under the restricted
 * profile: only exempted findings, each with its reason).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cdk8sSynth, Synth } from './cdk8s-cli';
import { REPO_ROOT } from '../support/shared';

const FIXTURE = path.join(__dirname, 'fixtures', 'violations');

let temp: string;
beforeEach(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-plugin-synth-'));
});
afterEach(() => {
  fs.rmSync(temp, { recursive: true, force: true });
});

function synth(cwd: string): Synth {
  return cdk8sSynth(cwd, temp);
}

/** `<ruleName> <resourceName> @ <constructPath> in <file>: <location>` for each occurrence. */
function occurrences(report: any, out: string): string[] {
  return report.violations.flatMap((v: any) => v.violatingConstructs.flatMap((c: any) => c.locations.map((l: string) =>
    `${v.ruleName} ${c.resourceName} @ ${c.constructPath ?? 'N/A'} in ${path.relative(out, c.manifestPath)}: ${l}`)));
}

test('a fixture app with violations: `cdk8s synth` fails with a report that names rule, resource, file, construct path and fix', () => {
  const result = synth(FIXTURE);
  expect(result.stderr).toContain('Validation failed. See above reports for details');
  expect(result.status).toBe(2);

  expect(result.report.summary).toMatchObject({ status: 'failure', metadata: { Errors: '16', Warnings: '2', Exempted: '2', Checked: '9 objects in 2 files' } });
  expect(occurrences(result.report, result.out).map((o) => o.replace(/: .*$/s, ''))).toEqual([
    '[error] baseline/host-namespaces Deployment fixture/api @ fixture/Api in fixture.k8s.yaml',
    '[error] baseline/privileged Pod fixture/debug @ N/A in vendor.yaml',
    ...Array(3).fill('[error] container-resources Deployment fixture/api @ fixture/Api in fixture.k8s.yaml'),
    // A cdk8s-plus workload whose name a ConfigMap shares: its path comes from its pods' label.
    ...Array(3).fill('[error] container-resources Deployment fixture/worker @ fixture/Worker in fixture.k8s.yaml'),
    '[error] duplicate-env Deployment fixture/api @ fixture/Api in fixture.k8s.yaml',
    '[error] image-tag-pinned Deployment fixture/api @ fixture/Api in fixture.k8s.yaml',
    '[error] image-tag-pinned Deployment fixture/worker @ fixture/Worker in fixture.k8s.yaml',
    '[error] ingress-backend-service Ingress fixture/public @ fixture/Public in fixture.k8s.yaml',
    '[error] readiness-probe Deployment fixture/api @ fixture/Api in fixture.k8s.yaml',
    '[error] restricted/capabilities Deployment fixture/worker @ fixture/Worker in fixture.k8s.yaml',
    '[error] restricted/seccomp Deployment fixture/worker @ fixture/Worker in fixture.k8s.yaml',
    '[error] secret-in-env Deployment fixture/api @ fixture/Api in fixture.k8s.yaml',
    '[warning] cronjob-starting-deadline CronJob fixture/nightly @ fixture/Nightly in fixture.k8s.yaml',
    '[warning] min-replicas Deployment fixture/api @ fixture/Api in fixture.k8s.yaml',
    '[exempted] image-tag-pinned Pod fixture/legacy @ fixture/Legacy in fixture.k8s.yaml',
    '[exempted] job-ttl Job fixture/one-off @ fixture/OneOff in fixture.k8s.yaml',
  ]);

  // The text report, as a developer reads it.
  const text = result.stdout;
  expect(text).toContain('[error] ingress-backend-service (1 occurrences)');
  expect(text).toContain([
    '    - Construct Path: fixture/Public',
    `    - Manifest Path: ${path.join(result.out, 'fixture.k8s.yaml')}`,
    '    - Resource Name: Ingress fixture/public',
    '    - Locations:',
    '      > spec.rules[0].http.paths[0].backend.service.name: sends traffic to Service "missing", which is not in the manifests in namespace fixture '
      + '(fix: name one of the Services of the namespace: api-svc)',
  ].join('\n'));
  expect(text).toContain('  How to fix: name an existing Service of the same namespace in the backend, and one of its ports (by number or name)');
  expect(text).toContain('      > spec.template.spec.containers[0].env[1].value: DB_PASSWORD looks like a secret and its value is written in the manifest '
    + '(fix: put the value in a Secret and set DB_PASSWORD with valueFrom.secretKeyRef)');
  expect(text).toContain('      > spec.containers[0].image: "vendor/legacy" has no tag (it means "latest", which moves) — exempted (annotation): the vendor ships no tags');
  expect(text).toContain('      > spec.ttlSecondsAfterFinished: is not set: the finished Job and its pods stay in the cluster until someone deletes them '
    + '— exempted (properties): the pipeline deletes it after it runs');
  expect(text).toMatch(/Status\s+│ failure/);
});

test('properties that the plugin refuses stop `cdk8s synth` with an error that says what, where and what is accepted', () => {
  const result = synth(path.join(__dirname, 'fixtures', 'bad-properties'));
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('cdk8s.yaml validations (class AppflowValidation): invalid properties.failOn "fatal": it is not a severity that can fail '
    + 'the report. Expected "error" (the default: warnings pass) or "warning" (warnings fail too).');
  expect(result.report).toBeUndefined();
});

test('the examples (the repository\'s cdk8s.yaml): clean under the restricted profile, the exempted findings listed with their reasons', () => {
  const result = synth(REPO_ROOT);
  expect(result.stderr).not.toMatch(/Error|Validation failed/);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Validations ended succesfully');
  expect(result.report.summary).toMatchObject({
    status: 'success',
    metadata: { 'Profile': 'restricted (Pod Security Standards of Kubernetes 1.27)', 'Fails on': 'errors and warnings', 'Errors': '0', 'Warnings': '0' },
  });
  expect(result.report.summary.metadata['Unused exemptions']).toBeUndefined();
  expect(occurrences(result.report, result.out).map((o) => o.replace(/^(\S+ \S+ \S+ \S+) @ (\S+) in (\S+): (\S+): .* — (exempted \(\w+\)): (.*)$/s, '$1 @ $2: $4 $5: $6'))).toEqual([
    '[exempted] baseline/host-path-volumes DaemonSet log-agent/log-agent @ log-agent/Agent/Workload/Resource: spec.template.spec.volumes[1].hostPath exempted (workload): the workload relaxes host-path on purpose (cdk8s-appflow/security-relaxations)',
    '[exempted] baseline/host-path-volumes DaemonSet log-agent/log-agent @ log-agent/Agent/Workload/Resource: spec.template.spec.volumes[2].hostPath exempted (workload): the workload relaxes host-path on purpose (cdk8s-appflow/security-relaxations)',
    '[exempted] min-replicas StatefulSet mysql-stateful/mysql @ mysql-stateful/Mysql/Workload/Resource: spec.replicas exempted (properties): one MySQL server without replication; a second replica would be a second, empty database, not a standby',
    '[exempted] min-replicas StatefulSet shop/mysql @ shop/Mysql/Workload/Resource: spec.replicas exempted (properties): one MySQL server without replication; a second replica would be a second, empty database, not a standby',
    '[exempted] restricted/capabilities Deployment rollout/hello-deploy @ rolling-update/HelloDeploy/Release/Workload/Resource: spec.template.spec.containers[0].securityContext.capabilities.drop exempted (workload): the workload relaxes default-capabilities on purpose (cdk8s-appflow/security-relaxations)',
    '[exempted] restricted/run-as-non-root DaemonSet log-agent/log-agent @ log-agent/Agent/Workload/Resource: spec.template.spec.securityContext.runAsNonRoot exempted (workload): the workload relaxes run-as-root on purpose (cdk8s-appflow/security-relaxations)',
    '[exempted] restricted/run-as-non-root DaemonSet log-agent/log-agent @ log-agent/Agent/Workload/Resource: spec.template.spec.containers[0].securityContext.runAsNonRoot exempted (workload): the workload relaxes run-as-root on purpose (cdk8s-appflow/security-relaxations)',
    '[exempted] restricted/run-as-non-root Deployment rollout/hello-deploy @ rolling-update/HelloDeploy/Release/Workload/Resource: spec.template.spec.securityContext.runAsNonRoot exempted (workload): the workload relaxes run-as-root on purpose (cdk8s-appflow/security-relaxations)',
    '[exempted] restricted/run-as-non-root Deployment rollout/hello-deploy @ rolling-update/HelloDeploy/Release/Workload/Resource: spec.template.spec.containers[0].securityContext.runAsNonRoot exempted (workload): the workload relaxes run-as-root on purpose (cdk8s-appflow/security-relaxations)',
    '[exempted] restricted/run-as-user DaemonSet log-agent/log-agent @ log-agent/Agent/Workload/Resource: spec.template.spec.securityContext.runAsUser exempted (workload): the workload relaxes run-as-root on purpose (cdk8s-appflow/security-relaxations)',
  ]);
});
