import { Testing } from 'cdk8s';
import { NginxWebChart } from './chart';
import { ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

function only(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

test('nginx in a Deployment of 3 replicas, behind a NodePort Service on port 80, under the restricted profile', () => {
  const chart = new NginxWebChart(Testing.app(), 'nginx-web');
  const manifests = Testing.synth(chart);
  expect(manifests.map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual([
    'Deployment/web/nginx-web', 'PodDisruptionBudget/web/nginx-web', 'Service/web/nginx-web',
  ]);

  const deployment = only(manifests, 'Deployment');
  expect(deployment.spec.replicas).toBe(3);
  const nginx = deployment.spec.template.spec.containers[0];
  expect(nginx.image).toBe('nginxinc/nginx-unprivileged:1.27.3-alpine');
  expect(nginx.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
  expect(nginx.readinessProbe).toEqual({ httpGet: { path: '/', port: 'http' } });
  expect(nginx.resources).toEqual({ requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '128Mi' } });

  const service = only(manifests, 'Service');
  expect(service.spec.type).toBe('NodePort');
  expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
  expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  expect(chart.web.service?.dnsName).toBe('nginx-web.web.svc.cluster.local');

  expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new NginxWebChart(Testing.app(), 'nginx-web'))).toMatchSnapshot();
});
