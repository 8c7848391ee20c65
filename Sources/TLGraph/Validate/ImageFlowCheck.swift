import TLConfig
import TLTransforms

/// Follows image channels and size through the transforms and augmentation and compares them with the model input.
struct ImageFlowCheck {
    let pipeline: Pipeline
    var sink: DiagnosticSink
    static let path = ConfigPath.root.key("dataset")

    /// Checks evaluation images (transforms) and training images (transforms + augmentation) against `input`.
    mutating func run(facts: DatasetFacts, input: TensorShape) {
        guard input.isImage else { return }
        let evalEnd = follow(pipeline.dataset.transforms, channels: facts.channels, size: facts.size, sizeSetBy: nil)
        compare(evalEnd, input: input, split: "every split")
        if !pipeline.dataset.augment.isEmpty {
            let trainEnd = follow(
                pipeline.dataset.augment, channels: evalEnd.channels, size: evalEnd.size, sizeSetBy: evalEnd.sizeSetBy)
            compare(trainEnd, input: input, split: "the training split (after augmentation)")
        }
    }

    private mutating func follow(_ steps: [OpSpec], channels: Int?, size: (Int, Int)?, sizeSetBy: ConfigPath?)
        -> ImageFlow
    {
        var flow = ImageFlow(channels: channels, size: size, sizeSetBy: sizeSetBy)
        for spec in steps {
            guard let step = TransformRegistry.step(spec) else { continue }
            step.reshape(&flow, at: spec)
            if let normalize = step as? NormalizeTransform {
                checkNormalize(normalize, at: spec, channels: flow.channels)
            }
        }
        return flow
    }

    private mutating func checkNormalize(_ normalize: NormalizeTransform, at step: OpSpec, channels: Int?) {
        let mean = normalize.mean?.count, std = normalize.std?.count
        let preset = normalize.preset
        if preset != nil && (mean != nil || std != nil) || preset == nil && (mean == nil || std == nil) {
            sink.report(
                "data/normalize", at: step.path, "normalize needs either 'preset' or both 'mean' and 'std'",
                hint: "write {op: normalize, preset: imagenet} or {op: normalize, mean: [0.5], std: [0.25]}")
            return
        }
        if preset == "imagenet", let channels, channels != 3 {
            sink.report(
                "data/normalize", at: step.path.key("preset"),
                "ImageNet statistics are for 3 channels but the images have \(channels)",
                hint: "add {op: rgb} before normalize, or give mean and std")
        }
        for (key, count) in [("mean", mean), ("std", std)] {
            if let count, let channels, count != 1 && count != channels {
                sink.report(
                    "data/normalize", at: step.path.key(key),
                    "\(key) has \(count) values for \(channels)-channel images",
                    expected: channels == 1 ? "1 value" : "1 or \(channels) values", got: "\(count)")
            }
        }
    }

    private mutating func compare(_ flow: ImageFlow, input: TensorShape, split: String) {
        let (c, h, w) = (input.dims[0], input.dims[1], input.dims[2])
        if let channels = flow.channels, channels != c {
            let at = sink.isWritten(Self.path.key("channels")) ? Self.path.key("channels") : Self.path.key("type")
            sink.report(
                "data/channels", at: at,
                "the images of \(split) have \(channels) channel\(channels == 1 ? "" : "s") but the model input has \(c)",
                expected: "\(c)", got: "\(channels)",
                hint: c == 3
                    ? "add {op: grayscale, channels: 3} or {op: rgb} to dataset.transforms"
                    : "add {op: grayscale} to dataset.transforms, or set source.input to \(channels) channels")
        }
        guard let size = flow.size else {
            sink.warn(
                "data/size-unknown", at: Self.path.key("type"),
                "the image size of \(split) is only known once the data is read; the model needs \(h)×\(w)",
                hint:
                    "add {op: resize, size: [\(h), \(w)]} to dataset.transforms, or give 'size' if every image has one")
            return
        }
        if size != (h, w) {
            let at = flow.sizeSetBy ?? Self.path.key(sink.isWritten(Self.path.key("size")) ? "size" : "type")
            sink.report(
                "data/size", at: at, "the images of \(split) are \(size.0)×\(size.1) but the model input is \(h)×\(w)",
                expected: "\(h)×\(w)", got: "\(size.0)×\(size.1)",
                hint: "add or change a {op: resize, size: [\(h), \(w)]} (or pad/center_crop) step, or set source.input")
        }
    }
}
