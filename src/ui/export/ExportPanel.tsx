/** The Export panel: model, embeddings, metrics and a PyTorch script of the run. */
import { Panel } from '../components/Panel';
import { EmbeddingsExport } from './EmbeddingsExport';
import { ModelExport } from './ModelExport';
import { RunExports } from './RunExports';
import './export.css';

export function ExportPanel() {
  return (
    <Panel title="Export" testId="export-panel" explain="export" className="export-panel">
      <ModelExport />
      <EmbeddingsExport />
      <RunExports />
    </Panel>
  );
}
