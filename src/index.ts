export * from './core';
export * from './image';
export * from './workload';
export * from './testing';
