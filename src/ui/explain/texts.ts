/** Short plain-language explanations, one per panel (see shared/SIMCLR.md for the maths). */
export type ExplainTopic = 'data' | 'augment' | 'preview' | 'model' | 'run' | 'matrix' | 'charts' | 'histogram';

export const EXPLAIN: Record<ExplainTopic, { short: string; more?: string }> = {
  data: {
    short: 'SimCLR needs no labels: it learns from the images alone. Start with the built-in shapes, or drop your own pictures or folders.',
    more: 'A folder\'s name becomes the label of its images. Labels are never used for training; they only colour the evaluation later. Your files stay in this browser tab.',
  },
  augment: {
    short: 'Each image is turned into two different "views" by random changes. The network must learn that both views show the same thing.',
    more: 'The paper found that no single change is enough: random crops together with colour distortion work best, because crops of one image share their colours, so without colour changes the network can match views by colour alone. Stronger colour distortion (s) helps contrastive learning.',
  },
  preview: {
    short: 'Each column is one image (top) and its two augmented views below it: the pair the network must recognise as the same image.',
  },
  model: {
    short: 'An encoder turns each view into a representation h; a small projection head maps h to z, where views are compared.',
    more: 'The loss (NT-Xent) asks each view to pick out its partner among the 2N − 1 other views of the batch: 1 positive, 2(N − 1) negatives. Bigger batches give more negatives. The temperature τ sharpens or softens the comparison. After training the head is thrown away: h is the better representation.',
  },
  run: {
    short: 'Play trains continuously; Step runs a few steps and stops; Reset starts again from fresh weights with the same seed.',
  },
  matrix: {
    short: 'Cosine similarity of every view with every other view in the batch. At first it is noise; as the model learns, the two outlined diagonals (each view and its partner) light up.',
    more: 'Row k is view 1 of image k for the top half and view 2 for the bottom half, so each row\'s partner is N columns away. The diagonal (a view with itself) is masked: it is always 1 and the loss ignores it. "Positive first" shows the same rows the way the loss is often coded: the diagonal removed and the partner moved to the first column, so the right answer is always column 0.',
  },
  charts: {
    short: 'The loss starts near the chance line ln(2N − 1), where every view looks alike, and falls as views learn to find their partners.',
    more: 'Contrastive accuracy is how often a view\'s partner is its most similar view. Entropy measures how spread out each row\'s softmax is: it starts at ln(2N − 1) and falls as the model grows confident.',
  },
  histogram: {
    short: 'How similar partners (positives) are, against all other pairs (negatives). Training pushes the two humps apart.',
  },
};
