import { Testing } from 'cdk8s';
import { LockedImageChart } from './chart';
import { ManifestYaml } from 'cdk8s-appflow';

test('the image is pinned from the lock, pulled IfNotPresent with the registry Secret, and its lineage recorded', () => {
  const chart = new LockedImageChart(Testing.app(), 'locked-image');
  const deployment = Testing.synth(chart).find((m) => m.kind === 'Deployment');
  const pod = deployment.spec.template;
  expect(pod.spec.containers[0].image).toBe('registry.example.com/shop/api:1.4.2@sha256:3c5ab1b7b6a0a46c4a8d0a5f8c9d2e1f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d');
  expect(pod.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-example-com-pull' }]);
  expect(pod.metadata.annotations['org.opencontainers.image.base.name']).toBe('registry.example.com/acme/jre:17.0.9');
  expect(Object.keys(chart.lineage.buildPlan()).sort()).toEqual(['1-base.Dockerfile', '2-middleware.Dockerfile', '3-service.Dockerfile', 'build.sh']);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new LockedImageChart(Testing.app(), 'locked-image'))).toMatchSnapshot();
});
