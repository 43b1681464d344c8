/**
 * The exported PyTorch Lightning + lightly script: (a) it compiles under
 * /usr/bin/python3; (b) the configuration it embeds and announces is the run's;
 * (c) where torch and torchvision import (Debian's python3-torch here; lightly
 * and Lightning are not installed), its torch-only builders are executed: the
 * augmentations, the encoder and head (forward pass, output sizes, parameter
 * counts equal to the TypeScript model's `countTrainable()`), the decay / no-decay
 * parameter split, the optimiser settings, the learning-rate schedule and the
 * NT-Xent fallback, each compared with the TypeScript implementation.
 *
 * ResNet parameter counts are exact, not approximate: torchvision's layout (no
 * conv biases, BN after every conv, 1x1 conv + BN projection shortcuts, fc =
 * Identity) is the browser's parameter for parameter. At width 64 the script
 * uses torchvision's own resnet18 / resnet34; the test checks that it has the
 * same state_dict keys, shapes and count as the script's CifarResNet built from
 * torchvision BasicBlocks, which the smaller widths use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { blurKernelSize } from '../../../src/core/augment/blur';
import { CIFAR_PRESET, DEFAULT_CONFIG, mergeConfig, type TrainConfig } from '../../../src/core/config';
import { CONFIG_BEGIN_MARKER, CONFIG_END_MARKER, pytorchScript } from '../../../src/core/export';
import { contrastiveLoss } from '../../../src/core/loss';
import { createSimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { learningRateAt, scaledLearningRate } from '../../../src/core/train';

const PYTHON = '/usr/bin/python3';

const allOff = {
  crop: { enabled: false }, flip: { enabled: false }, colorJitter: { enabled: false }, colorDrop: { enabled: false },
  blur: { enabled: false }, rotate: { enabled: false }, cutout: { enabled: false }, noise: { enabled: false }, sobel: { enabled: false },
};

/** The configs the brief names, plus one with every op the browser has and torchvision lacks. */
const CASES: Array<{ id: string; config: TrainConfig; opts?: Parameters<typeof pytorchScript>[1] }> = [
  { id: 'paper-default', config: DEFAULT_CONFIG },
  { id: 'cifar-preset', config: CIFAR_PRESET, opts: { dataset: 'cifar10', epochs: 800, devices: 8 } },
  {
    id: 'bench-linear-adam',
    config: mergeConfig(DEFAULT_CONFIG, {
      seed: 12, imageSize: 28, batchSize: 96,
      encoder: { kind: 'bench-cnn', width: 8 }, head: { kind: 'linear', outDim: 32 }, loss: { temperature: 0.2 },
      optimizer: { kind: 'adam', learningRate: 1e-3, lrScaling: 'none', weightDecay: 1e-4, warmupSteps: 0, schedule: 'constant' },
    }),
    opts: { dataset: 'mnist', epochs: 5 },
  },
  {
    id: 'resnet10-none-sgd',
    config: mergeConfig(DEFAULT_CONFIG, {
      seed: 7, batchSize: 32, encoder: { kind: 'resnet', width: 8, depth: 10 }, head: { kind: 'none' },
      optimizer: { kind: 'sgd', learningRate: 0.1, lrScaling: 'linear', momentum: 0.8, weightDecay: 5e-4, warmupSteps: 10, totalSteps: 500 },
    }),
  },
  {
    id: 'lars-sqrt',
    config: mergeConfig(DEFAULT_CONFIG, {
      batchSize: 128, optimizer: { kind: 'lars', learningRate: 0.075, lrScaling: 'sqrt', larsEta: 0.002, weightDecay: 1e-5, warmupSteps: 50, totalSteps: 3000 },
    }),
  },
  { id: 'crop-only', config: mergeConfig(DEFAULT_CONFIG, { augment: { ...allOff, crop: { enabled: true, areaMin: 0.2, areaMax: 0.9, ratioMin: 0.5, ratioMax: 2 } } }) },
  {
    id: 'every-op-grey-3layer-unnormalised',
    config: mergeConfig(DEFAULT_CONFIG, {
      seed: 99, imageSize: 24, channels: 1, batchSize: 16,
      augment: {
        colorJitter: { randomOrder: false, strength: 0.5, hue: 0.1 }, blur: { kernelFraction: 0.25, sigmaMin: 0.5, sigmaMax: 1.5 },
        rotate: { enabled: true, p: 0.5 }, cutout: { enabled: true, p: 0.7, sizeMin: 0.1, sizeMax: 0.3, fill: 0.5 },
        noise: { enabled: true, p: 0.6, stdMin: 0.01, stdMax: 0.05 }, sobel: { enabled: true, p: 0.25 },
      },
      encoder: { kind: 'resnet', width: 4, depth: 10 }, head: { kind: 'mlp', layers: 3, hiddenDim: 24, outDim: 16 },
      loss: { temperature: 0.3, normalize: false },
    }),
    opts: { dataset: 'shapes' },
  },
  {
    id: 'nt-logistic-semi-hard',
    config: mergeConfig(DEFAULT_CONFIG, {
      seed: 3, batchSize: 16, encoder: { kind: 'bench-cnn', width: 8 }, head: { kind: 'linear', outDim: 16 },
      loss: { kind: 'nt-logistic', temperature: 0.2, margin: 0.6, semiHard: true },
    }),
  },
  {
    id: 'margin-triplet-unnormalised',
    config: mergeConfig(DEFAULT_CONFIG, {
      seed: 4, batchSize: 16, encoder: { kind: 'bench-cnn', width: 8 }, head: { kind: 'linear', outDim: 16 },
      loss: { kind: 'margin-triplet', normalize: false, margin: 1.5, semiHard: false },
    }),
  },
  {
    id: 'margin-triplet-semi-hard',
    config: mergeConfig(DEFAULT_CONFIG, {
      seed: 5, batchSize: 16, encoder: { kind: 'bench-cnn', width: 8 }, head: { kind: 'linear', outDim: 16 },
      loss: { kind: 'margin-triplet', margin: 0.3, semiHard: true },
    }),
  },
];

/** The JSON between the CONFIG markers. */
function embeddedConfig(script: string): unknown {
  const begin = script.indexOf(CONFIG_BEGIN_MARKER);
  const end = script.indexOf(CONFIG_END_MARKER);
  expect(begin, 'CONFIG begin marker').toBeGreaterThanOrEqual(0);
  expect(end, 'CONFIG end marker').toBeGreaterThan(begin);
  const block = script.slice(begin, end);
  const match = /CONFIG = json\.loads\(r"""\n([\s\S]*)\n"""\)\n$/.exec(block);
  expect(match, 'CONFIG = json.loads(r"""...""") block').not.toBeNull();
  return JSON.parse(match![1]!);
}

const dir = mkdtempSync(join(tmpdir(), 'simclr-pytorch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scripts = CASES.map((c) => {
  const text = pytorchScript(c.config, c.opts);
  const path = join(dir, `${c.id.replace(/-/g, '_')}.py`);
  writeFileSync(path, text);
  return { ...c, text, path };
});

describe('pytorchScript text', () => {
  it('compiles with /usr/bin/python3 -m py_compile', () => {
    expect(existsSync(PYTHON), `${PYTHON} is missing: the exported PyTorch script cannot be checked (install python3)`).toBe(true);
    const run = spawnSync(PYTHON, ['-m', 'py_compile', ...scripts.map((s) => s.path)], { encoding: 'utf8', timeout: 60_000 });
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.status, `py_compile failed:\n${run.stderr}`).toBe(0);
  });

  it.each(scripts)('$id: embeds the run config as JSON and the export options as argparse defaults', ({ config, opts, text }) => {
    expect(embeddedConfig(text)).toEqual(config);
    const defaults = /^DEFAULTS = (\{.*\})$/m.exec(text);
    expect(defaults).not.toBeNull();
    const expectedData = opts?.dataset === 'shapes' || opts?.dataset === undefined ? 'cifar10' : opts.dataset;
    expect(JSON.parse(defaults![1]!)).toEqual({ data: expectedData, epochs: opts?.epochs ?? 100, devices: opts?.devices ?? 1 });
  });

  it.each(scripts)('$id: the header announces the run\'s parameters', ({ config: c, text }) => {
    const headerText = text.slice(0, text.indexOf('\nimport '));
    const o = c.optimizer;
    expect(headerText).toContain(`${c.imageSize} x ${c.imageSize} px, ${c.channels} channel`);
    expect(headerText).toContain(`seed ${c.seed}`);
    expect(headerText).toContain(`N = ${c.batchSize} images`);
    const kind = c.loss.kind ?? 'nt-xent';
    if (kind === 'nt-xent') expect(headerText).toContain(`NT-Xent, temperature ${c.loss.temperature}`);
    if (kind === 'nt-logistic') expect(headerText).toContain(`NT-Logistic, temperature ${c.loss.temperature}`);
    if (kind === 'margin-triplet') expect(headerText).toContain(`margin triplet, margin ${c.loss.margin}`);
    if (kind !== 'nt-xent') {
      expect(headerText).toContain('PairwiseLossTorch below (lightly has no such loss)');
      expect(headerText.includes('semi-hard negatives only')).toBe(c.loss.semiHard === true);
    }
    const peak = Number(/^# +lr +.* = (\S+) at N = (\d+);/m.exec(headerText)![1]);
    expect(peak).toBeCloseTo(scaledLearningRate(o, c.batchSize), 10);
    expect(headerText).toMatch(new RegExp(`optimiser +${{ adam: 'AdamW', sgd: 'SGD momentum', lars: 'LARS' }[o.kind]}`));
    expect(headerText).toMatch(o.kind === 'adam' ? /AdamW/ : new RegExp(`momentum ${o.momentum}`));
    const enc = c.encoder;
    expect(headerText).toContain(enc.kind === 'resnet' ? `ResNet-${enc.depth} (BasicBlock)` : `bench-cnn width ${enc.width}`);
    expect(headerText).toMatch(new RegExp(`head +${{ none: 'none', linear: 'linear', mlp: 'MLP' }[c.head.kind]}`));
    const a = c.augment;
    expect(headerText.includes('RandomResizedCrop(')).toBe(a.crop.enabled);
    expect(headerText.includes('RandomHorizontalFlip(')).toBe(a.flip.enabled);
    expect(headerText.includes('colour jitter p=')).toBe(a.colorJitter.enabled);
    expect(headerText.includes('RandomGrayscale(')).toBe(a.colorDrop.enabled);
    expect(headerText.includes('GaussianBlur p=')).toBe(a.blur.enabled);
    expect(headerText.includes('RandomQuarterTurn')).toBe(a.rotate.enabled);
    expect(headerText.includes('(Cutout)')).toBe(a.cutout.enabled);
    expect(headerText.includes('(GaussianNoise)')).toBe(a.noise.enabled);
    expect(headerText.includes('(Sobel)')).toBe(a.sobel.enabled);
    if (kind === 'nt-xent') expect(headerText).toContain(c.loss.normalize ? 'lightly.loss.NTXentLoss, gather_distributed=True' : 'NOT l2-normalised');
    else expect(headerText).toContain(c.loss.normalize ? 'cosine similarity' : 'NOT l2-normalised');
  });

  it('uses DDP, sync batch norm, lightly\'s loss / head / LARS, seed_everything, and imports nothing else', () => {
    const text = scripts[0]!.text;
    expect(text).toContain('strategy="ddp", sync_batchnorm=True');
    expect(text).toContain('accelerator=args.accelerator, devices=args.devices');
    expect(text).toContain('NTXentLoss(temperature=loss["temperature"], gather_distributed=True)');
    expect(text).toContain('from lightly.models.modules import SimCLRProjectionHead');
    expect(text).toContain('from lightly.utils.lars import LARS');
    expect(text).toContain('pl.seed_everything(CONFIG["seed"], workers=True)');
    for (const flag of ['--data', '--epochs', '--devices', '--batch-size', '--num-workers']) expect(text).toContain(`"${flag}"`);
    const allowed = new Set(['argparse', 'json', 'math', 'os', 'torch', 'torchvision', 'pytorch_lightning', 'lightly']);
    for (const s of scripts) {
      const roots = [...s.text.matchAll(/^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/gm)].map((m) => (m[1] ?? m[2])!.split('.')[0]!);
      expect(roots.length).toBeGreaterThan(5);
      for (const r of roots) expect(allowed.has(r), `${s.id} imports ${r}`).toBe(true);
    }
    // lightly and Lightning are only imported inside functions (the builders run without them).
    expect(text).not.toMatch(/^(?:import|from) (?:lightly|pytorch_lightning)/m);
  });

  it('notes the synthetic shapes dataset, refuses an invalid config and keeps a folder name inert', () => {
    expect(scripts[6]!.text).toContain('synthetic shapes');
    expect(() => pytorchScript(mergeConfig(DEFAULT_CONFIG, { batchSize: 1 }))).toThrow(/batchSize/);
    expect(() => pytorchScript(DEFAULT_CONFIG, { epochs: 0 })).toThrow(/epochs/);
    // A folder name cannot break out of the header comment or the DEFAULTS string.
    const odd = pytorchScript(DEFAULT_CONFIG, { dataset: '/data/x\nimport evil "q" \\' });
    expect(odd).not.toMatch(/^import evil/m);
    expect(JSON.parse(/^DEFAULTS = (\{.*\})$/m.exec(odd)![1]!).data).toBe('/data/x\nimport evil "q" \\');
    if (existsSync(PYTHON)) {
      const path = join(dir, 'odd_folder.py');
      writeFileSync(path, odd);
      const check = spawnSync(PYTHON, ['-c', 'import ast, sys; t = ast.parse(open(sys.argv[1]).read()); print([ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "DEFAULTS"][0]["data"])', path], { encoding: 'utf8' });
      expect(check.stdout).toBe('/data/x\nimport evil "q" \\\n');
    }
  });
});

const torchAvailable = existsSync(PYTHON)
  && spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { timeout: 60_000 }).status === 0;

/** The Python side of the check: imports each script and reports what its builders make, as one JSON line. */
const DRIVER = String.raw`
import importlib.util, json, sys
import numpy as np
import torch
from PIL import Image
torch.set_num_threads(1)
job = json.load(open(sys.argv[1]))
out = {}
for case in job["cases"]:
    spec = importlib.util.spec_from_file_location("exported_" + case["id"].replace("-", "_"), case["path"])
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    c = m.CONFIG
    torch.manual_seed(0)
    backbone, head = m.build_backbone(c), m.build_head(c)
    net = torch.nn.Sequential(backbone, head).eval()
    s, ch = c["imageSize"], c["channels"]
    with torch.no_grad():
        h = backbone(torch.rand(3, ch, s, s))
        z = head(h)
    groups = m.param_groups(net, 0.5)
    views = []
    rgb = Image.fromarray((np.random.RandomState(0).rand(s + 9, s + 3, 3) * 255).astype("uint8"))
    for _ in range(6):
        a, b = m.TwoViews(m.build_transform(c))(rgb)
        views += [a, b]
    views.append(m.build_augment(c)(torch.rand(ch, s, s)))
    zt = torch.tensor(case["z"], dtype=torch.float32)
    n = zt.shape[0] // 2
    loss = m.build_loss(c)(zt[:n], zt[n:])
    o = c["optimizer"]
    res = {
        "hShape": list(h.shape), "zShape": list(z.shape),
        "backboneParams": sum(p.numel() for p in backbone.parameters()),
        "headParams": sum(p.numel() for p in head.parameters()),
        "decayParams": sum(p.numel() for p in groups[0]["params"]), "decayWd": groups[0]["weight_decay"],
        "noDecayParams": sum(p.numel() for p in groups[1]["params"]), "noDecayWd": groups[1]["weight_decay"],
        "augment": m.describe_augment(c),
        "viewShapes": sorted(set(tuple(v.shape) for v in views)),
        "viewMin": min(float(v.min()) for v in views), "viewMax": max(float(v.max()) for v in views),
        "settings": m.optimizer_settings(c, c["batchSize"]),
        "settingsAt1024": m.optimizer_settings(c, 1024),
        "schedule": list(m.schedule_steps(c, o["totalSteps"])),
        "scheduleAt10x": list(m.schedule_steps(c, 10 * o["totalSteps"])),
        "lr": [m.learning_rate_at(k, m.peak_learning_rate(c, c["batchSize"]), o["warmupSteps"], o["totalSteps"], o["schedule"]) for k in case["steps"]],
        "loss": float(loss),
    }
    if o["kind"] != "lars":
        opt = m.build_optimizer(net, c, c["batchSize"])
        res["torchOptimizer"] = {"type": type(opt).__name__, "lr": opt.param_groups[0]["lr"],
                                 "weightDecay": [g["weight_decay"] for g in opt.param_groups],
                                 "momentum": opt.param_groups[0].get("momentum")}
    out[case["id"]] = res
if job["width64"]:
    spec = importlib.util.spec_from_file_location("w64", job["width64"])
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    tv, ours = m.torchvision_cifar_resnet(18, 3), m.CifarResNet(18, 64, 3)
    shapes = lambda net: {k: list(v.shape) for k, v in net.state_dict().items()}
    out["width64"] = {"sameStateDict": shapes(tv) == shapes(ours), "torchvision": sum(p.numel() for p in tv.parameters()),
                      "ours": sum(p.numel() for p in ours.parameters()), "type": type(tv).__module__ + "." + type(tv).__name__,
                      "h": list(tv(torch.rand(2, 3, 32, 32)).shape)}
print(json.dumps(out))
`;

/**
 * Stand-ins for pytorch_lightning and lightly (not installed here). Signatures follow the real APIs;
 * every call is recorded into the JSON file named by STUB_LOG.
 */
const STUBS: Record<string, string> = {
  'stub_log.py': String.raw`
import atexit, json, os
CALLS = {"lrs": [], "losses": [], "batchShapes": []}
atexit.register(lambda: json.dump(CALLS, open(os.environ["STUB_LOG"], "w")))
`,
  'pytorch_lightning/__init__.py': String.raw`
import torch
from stub_log import CALLS


def seed_everything(seed=None, workers=False):
    CALLS["seed"] = [seed, {"workers": workers}]
    torch.manual_seed(seed)
    return seed


class LightningModule(torch.nn.Module):
    def log(self, name, value, prog_bar=False, logger=None, on_step=None, on_epoch=None, sync_dist=False, **kwargs):
        pass


class Trainer:
    def __init__(self, *, accelerator="auto", strategy="auto", devices="auto", num_nodes=1, precision=None,
                 max_epochs=None, min_epochs=None, max_steps=-1, default_root_dir=None, log_every_n_steps=None,
                 sync_batchnorm=False, **kwargs):
        CALLS["trainer"] = dict(accelerator=accelerator, strategy=strategy, devices=devices, max_epochs=max_epochs,
                                max_steps=max_steps, sync_batchnorm=sync_batchnorm, default_root_dir=default_root_dir)
        self.max_epochs, self.max_steps = max_epochs, max_steps
        self.is_global_zero = True
        self.optimizers = []

    def fit(self, model, train_dataloaders=None):
        model.trainer = self
        conf = model.configure_optimizers()
        opt, sched = conf["optimizer"], conf["lr_scheduler"]["scheduler"]
        assert conf["lr_scheduler"]["interval"] == "step"
        self.optimizers = [opt]
        model.train()
        step = 0
        for epoch in range(self.max_epochs):
            for i, batch in enumerate(train_dataloaders):
                (x0, x1), _ = batch
                CALLS["batchShapes"] = sorted(set(CALLS["batchShapes"] + [str([list(x0.shape), list(x1.shape)])]))
                CALLS["lrs"].append(opt.param_groups[0]["lr"])
                loss = model.training_step(batch, i)
                CALLS["losses"].append(float(loss))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                step += 1
                if 0 < self.max_steps <= step:
                    CALLS["steps"] = step
                    CALLS["batchShapes"] = [eval(s) for s in CALLS["batchShapes"]]
                    return
        CALLS["steps"] = step
`,
  'lightly/__init__.py': '',
  'lightly/loss/__init__.py': String.raw`
import torch
import torch.nn.functional as F
from stub_log import CALLS


class NTXentLoss(torch.nn.Module):
    def __init__(self, temperature=0.5, memory_bank_size=0, gather_distributed=False):
        super().__init__()
        CALLS["ntxent"] = dict(temperature=temperature, gather_distributed=gather_distributed)
        self.temperature = temperature

    def forward(self, out0, out1):
        z = F.normalize(torch.cat([out0, out1]), dim=1)
        n = out0.shape[0]
        logits = (z @ z.t() / self.temperature).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
        return F.cross_entropy(logits, torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]))
`,
  'lightly/models/__init__.py': '',
  'lightly/models/modules/__init__.py': String.raw`
import torch.nn as nn
from stub_log import CALLS


class SimCLRProjectionHead(nn.Module):
    def __init__(self, input_dim=2048, hidden_dim=2048, output_dim=2048, num_layers=2, batch_norm=True):
        super().__init__()
        CALLS["head"] = [[input_dim, hidden_dim, output_dim], {"num_layers": num_layers, "batch_norm": batch_norm}]
        self.layers = nn.Sequential(nn.Linear(input_dim, hidden_dim), nn.ReLU(), nn.Linear(hidden_dim, output_dim))

    def forward(self, x):
        return self.layers(x)
`,
  'lightly/utils/__init__.py': '',
  'lightly/utils/lars.py': String.raw`
import torch
from stub_log import CALLS


class LARS(torch.optim.SGD):
    def __init__(self, params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, trust_coefficient=0.001, eps=1e-8):
        params = list(params)
        CALLS["lars"] = dict(lr=lr, momentum=momentum, trust_coefficient=trust_coefficient,
                             groupDecay=[g["weight_decay"] for g in params])
        super().__init__(params, lr=lr, momentum=momentum)
`,
};

/** What `describe_augment` must report for `config`: the browser's ops in order, with torchvision's parameter forms. */
function expectedAugment(c: TrainConfig): Array<[string, Record<string, unknown>]> {
  const a = c.augment;
  const out: Array<[string, Record<string, unknown>]> = [];
  if (a.crop.enabled) out.push(['crop', { size: [c.imageSize, c.imageSize], scale: [a.crop.areaMin, a.crop.areaMax], ratio: [a.crop.ratioMin, a.crop.ratioMax] }]);
  if (a.flip.enabled) out.push(['flip', { p: a.flip.p }]);
  const j = a.colorJitter;
  if (j.enabled) {
    const [b, ct, s, h] = [j.brightness, j.contrast, j.saturation, j.hue].map((x) => x * j.strength) as [number, number, number, number];
    const range = (x: number): number[] | null => (x > 0 ? [Math.max(0, 1 - x), 1 + x] : null);
    out.push(['colorJitter', j.randomOrder
      ? { p: j.p, randomOrder: true, brightness: range(b), contrast: range(ct), saturation: range(s), hue: h > 0 ? [-h, h] : null }
      : { p: j.p, randomOrder: false, brightness: b, contrast: ct, saturation: s, hue: h }]);
  }
  if (a.colorDrop.enabled && c.channels === 3) out.push(['colorDrop', { p: a.colorDrop.p }]);
  if (a.blur.enabled) {
    const k = blurKernelSize(c.imageSize, a.blur.kernelFraction);
    out.push(['blur', { p: a.blur.p, kernel: [k, k], sigma: [a.blur.sigmaMin, a.blur.sigmaMax] }]);
  }
  if (a.rotate.enabled) out.push(['rotate', { p: a.rotate.p }]);
  if (a.cutout.enabled) out.push(['cutout', { p: a.cutout.p, sizeMin: a.cutout.sizeMin, sizeMax: a.cutout.sizeMax, fill: a.cutout.fill }]);
  if (a.noise.enabled) out.push(['noise', { p: a.noise.p, stdMin: a.noise.stdMin, stdMax: a.noise.stdMax }]);
  if (a.sobel.enabled) out.push(['sobel', { p: a.sobel.p }]);
  return out;
}

/** Deep equality with numbers compared to 12 significant digits (Python and JS round 1 - 0.8 alike, but be safe). */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

interface PythonResult {
  hShape: number[];
  zShape: number[];
  backboneParams: number;
  headParams: number;
  decayParams: number;
  decayWd: number;
  noDecayParams: number;
  noDecayWd: number;
  augment: Array<[string, Record<string, unknown>]>;
  viewShapes: number[][];
  viewMin: number;
  viewMax: number;
  settings: Record<string, unknown>;
  settingsAt1024: Record<string, unknown>;
  schedule: [number, number];
  scheduleAt10x: [number, number];
  lr: number[];
  loss: number;
  torchOptimizer?: { type: string; lr: number; weightDecay: number[]; momentum: number | null };
}

describe.skipIf(!torchAvailable)('pytorchScript executed with torch + torchvision (no lightly / Lightning)', () => {
  const stepsOf = (c: TrainConfig): number[] => {
    const o = c.optimizer;
    return [...new Set([0, 1, o.warmupSteps - 1, o.warmupSteps, o.warmupSteps + 1, Math.floor((o.warmupSteps + o.totalSteps) / 2), o.totalSteps - 1, o.totalSteps, o.totalSteps + 7])]
      .filter((s) => s >= 0);
  };
  /** 2N x 5 projections, rows k and k + N the two views of image k. */
  const zOf = (seed: number, n: number): number[][] => {
    const rng = new Rng(seed);
    return Array.from({ length: 2 * n }, () => Array.from({ length: 5 }, () => rng.uniform(-2, 2)));
  };

  let results: Record<string, PythonResult> & { width64: { sameStateDict: boolean; torchvision: number; ours: number; type: string; h: number[] } };
  const run = (): typeof results => {
    if (results !== undefined) return results;
    const job = {
      cases: scripts.map((s, i) => ({ id: s.id, path: s.path, steps: stepsOf(s.config), z: zOf(i + 1, 4) })),
      width64: scripts[0]!.path,
    };
    const jobPath = join(dir, 'job.json');
    const driverPath = join(dir, 'driver.py');
    writeFileSync(jobPath, JSON.stringify(job));
    writeFileSync(driverPath, DRIVER);
    const proc = spawnSync(PYTHON, [driverPath, jobPath], { encoding: 'utf8', timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    expect(proc.error, String(proc.error)).toBeUndefined();
    expect(proc.status, `the Python check failed:\n${proc.stderr}`).toBe(0);
    results = JSON.parse(proc.stdout.trim().split('\n').pop()!) as typeof results;
    return results;
  };

  it.each(scripts)('$id: backbone + head output sizes and parameter counts equal the TypeScript model\'s', ({ id, config }) => {
    const r = run()[id]!;
    const model = createSimclrModel(config, new Rng(config.seed));
    expect(r.hShape).toEqual([3, model.hDim]);
    expect(r.zShape).toEqual([3, config.head.kind === 'none' ? model.hDim : config.head.outDim]);
    expect(r.zShape[1]).toBe(model.zDim);
    expect(r.backboneParams + r.headParams).toBe(model.params.countTrainable());
    // Decay goes to kernels only (ndim > 1 in torch, role 'kernel' in the browser); biases and BN are excluded.
    const kernels = model.params.trainable().filter((p) => p.role === 'kernel').reduce((n, p) => n + p.variable.size, 0);
    expect(r.decayParams).toBe(kernels);
    expect(r.noDecayParams).toBe(model.params.countTrainable() - kernels);
    expect([r.decayWd, r.noDecayWd]).toEqual([0.5, 0]);
    model.dispose();
  });

  it.each(scripts)('$id: every augmentation is on or off as configured, with the configured parameters', ({ id, config }) => {
    const r = run()[id]!;
    expectClose(r.augment, expectedAugment(config), `${id}.augment`);
    expect(r.viewShapes).toEqual([[config.channels, config.imageSize, config.imageSize]]);
    expect(r.viewMin).toBeGreaterThanOrEqual(-1e-5);
    expect(r.viewMax).toBeLessThanOrEqual(1 + 1e-5);
  });

  it.each(scripts)('$id: optimiser, learning-rate scaling, weight decay and schedule equal the browser\'s', ({ id, config }) => {
    const r = run()[id]!;
    const o = config.optimizer;
    const expected: Record<string, unknown> = { kind: o.kind, lr: scaledLearningRate(o, config.batchSize), weight_decay: o.weightDecay };
    if (o.kind === 'adam') Object.assign(expected, { betas: [0.9, 0.999], eps: 1e-8 });
    else expected.momentum = o.momentum;
    if (o.kind === 'lars') expected.trust_coefficient = o.larsEta;
    expectClose(r.settings, expected, `${id}.settings`);
    expectClose(r.settingsAt1024.lr, scaledLearningRate(o, 1024), `${id}.lr at N = 1024`);
    expect(r.schedule).toEqual([o.warmupSteps, o.totalSteps]);
    expect(r.scheduleAt10x).toEqual([10 * o.warmupSteps, 10 * o.totalSteps]);
    stepsOf(config).forEach((step, k) => {
      const want = learningRateAt(step, o, config.batchSize);
      expect(Math.abs(r.lr[k]! - want), `lr at step ${step}: ${r.lr[k]} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
    });
    if (o.kind === 'lars') {
      expect(r.torchOptimizer).toBeUndefined();
    } else {
      const t = r.torchOptimizer!;
      expect(t.type).toBe(o.kind === 'adam' ? 'AdamW' : 'SGD');
      expectClose(t.lr, scaledLearningRate(o, config.batchSize), `${id}.torch lr`);
      expect(t.weightDecay).toEqual([o.weightDecay, 0]);
      if (o.kind === 'sgd') expect(t.momentum).toBe(o.momentum);
    }
  });

  it.each(scripts)('$id: the torch loss gives the browser\'s (kind, temperature, normalisation, margin, mining)', ({ id, config }) => {
    const r = run()[id]!;
    const index = scripts.findIndex((s) => s.id === id);
    const z = tf.tensor2d(zOf(index + 1, 4));
    const want = tf.tidy(() => contrastiveLoss(z, config.loss).dataSync()[0]!);
    z.dispose();
    expect(Math.abs(r.loss - want) / Math.max(1, Math.abs(want)), `${r.loss} vs ${want}`).toBeLessThan(1e-5);
  });

  it('main() trains end to end on an image folder against minimal stand-ins for pytorch_lightning and lightly', () => {
    // The real packages are not installed here; these stand-ins accept only the arguments the real
    // APIs take (Lightning 2 Trainer, lightly NTXentLoss / SimCLRProjectionHead / LARS), record how
    // they were called, and run a plain loop, so the script's own glue (arguments, data, two views,
    // one forward pass over both, loss, optimiser, per-step schedule, saving) runs for real.
    const config = mergeConfig(DEFAULT_CONFIG, { seed: 5, imageSize: 16, batchSize: 4, encoder: { kind: 'resnet', width: 4, depth: 10 }, head: { hiddenDim: 8, outDim: 6 } });
    const root = mkdtempSync(join(dir, 'main-'));
    for (const [file, text] of Object.entries(STUBS)) {
      mkdirSync(dirname(join(root, 'stubs', file)), { recursive: true });
      writeFileSync(join(root, 'stubs', file), text);
    }
    const script = join(root, 'simclr_run.py');
    writeFileSync(script, pytorchScript(config));
    const makeImages = String.raw`
import os, sys
import numpy as np
from PIL import Image
rng = np.random.RandomState(0)
for c in ("a", "b"):
    os.makedirs(os.path.join(sys.argv[1], c), exist_ok=True)
    for i in range(5):
        Image.fromarray((rng.rand(20, 23, 3) * 255).astype("uint8")).save(os.path.join(sys.argv[1], c, "%d.png" % i))
`;
    const images = join(root, 'images');
    expect(spawnSync(PYTHON, ['-c', makeImages, images], { encoding: 'utf8' }).status).toBe(0);
    const out = join(root, 'out');
    const proc = spawnSync(PYTHON, [
      script, '--data', images, '--devices', '1', '--accelerator', 'cpu', '--batch-size', '4', '--num-workers', '0',
      '--max-steps', '3', '--epochs', '2', '--out', out,
    ], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, PYTHONPATH: join(root, 'stubs'), STUB_LOG: join(root, 'calls.json') } });
    expect(proc.status, `main() failed:\n${proc.stderr}`).toBe(0);
    expect(proc.stdout).toContain(`saved ${join(out, 'simclr.pt')}`);
    const calls = JSON.parse(readFileSync(join(root, 'calls.json'), 'utf8')) as Record<string, any>;
    expect(calls.seed).toEqual([5, { workers: true }]);
    expect(calls.trainer).toMatchObject({ accelerator: 'cpu', devices: 1, strategy: 'ddp', sync_batchnorm: true, max_steps: 3, max_epochs: 2 });
    expect(calls.ntxent).toEqual({ temperature: config.loss.temperature, gather_distributed: true });
    expect(calls.head).toEqual([[32, 8, 6], { num_layers: 2, batch_norm: false }]);
    expect(calls.lars.lr).toBeCloseTo(scaledLearningRate(config.optimizer, 4), 12);
    expect(calls.lars).toMatchObject({ momentum: 0.9, trust_coefficient: 0.001, groupDecay: [1e-6, 0] });
    expect(calls.steps).toBe(3);
    expect(calls.batchShapes).toEqual([[[4, 3, 16, 16], [4, 3, 16, 16]]]);
    // Learning rate per step: the schedule spans the 3 steps, warmup round(3 x 100 / 2000) = 0 steps.
    calls.lrs.forEach((lr: number, step: number) => {
      expect(lr).toBeCloseTo(learningRateAt(step, { ...config.optimizer, warmupSteps: 0, totalSteps: 3 }, 4), 12);
    });
    expect(calls.losses.every((l: number) => Number.isFinite(l) && l > 0)).toBe(true);
    const saved = spawnSync(PYTHON, ['-c', 'import sys, torch; d = torch.load(sys.argv[1]); print(sorted(d), d["input_centre"], len(d["backbone"]), len(d["projection_head"]))', join(out, 'simclr.pt')], { encoding: 'utf8' });
    expect(saved.stdout.trim()).toMatch(/^\['backbone', 'config', 'input_centre', 'projection_head'\] 0\.5 \d+ 4$/);
  });

  it('at width 64 the script uses torchvision\'s resnet18, with the same parameters as its BasicBlock ResNet', () => {
    const w = run().width64;
    expect(w.type).toBe('torchvision.models.resnet.ResNet');
    expect(w.sameStateDict).toBe(true);
    expect(w.torchvision).toBe(w.ours);
    expect(w.h).toEqual([2, 512]);
  });
});
