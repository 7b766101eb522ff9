/**
 * The README's first command: the real `cdk8s synth` writes every example's YAML, and every object in it passes
 * the strict validator; the manifests folder holds only manifests (and the kustomization that lists them), and the side
 * files folder beside it each chart's topology picture.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { REPO_ROOT, strictValidator } from '../support/shared';

test('`cdk8s synth` writes YAML that the strict validator accepts, the topology pictures and the image build plan', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-synth-'));
  const side = `${out}-side-files`;
  try {
    const result = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', out], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      encoding: 'utf-8',
      timeout: 120_000,
    });
    expect(result.stderr).not.toMatch(/Error|\n\s+at /);
    expect(result.status).toBe(0);
    expect(fs.readdirSync(out).filter((f) => !f.endsWith('.k8s.yaml')).sort()).toEqual(['construct-metadata.json', 'kustomization.yaml']);
    const files = fs.readdirSync(out).filter((f) => f.endsWith('.k8s.yaml')).sort();
    expect(files).toEqual([
      'batch-and-cron', 'foo-bluegreen', 'foo-canary', 'full-stack', 'grpc-gateway', 'hello-web', 'keda-worker', 'locked-image', 'log-agent',
      'mysql-stateful', 'nginx-web', 'rolling-update', 'shop', 'sidecar-proxy',
    ].map((chart) => `${chart}.k8s.yaml`));
    const byFile = new Map(files.map((f) => [f, Yaml.load(path.join(out, f))]));
    const manifests = [...byFile.values()].flat();
    expect(strictValidator().problemsOfAll(manifests)).toEqual([]);
    expect(byFile.get('hello-web.k8s.yaml')!.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/hello-web', 'PodDisruptionBudget/hello-web', 'Service/hello-web', 'Ingress/hello-web',
    ]);
    // The full stack has every step, the Namespace first.
    const fullStack = byFile.get('full-stack.k8s.yaml')!;
    expect(fullStack[0].kind).toBe('Namespace');
    expect(new Set(fullStack.map((m) => m.kind))).toEqual(new Set([
      'Namespace', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'PersistentVolumeClaim', 'Service', 'Ingress',
      'ServiceMonitor', 'Probe', 'PrometheusRule', 'ConfigMap', 'ServiceAccount', 'Role', 'RoleBinding', 'ExternalSecret',
    ]));
    // The published URLs, for the pipeline's smoke test.
    expect(fs.readFileSync(path.join(side, 'urls', 'hello-web.txt'), 'utf-8')).toBe('https://hello.example.com/\n');
    expect(fs.readFileSync(path.join(side, 'urls', 'shop-web.txt'), 'utf-8')).toBe('https://full-stack.example.com/\n');
    expect(fs.readFileSync(path.join(side, 'urls', 'orders.txt'), 'utf-8')).toBe('https://grpc.example.com/\n');
    // The topology picture of each chart, named after its YAML (see docs/topology.md).
    expect(fs.readdirSync(side).filter((f) => f.endsWith('.topology.md')).sort()).toEqual(files.map((f) => f.replace(/\.k8s\.yaml$/, '.topology.md')));
    for (const chart of files.map((f) => f.replace(/\.k8s\.yaml$/, ''))) {
      const markdown = fs.readFileSync(path.join(side, `${chart}.topology.md`), 'utf-8');
      expect(markdown.startsWith(`# Topology of ${chart}\n`)).toBe(true);
      expect(markdown).toContain('```mermaid\nflowchart LR\n');
    }
    expect(fs.readFileSync(path.join(side, 'hello-web.topology.md'), 'utf-8')).toContain('  Service_hello_web_hello_web --> Deployment_hello_web_hello_web\n');
    // The image lineage's build plan is part of the synth output.
    expect(fs.readdirSync(path.join(side, 'images', 'api')).sort()).toEqual(['1-base.Dockerfile', '2-middleware.Dockerfile', '3-service.Dockerfile', 'build.sh']);
  } finally {
    for (const dir of [out, side, `${out}-helm`]) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});
