export * from './monitored-application';
export * from './health-probe';
export * from './metrics-scrape';
export * from './blackbox-probe';
export * from './alert-rules';
export * from './app-dashboard';
export * from './log-collection';
export * from './app-monitoring';
