/// torchvision's SqueezeNet (`squeezenet1_0`, `squeezenet1_1`): a strided convolution stem, fire modules (a 1x1
/// squeeze convolution, then 1x1 and 3x3 expansions joined along the channels) between ceil-mode max poolings, and a
/// convolutional classifier (dropout, a 1x1 convolution to the classes, ReLU, global average pooling, flatten);
/// torchvision's module names (`features.3.expand3x3`).
enum SqueezeNet {
    /// A feature layer: a fire module's squeeze and expansion widths, or a max pooling.
    enum Feature {
        case fire(squeeze: Int, expand: Int)
        case pool
    }

    static let models = [
        model(
            name: "squeezenet1_0", stem: 96, kernel: 7,
            features: [
                .fire(squeeze: 16, expand: 64), .fire(squeeze: 16, expand: 64), .fire(squeeze: 32, expand: 128), .pool,
                .fire(squeeze: 32, expand: 128), .fire(squeeze: 48, expand: 192), .fire(squeeze: 48, expand: 192),
                .fire(squeeze: 64, expand: 256), .pool, .fire(squeeze: 64, expand: 256),
            ]),
        model(
            name: "squeezenet1_1", stem: 64, kernel: 3,
            features: [
                .fire(squeeze: 16, expand: 64), .fire(squeeze: 16, expand: 64), .pool, .fire(squeeze: 32, expand: 128),
                .fire(squeeze: 32, expand: 128), .pool, .fire(squeeze: 48, expand: 192),
                .fire(squeeze: 48, expand: 192), .fire(squeeze: 64, expand: 256), .fire(squeeze: 64, expand: 256),
            ]),
    ]

    /// The layers cases 1, 3 and 4 put in place of the classifier: torchvision's own recipe, a new 1x1 convolution
    /// to the classes, keeping the ReLU, pooling and flatten after it.
    static let caseHead = CaseHead(
        classifier: "classifier.1",
        entries: [
            [
                ("op", .string(Conv2dOp.tag)), ("name", .string("classifier.1")),
                ("out_channels", .string("classes")), ("kernel_size", .int(1)),
            ],
            [("op", .string(ReLUOp.tag)), ("name", .string("classifier.2"))],
            [
                ("op", .string(AdaptiveAvgPool2dOp.tag)), ("name", .string("classifier.3")),
                ("output_size", .int(1)),
            ],
            [("op", .string(FlattenOp.tag)), ("name", .string("flatten"))],
        ])

    /// One version: its stem's width and kernel, then its fire modules and poolings.
    static func model(name: String, stem: Int, kernel: Int, features: [Feature]) -> ZooModel {
        var model = ZooModel(
            name: name,
            summary:
                "torchvision \(name): \(features.count { if case .fire = $0 { true } else { false } }) fire modules (3x224x224)",
            defaultInput: .image(3, 224, 224), defaultClasses: 1000, classifier: "classifier.1",
            build: { classes in
                var layers = [
                    Make.conv("features.0", stem, kernel: kernel, stride: 2), Make.relu("features.1"),
                    pool("features.2"),
                ]
                for (offset, feature) in features.enumerated() {
                    let name = "features.\(offset + 3)"
                    switch feature {
                    case .fire(let squeeze, let expand): layers.append(fire(name, squeeze: squeeze, expand: expand))
                    case .pool: layers.append(pool(name))
                    }
                }
                return layers + [
                    Make.dropout("classifier.0"), Make.conv("classifier.1", classes, kernel: 1),
                    Make.relu("classifier.2"), Make.adaptiveAvgPool("classifier.3", 1), Make.flatten(),
                ]
            })
        model.classifierHead = caseHead
        return model
    }

    /// SqueezeNet's 3x3, stride 2 max pooling that rounds its output size up.
    static func pool(_ name: String) -> Layer { Make.maxPool(name, kernel: 3, stride: 2, ceil: true) }

    /// torchvision's `Fire` named `name`: the squeeze convolution and its ReLU, then the 1x1 and 3x3 expansions (each
    /// with its ReLU) concatenated (`name.cat`, the call torchvision's feature extractor names so).
    static func fire(_ name: String, squeeze: Int, expand: Int) -> Layer {
        Layer(
            name,
            SequenceOp([
                Make.conv("\(name).squeeze", squeeze, kernel: 1), Make.relu("\(name).squeeze_activation"),
                Layer(
                    "\(name).cat",
                    ConcatOp(branches: [
                        [
                            Make.conv("\(name).expand1x1", expand, kernel: 1),
                            Make.relu("\(name).expand1x1_activation"),
                        ],
                        [
                            Make.conv("\(name).expand3x3", expand, kernel: 3, padding: 1),
                            Make.relu("\(name).expand3x3_activation"),
                        ],
                    ])),
            ]))
    }
}
