export * from './app-synthesis';
