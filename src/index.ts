export * from './core';
export * from './image';
export * from './testing';
