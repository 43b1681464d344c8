/**
 * Debian's Chromium driven by playwright-core (no browser download: the test
 * browser is the system one). The flags give a SwiftShader WebGPU adapter and
 * SwiftShader WebGL on a machine with no GPU (shared/DESIGN.md).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** A bench's `--flags` value (comma-separated Chromium flags, '' for none) as the list launchChromium takes. */
export function flagList(text: string | undefined): string[] {
  return text ? text.split(',').filter((f) => f.length > 0) : [];
}

/** `extraFlags` go after CHROMIUM_FLAGS (benches use them to compare compositing modes). */
export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...extraFlags] });
}

/** Collects the page's console errors and uncaught exceptions, for assertions and for failure messages. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}
