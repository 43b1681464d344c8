/** Where the queue is: "3 of 28: crop + blur", a progress bar, or how it ended. */
import { useApp } from '../../state/context';

export function AblationProgress() {
  const progress = useApp((s) => s.ablationProgress);
  const running = useApp((s) => s.ablationRunning);
  const rows = useApp((s) => s.ablationRows.length);
  if (!progress && !running) return null;
  let text: string;
  if (!progress) text = 'Starting the queue…';
  else if (progress.cancelled) text = `Cancelled after ${progress.done} of ${progress.total} runs.`;
  else if (progress.done >= progress.total) text = `All ${progress.total} runs done.`;
  else text = `${progress.done} of ${progress.total}${progress.current ? `: ${progress.current}` : ''}`;
  return (
    <div className="ablation-progress" data-testid="ablation-progress" data-done={progress?.done ?? 0} data-total={progress?.total ?? 0} data-rows={rows}>
      <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label="Ablation runs done" />
      <span role="status">{text}</span>
    </div>
  );
}
