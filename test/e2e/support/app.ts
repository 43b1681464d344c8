/**
 * One test file's browser session: serves the built app and starts Chromium
 * before the file's tests (beforeAll) and closes both after them. Register it
 * at the top of a file: `const session = builtAppInChromium();`, then use
 * `session.server.url` and `session.browser` inside tests and later hooks.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { serveBuiltApp, type AppServer } from './server';

export interface AppInChromium {
  readonly server: AppServer;
  readonly browser: Browser;
}

export function builtAppInChromium(): AppInChromium {
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await serveBuiltApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the app server starts in beforeAll: use it inside tests');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium starts in beforeAll: use it inside tests');
      return browser;
    },
  };
}
