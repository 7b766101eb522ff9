import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { podVolumesOf } from '../../src/workload/pod-volumes';

test('the volumes of a pod: given to the pod, and mounted by its containers and init containers, each once by name', () => {
  const chart = new Chart(Testing.app(), 'shop');
  const given = kplus.Volume.fromEmptyDir(chart, 'Given', 'given');
  const mounted = kplus.Volume.fromEmptyDir(chart, 'Mounted', 'mounted');
  const byInit = kplus.Volume.fromEmptyDir(chart, 'ByInit', 'by-init');
  const pod = new kplus.Pod(chart, 'Pod', { volumes: [given] });
  const app = pod.addContainer({ image: 'registry.example.com/app:1', securityContext: { ensureNonRoot: false } });
  app.mount('/given', given);
  app.mount('/mounted', mounted);
  pod.addInitContainer({ image: 'registry.example.com/init:1', securityContext: { ensureNonRoot: false } }).mount('/init', byInit);
  expect(podVolumesOf(pod).map((v) => v.name).sort()).toEqual(['by-init', 'given', 'mounted']);
});

test('a pod without volumes has none', () => {
  const chart = new Chart(Testing.app(), 'shop');
  const pod = new kplus.Pod(chart, 'Pod');
  pod.addContainer({ image: 'registry.example.com/app:1' });
  expect(podVolumesOf(pod)).toEqual([]);
});
