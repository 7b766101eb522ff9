/**
 * The root `cdk8s synth` entry point (see cdk8s.yaml): synthesizes the examples into dist/.
 */
import { App } from 'cdk8s';
import { HelloWebChart } from './hello-web/chart';
import { LockedImageChart } from './locked-image/chart';
import { MonitoredShopChart } from './monitored-shop/chart';

const app = new App();
new HelloWebChart(app, 'hello-web');
new LockedImageChart(app, 'locked-image');
new MonitoredShopChart(app, 'monitored-shop');
app.synth();
