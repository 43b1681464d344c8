/** Table 7 in miniature: held-out accuracy after training on 1% and 10% of the labels, from SimCLR and from scratch. */
import type { Stat } from '../../state/ablationResults';
import type { AblationRow } from '../../worker/protocol';
import { heldOutImages, plusMinus, signedPoints } from '../eval/format';
import { FINETUNE_PAPER } from './paper';
import { finetuneCells } from './studyData';

function cell(s: Stat): string {
  if (!Number.isFinite(s.mean)) return '–';
  return `${(s.mean * 100).toFixed(1)}%${s.n > 1 ? ` ± ${(s.sd * 100).toFixed(1)}` : ''}`;
}

export function FinetuneTable({ rows }: { rows: readonly AblationRow[] }) {
  const cells = finetuneCells(rows);
  const images = heldOutImages(rows.filter((r) => r.accuracy !== undefined));
  const margins = images !== '' && cells.some((c) => Number.isFinite(c.gainMargin));
  return (
    <table className="ablation-table" data-testid="finetune-table">
      <caption>
        Held-out accuracy of encoder + classifier trained on a share of the labels, mean{cells.some((c) => c.finetune.n > 1) ? ' ± standard deviation over seeds' : ''}
        {margins && `; a gain's ± is what sampling ${images} alone can give (95%): a gain inside it may be noise`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Labels</th>
          <th scope="col">From SimCLR (fine-tuned)</th>
          <th scope="col">From scratch</th>
          <th scope="col">Gain</th>
          <th scope="col">Paper (Table 7, ImageNet top-1): SimCLR / scratch</th>
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => {
          const pct = Math.round(c.fraction * 100);
          const paper = FINETUNE_PAPER.finetune[pct as 1 | 10];
          const scratch = FINETUNE_PAPER.scratch[pct as 1 | 10];
          const gain = c.finetune.mean - c.scratch.mean;
          return (
            <tr key={pct} data-testid="finetune-row" data-pct={pct}>
              <th scope="row">{pct}%{c.labelled !== undefined ? ` (${c.labelled} images)` : ''}</th>
              <td className={gain > 0 ? 'ablation-best' : undefined}>{cell(c.finetune)}</td>
              <td className={gain < 0 ? 'ablation-best' : undefined}>{cell(c.scratch)}</td>
              <td>
                {Number.isFinite(gain) ? `${signedPoints(gain)}${plusMinus(c.gainMargin)} points` : '–'}
                {c.gains.length > 1 && (
                  <span className="ablation-seeds">{` (per seed: ${c.gains.map((g) => signedPoints(g.gain)).join(', ')})`}</span>
                )}
              </td>
              <td className="ablation-paper">{paper && scratch ? `${paper.top1}% / ${scratch.top1}% (+${(paper.top1 - scratch.top1).toFixed(1)})` : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
