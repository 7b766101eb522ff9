export * from './access-grant';
export * from './access-relaxation';
export * from './app-service-account';
export * from './existing-secret-source';
export * from './external-secret-source';
export * from './generated-secret-source';
export * from './secret-source';
