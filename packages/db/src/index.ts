export * from './client';
export * from './tenant';
export * from './schema/index';
export * from './urls';
