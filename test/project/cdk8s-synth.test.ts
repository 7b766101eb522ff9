/**
 * The README's first command: the real `cdk8s synth` writes the default example's YAML, and every object in
 * it passes the strict validator.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { REPO_ROOT, strictValidator } from '../support/shared';

test('`cdk8s synth` writes YAML that the strict validator accepts, and the image build plan', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-synth-'));
  try {
    const result = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', out], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      encoding: 'utf-8',
      timeout: 120_000,
    });
    expect(result.stderr).not.toMatch(/Error|\n\s+at /);
    expect(result.status).toBe(0);
    const files = fs.readdirSync(out).filter((f) => f.endsWith('.k8s.yaml')).sort();
    expect(files).toEqual(['hello-web.k8s.yaml', 'locked-image.k8s.yaml', 'monitored-shop.k8s.yaml']);
    const manifests = files.flatMap((f) => Yaml.load(path.join(out, f)));
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/hello-web', 'PodDisruptionBudget/hello-web', 'Service/hello-web', 'Ingress/hello-web', 'Deployment/shop-api',
      'PodDisruptionBudget/shop-api',
      'Deployment/storefront', 'PodDisruptionBudget/storefront', 'Service/storefront', 'Ingress/storefront', 'ServiceMonitor/storefront',
      'Probe/storefront-service', 'Probe/storefront-public', 'PrometheusRule/storefront-alerts', 'ConfigMap/storefront-dashboard',
      'Job/order-export', 'PodMonitor/order-export', 'PrometheusRule/order-export-alerts', 'ConfigMap/order-export-dashboard',
    ]);
    expect(strictValidator().problemsOfAll(manifests)).toEqual([]);
    // The published URLs, for the pipeline's smoke test.
    expect(fs.readFileSync(path.join(out, 'urls', 'hello-web.txt'), 'utf-8')).toBe('https://hello.example.com/\n');
    expect(fs.readFileSync(path.join(out, 'urls', 'storefront.txt'), 'utf-8')).toBe('https://shop.example.com/\n');
    // The image lineage's build plan is part of the synth output.
    expect(fs.readdirSync(path.join(out, 'images', 'api')).sort()).toEqual(['1-base.Dockerfile', '2-middleware.Dockerfile', '3-service.Dockerfile', 'build.sh']);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
