import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests against a running Yui (web + API behind one address):
 *   YUI_E2E_URL=http://localhost:3000 pnpm exec playwright test -c tests/e2e/playwright.config.ts
 * They use the system Chromium; `playwright install` (a browser download) is never needed.
 */
const baseURL = process.env.YUI_E2E_URL ?? 'http://localhost:3000';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 900 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? process.env.YUI_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            // Native widgets (date inputs) as a Japanese desktop shows them.
            '--lang=ja-JP',
          ],
        },
      },
    },
  ],
});
