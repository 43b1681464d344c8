/**
 * Runs async sections one at a time, in call order. The trainer holds it for
 * each step and for every message that changes the session, so a dataset or
 * config change never lands in the middle of a step.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
