/** The page: header with run controls, notices, then the grid of panels. */
import { useRef } from 'react';
import { AblationPanel } from './ablation/AblationPanel';
import { AugmentPanel } from './augment/AugmentPanel';
import { Charts } from './charts/Charts';
import { Explain } from './components/Explain';
import { NoticeBanner } from './components/NoticeBanner';
import { ThemeToggle } from './components/ThemeToggle';
import { useCssHeight } from './components/useCssHeight';
import { DataPanel } from './data/DataPanel';
import { EmbeddingMap } from './eval/EmbeddingMap';
import { EvaluationPanel } from './eval/EvaluationPanel';
import { NeighboursPanel } from './eval/NeighboursPanel';
import { ExportPanel } from './export/ExportPanel';
import { SimilarityMatrix } from './matrix/SimilarityMatrix';
import { ModelPanel } from './model/ModelPanel';
import { RunControls } from './run/RunControls';

export function App() {
  const runBar = useRef<HTMLDivElement>(null);
  useCssHeight(runBar, '--run-bar-height');
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to the training view
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>SimCLR playground</h1>
          <p className="tagline">Contrastive self-supervised learning in your browser: two views of each image, one loss that pulls them together.</p>
        </div>
        <ThemeToggle />
      </header>
      <div className="run-bar" ref={runBar}>
        <RunControls />
        <Explain topic="run" />
      </div>
      <NoticeBanner />
      <div className="layout">
        <aside className="settings" aria-label="Settings">
          <DataPanel />
          <AugmentPanel />
          <ModelPanel />
          <ExportPanel />
        </aside>
        <main id="main" className="views" tabIndex={-1}>
          <SimilarityMatrix />
          <Charts />
          <EvaluationPanel />
          <EmbeddingMap />
          <NeighboursPanel />
          <AblationPanel />
        </main>
      </div>
      <footer className="app-footer">
        After Chen, Kornblith, Norouzi and Hinton, “A Simple Framework for Contrastive Learning of Visual Representations” (ICML 2020).
      </footer>
    </div>
  );
}
