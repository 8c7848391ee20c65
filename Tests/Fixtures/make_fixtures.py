"""Makes every reference tensor and checkpoint the tests read, with PyTorch (CPU, float32, fixed seeds).

Run from anywhere:  python3 Tests/Fixtures/make_fixtures.py   (needs torch, torchvision, safetensors, timm)
It writes into the folder that holds this script; README.md beside it says what each file is.
"""
import io
import gzip
import json
import math
import os
import sys
import zipfile

import torch
import torch.nn as nn
import torchvision
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)


def out(name):
    """The path of fixture `name` in this folder."""
    return os.path.join(HERE, name)


def state(module):
    """A module's state_dict as contiguous copies."""
    return {k: v.detach().clone().contiguous() for k, v in module.state_dict().items()}


def gradients(module):
    """Every parameter's gradient, keyed `grad.<name>`."""
    return {"grad." + k: p.grad.detach().clone().contiguous() for k, p in module.named_parameters()}


def save_initial(model, name):
    """Writes a model's state_dict as `<name>.weights.safetensors` and `<name>.pth`; returns it."""
    initial = state(model)
    save(initial, f"{name}.weights.safetensors")
    torch.save(initial, out(f"{name}.pth"))
    return initial


def save(tensors, name):
    """Writes `tensors` as safetensors (contiguous, keys sorted by the format)."""
    save_file({k: v.contiguous() for k, v in tensors.items()}, out(name))


class SeedCNN(nn.Module):
    """The demonstration network: three 3x3 conv layers (ReLU, MaxPool 2) and three fully connected layers."""

    def __init__(self, channels=1, classes=10, side=28):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv3 = nn.Conv2d(64, 128, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        reduced = side // 2 // 2 // 2
        self.fc1 = nn.Linear(128 * reduced * reduced, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, classes)
        self.drop = nn.Dropout(0.5)

    def features(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = self.pool(torch.relu(self.conv3(x)))
        return torch.flatten(x, 1)

    def forward(self, x):
        x = self.drop(torch.relu(self.fc1(self.features(x))))
        return self.fc3(torch.relu(self.fc2(x)))


def seed_cnn():
    """seed_cnn.weights.safetensors, seed_cnn.pth and seed_cnn.golden.safetensors."""
    torch.manual_seed(1234)
    model = SeedCNN()
    x = torch.randn(8, 1, 28, 28)
    y = torch.randint(0, 10, (8,))
    initial = save_initial(model, "seed_cnn")
    golden = {"input": x, "labels": y}
    model.eval()  # dropout off: the numbers are reproducible
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, y)
    loss.backward()
    golden.update({"logits": logits.detach(), "loss": loss.detach().reshape(1), "features": model.features(x).detach()})
    golden.update(gradients(model))
    optimizers = {
        "sgd": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4),
        "sgd_plain": lambda ps: torch.optim.SGD(ps, lr=0.1),
        "adam": lambda ps: torch.optim.Adam(ps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8),
        "adamw": lambda ps: torch.optim.AdamW(ps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
    }
    trajectories = {"sgd": {}, "adam": {}}  # one file per optimizer family keeps every fixture under 5 MB
    for name, make in optimizers.items():
        model.load_state_dict(initial)
        optimizer = make(model.parameters())
        for _ in range(3):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        trajectories["adam" if name.startswith("adam") else "sgd"].update({f"after3.{name}.{k}": v for k, v in state(model).items()})
    for family, tensors in trajectories.items():
        save(tensors, f"seed_cnn.{family}.safetensors")
    # case 1: everything frozen, fc3 replaced by a fresh 5-class layer, SGD with momentum for 3 steps
    model.load_state_dict(initial)
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    torch.manual_seed(7)
    model.fc3 = nn.Linear(128, 5)
    golden["head.fc3.weight"] = model.fc3.weight.detach().clone()
    golden["head.fc3.bias"] = model.fc3.bias.detach().clone()
    labels5 = y % 5
    golden["head.labels"] = labels5
    optimizer = torch.optim.SGD(model.fc3.parameters(), lr=0.1, momentum=0.9)
    for _ in range(3):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), labels5).backward()
        optimizer.step()
    golden["head.after3.fc3.weight"] = model.fc3.weight.detach().clone()
    golden["head.after3.fc3.bias"] = model.fc3.bias.detach().clone()
    save(golden, "seed_cnn.golden.safetensors")


class NarrowResNet(nn.Module):
    """torchvision's ResNet (BasicBlocks, its module names) with fewer channels: widths 8, 16, 32, 64."""

    def __init__(self, blocks=(1, 1, 1, 1), widths=(8, 16, 32, 64), classes=5):
        super().__init__()
        BasicBlock = torchvision.models.resnet.BasicBlock
        self.inplanes = widths[0]
        self.conv1 = nn.Conv2d(3, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        for stage, (count, width) in enumerate(zip(blocks, widths)):
            layers = []
            for index in range(count):
                stride = 2 if stage > 0 and index == 0 else 1
                downsample = None
                if stride != 1 or self.inplanes != width:
                    downsample = nn.Sequential(nn.Conv2d(self.inplanes, width, 1, stride=stride, bias=False),
                                               nn.BatchNorm2d(width))
                layers.append(BasicBlock(self.inplanes, width, stride, downsample))
                self.inplanes = width
            setattr(self, f"layer{stage + 1}", nn.Sequential(*layers))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[-1], classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def pretrained_batchnorm(model):
    """Gives every BatchNorm layer the non-trivial affine parameters and running statistics of a trained network."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
                module.running_mean.uniform_(-0.3, 0.3)
                module.running_var.uniform_(0.5, 2.0)
            module.num_batches_tracked.fill_(100)


def resnet_mini():
    """resnet_mini.weights.safetensors, resnet_mini.pth and resnet_mini.golden.safetensors."""
    torch.manual_seed(4321)
    model = NarrowResNet()
    pretrained_batchnorm(model)
    x = torch.randn(4, 3, 32, 32)
    y = torch.randint(0, 5, (4,))
    save_initial(model, "resnet_mini")
    save(eval_and_train_pass(model, x, y), "resnet_mini.golden.safetensors")


def eval_and_train_pass(model, x, y):
    """The golden tensors of `model` on `x` and `y`: eval-mode logits, then one train-mode pass's logits, cross-entropy
    loss, every gradient and the BatchNorm buffers after it."""
    golden = {"input": x, "labels": y}
    model.eval()
    golden["eval.logits"] = model(x).detach()
    model.train()
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, y)
    loss.backward()
    golden.update({"train.logits": logits.detach(), "train.loss": loss.detach().reshape(1)})
    golden.update(gradients(model))
    for key, value in model.state_dict().items():
        if "running_" in key or "num_batches" in key:
            golden["after_train_forward." + key] = value.detach().clone()
    return golden


class BlocksMini(nn.Module):
    """One narrow block of each kind the CNN families add, torchvision's own classes with their module names: MobileNet V3's
    inverted residual (depthwise 5x5, squeeze-and-excitation with Hardsigmoid, Hardswish), MobileNet V2's (ReLU6, stride
    2), EfficientNet's MBConv (SiLU, a sigmoid gate, stochastic depth), ConvNeXt's block (depthwise 7x7, LayerNorm,
    pointwise linear layers, GELU, layer scale), a dense layer (concatenation with the input), a ShuffleNet V2 unit
    (channel chunks and shuffle), a fire module and a GoogLeNet inception block (BatchNorm eps 0.001)."""

    def __init__(self, classes=5):
        super().__init__()
        from functools import partial
        from torchvision.models import convnext, densenet, efficientnet, mobilenetv2, mobilenetv3, shufflenetv2
        from torchvision.models import squeezenet
        from torchvision.models.googlenet import Inception
        v3 = mobilenetv3.InvertedResidualConfig(8, 5, 16, 8, True, "HS", 1, 1, 1.0)
        mb = efficientnet.MBConvConfig(2, 3, 1, 8, 8, 1)
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8),
            mobilenetv3.InvertedResidual(v3, partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)),
            mobilenetv2.InvertedResidual(8, 8, 2, 2),
            efficientnet.MBConv(mb, 0.0, nn.BatchNorm2d),
            convnext.CNBlock(8, 0.5, 0.0),
            densenet._DenseBlock(1, 8, 4, 4, 0.0),
            shufflenetv2.InvertedResidual(12, 12, 1),
            squeezenet.Fire(12, 4, 4, 4),
            Inception(8, 2, 2, 2, 2, 2, 2))
        self.fc = nn.Linear(8, classes)

    def forward(self, x):
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(self.features(x), 1), 1))


def blocks_mini():
    """blocks_mini.weights.safetensors and blocks_mini.golden.safetensors: eval and train logits, the loss, every
    gradient and the running statistics after the training pass."""
    torch.manual_seed(2468)
    model = BlocksMini()
    pretrained_batchnorm(model)
    x = torch.randn(4, 3, 16, 16)
    y = torch.randint(0, 5, (4,))
    save(state(model), "blocks_mini.weights.safetensors")
    save(eval_and_train_pass(model, x, y), "blocks_mini.golden.safetensors")


def position_embedding_resize():
    """position_embedding_resize.safetensors: a 1x(1+4x4)x3 position embedding and torchvision's
    interpolate_embeddings of it for a 6x6 grid (bicubic, class token kept) and a 3x3 grid."""
    from torchvision.models.vision_transformer import interpolate_embeddings
    torch.manual_seed(97)
    before = torch.randn(1, 17, 3)
    tensors = {"before": before}
    for side in (6, 3):
        state = interpolate_embeddings(side * 4, 4, {"encoder.pos_embedding": before.clone()})
        tensors[f"after_{side}"] = state["encoder.pos_embedding"]
    save(tensors, "position_embedding_resize.safetensors")


def vit_mini():
    """vit_mini.weights.safetensors and vit_mini.golden.safetensors: a narrow torchvision VisionTransformer (16x16
    input, 4x4 patches, two encoder blocks of two heads, width 8) with its zero-initialised tensors (class token,
    head) made random: eval and train logits, the loss and every gradient."""
    torch.manual_seed(1357)
    model = torchvision.models.VisionTransformer(
        image_size=16, patch_size=4, num_layers=2, num_heads=2, hidden_dim=8, mlp_dim=16, num_classes=5)
    with torch.no_grad():
        for name, tensor in model.named_parameters():
            if name in ("class_token", "heads.head.weight", "heads.head.bias") or name.endswith("in_proj_bias"):
                tensor.copy_(0.5 * torch.randn_like(tensor))
    x = torch.randn(4, 3, 16, 16)
    y = torch.randint(0, 5, (4,))
    save(state(model), "vit_mini.weights.safetensors")
    save(eval_and_train_pass(model, x, y), "vit_mini.golden.safetensors")


def swin_mini(v2=False):
    """swin_mini.weights.safetensors and swin_mini.golden.safetensors (with `v2`, swin_v2_mini.*: Swin V2's blocks and
    patch merging): a narrow torchvision SwinTransformer (28x28 input, 2x2 patches, width 8, three stages of two blocks
    with 2, 2 and 4 heads, 4x4 windows: the first stage's 14x14 map padded to 16x16 and rolled, the second's 7x7 padded
    to 8x8 and rolled, the third's 4x4 one window, unrolled; patch merging over an odd side) with random bias tables,
    biases (the keys' too, which V2 leaves out), logit scales and bias MLP inputs (at their initial scale the MLP's
    hidden values hardly vary over the offsets, and its last layer's gradient is a sum that cancels to rounding):
    eval and train logits, the loss and every gradient."""
    from torchvision.models.swin_transformer import PatchMergingV2, SwinTransformerBlockV2
    torch.manual_seed(1357 if v2 else 2468)
    settings = {"block": SwinTransformerBlockV2, "downsample_layer": PatchMergingV2} if v2 else {}
    model = torchvision.models.SwinTransformer(
        patch_size=[2, 2], embed_dim=8, depths=[2, 2, 2], num_heads=[2, 2, 4], window_size=[4, 4],
        stochastic_depth_prob=0.0, num_classes=5, **settings)
    with torch.no_grad():
        for name, tensor in model.named_parameters():
            if name.endswith(("bias", "relative_position_bias_table", "cpb_mlp.0.weight")):
                tensor.copy_(0.5 * torch.randn_like(tensor))
            elif name.endswith("logit_scale"):
                tensor.copy_(tensor + 0.5 * torch.randn_like(tensor))
    x = torch.randn(4, 3, 28, 28)
    y = torch.randint(0, 5, (4,))
    name = "swin_v2_mini" if v2 else "swin_mini"
    save(state(model), f"{name}.weights.safetensors")
    save(eval_and_train_pass(model, x, y), f"{name}.golden.safetensors")


class Tiny(nn.Module):
    """A small network whose checkpoints are written in the variants a PyTorch user's files come in."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 3)


def big_endian_copy(source, target):
    """Rewrites a torch.save archive as a big-endian machine writes it: every storage byte-swapped, byteorder 'big'."""
    with zipfile.ZipFile(source) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    pickle_bytes = next(data for info, data in entries if info.filename.endswith("/data.pkl"))
    storage_types = storage_element_sizes(pickle_bytes)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for info, data in entries:
            folder, _, name = info.filename.rpartition("/")
            if folder.endswith("/data") and name in storage_types:
                size = storage_types[name]
                data = b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))
            elif name == "byteorder":
                data = b"big"
            archive.writestr(info, data)


def storage_element_sizes(pickle_bytes):
    """Storage key -> element size in bytes, read from the persistent ids of a torch.save pickle."""
    import pickle

    sizes = {}

    class Reader(pickle.Unpickler):
        def find_class(self, module, name):
            if module == "torch" and name.endswith("Storage"):
                return name
            if module == "torch._utils" and name == "_rebuild_tensor_v2":
                return lambda *args: None
            if module == "collections" and name == "OrderedDict":
                import collections
                return collections.OrderedDict
            if module == "torch" and name == "device":
                return str
            raise pickle.UnpicklingError(f"{module}.{name}")

        def persistent_load(self, pid):
            _, storage_type, key, _, _ = pid
            dtype = storage_type if isinstance(storage_type, str) else str(storage_type)
            sizes[key] = {"FloatStorage": 4, "LongStorage": 8, "HalfStorage": 2, "DoubleStorage": 8,
                          "BFloat16Storage": 2, "IntStorage": 4}[dtype]
            return None

    Reader(io.BytesIO(pickle_bytes)).load()
    return sizes


def checkpoint_variants():
    """pth_variants/*.pth, the same tiny network's weights as PyTorch users save them, and the values they hold."""
    torch.manual_seed(99)
    model = Tiny()
    pretrained_batchnorm(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for parameter in model.parameters():
        parameter.grad = torch.full_like(parameter, 0.5)
    optimizer.step()  # the optimizer state now holds momentum tensors too
    weights = state(model)
    folder = out("pth_variants")
    os.makedirs(folder, exist_ok=True)
    expected = dict(weights)
    # a training checkpoint: the state_dict nested under a key, beside the epoch, the optimizer and a metric
    torch.save({"epoch": 7, "state_dict": weights, "optimizer": optimizer.state_dict(), "best_accuracy": 0.91},
               os.path.join(folder, "nested.pth"))
    # nn.DataParallel's names: every key under `module.`
    torch.save({"module." + k: v for k, v in weights.items()}, os.path.join(folder, "module_prefix.pth"))
    # views: a transposed matrix, a strided slice, an offset into a shared storage, a broadcast (stride 0)
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    views = {
        "transposed": model.fc.weight.detach().t(),
        "every_other_column": base[:, ::2],
        "offset_row": base[2],
        "broadcast": torch.arange(3, dtype=torch.float32).expand(2, 3),
    }
    torch.save(views, os.path.join(folder, "noncontiguous.pth"))
    expected.update({"views." + k: v.contiguous() for k, v in views.items()})
    # a big-endian machine's file: the same state_dict, byte-swapped storages, byteorder 'big'
    little = os.path.join(folder, "little_endian.tmp")
    torch.save(weights, little)
    big_endian_copy(little, os.path.join(folder, "big_endian.pth"))
    os.remove(little)
    reread = torch.load(os.path.join(folder, "big_endian.pth"), weights_only=True)
    assert all(torch.equal(reread[k], v) for k, v in weights.items()), "PyTorch reads the big-endian file back"
    save(expected, "pth_variants/expected.safetensors")


def architecture_shapes():
    """Every state_dict key of torchvision's resnet18, vgg11 and alexnet with its shape."""
    for name, make in [("resnet18", torchvision.models.resnet18), ("vgg11", torchvision.models.vgg11),
                       ("alexnet", torchvision.models.alexnet)]:
        text = json.dumps({k: list(v.shape) for k, v in make().state_dict().items()}, indent=1) + "\n"
        write_compressed(f"{name}.state_dict_shapes.json.gz", text)


# Full-size networks are checked without committing their weights: every tensor is filled from a formula of its
# name and element index that the Swift tests compute the same way (Tests/TLEngineTests/FormulaWeights.swift), and
# only PyTorch's eval-mode logits on a formula input are committed.
FULL_SIZE_MODELS = ["resnet50", "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d", "resnext101_64x4d",
                    "wide_resnet50_2", "wide_resnet101_2", "mobilenet_v2", "mobilenet_v3_large",
                    "mobilenet_v3_small"] + [f"efficientnet_b{i}" for i in range(8)] + [
                    f"regnet_{kind}_{size}" for kind in "xy" for size in ("400mf", "800mf", "1_6gf", "3_2gf", "8gf", "16gf", "32gf")] + [
                    f"mnasnet{alpha}" for alpha in ("0_5", "0_75", "1_0", "1_3")] + [
                    f"convnext_{size}" for size in ("tiny", "small", "base", "large")] + [
                    f"densenet{depth}" for depth in (121, 161, 169, 201)] + [
                    f"efficientnet_v2_{size}" for size in "sml"] + ["squeezenet1_0", "squeezenet1_1"] + [
                    f"shufflenet_v2_x{width}" for width in ("0_5", "1_0", "1_5", "2_0")] + ["googlenet", "inception_v3"] + [
                    "vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32", "vit_h_14", "swin_t", "swin_s", "swin_b", "swin_v2_t",
                    "swin_v2_s", "swin_v2_b"]
# Builder settings beyond torchvision's defaults: GoogLeNet and Inception v3 as torchvision builds them for their
# pre-trained weights (the input transform on), with their auxiliary classifiers (listed in the state dict).
FULL_SIZE_SETTINGS = {name: {"transform_input": True, "aux_logits": True, "init_weights": False}
                      for name in ("googlenet", "inception_v3")}
FORMULA_BATCH = 2


def fnv1a(text):
    """The 32-bit FNV-1a hash of a name's UTF-8 bytes."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def formula_uniform(name, count):
    """`count` numbers in [-1, 1) for the tensor `name`: element i is ((h + i * 2654435761) mod 2^32) / 2^31 - 1."""
    index = torch.arange(count, dtype=torch.int64)
    mixed = (fnv1a(name) + index * 2654435761) % (1 << 32)
    return mixed.to(torch.float64) / float(1 << 31) - 1.0


def formula_tensor(name, shape):
    """The formula value of tensor `name`: weights scaled by sqrt(3 / fan-in) (unit variance through a layer),
    biases by 0.1; BatchNorm weights 1 + 0.25 u (a bottleneck's last, `bn3`, 0.2 + 0.1 u, keeping the residual sum in
    range), biases and running means 0.1 u, running variances 1 + 0.5 u (positive); computed in float64, stored as
    float32."""
    count = 1
    for size in shape:
        count *= size
    u = formula_uniform(name, count)
    leaf = name.rsplit(".", 1)[-1]
    if leaf == "num_batches_tracked":
        return torch.zeros(shape, dtype=torch.int64)
    if leaf == "running_var":
        values = 1.0 + 0.5 * u
    elif leaf in ("running_mean", "bias"):
        values = 0.1 * u
    elif len(shape) == 1:
        values = 0.2 + 0.1 * u if name.endswith("bn3.weight") else 1.0 + 0.25 * u
    else:
        fan_in = count // shape[0]
        values = u * math.sqrt(3.0 / fan_in)
    return values.to(torch.float32).reshape(shape)


def write_shapes(name, state_dict):
    """A state_dict's key/shape list, one key per line, in its order."""
    shapes = {k: list(v.shape) for k, v in state_dict.items()}
    text = "{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in shapes.items()) + "\n}\n"
    write_compressed(f"{name}.state_dict_shapes.json.gz", text)


def write_compressed(name, text):
    """`text` gzip-compressed into fixture `name`, with no time stamp or file name inside (the same bytes each run)."""
    with open(out(name), "wb") as file:
        with gzip.GzipFile(fileobj=file, mode="wb", compresslevel=9, mtime=0) as compressed:
            compressed.write(text.encode("utf-8"))


def timm_key_lists():
    """timm's state_dict key/shape lists of the networks examples/timm-*.yaml load (needs timm)."""
    import timm
    for name in ["resnet50", "efficientnet_b0", "convnext_tiny", "vit_base_patch16_224"]:
        write_shapes(f"timm_{name}", timm.create_model(name, pretrained=False).state_dict())


def timm_vit_mini():
    """timm_vit_mini.weights.safetensors (timm's names) and timm_vit_mini.golden.safetensors: a narrow timm
    VisionTransformer (16x16 input, 4x4 patches, two blocks of two heads, width 8, MLP width 16, five classes) and its
    eval logits (needs timm)."""
    from timm.models.vision_transformer import VisionTransformer
    torch.manual_seed(8642)
    model = VisionTransformer(img_size=16, patch_size=4, embed_dim=8, depth=2, num_heads=2, mlp_ratio=2.0,
                              num_classes=5)
    with torch.no_grad():
        for tensor in model.parameters():
            tensor.copy_(0.5 * torch.randn_like(tensor))
    model.eval()
    x = torch.randn(4, 3, 16, 16)
    save(state(model), "timm_vit_mini.weights.safetensors")
    save({"input": x, "eval.logits": model(x).detach()}, "timm_vit_mini.golden.safetensors")


# Buffers computed from a layer's geometry (Swin's window indices), kept as torchvision makes them.
GEOMETRY_BUFFERS = ("relative_position_index", "relative_coords_table")


def formula_models(names=FULL_SIZE_MODELS):
    """Each full-size model's state_dict key/shape list, and its eval logits with formula weights on a formula input."""
    for name in names:
        model = getattr(torchvision.models, name)(**FULL_SIZE_SETTINGS.get(name, {}))
        write_shapes(name, model.state_dict())
        state = model.state_dict()  # keeps the version metadata MNASNet's loader checks
        for key, value in state.items():
            if not key.endswith(GEOMETRY_BUFFERS):
                state[key] = formula_tensor(key, value.shape)
        model.load_state_dict(state)
        model.eval()
        image = formula_uniform("input", FORMULA_BATCH * 3 * 224 * 224).to(torch.float32).reshape(FORMULA_BATCH, 3, 224, 224)
        with torch.no_grad():
            logits = model(image)
        save({"logits": logits}, f"{name}.formula_logits.safetensors")


if __name__ == "__main__":
    seed_cnn()
    resnet_mini()
    blocks_mini()
    vit_mini()
    swin_mini()
    swin_mini(v2=True)
    position_embedding_resize()
    checkpoint_variants()
    architecture_shapes()
    formula_models()
    timm_key_lists()
    timm_vit_mini()
    print("fixtures written by torch", torch.__version__, "torchvision", torchvision.__version__,
          "python", sys.version.split()[0])
