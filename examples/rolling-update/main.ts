import { App } from 'cdk8s';
import { RollingUpdateChart } from './chart';

const app = new App();
new RollingUpdateChart(app, 'rolling-update');
app.synth();
