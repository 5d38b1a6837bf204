import { defineProject } from 'vitest/config';
export default defineProject({ test: { name: 'db-tools', include: ['test/**/*.test.ts'] } });
