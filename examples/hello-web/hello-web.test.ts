import { Testing } from 'cdk8s';
import { HelloWebChart } from './chart';
import { ManifestYaml } from 'cdk8s-appflow';

test('hello-web synthesizes a Deployment and a Service that selects its pods by the stable labels', () => {
  const chart = new HelloWebChart(Testing.app(), 'hello-web');
  const manifests = Testing.synth(chart);
  const deployment = manifests.find((m) => m.kind === 'Deployment');
  const service = manifests.find((m) => m.kind === 'Service');
  expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  expect(service.spec.selector).toEqual(chart.identity.selectorLabels);
  expect(chart.publication.urls).toEqual(['https://hello.example.com/']);
});

test('snapshot', () => {
  expect(ManifestYaml.ofChart(new HelloWebChart(Testing.app(), 'hello-web'))).toMatchSnapshot();
});
