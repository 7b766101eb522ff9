/**
 * What every benchmarked application is, whichever way it is written: the name, the host and the namespace of
 * application number `i`, and the layouts of the app (one chart, or one chart per application).
 */

/** How the applications are laid out in charts. */
export type Layout = 'one-chart' | 'chart-per-app';

/** The layouts, in the order the bench reports them. */
export const LAYOUTS: Layout[] = ['one-chart', 'chart-per-app'];

/** The namespace of every application (in both layouts, so that both make the very same objects). */
export const NAMESPACE = 'apps';

/** The id and namespace of the chart of the one-chart layout. */
export const ONE_CHART_ID = 'apps';

/** The name of application number `i` (0-based): `web-00000`, `web-00001`, ... (five digits: up to 100,000). */
export function appName(i: number): string {
  return `web-${String(i).padStart(5, '0')}`;
}

/** The public host of an application. */
export function hostOf(name: string): string {
  return `${name}.apps.example.com`;
}

/** The image of every application (pinned by tag: a version, not `latest`). */
export const IMAGE = 'registry.example.com/shop/web:2.3.1';

/** The chart id of an application in the chart-per-app layout (its file is `<id>.k8s.yaml`). */
export function chartIdOf(name: string): string {
  return name;
}
