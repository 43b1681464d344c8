/**
 * The run's configuration as one runnable Python file for PyTorch Lightning and
 * the `lightly` library, for users who outgrow the browser: the same
 * augmentations, encoder family, projection head, the loss (NT-Xent, or
 * NT-Logistic / margin triplet with optional semi-hard mining) and its parameters,
 * optimiser, learning-rate scaling and schedule, batch size, seed, image size
 * and channels, trained with DDP on any number of GPUs.
 *
 * The file embeds the `TrainConfig` as JSON (`CONFIG = json.loads(...)`,
 * between `# --- BEGIN CONFIG` and `# --- END CONFIG` lines) and every builder
 * reads it, so the file is the run's configuration. It is laid out so that its
 * parts can be checked without lightly or Lightning installed:
 * `build_transform(config)`, `build_augment(config)`, `build_backbone(config)`,
 * `build_head(config)`, `NTXentLossTorch`, `PairwiseLossTorch`, `build_loss`, `optimizer_settings`,
 * `learning_rate_at` and `build_optimizer` (Adam and SGD) need only torch and
 * torchvision; lightly and pytorch_lightning are imported inside `main()` (and
 * inside the builders when `use_lightly=True`).
 *
 * DOM-free: a pure function of the config.
 */
import { assertValidConfig, type TrainConfig } from '../config';
import { resolveLoss } from '../loss/contrastive';

/** Options of `pytorchScript`. */
export interface PytorchScriptOptions {
  /**
   * Default of `--data`: 'cifar10' (default), 'mnist', 'fashion-mnist' (torchvision
   * downloads them) or a folder of images in class subfolders (ImageFolder). The
   * playground's synthetic 'shapes' has no torchvision counterpart: it becomes
   * 'cifar10', with a note in the header.
   */
  dataset?: string;
  /** Default of `--epochs` (100). */
  epochs?: number;
  /** Default of `--devices`, the number of GPUs (1). */
  devices?: number;
}

/** Marker lines around the embedded configuration JSON. */
export const CONFIG_BEGIN_MARKER = '# --- BEGIN CONFIG';
export const CONFIG_END_MARKER = '# --- END CONFIG';

/** Datasets the script knows by name. */
export const PYTORCH_DATASETS = ['cifar10', 'mnist', 'fashion-mnist'] as const;

/**
 * The text of one Python file reproducing `config` with PyTorch Lightning and lightly.
 * @throws a `ConfigError` when the config is not valid.
 */
export function pytorchScript(config: TrainConfig, opts: PytorchScriptOptions = {}): string {
  assertValidConfig(config);
  const epochs = opts.epochs ?? 100;
  const devices = opts.devices ?? 1;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`pytorchScript: epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(devices) || devices < 1) throw new Error(`pytorchScript: devices must be a positive integer, got ${devices}`);
  const notes: string[] = [];
  let dataset = opts.dataset ?? 'cifar10';
  if (dataset === 'shapes') {
    notes.push("The run used the playground's synthetic shapes, which torchvision lacks: --data defaults to cifar10;");
    notes.push('pass --data /path/to/folder (ImageFolder) for your own images.');
    dataset = 'cifar10';
  }
  if (dataset.trim() === '') throw new Error('pytorchScript: dataset must not be empty');
  const defaults = { data: dataset, epochs, devices };
  const configJson = JSON.stringify(config, null, 2);
  return [
    '#!/usr/bin/env python3',
    header(config, notes, commentSafe(dataset)).map((l) => (l === '' ? '#' : `# ${l}`)).join('\n'),
    '',
    'import argparse',
    'import json',
    'import math',
    'import os',
    '',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'import torchvision',
    'from torchvision import transforms as T',
    'from torchvision.transforms import functional as TF',
    '',
    `${CONFIG_BEGIN_MARKER} (the browser run's TrainConfig; edit it here to change the run) ---`,
    `CONFIG = json.loads(r"""`,
    configJson,
    '""")',
    `${CONFIG_END_MARKER} ---`,
    '',
    '# Defaults of the command-line arguments, from the export dialog.',
    `DEFAULTS = ${JSON.stringify(defaults)}`,
    PYTHON_BODY,
  ].join('\n');
}

/** The header's description of the loss; lightly has only NT-Xent, so the other losses are this file's own. */
function lossLines(c: TrainConfig): string[] {
  const l = resolveLoss(c.loss);
  const similarity = l.normalize ? 'cosine similarity' : 'NOT l2-normalised (raw dot products)';
  if (l.kind === 'nt-xent') {
    return [`  loss        NT-Xent, temperature ${l.temperature}, ${l.normalize
      ? 'cosine similarity (lightly.loss.NTXentLoss, gather_distributed=True)'
      : 'NOT l2-normalised (NTXentLossTorch below: lightly\'s NTXentLoss always normalises)'}`];
  }
  const mining = l.semiHard
    ? `semi-hard negatives only (s_pos - ${l.margin} < s_neg < s_pos; the hardest negative when none is)`
    : 'every negative';
  const what = l.kind === 'nt-logistic'
    ? `NT-Logistic, temperature ${l.temperature}: softplus(-s_pos/t) + mean over negatives of softplus(s_neg/t)`
    : `margin triplet, margin ${l.margin}: mean over negatives of max(0, s_neg - s_pos + ${l.margin})`;
  return [
    `  loss        ${what},`,
    `              ${similarity}, ${mining}; PairwiseLossTorch below (lightly has no such loss), as the browser computes it`,
  ];
}

/** The header comment, line by line (without the leading `# `). */
function header(c: TrainConfig, notes: string[], dataset: string): string[] {
  const a = c.augment;
  const o = c.optimizer;
  const on = (x: { enabled: boolean }): boolean => x.enabled;
  const j = a.colorJitter;
  const s = j.strength;
  const aug: string[] = [];
  if (on(a.crop)) aug.push(`RandomResizedCrop(${c.imageSize}, scale=(${a.crop.areaMin}, ${a.crop.areaMax}), ratio=(${a.crop.ratioMin}, ${a.crop.ratioMax}))`);
  if (on(a.flip)) aug.push(`RandomHorizontalFlip(p=${a.flip.p})`);
  if (on(j)) {
    aug.push(
      `colour jitter p=${j.p}, strength ${s}: brightness ${num(j.brightness * s)}, contrast ${num(j.contrast * s)}, `
      + `saturation ${num(j.saturation * s)}, hue ${num(j.hue * s)}, ${j.randomOrder ? 'random order (torchvision ColorJitter)' : 'fixed order (ColorJitterFixedOrder)'}`,
    );
  }
  if (on(a.colorDrop)) aug.push(`RandomGrayscale(p=${a.colorDrop.p})${c.channels === 1 ? ' (a no-op on 1-channel images, as in the browser)' : ''}`);
  if (on(a.blur)) {
    aug.push(`GaussianBlur p=${a.blur.p}, sigma=(${a.blur.sigmaMin}, ${a.blur.sigmaMax}), kernel ${blurKernelSize(c.imageSize, a.blur.kernelFraction)} px (${a.blur.kernelFraction} of the side, odd)`);
  }
  if (on(a.rotate)) aug.push(`rotation by 90/180/270 degrees p=${a.rotate.p} (RandomQuarterTurn)`);
  if (on(a.cutout)) aug.push(`cutout p=${a.cutout.p}, square side (${a.cutout.sizeMin}, ${a.cutout.sizeMax}) of the image side, fill ${a.cutout.fill} (Cutout)`);
  if (on(a.noise)) aug.push(`Gaussian noise p=${a.noise.p}, std (${a.noise.stdMin}, ${a.noise.stdMax}) (GaussianNoise)`);
  if (on(a.sobel)) aug.push(`Sobel edge magnitude p=${a.sobel.p} (Sobel)`);
  const off = (['crop', 'flip', 'colorJitter', 'colorDrop', 'blur', 'rotate', 'cutout', 'noise', 'sobel'] as const).filter((k) => !a[k].enabled);

  const e = c.encoder;
  const hDim = e.kind === 'resnet' ? 8 * e.width : 4 * e.width;
  const encoder = e.kind === 'resnet'
    ? `ResNet-${e.depth} (BasicBlock) with the CIFAR stem (conv1 3x3 stride 1, no max-pool), width ${e.width} (stages ${e.width}/${2 * e.width}/${4 * e.width}/${8 * e.width}; torchvision's is 64), h = ${hDim}`
    : `bench-cnn width ${e.width}: conv3x3 ${e.width} > pool > conv3x3 ${2 * e.width} > pool > conv3x3 ${4 * e.width} > global average pool, h = ${hDim}`;
  const h = c.head;
  const hidden = h.hiddenDim > 0 ? h.hiddenDim : hDim;
  const head = h.kind === 'none'
    ? `none (z = h, ${hDim}-d)`
    : h.kind === 'linear'
      ? `linear ${hDim} -> ${h.outDim}`
      : h.layers === 2
        ? `MLP Linear-ReLU-Linear ${hDim} -> ${hidden} -> ${h.outDim} (lightly SimCLRProjectionHead, batch_norm=False)`
        : `MLP 3 layers ${hDim} -> ${hidden} -> ${hidden} -> ${h.outDim}, BN + ReLU after the hidden layers (SimCLRv2)`;
  const scaling = o.lrScaling === 'linear' ? `${o.learningRate} x N/256` : o.lrScaling === 'sqrt' ? `${o.learningRate} x sqrt(N)` : `${o.learningRate} (no batch scaling)`;
  const peak = o.lrScaling === 'linear' ? (o.learningRate * c.batchSize) / 256 : o.lrScaling === 'sqrt' ? o.learningRate * Math.sqrt(c.batchSize) : o.learningRate;
  const optimiser = o.kind === 'adam'
    ? `AdamW (Adam with decoupled weight decay) betas (0.9, 0.999), eps 1e-8`
    : o.kind === 'sgd'
      ? `SGD momentum ${o.momentum}`
      : `LARS (lightly.utils.lars.LARS) momentum ${o.momentum}, trust coefficient ${o.larsEta}`;
  const schedule = o.schedule === 'cosine'
    ? `linear warmup ${o.warmupSteps} of ${o.totalSteps} steps, then cosine decay to 0`
    : `linear warmup ${o.warmupSteps} steps, then constant`;

  return [
    'SimCLR (Chen et al. 2020, arXiv:2002.05709) exported from the SimCLR browser playground.',
    '',
    'What this file reproduces: the browser run\'s TrainConfig, embedded below as CONFIG (every',
    'builder reads it; edit CONFIG to change the run):',
    `  images      ${c.imageSize} x ${c.imageSize} px, ${c.channels} channel${c.channels === 1 ? '' : 's'}, values in [0, 1] (no mean/std normalisation), seed ${c.seed}`,
    `  batch       N = ${c.batchSize} images (2N = ${2 * c.batchSize} views) per step, global across all devices`,
    '  augment     per view, in this order:',
    ...aug.map((x) => `                ${x}`),
    ...(off.length > 0 ? [`              off: ${off.join(', ')}`] : []),
    `  encoder     ${encoder}`,
    `  head        ${head}`,
    ...lossLines(c),
    `  optimiser   ${optimiser}, weight decay ${num(o.weightDecay)} on kernels only`,
    `              (biases and batch-norm parameters get no decay${o.kind === 'lars' ? ' and no LARS adaptation' : ''})`,
    `  lr          ${scaling} = ${num(peak)} at N = ${c.batchSize}; recomputed for --batch-size`,
    `  schedule    ${schedule}; the warmup keeps its fraction of the run, so --max-steps ${o.totalSteps} replays it exactly`,
    '',
    'Run it (Python 3.9+, torch, torchvision >= 0.13, pytorch_lightning >= 2, lightly >= 1.4):',
    '  pip install torch torchvision pytorch_lightning lightly',
    `  python simclr_run.py --devices 4 --epochs 100          # --data ${dataset} (the default), 4 GPUs, DDP`,
    '  python simclr_run.py --data /path/to/images --devices 1 # ImageFolder (class subfolders)',
    'It trains with Trainer(accelerator="gpu", devices=N, strategy="ddp", sync_batchnorm=True) and',
    'writes the encoder and head weights to <--out>/simclr.pt.',
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    'Where it differs from the browser:',
    '- Random numbers come from torch (seeded with pytorch_lightning.seed_everything), not the',
    '  browser\'s xoshiro128** stream: the same seed does not draw the same crops or batches.',
    '- torchvision\'s ColorJitter applies its four adjustments in a random order per call, as the',
    '  browser does with randomOrder; RandomGrayscale weighs R with 0.2989 instead of 0.299.',
    '- RandomResizedCrop resizes with bilinear sampling at align_corners=False; the browser maps',
    '  the corner pixel centres (align_corners=True). The crop box is never larger than the image',
    '  and is resized back to the image size, so antialiasing never acts in either.',
    '- Images are prepared as the browser prepares them (centre square, bilinear resize to the',
    '  training size) but by PIL; transparent pixels are not composited onto white.',
    '- Initial weights follow PyTorch\'s defaults, not the browser\'s He normal / Glorot uniform.',
    '- Batch norm (where there is any): momentum 0.1 and eps 1e-5 as in the browser; both views go',
    '  through the network in one batch as in the browser; sync_batchnorm makes the statistics',
    '  global across GPUs (the browser has one device).',
    ...(o.kind === 'lars' ? [
      '- LARS is lightly\'s: trust ratio eta |w| / (|g| + wd |w|) and the learning rate applied',
      '  outside the momentum buffer; the browser uses eta |w| / |g + wd w| and keeps lr inside the',
      '  velocity (google-research/simclr). With weight decay 0 lightly\'s LARS adapts nothing.',
    ] : []),
    ...(e.kind === 'resnet' ? [
      '- The ResNet is torchvision\'s layout (conv1, bn1, layer1-4 of BasicBlocks with 1x1 conv + BN',
      '  shortcuts, fc = Identity); its parameters match the browser\'s one to one, so the parameter',
      '  counts are equal. torchvision names them conv1.weight, layer1.0.bn1.bias, ... (PyTorch',
      '  conv kernels are [out, in, kh, kw]; the browser\'s tfjs kernels are [kh, kw, in, out]).',
    ] : [
      '- bench-cnn is the same stack of layers (convs with biases, no batch norm), so the parameter',
      '  counts are equal (PyTorch conv kernels are [out, in, kh, kw]; tfjs\'s are [kh, kw, in, out]).',
    ]),
    '- The schedule counts optimiser steps of this run (epochs x batches per epoch, or --max-steps).',
  ];
}

/** Text safe inside a `#` comment line: control and line-separator characters become '?'. */
function commentSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, '?');
}

/** Same rule as the browser's `blurKernelSize` (augment/blur.ts), repeated so the header is self-contained. */
function blurKernelSize(side: number, fraction: number): number {
  let k = Math.round(fraction * side);
  if (k % 2 === 0) k += 1;
  return Math.min(Math.max(3, k), 2 * side - 1);
}

function num(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/**
 * Everything after DEFAULTS: torch/torchvision-only builders, then `main()` with
 * the lightly and Lightning imports. No backticks or dollar-braces inside.
 */
const PYTHON_BODY = String.raw`

# ---------------------------------------------------------------------------
# Augmentations (torch + torchvision only). Every view: preprocess (as the browser
# prepares a dataset), then the enabled ops in the browser's order: crop, flip,
# colour jitter, colour drop, blur, rotation, cutout, noise, Sobel.
# ---------------------------------------------------------------------------

def js_round(x):
    """JavaScript's Math.round (halves go up), which the browser uses for pixel sizes."""
    return int(math.floor(x + 0.5))


def blur_kernel_size(side, fraction):
    """Odd Gaussian kernel side in pixels: round(fraction x side), +1 when even, at least 3, at most 2 side - 1."""
    k = js_round(fraction * side)
    if k % 2 == 0:
        k += 1
    return min(max(3, k), 2 * side - 1)


def _uniform(lo, hi):
    return lo + (hi - lo) * float(torch.rand(()))


class ConvertMode:
    """PIL image -> PIL image in mode 'L' (1 channel) or 'RGB' (3 channels)."""

    def __init__(self, mode):
        self.mode = mode

    def __call__(self, img):
        return img if img.mode == self.mode else img.convert(self.mode)

    def __repr__(self):
        return "ConvertMode(%r)" % self.mode


class ColorJitterFixedOrder:
    """ColorJitter with the adjustments always in torchvision's listed order:
    brightness, contrast, saturation, hue (the browser's randomOrder = false).
    Factors: brightness, contrast, saturation ~ U(max(0, 1 - x), 1 + x); hue ~ U(-h, h).
    Input and output: tensor [C, H, W] in [0, 1]."""

    def __init__(self, brightness, contrast, saturation, hue):
        self.brightness, self.contrast, self.saturation, self.hue = brightness, contrast, saturation, hue

    def __call__(self, x):
        if self.brightness > 0:
            x = TF.adjust_brightness(x, _uniform(max(0.0, 1 - self.brightness), 1 + self.brightness))
        if self.contrast > 0:
            x = TF.adjust_contrast(x, _uniform(max(0.0, 1 - self.contrast), 1 + self.contrast))
        if self.saturation > 0:
            x = TF.adjust_saturation(x, _uniform(max(0.0, 1 - self.saturation), 1 + self.saturation))
        if self.hue > 0:
            x = TF.adjust_hue(x, _uniform(-self.hue, self.hue))
        return x

    def __repr__(self):
        return "ColorJitterFixedOrder(brightness=%r, contrast=%r, saturation=%r, hue=%r)" % (
            self.brightness, self.contrast, self.saturation, self.hue)


class RandomQuarterTurn:
    """With probability p, rotate by 90, 180 or 270 degrees (uniformly) counter-clockwise.
    Tensor [C, S, S] -> [C, S, S]."""

    def __init__(self, p):
        self.p = p

    def __call__(self, x):
        if float(torch.rand(())) >= self.p:
            return x
        return torch.rot90(x, int(torch.randint(1, 4, ())), dims=(1, 2))

    def __repr__(self):
        return "RandomQuarterTurn(p=%r)" % self.p


class Cutout:
    """With probability p, one square of side round(U(size_min, size_max) x min(H, W)) pixels
    (at least 1), placed uniformly where it fits inside the image, set to fill in every channel.
    Tensor [C, H, W] -> [C, H, W]."""

    def __init__(self, p, size_min, size_max, fill):
        self.p, self.size_min, self.size_max, self.fill = p, size_min, size_max, fill

    def __call__(self, x):
        if float(torch.rand(())) >= self.p:
            return x
        _, h, w = x.shape
        side = min(h, w)
        size = min(side, max(1, js_round(_uniform(self.size_min, self.size_max) * side)))
        top = int(torch.randint(0, h - size + 1, ()))
        left = int(torch.randint(0, w - size + 1, ()))
        x = x.clone()
        x[:, top:top + size, left:left + size] = self.fill
        return x

    def __repr__(self):
        return "Cutout(p=%r, size_min=%r, size_max=%r, fill=%r)" % (self.p, self.size_min, self.size_max, self.fill)


class GaussianNoise:
    """With probability p, clip(x + std N(0, 1), 0, 1) with std ~ U(std_min, std_max) per image.
    Tensor [C, H, W] in [0, 1] -> same."""

    def __init__(self, p, std_min, std_max):
        self.p, self.std_min, self.std_max = p, std_min, std_max

    def __call__(self, x):
        if float(torch.rand(())) >= self.p:
            return x
        std = _uniform(self.std_min, self.std_max)
        if std <= 0:
            return x
        return torch.clamp(x + std * torch.randn_like(x), 0.0, 1.0)

    def __repr__(self):
        return "GaussianNoise(p=%r, std_min=%r, std_max=%r)" % (self.p, self.std_min, self.std_max)


SOBEL_MAX_MAGNITUDE = math.sqrt(20.0)


class Sobel:
    """With probability p, the Sobel gradient magnitude of the grey (luma 0.299 R + 0.587 G
    + 0.114 B) image, reflect-padded by one pixel, divided by sqrt(20) (its largest value
    for images in [0, 1]) and copied into every channel. Tensor [C, H, W] -> [C, H, W] in [0, 1]."""

    def __init__(self, p):
        self.p = p

    def __call__(self, x):
        if float(torch.rand(())) >= self.p:
            return x
        c = x.shape[0]
        grey = x if c == 1 else (0.299 * x[0:1] + 0.587 * x[1:2] + 0.114 * x[2:3])
        padded = F.pad(grey.unsqueeze(0), (1, 1, 1, 1), mode="reflect")
        gx = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]], dtype=x.dtype)
        kernels = torch.stack([gx, gx.t()]).unsqueeze(1)  # [2, 1, 3, 3]: d/dx, d/dy
        grad = F.conv2d(padded, kernels)[0]  # [2, H, W]
        edges = torch.clamp(torch.sqrt((grad ** 2).sum(0, keepdim=True)) / SOBEL_MAX_MAGNITUDE, 0.0, 1.0)
        return edges.expand(c, -1, -1).clone()

    def __repr__(self):
        return "Sobel(p=%r)" % self.p


class TwoViews:
    """One image -> its two independently augmented views."""

    def __init__(self, transform):
        self.transform = transform

    def __call__(self, img):
        return self.transform(img), self.transform(img)


def build_preprocess(config):
    """PIL image -> tensor [C, S, S] in [0, 1]: the browser's dataset preparation
    (centre square, bilinear resize to S = imageSize, C = channels)."""
    size = config["imageSize"]
    return T.Compose([
        ConvertMode("L" if config["channels"] == 1 else "RGB"),
        T.Resize(size, interpolation=T.InterpolationMode.BILINEAR, antialias=True),
        T.CenterCrop(size),
        T.ToTensor(),
    ])


def augment_ops(config):
    """The enabled augmentations in the browser's order, each on a tensor [C, S, S] in [0, 1]."""
    a = config["augment"]
    size = config["imageSize"]
    ops = []
    crop = a["crop"]
    if crop["enabled"]:
        ops.append(T.RandomResizedCrop(
            size, scale=(crop["areaMin"], crop["areaMax"]), ratio=(crop["ratioMin"], crop["ratioMax"]),
            interpolation=T.InterpolationMode.BILINEAR, antialias=True))
    if a["flip"]["enabled"]:
        ops.append(T.RandomHorizontalFlip(p=a["flip"]["p"]))
    j = a["colorJitter"]
    if j["enabled"]:
        s = j["strength"]
        b, c, sat, hue = j["brightness"] * s, j["contrast"] * s, j["saturation"] * s, j["hue"] * s
        # torchvision's ColorJitter draws a new order of the four adjustments per call.
        jitter = T.ColorJitter(b, c, sat, hue) if j["randomOrder"] else ColorJitterFixedOrder(b, c, sat, hue)
        ops.append(T.RandomApply([jitter], p=j["p"]))
    if a["colorDrop"]["enabled"] and config["channels"] == 3:
        ops.append(T.RandomGrayscale(p=a["colorDrop"]["p"]))
    blur = a["blur"]
    if blur["enabled"]:
        k = blur_kernel_size(size, blur["kernelFraction"])
        ops.append(T.RandomApply([T.GaussianBlur(k, sigma=(blur["sigmaMin"], blur["sigmaMax"]))], p=blur["p"]))
    if a["rotate"]["enabled"]:
        ops.append(RandomQuarterTurn(a["rotate"]["p"]))
    cut = a["cutout"]
    if cut["enabled"]:
        ops.append(Cutout(cut["p"], cut["sizeMin"], cut["sizeMax"], cut["fill"]))
    noise = a["noise"]
    if noise["enabled"]:
        ops.append(GaussianNoise(noise["p"], noise["stdMin"], noise["stdMax"]))
    if a["sobel"]["enabled"]:
        ops.append(Sobel(a["sobel"]["p"]))
    return ops


def build_augment(config):
    """Tensor [C, S, S] in [0, 1] -> one augmented view, same shape."""
    return T.Compose(augment_ops(config))


def build_transform(config):
    """PIL image -> one augmented view, tensor [C, S, S] in [0, 1]."""
    return T.Compose([build_preprocess(config), build_augment(config)])


def describe_augment(config):
    """The augmentation ops as plain data: a list of [name, {parameter: value}] (for checks and logs)."""
    out = []
    for op in augment_ops(config):
        inner = op.transforms[0] if isinstance(op, T.RandomApply) else op
        p = op.p if hasattr(op, "p") else None
        if isinstance(inner, T.RandomResizedCrop):
            out.append(["crop", {"size": list(inner.size), "scale": list(inner.scale), "ratio": list(inner.ratio)}])
        elif isinstance(inner, T.RandomHorizontalFlip):
            out.append(["flip", {"p": p}])
        elif isinstance(inner, T.ColorJitter):
            out.append(["colorJitter", {"p": p, "randomOrder": True,
                                        "brightness": list(inner.brightness) if inner.brightness else None,
                                        "contrast": list(inner.contrast) if inner.contrast else None,
                                        "saturation": list(inner.saturation) if inner.saturation else None,
                                        "hue": list(inner.hue) if inner.hue else None}])
        elif isinstance(inner, ColorJitterFixedOrder):
            out.append(["colorJitter", {"p": p, "randomOrder": False, "brightness": inner.brightness,
                                        "contrast": inner.contrast, "saturation": inner.saturation, "hue": inner.hue}])
        elif isinstance(inner, T.RandomGrayscale):
            out.append(["colorDrop", {"p": p}])
        elif isinstance(inner, T.GaussianBlur):
            out.append(["blur", {"p": p, "kernel": list(inner.kernel_size), "sigma": list(inner.sigma)}])
        elif isinstance(inner, RandomQuarterTurn):
            out.append(["rotate", {"p": inner.p}])
        elif isinstance(inner, Cutout):
            out.append(["cutout", {"p": inner.p, "sizeMin": inner.size_min, "sizeMax": inner.size_max, "fill": inner.fill}])
        elif isinstance(inner, GaussianNoise):
            out.append(["noise", {"p": inner.p, "stdMin": inner.std_min, "stdMax": inner.std_max}])
        elif isinstance(inner, Sobel):
            out.append(["sobel", {"p": inner.p}])
        else:
            out.append([type(inner).__name__, {}])
    return out


# ---------------------------------------------------------------------------
# Encoder f and projection head g (torch + torchvision only).
# ---------------------------------------------------------------------------

RESNET_BLOCKS = {10: (1, 1, 1, 1), 18: (2, 2, 2, 2), 34: (3, 4, 6, 3)}


def bench_cnn(in_channels, width):
    """The playground's bench-cnn (shared/bench/torch_reference.py without its head):
    [B, C, H, W] -> h [B, 4 width]."""
    w = width
    return nn.Sequential(
        nn.Conv2d(in_channels, w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(w, 2 * w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(2 * w, 4 * w, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())


class CifarResNet(nn.Module):
    """ResNet of torchvision BasicBlocks with the CIFAR stem (3x3 stride-1 conv1, no
    max-pool) and stage widths w, 2w, 4w, 8w (torchvision fixes w = 64), laid out and
    named like torchvision's ResNet (conv1, bn1, layer1..layer4, fc = Identity) so the
    state_dict keys are the same. Depth 10 has one block per stage.
    [B, C, H, W] -> h [B, 8 width]."""

    def __init__(self, depth, width, in_channels):
        super().__init__()
        from torchvision.models.resnet import BasicBlock
        self.conv1 = nn.Conv2d(in_channels, width, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity()
        inplanes = width
        stages = []
        for i, blocks in enumerate(RESNET_BLOCKS[depth]):
            planes = width * 2 ** i
            layers = []
            for b in range(blocks):
                stride = 2 if (i > 0 and b == 0) else 1
                downsample = None
                if stride != 1 or inplanes != planes:
                    downsample = nn.Sequential(
                        nn.Conv2d(inplanes, planes, kernel_size=1, stride=stride, bias=False), nn.BatchNorm2d(planes))
                layers.append(BasicBlock(inplanes, planes, stride, downsample))
                inplanes = planes
            stages.append(nn.Sequential(*layers))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Identity()
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def torchvision_cifar_resnet(depth, in_channels):
    """torchvision's resnet18 / resnet34 (width 64) with the CIFAR stem: conv1 3x3 stride 1,
    maxpool = Identity, fc = Identity. [B, C, H, W] -> h [B, 512]."""
    net = {18: torchvision.models.resnet18, 34: torchvision.models.resnet34}[depth](weights=None)
    net.conv1 = nn.Conv2d(in_channels, 64, kernel_size=3, stride=1, padding=1, bias=False)
    nn.init.kaiming_normal_(net.conv1.weight, mode="fan_out", nonlinearity="relu")
    net.maxpool = nn.Identity()
    net.fc = nn.Identity()
    return net


# Subtracted from every pixel (in [0, 1]) before the encoder, as the browser's model does.
INPUT_CENTRE = 0.5


def backbone_out_dim(config):
    """Size of h."""
    e = config["encoder"]
    return 4 * e["width"] if e["kind"] == "bench-cnn" else 8 * e["width"]


def build_backbone(config):
    """Encoder f: images [B, C, S, S] centred (pixel - INPUT_CENTRE) -> h [B, backbone_out_dim(config)]."""
    e = config["encoder"]
    c = config["channels"]
    if e["kind"] == "bench-cnn":
        return bench_cnn(c, e["width"])
    if e["kind"] == "resnet":
        if e["width"] == 64 and e["depth"] in (18, 34):
            return torchvision_cifar_resnet(e["depth"], c)
        return CifarResNet(e["depth"], e["width"], c)
    raise ValueError("unknown encoder kind %r" % e["kind"])


def head_out_dim(config):
    """Size of z."""
    return backbone_out_dim(config) if config["head"]["kind"] == "none" else config["head"]["outDim"]


def build_head(config, use_lightly=False):
    """Projection head g: h [B, D_h] -> z [B, head_out_dim(config)]."""
    h = config["head"]
    d = backbone_out_dim(config)
    if h["kind"] == "none":
        return nn.Identity()
    if h["kind"] == "linear":
        return nn.Linear(d, h["outDim"])
    hidden = h["hiddenDim"] if h["hiddenDim"] > 0 else d
    if h["layers"] == 2:
        if use_lightly:
            from lightly.models.modules import SimCLRProjectionHead
            try:
                return SimCLRProjectionHead(d, hidden, h["outDim"], num_layers=2, batch_norm=False)
            except TypeError:  # lightly < 1.4: SimCLRProjectionHead is Linear-ReLU-Linear already
                return SimCLRProjectionHead(d, hidden, h["outDim"])
        return nn.Sequential(nn.Linear(d, hidden), nn.ReLU(), nn.Linear(hidden, h["outDim"]))
    # SimCLRv2's 3-layer head as the browser builds it: no bias before batch norm, plain last Linear.
    return nn.Sequential(
        nn.Linear(d, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(),
        nn.Linear(hidden, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(),
        nn.Linear(hidden, h["outDim"]))


# ---------------------------------------------------------------------------
# The losses (torch only; lightly's NTXentLoss is used in main() for NT-Xent when z is l2-normalised).
# ---------------------------------------------------------------------------

def anchors_and_keys(z0, z1, normalize, gather_distributed):
    """What both losses below compare, for z0, z1: [n, D] (row i of each a view of image i),
    l2-normalised first when normalize: the 2n local anchors [z0; z1], the 2M keys (the views of
    all processes, M = n x world size, gathered with gradients under DDP; the local ones otherwise),
    and for anchor row r (rows = 0..2n-1) the key column of its own view (self_cols) and of its
    positive (positive_cols)."""
    if normalize:
        z0 = F.normalize(z0, dim=1)
        z1 = F.normalize(z1, dim=1)
    n = z0.shape[0]
    rank = 0
    dist = torch.distributed
    if gather_distributed and dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1:
        from torch.distributed.nn.functional import all_gather
        rank = dist.get_rank()
        k0 = torch.cat(all_gather(z0), 0)
        k1 = torch.cat(all_gather(z1), 0)
    else:
        k0, k1 = z0, z1
    m = k0.shape[0]
    anchors = torch.cat([z0, z1], 0)  # [2n, D]
    keys = torch.cat([k0, k1], 0)  # [2M, D]
    own = torch.arange(n, device=z0.device) + rank * n
    self_cols = torch.cat([own, own + m])
    positive_cols = torch.cat([own + m, own])
    rows = torch.arange(2 * n, device=z0.device)
    return anchors, keys, self_cols, positive_cols, rows


class NTXentLossTorch(nn.Module):
    """NT-Xent over the 2n views of this process's batch against the 2M views of all
    processes (M = n x world size; gathered with gradients under DDP), mean over the 2n
    local anchors, as lightly's NTXentLoss(gather_distributed=True) computes it, but with
    the l2 normalisation optional: lightly always normalises, so CONFIG's
    loss.normalize = false needs this one. z0, z1: [n, D], row i of each is a view of image i."""

    def __init__(self, temperature, normalize=True, gather_distributed=True):
        super().__init__()
        self.temperature = temperature
        self.normalize = normalize
        self.gather_distributed = gather_distributed

    def forward(self, z0, z1):
        anchors, keys, self_cols, positive_cols, rows = anchors_and_keys(z0, z1, self.normalize, self.gather_distributed)
        logits = anchors @ keys.t() / self.temperature  # [2n, 2M]
        mask = torch.zeros_like(logits, dtype=torch.bool)
        mask[rows, self_cols] = True
        logits = logits.masked_fill(mask, float("-inf"))
        return F.cross_entropy(logits, positive_cols)


class PairwiseLossTorch(nn.Module):
    """NT-Logistic or the margin triplet loss (SimCLR paper, Tables 2 and 4), as the browser
    computes them. s = similarities of the 2n local anchors with the 2M gathered views (cosine
    when normalize); for anchor i, p its positive and K_i its negatives:
      nt-logistic:     softplus(-s_ip / t) + mean_{k in K_i} softplus(s_ik / t)
      margin-triplet:  mean_{k in K_i} max(0, s_ik - s_ip + margin)
    K_i is every view other than i and p, or with semi_hard only those with
    s_ip - margin < s_ik < s_ip, falling back to the single hardest (largest s_ik, first on
    ties) when none qualifies. Mean over the anchors. z0, z1: [n, D]."""

    def __init__(self, kind, temperature, margin, semi_hard=False, normalize=True, gather_distributed=True):
        super().__init__()
        if kind not in ("nt-logistic", "margin-triplet"):
            raise ValueError("PairwiseLossTorch: kind must be nt-logistic or margin-triplet, got %r" % (kind,))
        self.kind = kind
        self.temperature = temperature
        self.margin = margin
        self.semi_hard = semi_hard
        self.normalize = normalize
        self.gather_distributed = gather_distributed

    def forward(self, z0, z1):
        anchors, keys, self_cols, positive_cols, rows = anchors_and_keys(z0, z1, self.normalize, self.gather_distributed)
        s = anchors @ keys.t()  # [2n, 2M]
        pos = s[rows, positive_cols]  # [2n]
        negatives = torch.ones_like(s, dtype=torch.bool)
        negatives[rows, self_cols] = False
        negatives[rows, positive_cols] = False
        if self.semi_hard:
            with torch.no_grad():
                chosen = negatives & (s < pos[:, None]) & (s > pos[:, None] - self.margin)
                hardest = s.masked_fill(~negatives, float("-inf")).argmax(1)
                none = ~chosen.any(1)
                chosen[rows[none], hardest[none]] = True
            negatives = chosen
        w = negatives.to(s.dtype)
        if self.kind == "nt-logistic":
            per_anchor = F.softplus(-pos / self.temperature) + (F.softplus(s / self.temperature) * w).sum(1) / w.sum(1)
        else:
            per_anchor = (F.relu(s - pos[:, None] + self.margin) * w).sum(1) / w.sum(1)
        return per_anchor.mean()


def build_loss(config, use_lightly=False):
    """The criterion of CONFIG's loss: criterion(z0, z1) -> scalar. NT-Xent (lightly's when z is
    l2-normalised and use_lightly), else NT-Logistic or margin triplet (PairwiseLossTorch)."""
    loss = config["loss"]
    kind = loss.get("kind", "nt-xent")
    if kind != "nt-xent":
        return PairwiseLossTorch(kind, loss["temperature"], loss.get("margin", 0.5), semi_hard=loss.get("semiHard", False),
                                 normalize=loss["normalize"], gather_distributed=True)
    if use_lightly and loss["normalize"]:
        from lightly.loss import NTXentLoss
        return NTXentLoss(temperature=loss["temperature"], gather_distributed=True)
    return NTXentLossTorch(loss["temperature"], normalize=loss["normalize"], gather_distributed=True)


# ---------------------------------------------------------------------------
# Optimiser and learning-rate schedule.
# ---------------------------------------------------------------------------

def peak_learning_rate(config, batch_size):
    """The browser's scaledLearningRate: base (none), base x N / 256 (linear) or base x sqrt(N) (sqrt)."""
    o = config["optimizer"]
    if o["lrScaling"] == "linear":
        return o["learningRate"] * batch_size / 256
    if o["lrScaling"] == "sqrt":
        return o["learningRate"] * math.sqrt(batch_size)
    return o["learningRate"]


def optimizer_settings(config, batch_size):
    """Optimiser kind and hyper-parameters for a global batch of batch_size images."""
    o = config["optimizer"]
    s = {"kind": o["kind"], "lr": peak_learning_rate(config, batch_size), "weight_decay": o["weightDecay"]}
    if o["kind"] == "adam":
        s.update(betas=[0.9, 0.999], eps=1e-8)
    else:
        s.update(momentum=o["momentum"])
    if o["kind"] == "lars":
        s.update(trust_coefficient=o["larsEta"])
    return s


def param_groups(module, weight_decay):
    """Kernels (conv and linear weights, ndim > 1) get weight decay; biases and batch-norm
    parameters (ndim 1) get none, and lightly's LARS leaves groups with weight_decay 0 unadapted."""
    params = [p for p in module.parameters() if p.requires_grad]
    return [
        {"params": [p for p in params if p.ndim > 1], "weight_decay": weight_decay},
        {"params": [p for p in params if p.ndim <= 1], "weight_decay": 0.0},
    ]


def build_optimizer(module, config, batch_size):
    s = optimizer_settings(config, batch_size)
    groups = param_groups(module, s["weight_decay"])
    if s["kind"] == "adam":
        return torch.optim.AdamW(groups, lr=s["lr"], betas=tuple(s["betas"]), eps=s["eps"])
    if s["kind"] == "sgd":
        return torch.optim.SGD(groups, lr=s["lr"], momentum=s["momentum"])
    if s["kind"] == "lars":
        from lightly.utils.lars import LARS
        return LARS(groups, lr=s["lr"], momentum=s["momentum"], trust_coefficient=s["trust_coefficient"])
    raise ValueError("unknown optimizer kind %r" % s["kind"])


def learning_rate_at(step, peak, warmup_steps, total_steps, schedule):
    """The browser's learningRateAt: peak x step / warmup during warmup (0 at step 0),
    then constant, or cosine from peak to 0 at total_steps (and 0 after it)."""
    if step < warmup_steps:
        return peak * step / warmup_steps
    if schedule == "constant":
        return peak
    decay = total_steps - warmup_steps
    if decay <= 0:
        return 0.0
    progress = min(step - warmup_steps, decay) / decay
    return 0.0 if progress >= 1 else 0.5 * peak * (1 + math.cos(math.pi * progress))


def schedule_steps(config, run_steps):
    """(warmup, total) optimiser steps for a run of run_steps: the browser's warmup
    fraction warmupSteps / totalSteps of run_steps."""
    o = config["optimizer"]
    warmup = js_round(run_steps * o["warmupSteps"] / o["totalSteps"])
    return min(warmup, run_steps), run_steps


class LrFactor:
    """LambdaLR factor: learning_rate_at(step, 1, ...)."""

    def __init__(self, warmup_steps, total_steps, schedule):
        self.warmup_steps, self.total_steps, self.schedule = warmup_steps, total_steps, schedule

    def __call__(self, step):
        return learning_rate_at(step, 1.0, self.warmup_steps, self.total_steps, self.schedule)


def build_scheduler(optimizer, config, run_steps):
    """Per optimiser step: linear warmup, then cosine (or constant), as in the browser."""
    warmup, total = schedule_steps(config, run_steps)
    return torch.optim.lr_scheduler.LambdaLR(optimizer, LrFactor(warmup, total, config["optimizer"]["schedule"]))


# ---------------------------------------------------------------------------
# Data.
# ---------------------------------------------------------------------------

def build_dataset(data, root, config):
    """(view 1, view 2), label pairs from a torchvision dataset name or an image folder."""
    transform = TwoViews(build_transform(config))
    if data == "cifar10":
        return torchvision.datasets.CIFAR10(root, train=True, download=True, transform=transform)
    if data == "mnist":
        return torchvision.datasets.MNIST(root, train=True, download=True, transform=transform)
    if data == "fashion-mnist":
        return torchvision.datasets.FashionMNIST(root, train=True, download=True, transform=transform)
    if os.path.isdir(data):
        return torchvision.datasets.ImageFolder(data, transform=transform)
    raise SystemExit("--data must be cifar10, mnist, fashion-mnist or a folder of class subfolders; got %r" % data)


# ---------------------------------------------------------------------------
# Training with PyTorch Lightning and lightly (imported here only).
# ---------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description="SimCLR with PyTorch Lightning + lightly, from the browser playground's config.")
    p.add_argument("--data", default=DEFAULTS["data"],
                   help="cifar10, mnist, fashion-mnist (downloaded to --root) or a folder of images in class subfolders")
    p.add_argument("--root", default="./data", help="where torchvision datasets are downloaded")
    p.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    p.add_argument("--max-steps", type=int, default=None,
                   help="train for this many optimiser steps instead of --epochs; the schedule spans them")
    p.add_argument("--devices", type=int, default=DEFAULTS["devices"], help="GPUs (DDP)")
    p.add_argument("--accelerator", default="gpu", help="gpu (default), cpu or auto")
    p.add_argument("--batch-size", type=int, default=CONFIG["batchSize"],
                   help="global batch N over all devices (the learning rate is scaled for it)")
    p.add_argument("--num-workers", type=int, default=8, help="data loader workers per device")
    p.add_argument("--out", default="simclr_out", help="folder for logs, checkpoints and simclr.pt")
    return p.parse_args(argv)


def build_lightning_module(pl, config, batch_size, run_steps):
    class SimCLR(pl.LightningModule):
        def __init__(self):
            super().__init__()
            self.backbone = build_backbone(config)
            self.projection_head = build_head(config, use_lightly=True)
            self.criterion = build_loss(config, use_lightly=True)

        def forward(self, x):
            # The browser's model centres its input: pixels in [0, 1] become x - 0.5.
            return self.projection_head(self.backbone(x - INPUT_CENTRE))

        def training_step(self, batch, batch_idx):
            (x0, x1), _ = batch
            # Both views in one forward pass: batch norm sees all 2n views, as in the browser.
            z0, z1 = torch.chunk(self(torch.cat([x0, x1], 0)), 2, 0)
            loss = self.criterion(z0, z1)
            self.log("train_loss", loss, prog_bar=True, sync_dist=True)
            self.log("lr", self.trainer.optimizers[0].param_groups[0]["lr"], prog_bar=True)
            return loss

        def configure_optimizers(self):
            optimizer = build_optimizer(self, config, batch_size)
            scheduler = build_scheduler(optimizer, config, run_steps)
            return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}

    return SimCLR()


def main(argv=None):
    args = parse_args(argv)
    try:
        import pytorch_lightning as pl
        import lightly  # noqa: F401  (the loss, head and LARS come from it)
    except ImportError as err:
        raise SystemExit("%s: install them with  pip install pytorch_lightning lightly" % err)
    pl.seed_everything(CONFIG["seed"], workers=True)
    if args.batch_size % args.devices != 0:
        raise SystemExit("--batch-size %d is not divisible by --devices %d" % (args.batch_size, args.devices))
    per_device = args.batch_size // args.devices
    dataset = build_dataset(args.data, args.root, CONFIG)
    loader = torch.utils.data.DataLoader(
        dataset, batch_size=per_device, shuffle=True, drop_last=True, num_workers=args.num_workers,
        pin_memory=args.accelerator != "cpu", persistent_workers=args.num_workers > 0)
    steps_per_epoch = math.ceil(len(dataset) / args.devices) // per_device
    if steps_per_epoch < 1:
        raise SystemExit("the dataset (%d images) is smaller than one batch per device" % len(dataset))
    run_steps = args.max_steps if args.max_steps else args.epochs * steps_per_epoch
    # With --max-steps the step count decides (enough epochs to reach it); otherwise --epochs does.
    max_epochs = math.ceil(run_steps / steps_per_epoch) if args.max_steps else args.epochs
    module = build_lightning_module(pl, CONFIG, args.batch_size, run_steps)
    trainer = pl.Trainer(
        accelerator=args.accelerator, devices=args.devices, strategy="ddp", sync_batchnorm=True,
        max_epochs=max_epochs, max_steps=args.max_steps or -1, default_root_dir=args.out, log_every_n_steps=10)
    trainer.fit(module, loader)
    if trainer.is_global_zero:
        os.makedirs(args.out, exist_ok=True)
        path = os.path.join(args.out, "simclr.pt")
        torch.save({"config": CONFIG, "input_centre": INPUT_CENTRE, "backbone": module.backbone.state_dict(),
                    "projection_head": module.projection_head.state_dict()}, path)
        print("saved %s" % path)


if __name__ == "__main__":
    main()
`;
