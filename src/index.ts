export * from './core';
export * from './image';
export * from './workload';
export * from './persistence';
export * from './expose';
export * from './testing';
