import { App } from 'cdk8s';
import { FullStackChart } from './chart';

const app = new App();
new FullStackChart(app, 'full-stack');
app.synth();
