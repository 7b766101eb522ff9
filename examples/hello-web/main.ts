import { App } from 'cdk8s';
import { HelloWebChart } from './chart';

const app = new App();
new HelloWebChart(app, 'hello-web');
app.synth();
