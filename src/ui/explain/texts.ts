/** Short plain-language explanations, one per panel (see shared/SIMCLR.md for the maths). */
export type ExplainTopic =
  | 'data'
  | 'augment'
  | 'preview'
  | 'model'
  | 'run'
  | 'matrix'
  | 'charts'
  | 'histogram'
  | 'evaluation'
  | 'neighbours'
  | 'map'
  | 'ablation'
  | 'export';

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
    short: 'The loss starts near its dashed chance line, where every view looks alike, and falls as views learn to find their partners. For NT-Xent the line is ln(2N − 1).',
    more: 'The chance line follows the loss chosen in the Model panel: ln(2N − 1) for NT-Xent, softplus(−1/τ) + softplus(1/τ) for NT-Logistic, the margin m for the triplet loss. Contrastive accuracy is how often a view\'s partner is its most similar view. Entropy measures how spread out each row\'s softmax is: it starts at ln(2N − 1) and falls as the model grows confident.',
  },
  histogram: {
    short: 'How similar partners (positives) are, against all other pairs (negatives). Training pushes the two humps apart.',
  },
  evaluation: {
    short: 'Does it learn? The labels, never used in training, now grade the features: how often an image\'s nearest labelled images (kNN) or a simple linear classifier (probe) name its class correctly.',
    more: 'Scores are on held-out images the scorers never saw. "Random init" is the same network before any training: what the architecture alone gives. Chance is guessing one class in C. The encoder is frozen while it is scored. h is the encoder\'s output (what SimCLR keeps); z is the projection head\'s output (what the loss sees). The paper finds h the better representation.',
  },
  neighbours: {
    short: 'Pick an image: these are the images whose representations h point the most in the same direction (cosine similarity, 1 = identical direction).',
    more: 'Early in training, neighbours share colours and brightness; after training they should share the shape or class even with different colours. Click a thumbnail in the Data panel or a point on the map, or type an image number.',
  },
  map: {
    short: 'Every image as a dot, placed so that images with similar representations lie close together, coloured by their label (which training never saw).',
    more: 'PCA keeps the two directions along which the representations vary the most: distances are honest but classes may overlap. UMAP keeps each image\'s nearest neighbours nearby: clusters show more clearly, but distances between clusters mean little. Hover a dot for its image; click it to see its neighbours.',
  },
  ablation: {
    short: 'The paper\'s ablations in miniature: many short runs from fresh weights, each changing one thing, scored the same way.',
    more: 'Each run trains for the steps you choose, then kNN and the linear probe score h and z on held-out images. With a few seeds you see the spread: differences smaller than the spread are noise. The main run pauses while the queue runs.',
  },
  export: {
    short: 'Take the run with you: the trained network, its embeddings for the TensorFlow Embedding Projector, the metrics, and a PyTorch script that trains the same setup on real GPUs.',
    more: 'The model is saved in TensorFlow.js\'s format: model.json plus a weights file; load both back here to go on from them. The Projector (projector.tensorflow.org, "Load") takes vectors.tsv and metadata.tsv. The PyTorch script uses PyTorch Lightning and the lightly library and runs on any number of GPUs.',
  },
};
