import { App } from 'cdk8s';
import { LockedImageChart } from './chart';

const app = new App();
new LockedImageChart(app, 'locked-image');
app.synth();
