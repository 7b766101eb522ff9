import { Chart, Testing } from 'cdk8s';
import { PlatformDefaults, PlatformSetting, Warnings } from '../../src';
import { AppDashboard, AppDashboardProps } from '../../src/monitor/app-dashboard';
import { MonitoredApplication, WorkloadKind } from '../../src/monitor/monitored-application';
import { ManifestYaml } from '../../src/testing';
import { promqlErrors } from '../support/promql';
import { refusalOf } from '../support/refusal';
import { only, synth } from '../support/synth';

const POD_PATTERN = 'web-[a-z0-9]+-[a-z0-9]{5}';

/** A Deployment application with everything: containers, probes, a request counter, scrape targets. */
const WEB: MonitoredApplication = {
  name: 'web',
  namespace: 'shop',
  workloadKind: WorkloadKind.DEPLOYMENT,
  workloadName: 'web',
  podNamePattern: POD_PATTERN,
  containerNames: ['web', 'proxy'],
  blackboxJobs: ['web-probe', 'web-public-probe'],
  scrapeTargetMatchers: 'namespace="shop", service="web"',
  requestCounter: 'http_requests_total',
};

/** Another application, which the dashboard of WEB must never query. */
const ORDERS: MonitoredApplication = {
  name: 'orders',
  namespace: 'billing',
  workloadKind: WorkloadKind.STATEFUL_SET,
  workloadName: 'orders',
  podNamePattern: 'orders-[0-9]+',
  blackboxJobs: ['orders-probe'],
  scrapeTargetMatchers: 'namespace="billing", service="orders"',
  requestCounter: 'orders_requests_total',
};

/** The bare minimum: no containers named, no probes, no counter, not scraped. */
const MINIMAL: MonitoredApplication = {
  name: 'worker',
  namespace: 'shop',
  workloadKind: WorkloadKind.DEPLOYMENT,
  workloadName: 'worker',
  podNamePattern: 'worker-[a-z0-9]+-[a-z0-9]{5}',
};

function shopChart(): Chart {
  return new Chart(Testing.app(), 'shop', { namespace: 'shop' });
}

function dashboardOf(application: MonitoredApplication, props: Partial<AppDashboardProps> = {}, chart: Chart = shopChart()) {
  const dashboard = new AppDashboard(chart, 'Dashboard', { application, ...props });
  return { chart, dashboard };
}

/** The dashboard JSON as Grafana's sidecar reads it: from the synthesized ConfigMap. */
function modelIn(chart: Chart, name: string, key: string): any {
  const configMap = only(synth(chart), 'ConfigMap', name);
  expect(Object.keys(configMap.data)).toEqual([key]);
  return JSON.parse(configMap.data[key]);
}

function exprsOf(model: any): string[] {
  return model.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
}

function panel(model: any, title: string): any {
  const found = model.panels.filter((p: any) => p.title === title);
  expect(found).toHaveLength(1);
  return found[0];
}


describe('a Deployment application with everything', () => {
  test('seven panels, the sidecar labels, the folder annotation and the data key; snapshot', () => {
    const { chart, dashboard } = dashboardOf(WEB, { folder: 'Shop' });
    const configMap = only(synth(chart), 'ConfigMap');
    expect(configMap.metadata).toEqual({
      name: 'web-dashboard',
      namespace: 'shop',
      labels: { 'grafana_dashboard': '1', 'app.kubernetes.io/name': 'web' },
      annotations: { grafana_folder: 'Shop' },
    });
    expect(Object.keys(configMap.data)).toEqual(['web.json']);
    expect(dashboard.dashboard.panels.map((p: any) => p.title)).toEqual([
      'Replicas', 'Container restarts', 'CPU', 'Memory', 'Probe success', 'Request rate', 'Scrape targets up',
    ]);
    expect(dashboard.dashboard.title).toBe('web (shop)');
    expect(dashboard.configMap.name).toBe('web-dashboard');
    expect(dashboard.configMap.node.id).toBe('Resource');
    expect(ManifestYaml.ofChart(chart)).toMatchSnapshot();
  });

  test('the dashboard JSON parses back from the ConfigMap as a valid dashboard model', () => {
    const { chart, dashboard } = dashboardOf(WEB);
    const model = modelIn(chart, 'web-dashboard', 'web.json');
    expect(model).toEqual(dashboard.dashboard);
    expect(model).toMatchObject({ title: 'web (shop)', uid: dashboard.uid, schemaVersion: 39 });
    expect(model.id).toBeUndefined();
    expect(model.panels.length).toBeGreaterThan(0);

    const ids = model.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of model.panels) {
      expect(p).toEqual(expect.objectContaining({
        id: expect.any(Number), type: 'timeseries', title: expect.any(String), datasource: { type: 'prometheus', uid: '${datasource}' },
      }));
      const { x, y, w, h } = p.gridPos;
      expect([x, y, w, h].every(Number.isInteger)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(24);
      // No two panels overlap.
      for (let i = x; i < x + w; i++) {
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`)).toBe(false);
          cells.add(`${i},${j}`);
        }
      }
      expect(p.targets.length).toBeGreaterThan(0);
      expect(p.targets.map((t: any) => t.refId)).toEqual(['A', 'B', 'C'].slice(0, p.targets.length));
      for (const t of p.targets) {
        expect(t).toEqual(expect.objectContaining({ expr: expect.any(String), legendFormat: expect.any(String), datasource: p.datasource }));
      }
    }
    expect(model.templating.list).toEqual([expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' })]);
  });

  test('units of the panels', () => {
    const model = dashboardOf(WEB).dashboard.dashboard;
    const units = Object.fromEntries(model.panels.map((p: any) => [p.title, p.fieldConfig.defaults.unit]));
    expect(units).toMatchObject({ 'CPU': 'cores', 'Memory': 'bytes', 'Probe success': 'percentunit', 'Request rate': 'reqps' });
    expect(panel(model, 'Probe success').fieldConfig.defaults).toMatchObject({ min: 0, max: 1 });
  });

  test('the queries of each panel', () => {
    const model = dashboardOf(WEB).dashboard.dashboard;
    const targets = (title: string) => panel(model, title).targets.map((t: any) => [t.expr, t.legendFormat]);
    const sel = `namespace="shop", pod=~"${POD_PATTERN}", container=~"web|proxy"`;
    expect(targets('Replicas')).toEqual([
      ['kube_deployment_status_replicas_available{namespace="shop", deployment="web"}', 'available'],
      ['kube_deployment_spec_replicas{namespace="shop", deployment="web"}', 'desired'],
    ]);
    expect(targets('Container restarts')).toEqual([
      [`sum by (pod) (increase(kube_pod_container_status_restarts_total{${sel}}[$__rate_interval]))`, '{{pod}}'],
    ]);
    expect(targets('CPU')).toEqual([
      [`sum by (pod) (rate(container_cpu_usage_seconds_total{${sel}}[$__rate_interval]))`, '{{pod}}'],
      [`sum by (pod) (kube_pod_container_resource_requests{resource="cpu", ${sel}})`, '{{pod}} request'],
      [`sum by (pod) (kube_pod_container_resource_limits{resource="cpu", ${sel}})`, '{{pod}} limit'],
    ]);
    expect(targets('Memory')).toEqual([
      [`sum by (pod) (container_memory_working_set_bytes{${sel}})`, '{{pod}}'],
      [`sum by (pod) (kube_pod_container_resource_requests{resource="memory", ${sel}})`, '{{pod}} request'],
      [`sum by (pod) (kube_pod_container_resource_limits{resource="memory", ${sel}})`, '{{pod}} limit'],
    ]);
    expect(targets('Probe success')).toEqual([['avg(probe_success{namespace="shop", job=~"web-probe|web-public-probe"})', 'success']]);
    expect(targets('Request rate')).toEqual([
      [`sum(rate(http_requests_total{namespace="shop", pod=~"${POD_PATTERN}"}[$__rate_interval]))`, 'requests'],
    ]);
    expect(targets('Scrape targets up')).toEqual([['up{namespace="shop", service="web"}', '{{instance}}']]);
  });

  test('init containers and native sidecars: their restarts, requests and limits from the kube_pod_init_container_* series too', () => {
    const model = dashboardOf({ ...WEB, initContainerNames: ['proxy'] }).dashboard.dashboard;
    const targets = (title: string) => panel(model, title).targets.map((t: any) => t.expr);
    const sel = `namespace="shop", pod=~"${POD_PATTERN}", container=~"web|proxy"`;
    expect(targets('Container restarts')).toEqual([`sum by (pod) (increase(kube_pod_container_status_restarts_total{${sel}}[$__rate_interval]) `
      + `or increase(kube_pod_init_container_status_restarts_total{${sel}}[$__rate_interval]))`]);
    expect(targets('CPU').slice(1)).toEqual([
      `sum by (pod) (kube_pod_container_resource_requests{resource="cpu", ${sel}} or kube_pod_init_container_resource_requests{resource="cpu", ${sel}})`,
      `sum by (pod) (kube_pod_container_resource_limits{resource="cpu", ${sel}} or kube_pod_init_container_resource_limits{resource="cpu", ${sel}})`,
    ]);
    expect(targets('Memory')[1]).toBe(`sum by (pod) (kube_pod_container_resource_requests{resource="memory", ${sel}} `
      + `or kube_pod_init_container_resource_requests{resource="memory", ${sel}})`);
  });

  test('without container names, every container of the pods (not the pod-level cgroup)', () => {
    const model = dashboardOf({ ...WEB, containerNames: undefined }).dashboard.dashboard;
    const cpu = panel(model, 'CPU').targets[0].expr;
    expect(cpu).toContain('container!=""');
    expect(cpu).not.toContain('container=~');
    expect(dashboardOf({ ...WEB, containerNames: [] }).dashboard.dashboard).toEqual(model);
  });
});

describe('every query is valid PromQL', () => {
  test('the checker finds broken expressions', () => {
    expect(promqlErrors('sum by (pod) (rate(x{namespace="shop"}[$__rate_interval]))')).toEqual([]);
    expect(promqlErrors('sum(rate(x{namespace="shop"[5m]))')).not.toEqual([]);
    expect(promqlErrors('sum by pod (x)')).not.toEqual([]);
    const cpu = panel(dashboardOf(WEB).dashboard.dashboard, 'CPU').targets[0].expr;
    expect(promqlErrors(cpu)).toEqual([]);
    expect(promqlErrors(cpu.slice(0, -1))).not.toEqual([]);
    expect(promqlErrors(cpu.replace('{', ''))).not.toEqual([]);
  });

  const variants: Array<[string, MonitoredApplication]> = [
    ['everything', WEB],
    ['minimal', MINIMAL],
    ['StatefulSet', { ...ORDERS }],
    ['DaemonSet', { ...MINIMAL, workloadKind: WorkloadKind.DAEMON_SET, podNamePattern: 'worker-[a-z0-9]{5}' }],
    ['Job', { ...MINIMAL, workloadKind: WorkloadKind.JOB, workloadName: 'migrate', podNamePattern: 'migrate-[a-z0-9]{5}' }],
    ['CronJob with a dotted name and an escaped pattern', {
      ...MINIMAL,
      workloadKind: WorkloadKind.CRON_JOB,
      workloadName: 'nightly.report',
      podNamePattern: 'nightly\\.report-\\d+-[a-z0-9]{5}',
      blackboxJobs: ['probe/shop/web.example'],
      containerNames: ['report'],
    }],
  ];
  test.each(variants)('%s', (_, application) => {
    const exprs = exprsOf(dashboardOf(application).dashboard.dashboard);
    expect(exprs.length).toBeGreaterThanOrEqual(8);
    for (const expr of exprs) {
      expect([expr, promqlErrors(expr)]).toEqual([expr, []]);
    }
  });

  test('regular expression characters in names are escaped, and backslashes in patterns doubled in PromQL strings', () => {
    const model = dashboardOf(variants[5][1]).dashboard.dashboard;
    expect(panel(model, 'Job pods').targets[0].expr).toBe('sum(kube_job_status_active{namespace="shop", job_name=~"nightly\\\\.report-[0-9]+"})');
    expect(panel(model, 'CPU').targets[0].expr).toContain('pod=~"nightly\\\\.report-\\\\d+-[a-z0-9]{5}"');
    expect(panel(model, 'Probe success').targets[0].expr).toBe('avg(probe_success{namespace="shop", job=~"probe/shop/web\\\\.example"})');
  });
});

describe('every query is scoped to the application', () => {
  test('its namespace and its pods, workload, probe jobs or scrape targets; never another application', () => {
    const chart = shopChart();
    const web = new AppDashboard(chart, 'Web', { application: WEB });
    const orders = new AppDashboard(chart, 'Orders', { application: ORDERS });
    const check = (model: any, app: MonitoredApplication, other: MonitoredApplication) => {
      const exprs = exprsOf(model);
      expect(exprs).toHaveLength(12);
      for (const expr of exprs) {
        if (expr.startsWith('avg(probe_success')) {
          // Probes by their jobs and their namespace (the Prometheus operator labels a Probe's series with its own): the
          // same application in another namespace has the same job names.
          expect(expr).toBe(`avg(probe_success{namespace="${app.namespace}", job=~"${app.blackboxJobs!.join('|')}"})`);
        } else {
          expect(expr).toContain(`namespace="${app.namespace}"`);
          const scoped = expr.includes(`pod=~"${app.podNamePattern}"`)
            || new RegExp(`(deployment|statefulset|daemonset|job_name)="${app.workloadName}"`).test(expr)
            || expr === `up{${app.scrapeTargetMatchers}}`;
          expect([expr, scoped]).toEqual([expr, true]);
        }
        for (const foreign of [other.name, other.namespace, other.workloadName, ...other.blackboxJobs!, other.requestCounter!]) {
          expect(expr).not.toContain(foreign);
        }
        expect(expr).not.toMatch(/namespace=~|namespace!=/);
      }
    };
    check(modelIn(chart, 'web-dashboard', 'web.json'), WEB, ORDERS);
    check(modelIn(chart, 'orders-dashboard', 'orders.json'), ORDERS, WEB);
    expect(web.uid).not.toBe(orders.uid);
  });
});

describe('workload kinds', () => {
  test.each([
    [WorkloadKind.STATEFUL_SET, 'db', 'Replicas', [
      ['kube_statefulset_status_replicas_ready{namespace="shop", statefulset="db"}', 'ready'],
      ['kube_statefulset_replicas{namespace="shop", statefulset="db"}', 'desired'],
    ]],
    [WorkloadKind.DAEMON_SET, 'agent', 'Replicas', [
      ['kube_daemonset_status_number_available{namespace="shop", daemonset="agent"}', 'available'],
      ['kube_daemonset_status_desired_number_scheduled{namespace="shop", daemonset="agent"}', 'desired'],
    ]],
    [WorkloadKind.JOB, 'migrate', 'Job pods', [
      ['kube_job_status_active{namespace="shop", job_name="migrate"}', 'active'],
      ['kube_job_status_succeeded{namespace="shop", job_name="migrate"}', 'succeeded'],
    ]],
    [WorkloadKind.CRON_JOB, 'nightly', 'Job pods', [
      ['sum(kube_job_status_active{namespace="shop", job_name=~"nightly-[0-9]+"})', 'active'],
      ['sum(kube_job_status_failed{namespace="shop", job_name=~"nightly-[0-9]+"})', 'failed'],
    ]],
  ])('%s', (workloadKind, workloadName, title, expected) => {
    const app = { ...MINIMAL, name: workloadName, workloadKind, workloadName, podNamePattern: `${workloadName}-.+` };
    const { chart, dashboard } = dashboardOf(app);
    const model = modelIn(chart, `${workloadName}-dashboard`, `${workloadName}.json`);
    expect(model.panels[0].title).toBe(title);
    expect(model.panels[0].targets.map((t: any) => [t.expr, t.legendFormat])).toEqual(expected);
    expect(model.description).toContain(`${workloadKind} shop/${workloadName}`);
    expect(panel(dashboard.dashboard, 'CPU').targets[0].expr).toContain(`pod=~"${workloadName}-.+"`);
  });
});

test('the description of a release of two tracks names both Deployments, not the one whose name sorts first', () => {
  const app = { ...MINIMAL, workloadName: 'web-canary', workloadNames: ['web-canary', 'web-stable'] };
  const { chart } = dashboardOf(app);
  expect(modelIn(chart, `${app.name}-dashboard`, `${app.name}.json`).description).toBe('Deployments shop/web-canary, shop/web-stable, made by cdk8s-appflow.');
});

describe('optional panels', () => {
  test('absent when their inputs are: four panels in two rows', () => {
    const model = dashboardOf(MINIMAL).dashboard.dashboard;
    expect(model.panels.map((p: any) => [p.title, p.gridPos])).toEqual([
      ['Replicas', { h: 8, w: 12, x: 0, y: 0 }],
      ['Container restarts', { h: 8, w: 12, x: 12, y: 0 }],
      ['CPU', { h: 8, w: 12, x: 0, y: 8 }],
      ['Memory', { h: 8, w: 12, x: 12, y: 8 }],
    ]);
    expect(JSON.stringify(model)).not.toMatch(/probe_success|up\{|http_requests_total/);
  });

  test.each([
    ['blackboxJobs', { blackboxJobs: ['worker-probe'] }, 'Probe success'],
    ['requestCounter', { requestCounter: 'jobs_processed_total' }, 'Request rate'],
    ['scrapeTargetMatchers', { scrapeTargetMatchers: 'namespace="shop", service="worker"' }, 'Scrape targets up'],
  ])('each one present with its input only: %s', (_, extra, title) => {
    const model = dashboardOf({ ...MINIMAL, ...extra }).dashboard.dashboard;
    expect(model.panels.map((p: any) => p.title)).toEqual(['Replicas', 'Container restarts', 'CPU', 'Memory', title]);
    expect(model.panels[4].gridPos).toEqual({ h: 8, w: 12, x: 0, y: 16 });
  });

  test('no probe panel for an empty list of probe jobs', () => {
    expect(dashboardOf({ ...MINIMAL, blackboxJobs: [] }).dashboard.dashboard.panels).toHaveLength(4);
  });
});

describe('labels, name, title, folder and data source', () => {
  test('the platform default dashboard labels; the labels prop replaces them', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { dashboardLabels: { grafana_dashboard: 'shop', team: 'payments' } });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new AppDashboard(chart, 'Default', { application: WEB });
    new AppDashboard(chart, 'Own', { application: ORDERS, labels: { 'dashboards.example.com/load': 'true' } });
    expect(only(synth(chart), 'ConfigMap', 'web-dashboard').metadata.labels).toEqual({ 'grafana_dashboard': 'shop', 'team': 'payments', 'app.kubernetes.io/name': 'web' });
    expect(only(synth(chart), 'ConfigMap', 'orders-dashboard').metadata.labels).toEqual({ 'dashboards.example.com/load': 'true', 'app.kubernetes.io/name': 'orders' });
  });

  test('with the platform default switched off and no labels: only the application label, and a warning', () => {
    const app = Testing.app();
    PlatformDefaults.set(app, { switchOff: [PlatformSetting.DASHBOARD_LABELS] });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new AppDashboard(chart, 'Dashboard', { application: WEB });
    expect(only(synth(chart), 'ConfigMap').metadata.labels).toEqual({ 'app.kubernetes.io/name': 'web' });
    expect(Warnings.of(chart)).toEqual([expect.stringMatching(/^shop\/Dashboard: the dashboard ConfigMap has no labels for Grafana's dashboard sidecar/)]);
    expect(Warnings.of(dashboardOf(WEB).chart)).toEqual([]);
  });

  test('name, title and no folder', () => {
    const { chart, dashboard } = dashboardOf(WEB, { name: 'shop-web.dashboard', title: 'Web shop' });
    const configMap = only(synth(chart), 'ConfigMap');
    expect(configMap.metadata.name).toBe('shop-web.dashboard');
    expect(configMap.metadata.annotations).toBeUndefined();
    expect(Object.keys(configMap.data)).toEqual(['web.json']);
    expect(dashboard.dashboard.title).toBe('Web shop');
  });

  test('a fixed data source uid: on every panel and target, and no data source variable', () => {
    const model = dashboardOf(WEB, { datasource: 'prometheus-main_1' }).dashboard.dashboard;
    for (const p of model.panels) {
      expect(p.datasource).toEqual({ type: 'prometheus', uid: 'prometheus-main_1' });
      for (const t of p.targets) {
        expect(t.datasource).toEqual({ type: 'prometheus', uid: 'prometheus-main_1' });
      }
    }
    expect(model.templating.list).toEqual([]);
    expect(JSON.stringify(model)).not.toContain('${datasource}');
  });

  test('the dashboard property is a copy: changing it does not change the ConfigMap', () => {
    const { chart, dashboard } = dashboardOf(WEB);
    dashboard.dashboard.title = 'changed';
    expect(modelIn(chart, 'web-dashboard', 'web.json').title).toBe('web (shop)');
  });
});

describe('the uid', () => {
  test('stable across two syntheses, different for two applications or two namespaces', () => {
    const first = dashboardOf(WEB).dashboard.uid;
    const second = dashboardOf(WEB, { name: 'other-name', title: 'Other title' }).dashboard.uid;
    expect(second).toBe(first);
    expect(modelIn(dashboardOf(WEB).chart, 'web-dashboard', 'web.json').uid).toBe(first);
    expect(first).toMatch(/^shop-web-[0-9a-f]{8}$/);
    expect(dashboardOf(ORDERS).dashboard.uid).not.toBe(first);
    expect(dashboardOf({ ...WEB, namespace: 'shop-staging' }).dashboard.uid).not.toBe(first);
    // Namespace and application are not confused where the dash falls.
    expect(dashboardOf({ ...WEB, namespace: 'shop-web', name: 'api' }).dashboard.uid)
      .not.toBe(dashboardOf({ ...WEB, namespace: 'shop', name: 'web-api' }).dashboard.uid);
  });

  test('at most 40 letters, digits, "-" and "_", even for long names with dots', () => {
    const long = { ...WEB, namespace: 'a'.repeat(63), name: 'b.c'.repeat(21) };
    const uid = dashboardOf(long, { name: 'long-dashboard' }).dashboard.uid;
    expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(uid).toHaveLength(40);
    expect(dashboardOf({ ...long, name: 'b.c'.repeat(20) }, { name: 'long-dashboard' }).dashboard.uid).not.toBe(uid);
  });
});

describe('refused', () => {
  test.each([
    [{ name: 'Web_Dashboard' }, /^shop\/Dashboard: invalid name "Web_Dashboard": it contains "_" and uppercase letters, which are not allowed\. Expected a DNS-1123 subdomain/],
    [{ labels: { 'bad key': '1' } }, /^shop\/Dashboard: invalid labels "bad key": .*Expected a label key/],
    [{ labels: { grafana_dashboard: 'not ok!' } }, /^shop\/Dashboard: invalid labels\["grafana_dashboard"\] "not ok!": it contains " " and "!", which are not allowed\. Expected a label value/],
    [{ datasource: 'prom/main' }, /^shop\/Dashboard: invalid datasource "prom\/main": it contains characters other than letters, digits, "-" and "_"\. Expected the uid of a Grafana data source/],
    [{ datasource: 'p'.repeat(41) }, /^shop\/Dashboard: invalid datasource "p{41}": it is 41 characters long, more than 40\. Expected the uid/],
    [{ datasource: '' }, /^shop\/Dashboard: invalid datasource "": it is empty\. Expected the uid of a Grafana data source/],
    [{ folder: '' }, /^shop\/Dashboard: invalid folder "": it is empty\. Expected the name of a Grafana folder/],
    [{ title: ' ' }, /^shop\/Dashboard: invalid title " ": it is empty\. Expected a title for the dashboard/],
  ])('%#: %j', (props, message) => {
    expect(() => dashboardOf(WEB, props as Partial<AppDashboardProps>)).toThrow(message);
  });

  test.each([
    [{ requestCounter: 'http-requests-total' }, /^shop\/Dashboard: invalid application\.requestCounter "http-requests-total": it is not a Prometheus metric name\. Expected a metric name matching/],
    [{ requestCounter: '1requests' }, /invalid application\.requestCounter "1requests": it is not a Prometheus metric name/],
    [{ requestCounter: 'http_requests_total{code="500"}' }, /invalid application\.requestCounter "http_requests_total\{code=\\"500\\"\}": it is not a Prometheus metric name/],
    [{ namespace: 'Shop' }, /^shop\/Dashboard: invalid application\.namespace "Shop": it contains uppercase letters, which are not allowed\. Expected a DNS-1123 label/],
    [{ name: '' }, /^shop\/Dashboard: invalid application\.name "": it is empty\. Expected a non-empty label value/],
    [{ name: 'web app' }, /invalid application\.name "web app": it contains " ", which is not allowed/],
    [{ workloadName: 'Web' }, /invalid application\.workloadName "Web": it contains uppercase letters/],
    [{ workloadKind: 'ReplicaSet' }, /invalid application\.workloadKind "ReplicaSet": it is not a workload kind\. Expected one of "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"\./],
    [{ podNamePattern: '' }, /invalid application\.podNamePattern "": it is empty\. Expected a regular expression/],
    [{ containerNames: ['web', 'Proxy'] }, /invalid application\.containerNames\[1\] "Proxy": it contains uppercase letters/],
    [{ blackboxJobs: [''] }, /invalid application\.blackboxJobs\[0\] "": it is empty/],
    [{ scrapeTargetMatchers: '' }, /invalid application\.scrapeTargetMatchers "": it is empty/],
  ])('application %#: %j', (change, message) => {
    expect(() => dashboardOf({ ...WEB, ...change } as MonitoredApplication)).toThrow(message);
  });

  /** The AppflowInputError of a dashboard of the application changed. */
  const applicationRefusal = (change: Partial<MonitoredApplication>) => refusalOf(() => dashboardOf({ ...WEB, ...change }));

  test('a podNamePattern or claimNamePatterns that is not an RE2 regular expression', () => {
    expect(applicationRefusal({ podNamePattern: '(' })).toMatchObject({
      constructPath: 'shop/Dashboard',
      prop: 'application.podNamePattern',
      value: '(',
      problem: 'it is not a regular expression that Prometheus compiles (RE2): unterminated group',
      accepted: 'a regular expression (RE2) that matches the names of the application\'s pods, e.g. "web-[a-z0-9]+-[a-z0-9]{5}"',
    });
    expect(applicationRefusal({ podNamePattern: '(?<!x)web-.*' })).toMatchObject({
      prop: 'application.podNamePattern', problem: 'it is not a regular expression that Prometheus compiles (RE2): at character 1, the lookaround (?<!: RE2 has no lookarounds',
    });
    expect(applicationRefusal({ claimNamePatterns: ['data-[0-9]+', 'cache-[a-'] })).toMatchObject({
      prop: 'application.claimNamePatterns[1]', value: 'cache-[a-', problem: 'it is not a regular expression that Prometheus compiles (RE2): a "[" has no closing "]"',
    });
  });

  test.each([
    ['مرحبا', 'at character 1 ("مرحبا"), a label name is expected (letters, digits and "_", not starting with a digit)'],
    ['{service="web"}', 'at character 1 ("{service=\\""), a label name is expected (letters, digits and "_", not starting with a digit)'],
    ['service="web', 'at character 9, the value has no closing quote'],
    ['service=web', 'at character 9 ("web"), a double-quoted value is expected after service='],
    ['job=~"("', 'the regular expression of job=~ is not one that Prometheus compiles (RE2): unterminated group'],
  ])('scrapeTargetMatchers %j that are not PromQL label matchers', (matchers, why) => {
    const error = applicationRefusal({ scrapeTargetMatchers: matchers });
    expect(error).toMatchObject({ constructPath: 'shop/Dashboard', prop: 'application.scrapeTargetMatchers', value: matchers, problem: `it is not PromQL label matchers: ${why}` });
    expect(error.accepted).toMatch(/^PromQL label matchers: `name op "value"` separated by commas, e\.g\. 'namespace="shop", service="web"'/);
  });

  test('a dashboard larger than the 1 MiB a ConfigMap holds', () => {
    const huge = `web-(${'a'.repeat(150000)})`;
    expect(() => dashboardOf({ ...WEB, podNamePattern: huge })).toThrow(
      /^shop\/Dashboard: invalid application \{.*: its dashboard is \d+ bytes of JSON, more than the 1048576 bytes \(1 MiB\) a ConfigMap can hold\. Expected an application whose dashboard fits in 1 MiB/);
    // A large dashboard that still fits is accepted.
    expect(dashboardOf({ ...WEB, podNamePattern: `web-(${'a'.repeat(10000)})` }).dashboard.configMap.name).toBe('web-dashboard');
  });
});

test('refused: a label "constructor" (a valid key, which cdk8s cannot serialize)', () => {
  expect(refusalOf(() => dashboardOf(WEB, { labels: { grafana_dashboard: '1', constructor: 'x' } }))).toMatchObject({
    constructPath: 'shop/Dashboard',
    prop: 'labels',
    value: 'constructor',
    problem: 'cdk8s cannot write a map with this key (its serialization reads obj.constructor.name of every object)',
    accepted: 'a label key other than "constructor", which cdk8s cannot serialize in a map (a cdk8s bug)',
  });
});
