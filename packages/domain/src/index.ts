export * from './municipality-code';
export * from './fiscal-year';
export * from './time';
export * from './kana';
export * from './csv';
export * from './staff-csv';
export * from './department-tree';
export * from './time-budget';
