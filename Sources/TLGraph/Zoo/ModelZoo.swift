/// A network architecture the zoo can build, with torchvision's layer and parameter names.
public struct ZooModel: Sendable {
    public var name: String
    public var summary: String
    /// The input it was designed for.
    public var defaultInput: TensorShape
    public var defaultClasses: Int
    /// The final classification layer (what cases 1, 3 and 4 replace).
    public var classifier: String
    /// Builds the layers for a class count (input sizes are inferred from the pipeline input).
    public var build: @Sendable (_ classes: Int) -> [Layer]
    /// What replaces the classifier when it is more than one linear layer (SqueezeNet's convolutional classifier).
    var classifierHead: CaseHead? = nil

    /// What the `case:` presets put in place of the classifier: `classifierHead`, or a new linear layer named like it.
    public var caseHead: CaseHead { classifierHead ?? .linear(classifier) }
    /// True when the network holds tokens between its blocks (a ViT): a cut there keeps them.
    var holdsTokens = false
    /// The head case 2 (and `advise`) puts after an early cut: token pooling for tokens, else flatten.
    public var earlyCutHead: CaseHead { holdsTokens ? .tokenPooling : .newLinear(flattening: true) }
}

/// The built-in architectures (no weights).
public enum ModelZoo {
    /// Every zoo model, in the order `tlrun zoo` lists them.
    public static let models: [ZooModel] =
        [SeedCNN.model] + ResNet.torchvisionModels.map { $0.initialized(by: ZooInitialization.resNet) }
        + [VGG.model(name: "vgg11", config: VGG.configA), VGG.model(name: "vgg16", config: VGG.configD)].map {
            $0.initialized(by: ZooInitialization.kaimingAndSmallLinear)
        } + [AlexNet.model]
        + ([MobileNetV2.model] + MobileNetV3.models).map { $0.initialized(by: ZooInitialization.kaimingAndSmallLinear) }
        + EfficientNet.models.map { $0.initialized(by: ZooInitialization.efficientNet) }
        + RegNet.models.map { $0.initialized(by: ZooInitialization.kaimingAndSmallLinear) }
        + MNASNet.models.map { $0.initialized(by: ZooInitialization.mnasNet) }
        + ConvNeXt.models.map { $0.initialized(by: ZooInitialization.convNeXt) }
        + DenseNet.models.map { $0.initialized(by: ZooInitialization.denseNet) }
        + EfficientNetV2.models.map { $0.initialized(by: ZooInitialization.efficientNet) }
        + SqueezeNet.models.map { $0.initialized(by: ZooInitialization.squeezeNet) } + ShuffleNetV2.models + [
            GoogLeNet.model.initialized(by: ZooInitialization.googLeNet),
            InceptionV3.model.initialized(by: ZooInitialization.inceptionV3),
        ] + VisionTransformer.models.map { $0.initialized(by: ZooInitialization.visionTransformer) }
        + SwinTransformer.models.map { $0.initialized(by: ZooInitialization.swinTransformer) }

    /// A torchvision ResNet with BasicBlocks, `blocks` blocks per stage (resnet18 is [2, 2, 2, 2]) and `widths` channels
    /// per stage (torchvision's are 64, 128, 256, 512; the stem has the first stage's width).
    public static func resnet(name: String, blocks: [Int], widths: [Int] = ResNet.torchvisionWidths) -> ZooModel {
        ResNet.model(name: name, blocks: blocks, widths: widths).initialized(by: ZooInitialization.resNet)
    }

    /// The zoo model called `name`, if any.
    public static func model(named name: String) -> ZooModel? { models.first { $0.name == name } }

    /// Every zoo model's name.
    public static var names: [String] { models.map(\.name) }
}
