export * from './roles';
export * from './tenancy';
export * from './messaging';
export * from './time';
export * from './communities';
export * from './help';
export * from './mentoring';
export * from './attractions';
