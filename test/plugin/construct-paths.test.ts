/**
 * The construct path of each object: from what cdk8s records (one path per object name), or for a cdk8s-plus
 * workload from its pods' `cdk8s.io/metadata.addr` label, checked against the label's hash.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { pathFromAddressLabel } from '../../src/analysis/construct-paths';
import { attributeConstructPaths } from '../../src/plugin';

const at = (name: string, file: string, index: number) => ({ name, file, index });

test('a name that one object has gets the recorded path', () => {
  const objects = [at('web', 'dist/shop.k8s.yaml', 0), at('db', 'dist/shop.k8s.yaml', 1)];
  const paths = attributeConstructPaths(objects, { web: { path: 'shop/Web/Resource' } });
  expect(paths.get(objects[0])).toBe('shop/Web/Resource');
  expect(paths.get(objects[1])).toBeUndefined();
  expect(attributeConstructPaths(objects, undefined).size).toBe(0);
});

test('a shared name: the recorded path is the last object of that name in its chart\'s file; the others get none', () => {
  const objects = [
    at('web', 'dist/shop.k8s.yaml', 0), at('web', 'dist/shop.k8s.yaml', 1), at('web', 'dist/other.k8s.yaml', 0),
    at('api', 'dist/0001-my_chart-c8123456.k8s.yaml', 0), at('api', 'dist/vendor.yaml', 0),
  ];
  const paths = attributeConstructPaths(objects, { web: { path: 'shop/Web/Service/Resource' }, api: { path: 'my_chart/Api/Resource' } });
  expect(objects.map((o) => paths.get(o))).toEqual([undefined, 'shop/Web/Service/Resource', undefined, 'my_chart/Api/Resource', undefined]);
});

test('a cdk8s-plus workload\'s path is read from its address label, for paths with dashes in their ids too', () => {
  const app = new App();
  const chart = new Chart(app, 'my-shop');
  const group = new Chart(chart, 'front-end');
  const deployment = new kplus.Deployment(group, 'web-server', { containers: [{ image: 'nginx:1.27' }] });
  const label = deployment.podMetadata.getLabel('cdk8s.io/metadata.addr');
  expect(label).toMatch(/^my-shop-front-end-web-server-c8[0-9a-f]{6}$/);
  expect(pathFromAddressLabel(label)).toBe('my-shop/front-end/web-server');
  expect(pathFromAddressLabel('hello-web-Web-c8689b61')).toBe('hello-web/Web/Resource');
  // A label whose hash matches no reading of it: no path, rather than a wrong one.
  expect(pathFromAddressLabel('hello-web-Web-c8000000')).toBeUndefined();
  expect(pathFromAddressLabel('no-hash')).toBeUndefined();
  expect(pathFromAddressLabel(42)).toBeUndefined();
});
