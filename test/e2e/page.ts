/**
 * A page object for the playground: elements by data-testid, and the typed
 * `window.__simclr` test API so tests wait for steps instead of racing them.
 */
import type { Locator, Page } from 'playwright-core';
import type { AugmentOpName, ConfigPatch } from '../../src/core/config';
import type { EvaluationSummary, MapSummary, NeighboursSummary, SimclrTestState } from '../../src/state/testApi';
import type { AblationPlan, AblationRow, MapMethod } from '../../src/worker/protocol';

export class PlaygroundPage {
  constructor(readonly page: Page) {}

  /** Opens the app at `baseUrl` with an optional hash (without '#') and waits for the test API. */
  async open(baseUrl: string, hash = ''): Promise<void> {
    await this.page.goto(hash ? `${baseUrl}#${hash}` : baseUrl);
    await this.page.waitForFunction(() => window.__simclr !== undefined, undefined, { timeout: 60_000 });
  }

  byTestId(id: string): Locator {
    return this.page.locator(`[data-testid="${id}"]`);
  }

  whenReady(timeoutMs = 180_000): Promise<SimclrTestState> {
    return this.page.evaluate((t) => window.__simclr!.whenReady(t), timeoutMs);
  }

  state(): Promise<SimclrTestState> {
    return this.page.evaluate(() => window.__simclr!.state());
  }

  /** Runs n steps through the API; resolves with the step count once the loop stopped. */
  step(n: number): Promise<number> {
    return this.page.evaluate((k) => window.__simclr!.step(k), n);
  }

  play(): Promise<void> {
    return this.page.evaluate(() => window.__simclr!.play());
  }

  pause(): Promise<void> {
    return this.page.evaluate(() => window.__simclr!.pause());
  }

  waitForStep(step: number, timeoutMs = 120_000): Promise<number> {
    return this.page.evaluate(([s, t]) => window.__simclr!.waitForStep(s!, t), [step, timeoutMs]);
  }

  setConfig(patch: ConfigPatch): Promise<void> {
    return this.page.evaluate((p) => window.__simclr!.setConfig(p), patch);
  }

  /** The step of the similarity matrix last drawn on the canvas, or null. */
  async matrixStep(): Promise<number | null> {
    const step = await this.byTestId('matrix-canvas').getAttribute('data-step');
    return step === null ? null : Number(step);
  }

  /** True when the matrix canvas has non-blank pixels. */
  matrixDrawn(): Promise<boolean> {
    return this.byTestId('matrix-canvas').evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) return false;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    });
  }

  /** A fingerprint of the preview's pixels, to see that it changed. */
  previewFingerprint(): Promise<string> {
    return this.byTestId('preview').evaluate((root) =>
      [...root.querySelectorAll('canvas')].map((c) => (c as HTMLCanvasElement).toDataURL()).join('|'),
    );
  }

  /** Waits until the preview asked for last has arrived. */
  async previewSettled(timeoutMs = 60_000): Promise<void> {
    await this.page.waitForFunction(
      () => document.querySelector('[data-testid="preview"]')?.getAttribute('data-pending') === 'false'
        && Number(document.querySelector('[data-testid="preview"]')?.getAttribute('data-count')) > 0,
      undefined,
      { timeout: timeoutMs },
    );
  }

  /** Clicks an augmentation op's on/off switch. */
  async toggleOp(op: AugmentOpName): Promise<void> {
    const input = this.byTestId(`op-${op}-enabled`);
    if (await input.isChecked()) await input.uncheck();
    else await input.check();
  }

  async opEnabled(op: AugmentOpName): Promise<boolean> {
    return this.byTestId(`op-${op}-enabled`).isChecked();
  }

  /** The URL hash without '#'. */
  hash(): Promise<string> {
    return this.page.evaluate(() => window.location.hash.replace(/^#/, ''));
  }

  /** Asks the worker to score h and z now; resolves with the scores (and the random-init baseline). */
  evaluate(timeoutMs = 180_000): Promise<EvaluationSummary> {
    return this.page.evaluate((t) => window.__simclr!.evaluate(t), timeoutMs);
  }

  /** Asks for a 2-D map of the embeddings; resolves once it arrived. */
  map(view: { method?: MapMethod; space?: 'h' | 'z' } = {}, timeoutMs = 180_000): Promise<MapSummary> {
    return this.page.evaluate(([v, t]) => window.__simclr!.map(v as { method?: MapMethod; space?: 'h' | 'z' }, t as number), [view, timeoutMs] as const);
  }

  neighbours(index: number, k = 8): Promise<NeighboursSummary> {
    return this.page.evaluate(([i, n]) => window.__simclr!.neighbours(i!, n), [index, k]);
  }

  /** Runs an ablation queue (the plan patched onto the panel's); resolves with its rows. */
  runAblation(plan: Partial<AblationPlan>, timeoutMs = 300_000): Promise<AblationRow[]> {
    return this.page.evaluate(([p, t]) => window.__simclr!.runAblation(p as Partial<AblationPlan>, t as number), [plan, timeoutMs] as const);
  }

  /** Visible notice sentences, errors and warnings. */
  notices(): Promise<string[]> {
    return this.page.locator('[data-testid^="notice-"] .notice-message').allTextContents();
  }
}
