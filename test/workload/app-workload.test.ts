import { Testing } from 'cdk8s';
import { AppIdentity, ContainerImage, StatelessWorkload } from '../../src';
import { refusalOf } from '../support/refusal';

const APP = ContainerImage.fromReference('registry.example.com/shop/app:0.3.2');

describe('untyped JavaScript input of a workload: an input error, never a TypeError', () => {
  test.each([undefined, null, 'web'])('props %j', (props) => {
    expect(() => new StatelessWorkload(Testing.chart(), 'Web', props as any))
      .toThrow(/^test\/Web: invalid props .*: (there are no props|they are a string, not an object)\. Expected the props of the workload: at least identity and container\.$/);
  });

  test('a main container or platform defaults that are not an object', () => {
    const chart = Testing.chart();
    const identity = new AppIdentity(chart, 'Identity', { name: 'app' });
    expect(refusalOf(() => new StatelessWorkload(chart, 'Web', { identity, container: 'nginx' as any })))
      .toMatchObject({ constructPath: 'test/Web', prop: 'container', value: 'nginx', problem: 'it is a string, not an object' });
    expect(refusalOf(() => new StatelessWorkload(chart, 'Web2', { identity, container: { image: APP }, platformDefaults: 'x' as any })))
      .toMatchObject({ constructPath: 'test/Web2', prop: 'platformDefaults', problem: 'it is a string, not an object' });
    expect(refusalOf(() => new StatelessWorkload(chart, 'Web3', { identity, container: { image: APP }, volumes: 'cache' as any })))
      .toMatchObject({ constructPath: 'test/Web3', prop: 'volumes', problem: 'it is a string, not a list' });
  });
});
