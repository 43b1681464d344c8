/** Which tfjs backend trains, and why; details on click or keyboard. */
import { useApp } from '../../state/context';

export function BackendBadge() {
  const ready = useApp((s) => s.ready);
  const starting = useApp((s) => s.starting);
  if (!ready) {
    return (
      <span className="badge badge-pending" data-testid="backend-badge" data-backend="">
        {starting ? 'Starting the worker…' : 'Worker not started'}
      </span>
    );
  }
  const gpu = ready.backend === 'webgpu' || ready.backend === 'webgl';
  const kind = gpu && !ready.software ? 'hardware' : ready.software ? 'software' : 'cpu';
  const device = gpu
    ? ready.software
      ? 'GPU API on a software renderer (no real GPU; slow)'
      : 'GPU'
    : ready.backend === 'wasm'
      ? 'CPU, WebAssembly'
      : 'CPU, plain JavaScript (slowest)';
  return (
    <details className="badge-details">
      <summary className={`badge badge-${kind}`} data-testid="backend-badge" data-backend={ready.backend} title={ready.reason}>
        {ready.backend}
        {ready.software && <span className="badge-flag"> · software</span>}
      </summary>
      <div className="badge-popover" data-testid="backend-reason">
        <p>{ready.reason}</p>
        <dl>
          {ready.adapter && (
            <>
              <dt>Device</dt>
              <dd>{ready.adapter}</dd>
            </>
          )}
          <dt>Runs on</dt>
          <dd>{device}</dd>
          {ready.threads !== undefined && (
            <>
              <dt>wasm threads</dt>
              <dd>{ready.threads}</dd>
            </>
          )}
          {ready.parameterCount > 0 && (
            <>
              <dt>Parameters</dt>
              <dd>{ready.parameterCount.toLocaleString('en-US')}</dd>
            </>
          )}
        </dl>
      </div>
    </details>
  );
}
