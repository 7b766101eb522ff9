import { App } from 'cdk8s';
import { NginxWebChart } from './chart';

const app = new App();
new NginxWebChart(app, 'nginx-web');
app.synth();
