/** A request from the page that cannot be answered as asked: the sentence for the page, and the field at fault. */
export class RequestError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'RequestError';
  }
}
