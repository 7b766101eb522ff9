import { Testing } from 'cdk8s';
import { FooBlueGreenChart, FooCanaryChart } from './chart';
import { BlueGreenTrack, ManifestYaml, PodSecurity, SecurityProfile } from 'cdk8s-appflow';

const TRACK = 'cdk8s-appflow/track';

function only(manifests: any[], kind: string, name: string): any {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The pods of the Deployments that a Service's selector matches, as `<deployment>: <image> x <replicas>`. */
function backends(manifests: any[], serviceName: string): string[] {
  const selector = only(manifests, 'Service', serviceName).spec.selector;
  return manifests
    .filter((m) => m.kind === 'Deployment')
    .filter((d) => Object.entries(selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v))
    .map((d) => `${d.metadata.name}: ${d.spec.template.spec.containers[0].image} x ${d.spec.replicas}`)
    .sort();
}

/** Where two syntheses differ, sorted: `<kind>/<name>.<path>: <before> -> <after>`, objects matched by kind and name. */
function differences(before: any[], after: any[]): string[] {
  const key = (m: any) => `${m.kind}/${m.metadata.name}`;
  const found: string[] = [];
  const walk = (where: string, a: any, b: any) => {
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        walk(`${where}.${k}`, a[k], b[k]);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      found.push(`${where}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
    }
  };
  const afterByKey = new Map(after.map((m) => [key(m), m]));
  for (const m of before) {
    walk(key(m), m, afterByKey.get(key(m)));
    afterByKey.delete(key(m));
  }
  for (const [k, m] of afterByKey) {
    walk(k, undefined, m);
  }
  return found.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

describe('blue/green', () => {
  const synth = (active?: BlueGreenTrack) => Testing.synth(new FooBlueGreenChart(Testing.app(), 'foo-bluegreen', { active }));

  test('two full-size tracks; the Service foo selects the active one (blue, 1.0.0), foo-preview the idle one (green, 1.1.0)', () => {
    const manifests = synth();
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/foo-blue', 'Deployment/foo-green', 'PodDisruptionBudget/foo-blue', 'PodDisruptionBudget/foo-green', 'Service/foo', 'Service/foo-preview',
    ]);
    expect(manifests.every((m) => m.metadata.namespace === 'foo-bluegreen')).toBe(true);
    expect(only(manifests, 'Service', 'foo').spec.selector[TRACK]).toBe('blue');
    expect(only(manifests, 'Service', 'foo-preview').spec.selector[TRACK]).toBe('green');
    expect(backends(manifests, 'foo')).toEqual(['foo-blue: registry.example.com/foo:1.0.0 x 3']);
    expect(backends(manifests, 'foo-preview')).toEqual(['foo-green: registry.example.com/foo:1.1.0 x 3']);
    for (const track of ['foo-blue', 'foo-green']) {
      const container = only(manifests, 'Deployment', track).spec.template.spec.containers[0];
      expect(container.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' } });
    }
    expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
  });

  test('switching to green is one field, and changes nothing but the two Services\' selectors', () => {
    const blue = synth(BlueGreenTrack.BLUE);
    const green = synth(BlueGreenTrack.GREEN);
    expect(backends(green, 'foo')).toEqual(['foo-green: registry.example.com/foo:1.1.0 x 3']);
    expect(backends(green, 'foo-preview')).toEqual(['foo-blue: registry.example.com/foo:1.0.0 x 3']);
    expect(differences(blue, green)).toEqual([
      `Service/foo-preview.spec.selector.${TRACK}: "green" -> "blue"`,
      `Service/foo.spec.selector.${TRACK}: "blue" -> "green"`,
    ]);
  });
});

describe('canary', () => {
  const synth = (weight?: number) => Testing.synth(new FooCanaryChart(Testing.app(), 'foo-canary', { weight }));

  test('the Service foo selects both tracks: 9 stable pods (1.0.0) and 1 canary pod (1.1.0)', () => {
    const manifests = synth();
    expect(manifests.every((m) => m.metadata.namespace === 'foo-canary')).toBe(true);
    const selector = only(manifests, 'Service', 'foo').spec.selector;
    expect(selector[TRACK]).toBeUndefined();
    expect(backends(manifests, 'foo')).toEqual([
      'foo-canary: registry.example.com/foo:1.1.0 x 1',
      'foo-stable: registry.example.com/foo:1.0.0 x 9',
    ]);
    expect(manifests.filter((m) => m.kind === 'Service')).toHaveLength(1);
    expect(PodSecurity.problemsOfAll(manifests, SecurityProfile.RESTRICTED)).toEqual([]);
  });

  test('raising the weight moves pods from the stable track to the canary; 100 promotes it', () => {
    expect(differences(synth(10), synth(30)).filter((d) => d.includes('.spec.replicas'))).toEqual([
      'Deployment/foo-canary.spec.replicas: 1 -> 3',
      'Deployment/foo-stable.spec.replicas: 9 -> 7',
    ]);
    expect(backends(synth(100), 'foo')).toEqual([
      'foo-canary: registry.example.com/foo:1.1.0 x 10',
      'foo-stable: registry.example.com/foo:1.0.0 x 0',
    ]);
    expect(backends(synth(0), 'foo')).toEqual([
      'foo-canary: registry.example.com/foo:1.1.0 x 0',
      'foo-stable: registry.example.com/foo:1.0.0 x 10',
    ]);
  });

  test('a weight that is not a whole number of the 10 pods is refused', () => {
    expect(() => synth(15)).toThrow(/15% of 10 replicas is 1.5 pods, not a whole number/);
  });
});

test('snapshots', () => {
  expect(ManifestYaml.ofChart(new FooBlueGreenChart(Testing.app(), 'foo-bluegreen'))).toMatchSnapshot('blue/green');
  expect(ManifestYaml.ofChart(new FooCanaryChart(Testing.app(), 'foo-canary'))).toMatchSnapshot('canary');
});
