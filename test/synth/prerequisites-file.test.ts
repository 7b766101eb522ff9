import { Testing } from 'cdk8s';
import { KubernetesVersion } from '../../src';
import { chartPrerequisitesFile } from '../../src/synth/prerequisites-file';

/*
 * The prerequisites file as the synthesis writes it: the table of kinds (tested in test/core/cluster-prerequisites.test.ts)
 * and the Secrets and ConfigMaps that the chart's objects read and the chart does not make.
 */

function deployment(name: string, pod: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `${name}:1`, ...pod }] } } },
  };
}

test('the Secrets and ConfigMaps the objects read and the chart does not make, between the cluster objects and the namespaces', () => {
  const manifests = [
    ...['a', 'b', 'c', 'd'].map((n) => deployment(n, { envFrom: [{ secretRef: { name: 'db' } }] })),
    deployment('e', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'x' } } }, { name: 'Y', valueFrom: { configMapKeyRef: { name: 'flags', key: 'y' } } }] }),
    deployment('f', { envFrom: [{ configMapRef: { name: 'made' } }] }),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'made', namespace: 'shop' } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec: { ingressClassName: 'nginx', tls: [{ secretName: 'shop|tls' }] } },
  ];
  const file = chartPrerequisitesFile(Testing.chart(), manifests, KubernetesVersion.V1_27)!;
  expect(file.slice(file.indexOf('## Controllers'))).toEqual(`## Controllers and cluster objects

| needs | name | served by | used by | in \`cluster\` |
|---|---|---|---|---|
| IngressClass | \`nginx\` | an ingress controller | Ingress shop/web | \`ingressClasses: nginx\` |

## Secrets and ConfigMaps

The objects read these by name, and the chart does not make them: they must be in the cluster before the objects
(a pod whose Secret or ConfigMap is missing does not start; an Ingress whose TLS Secret is missing serves the
controller's default certificate). Make them with your secret manager, \`kubectl create secret\`, or objects of
another chart. Not checked at synth.

| kind | name | read as | used by |
|---|---|---|---|
| ConfigMap | \`shop/flags\` | env | Deployment shop/e |
| Secret | \`shop/db\` | envFrom, env | Deployment shop/a, Deployment shop/b, Deployment shop/c and 2 more |
| Secret | \`shop/shop\\|tls\` | tls | Ingress shop/web |

## Namespaces

| namespace | objects | in \`cluster\` |
|---|---|---|
| shop | 8 | \`namespaces: shop\` |
`);
});

test('an object without a namespace reads them from where it is applied; no file for a chart without objects', () => {
  const file = chartPrerequisitesFile(Testing.chart(), [{ ...deployment('a', { envFrom: [{ secretRef: { name: 'db' } }] }), metadata: { name: 'a' } }], KubernetesVersion.V1_27)!;
  expect(file).toContain('| Secret | `db` | envFrom | Deployment a |');
  expect(chartPrerequisitesFile(Testing.chart(), [], KubernetesVersion.V1_27)).toBeUndefined();
});
