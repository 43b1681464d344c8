import type { ReactNode } from 'react';
import { Explain } from './Explain';
import type { ExplainTopic } from '../explain/texts';

/** A titled card of the page's grid, with its explanation. */
export function Panel(props: {
  title: string;
  testId: string;
  explain?: ExplainTopic;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const headingId = `${props.testId}-title`;
  return (
    <section className={`panel ${props.className ?? ''}`} data-testid={props.testId} aria-labelledby={headingId}>
      <header className="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions && <div className="panel-actions">{props.actions}</div>}
      </header>
      {props.explain && <Explain topic={props.explain} />}
      {props.children}
    </section>
  );
}
