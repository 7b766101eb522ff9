import { App } from 'cdk8s';
import { MonitoredShopChart } from './chart';

const app = new App();
new MonitoredShopChart(app, 'monitored-shop');
app.synth();
