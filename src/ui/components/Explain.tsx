import { EXPLAIN, type ExplainTopic } from '../explain/texts';

/** A panel's plain-language explanation, with more behind a disclosure. */
export function Explain({ topic }: { topic: ExplainTopic }) {
  const text = EXPLAIN[topic];
  return (
    <div className="explain" data-testid={`explain-${topic}`}>
      <p>{text.short}</p>
      {text.more && (
        <details>
          <summary>More</summary>
          <p>{text.more}</p>
        </details>
      )}
    </div>
  );
}
