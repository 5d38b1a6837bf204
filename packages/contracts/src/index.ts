export * from './common';
export * from './errors';
export * from './auth';
export * from './notifications';
export * from './directory';
export * from './events';
export * from './jobs';
export * from './i18n';
