export * from './bus.types';
