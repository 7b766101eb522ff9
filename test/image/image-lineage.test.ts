import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AppIdentity, AppSynthesis, ContainerImage, ImageLayer, ImageLineage, ImageLineageProps, StatelessWorkload, Warnings } from '../../src';
import { refusalOf } from '../support/refusal';
import { only, synth, yamlOf } from '../support/synth';

const FROM = `debian:12.5-slim@sha256:${'d'.repeat(64)}`;
const JRE = `registry.example.com/acme/jre:17.0.9@sha256:${'e'.repeat(64)}`;
const LAYERS: ImageLayer[] = [
  { name: 'base', image: 'registry.example.com/acme/base:12.5', instructions: ['RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates'] },
  { name: 'middleware', image: 'registry.example.com/acme/jre:17.0.9', instructions: ['RUN apt-get install -y --no-install-recommends openjdk-17-jre-headless'] },
  { name: 'service', image: 'registry.example.com/shop/api:1.4.2', instructions: ['COPY build/api.jar /app/api.jar', 'USER 10001', 'ENTRYPOINT ["java", "-jar", "/app/api.jar"]'], context: 'services/api' },
];

function lineage(chart: Chart = Testing.chart(), props: Partial<ImageLineageProps> = {}) {
  return new ImageLineage(chart, 'Lineage', { from: FROM, layers: LAYERS, ...props });
}

function apiDeployment(chart: Chart, image = 'registry.example.com/shop/api:1.4.2') {
  const identity = new AppIdentity(chart, 'Identity', { name: 'shop-api', version: '1.4.2' });
  return new StatelessWorkload(chart, 'Api', {
    identity, container: { name: 'api', image: ContainerImage.fromReference(image), ports: [{ name: 'http', number: 8080 }] },
  }).deployment;
}

describe('annotations on the pods', () => {
  test('the OCI base annotations name the direct parent; the chain is recorded in full', () => {
    const chart = Testing.chart();
    const deployment = apiDeployment(chart);
    lineage(chart, { layers: [LAYERS[0], { ...LAYERS[1], image: JRE }, LAYERS[2]] }).annotate(deployment);
    const annotations = only(synth(chart), 'Deployment').spec.template.metadata.annotations;
    expect(annotations['org.opencontainers.image.base.name']).toBe('registry.example.com/acme/jre:17.0.9');
    expect(annotations['org.opencontainers.image.base.digest']).toBe(`sha256:${'e'.repeat(64)}`);
    expect(JSON.parse(annotations['cdk8s-appflow/image-lineage'])).toEqual([
      { layer: 'from', image: FROM },
      { layer: 'base', image: 'registry.example.com/acme/base:12.5' },
      { layer: 'middleware', image: JRE },
      { layer: 'service', image: 'registry.example.com/shop/api:1.4.2' },
    ]);
    expect(yamlOf(chart)).toMatchSnapshot();
  });

  test('no base digest when the parent is not pinned; the container may run a pinned application image', () => {
    const chart = Testing.chart();
    const deployment = apiDeployment(chart, `registry.example.com/shop/api:1.4.2@sha256:${'f'.repeat(64)}`);
    lineage(chart).annotate(deployment);
    const annotations = only(synth(chart), 'Deployment').spec.template.metadata.annotations;
    expect(annotations['org.opencontainers.image.base.name']).toBe('registry.example.com/acme/jre:17.0.9');
    expect(annotations['org.opencontainers.image.base.digest']).toBeUndefined();
  });

  test('on a Pod, the Pod itself carries them', () => {
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'Pod', { containers: [{ image: 'registry.example.com/shop/api:1.4.2' }] });
    lineage(chart).annotate(pod);
    expect(only(synth(chart), 'Pod').metadata.annotations['org.opencontainers.image.base.name']).toBe('registry.example.com/acme/jre:17.0.9');
  });

  test('a pattern or a workload of the library is refused with where its cdk8s-plus-34 object is', () => {
    const chart = Testing.chart();
    const deployment = apiDeployment(chart);
    const workload = chart.node.findChild('Api');
    expect(refusalOf(() => lineage(chart).annotate(workload as any))).toMatchObject({
      constructPath: 'test/Lineage', prop: 'annotate(pod)', problem: 'it is a StatelessWorkload, not a cdk8s-plus-34 pod or workload', accepted: 'its cdk8s-plus-34 object, `workload`',
    });
    expect(refusalOf(() => lineage(new Chart(Testing.app(), 'other'), {}).annotate({ workload } as any)).accepted).toBe('its cdk8s-plus-34 object, `workload.deployment`');
    expect(deployment).toBeInstanceOf(kplus.Deployment);
  });

  test('a pod that does not run the application image is refused', () => {
    const chart = Testing.chart();
    const other = apiDeployment(chart, 'registry.example.com/shop/web:2.0.0');
    expect(() => lineage(chart).annotate(other)).toThrow(
      'test/Lineage: invalid annotate(pod) "test/Api/Resource": no container of that pod runs registry.example.com/shop/api (its images: '
      + 'registry.example.com/shop/web:2.0.0). Expected a pod with a container that runs the lineage\'s application image, '
      + 'registry.example.com/shop/api:1.4.2 (the layers name the image the pods run).',
    );
  });

  test('a pod that runs another tag of the application image is refused; one pinned by digest alone is not', () => {
    const chart = Testing.chart();
    expect(() => lineage(chart).annotate(apiDeployment(chart, 'registry.example.com/shop/api:1.4.3'))).toThrow(
      'test/Lineage: invalid annotate(pod) "test/Api/Resource": the pod runs registry.example.com/shop/api:1.4.3, another tag than the lineage\'s '
      + 'application image registry.example.com/shop/api:1.4.2.');
    const pinned = Testing.chart();
    lineage(pinned).annotate(apiDeployment(pinned, `registry.example.com/shop/api@sha256:${'a'.repeat(64)}`));
    const both = Testing.chart();
    lineage(both).annotate(apiDeployment(both, `registry.example.com/shop/api:1.4.2@sha256:${'a'.repeat(64)}`));
  });
});

describe('build plan', () => {
  test('one Dockerfile per layer, each FROM the layer before, and a build script in order', () => {
    const plan = lineage().buildPlan();
    expect(Object.keys(plan).sort()).toEqual(['1-base.Dockerfile', '2-middleware.Dockerfile', '3-service.Dockerfile', 'build.sh']);
    expect(plan['1-base.Dockerfile']).toContain(`ARG PARENT=${FROM}\nFROM \${PARENT}\nRUN apt-get update`);
    expect(plan['2-middleware.Dockerfile']).toContain('ARG PARENT=registry.example.com/acme/base:12.5\nFROM ${PARENT}\n');
    expect(plan['3-service.Dockerfile']).toContain('FROM ${PARENT}\nCOPY build/api.jar /app/api.jar\nUSER 10001\n');
    const script = plan['build.sh'];
    const order = ['1-base', '2-middleware', '3-service'].map((f) => script.indexOf(`"$plan/${f}.Dockerfile"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(script).toContain(`parent=${FROM}\n`);
    expect(script).toContain('--label org.opencontainers.image.version=1.4.2');
    expect(script).toContain('--tag registry.example.com/shop/api:1.4.2 services/api');
    expect(script).toContain('docker push registry.example.com/acme/jre:17.0.9\nparent="$(pinned registry.example.com/acme/jre:17.0.9)"');
    expect(script).not.toMatch(/docker (run|build) .*sha256:d{64}.* --push/);
  });

  test('the build script is valid bash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-plan-'));
    try {
      lineage().writeBuildPlan(dir);
      const result = spawnSync('bash', ['-n', path.join(dir, 'build.sh')], { encoding: 'utf-8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(() => fs.accessSync(path.join(dir, 'build.sh'), fs.constants.X_OK)).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('layers built elsewhere are not built; the next layer builds FROM them, pinned', () => {
    const plan = lineage(Testing.chart(), {
      from: undefined,
      layers: [
        { name: 'base', image: 'registry.example.com/acme/base:12.5' },
        { name: 'middleware', image: JRE },
        { name: 'service', image: 'registry.example.com/shop/api:1.4.2', instructions: ['COPY api.jar /app/'] },
      ],
    }).buildPlan();
    expect(Object.keys(plan).sort()).toEqual(['1-service.Dockerfile', 'build.sh']);
    expect(plan['1-service.Dockerfile']).toContain(`ARG PARENT=${JRE}\nFROM \${PARENT}`);
    expect(plan['build.sh']).toContain(`# middleware: built elsewhere\nparent=${JRE}\n`);
    expect(plan['build.sh']).toContain('# base: built elsewhere\ndocker pull registry.example.com/acme/base:12.5\nparent="$(pinned registry.example.com/acme/base:12.5)"');
  });

  test('synth writes the plan into the side files folder, and builds nothing', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-synth-'));
    try {
      const app = new App({ outdir });
      const chart = new Chart(app, 'shop');
      lineage(chart).annotate(apiDeployment(chart));
      AppSynthesis.synth(app);
      expect(fs.readdirSync(path.join(`${outdir}-side-files`, 'images', 'api')).sort()).toEqual(['1-base.Dockerfile', '2-middleware.Dockerfile', '3-service.Dockerfile', 'build.sh']);
      expect(fs.readdirSync(outdir).sort()).toEqual(['shop.k8s.yaml']);
      expect(fs.readdirSync(`${outdir}-side-files`).sort()).toEqual(['images', 'shop.prerequisites.md', 'shop.topology.md']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
    }
  });

  test('the plan can be left out of the synth output, and named', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appflow-synth-'));
    try {
      const app = new App({ outdir });
      const chart = new Chart(app, 'shop');
      lineage(chart, { writeBuildPlan: false });
      new ImageLineage(chart, 'Named', { from: FROM, layers: LAYERS, name: 'shop-api' });
      AppSynthesis.synth(app);
      expect(fs.readdirSync(path.join(`${outdir}-side-files`, 'images'))).toEqual(['shop-api']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.rmSync(`${outdir}-side-files`, { recursive: true, force: true });
    }
  });
});

describe('refused', () => {
  test('two lineages of one build plan folder in one App: the second would overwrite the first plan', () => {
    const app = Testing.app();
    lineage(new Chart(app, 'shop'));
    const billing = [...LAYERS.slice(0, 2), { ...LAYERS[2], image: 'registry.example.com/billing/api:1.0.0' }];
    expect(() => new ImageLineage(new Chart(app, 'billing'), 'Lineage', { from: FROM, layers: billing })).toThrow(
      'billing/Lineage: invalid name "api": the ImageLineage shop/Lineage (registry.example.com/shop/api:1.4.2) writes its build plan to images/api/ too, '
      + 'and one would overwrite the other. Expected a name of its own for one of them (name: "api-2"), or writeBuildPlan: false for one.');
    // Named apart, or without a plan, or in another App: no clash.
    new ImageLineage(new Chart(app, 'billing-named'), 'Lineage', { from: FROM, layers: billing, name: 'billing-api' });
    new ImageLineage(new Chart(app, 'no-plan'), 'Lineage', { from: FROM, layers: billing, writeBuildPlan: false });
    lineage(Testing.chart());
  });

  test.each([
    [{ layers: [] }, /test\/Lineage: invalid layers \[\]: there is no layer\. Expected at least one layer/],
    [{ layers: [LAYERS[0], { ...LAYERS[1], name: 'base' }] }, /invalid layers\[1\]\.name "base": another layer has the same name/],
    [{ layers: [{ ...LAYERS[0], name: 'Base Layer' }] }, /invalid layers\[0\]\.name "Base Layer": it contains " " and uppercase letters/],
    [{ layers: [{ ...LAYERS[0], image: 'Registry/Acme:1' }] }, /invalid layers\[0\]\.image "Registry\/Acme:1": the repository "Acme" has uppercase letters/],
    [{ from: 'debian::12' }, /invalid from "debian::12"/],
    [{ from: undefined }, /invalid from \(undefined\): the first layer \(base\) has instructions to build, but nothing to build it from/],
    [{ name: 'Shop API' }, /invalid name "Shop API"/],
  ])('%#', (props, message) => {
    expect(() => lineage(Testing.chart(), props as Partial<ImageLineageProps>)).toThrow(message);
  });

  test('an unpinned upstream image is accepted with a warning', () => {
    const chart = Testing.chart();
    lineage(chart, { from: 'debian:12.5-slim' });
    expect(Warnings.of(chart)).toEqual([
      'test/Lineage: the first layer is built FROM "debian:12.5-slim", which is not pinned by digest: the build is not reproducible.',
    ]);
  });
});
