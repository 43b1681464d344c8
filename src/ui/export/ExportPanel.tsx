/** The Export panel: model, embeddings, metrics, a PyTorch script of the run, and the whole run as one file. */
import { Panel } from '../components/Panel';
import { EmbeddingsExport } from './EmbeddingsExport';
import { ModelExport } from './ModelExport';
import { RunExports } from './RunExports';
import { RunFile } from './RunFile';
import './export.css';

export function ExportPanel() {
  return (
    <Panel title="Export" testId="export-panel" explain="export" className="export-panel">
      <ModelExport />
      <EmbeddingsExport />
      <RunExports />
      <RunFile />
    </Panel>
  );
}
