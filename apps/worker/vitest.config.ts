import { defineProject } from 'vitest/config';
export default defineProject({ test: { name: 'worker', testTimeout: 90_000, hookTimeout: 60_000, include: ['test/**/*.test.ts', 'src/**/*.test.ts'] } });
