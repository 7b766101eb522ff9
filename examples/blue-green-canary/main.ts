import { App } from 'cdk8s';
import { FooBlueGreenChart, FooCanaryChart } from './chart';

const app = new App();
new FooBlueGreenChart(app, 'foo-bluegreen');
new FooCanaryChart(app, 'foo-canary');
app.synth();
