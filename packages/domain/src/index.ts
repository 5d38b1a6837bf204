export * from './municipality-code';
export * from './fiscal-year';
export * from './time';
export * from './kana';
