export * from './app-identity';
export * from './format-rule';
export * from './platform-defaults';
export * from './security-profile';
export * from './warnings';
