import { App } from 'cdk8s';
import { MysqlStatefulChart } from './chart';

const app = new App();
new MysqlStatefulChart(app, 'mysql-stateful');
app.synth();
