import { App } from 'cdk8s';
import { SidecarProxyChart } from './chart';

const app = new App();
new SidecarProxyChart(app, 'sidecar-proxy');
app.synth();
