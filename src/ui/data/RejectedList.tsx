/** Files that were not used, with the reason: refused here, or by the worker's decoder. */
import { useApp } from '../../state/context';

export function RejectedList() {
  const local = useApp((s) => s.localRejected);
  const remote = useApp((s) => (s.datasetChoice === 'upload' ? s.dataset?.rejected : undefined));
  const all = [...local, ...(remote ?? [])];
  if (all.length === 0) return null;
  return (
    <details className="rejected" data-testid="rejected" open={all.length <= 5}>
      <summary>
        {all.length} file{all.length === 1 ? ' was' : 's were'} not used
      </summary>
      <ul>
        {all.slice(0, 200).map((r, i) => (
          <li key={`${r.name}-${i}`}>
            <span className="file-name">{r.name}</span>: {r.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
