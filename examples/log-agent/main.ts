import { App } from 'cdk8s';
import { LogAgentChart } from './chart';

const app = new App();
new LogAgentChart(app, 'log-agent');
app.synth();
