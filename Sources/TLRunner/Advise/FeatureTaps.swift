import TLData
import TLEngine
import TLGraph
import TLMeasures

/// One forward pass of a frozen source network (inference mode) over a set of images that keeps the features at every
/// cut point and the classifier's logits: the network runs as a chain of segments, each from one cut to the next, so
/// every cut costs only a copy. Image-shaped features wider than `maxWidth` are kept average-pooled over space, batch
/// by batch, so that wide early maps never sit in memory whole. A Vision Transformer's tokens (C×1×T after its class
/// token) are scored as a head reads them: the class token's features followed by the mean of the patch tokens.
struct FeatureTaps {
    /// The features at each cut point (in the cuts' order), one row per image, NCHW-ordered (pooled when wide).
    var features: [FeatureMatrix]
    /// For each cut point, whether its features are a ViT's class token and patch-token mean (see `tokenFeatures`).
    var scoredTokens: [Bool]
    /// The mean of each channel at each cut point (the features themselves where they are not image-shaped).
    var channelMeans: [FeatureMatrix]
    /// The source classifier's logits, one row per image (nil when the network does not end in one).
    var logits: FeatureMatrix?
    /// The images' labels, in order.
    var labels: [Int]

    /// Runs `layers` (the whole source network, weights in `store`) on `split` through `preprocessing`, tapping `cuts`.
    static func run(
        layers: [Layer], input: TensorShape, cuts: [CutPoint], store: ParameterStore, split: DatasetSplit,
        preprocessing: Preprocessing, batchSize: Int, seed: Int, maxWidth: Int,
        progress: (_ imagesDone: Int) -> Void = { _ in }
    ) throws -> FeatureTaps {
        let ends = cuts.map(\.keptLayers) + [layers.count]
        var segments: [(layers: [Layer], input: TensorShape)] = []
        var start = 0, shape = input
        for (position, end) in ends.enumerated() {
            var segment = Array(layers[start..<end])
            let output = position < cuts.count ? cuts[position].output : nil
            if let output, output.dims.count > 1 { segment.append(Layer("advise.tap\(position).flatten", FlattenOp())) }
            segments.append((segment, shape))
            start = end
            if let output { shape = output }
        }
        let everything = Set(layers.flatMap(\.flattened).map(\.name))
        let tokens = layers.contains { $0.op is ClassTokenOp }
        let scoredTokens = cuts.map { tokens && $0.output.dims.count == 3 && $0.output.dims[1] == 1 }
        var modes: [String: BatchNormMode] = [:]
        for layer in layers.flatMap(\.flattened) where layer.op.hasRunningStatistics { modes[layer.name] = .frozen }
        var plans: [Int: [CompiledNetwork]] = [:]
        var kept = [FeatureMatrix](repeating: FeatureMatrix(rows: 0, columns: 0, values: []), count: segments.count)
        var means = [FeatureMatrix](repeating: FeatureMatrix(rows: 0, columns: 0, values: []), count: cuts.count)
        var labels: [Int] = []
        let loader = try BatchLoader(
            split: split, preprocessing: preprocessing, batchSize: batchSize, training: false, seed: seed)
        loader.start(epoch: 0)
        while let batch = try loader.nextBatch() {
            if plans[batch.count] == nil {
                plans[batch.count] = try segments.map { segment in
                    try CompiledNetwork(
                        layers: segment.layers, input: segment.input, batchSize: batch.count, store: store,
                        frozen: everything, batchNormModes: modes)
                }
            }
            var carried = batch.images
            for (position, plan) in plans[batch.count]!.enumerated() {
                plan.input.buffer.copy(from: carried)
                plan.forward(training: false)
                carried = Array(
                    UnsafeBufferPointer(start: plan.output.buffer.pointer, count: batch.count * plan.output.dims[1]))
                let output = FeatureMatrix(rows: batch.count, columns: plan.output.dims[1], values: carried)
                guard position < cuts.count else {
                    kept[position].append(output)
                    continue
                }
                kept[position].append(
                    scoredTokens[position]
                        ? tokenFeatures(output, at: cuts[position].output)
                        : scored(output, at: cuts[position].output, maxWidth: maxWidth))
                means[position].append(
                    scored(output, at: cuts[position].output, maxWidth: cuts[position].output.dims[0]))
            }
            labels.append(contentsOf: batch.labels.map(Int.init))
            progress(labels.count)
        }
        return FeatureTaps(
            features: Array(kept.dropLast()), scoredTokens: scoredTokens, channelMeans: means, logits: kept.last,
            labels: labels)
    }

    /// Each row's class token (the first of the C×1×T tokens `shape` describes, channel-major) and the mean of the
    /// other tokens: 2C columns.
    static func tokenFeatures(_ features: FeatureMatrix, at shape: TensorShape) -> FeatureMatrix {
        let (c, t) = (shape.dims[0], shape.dims[2])
        var values = [Float](repeating: 0, count: features.rows * 2 * c)
        for row in 0..<features.rows {
            for channel in 0..<c {
                let start = row * c * t + channel * t
                values[row * 2 * c + channel] = features.values[start]
                var sum: Float = 0
                for token in 1..<max(t, 1) { sum += features.values[start + token] }
                values[row * 2 * c + c + channel] = t > 1 ? sum / Float(t - 1) : 0
            }
        }
        return FeatureMatrix(rows: features.rows, columns: 2 * c, values: values)
    }

    /// `features` as they are, or average-pooled over space to at most `maxWidth` values when image-shaped.
    static func scored(_ features: FeatureMatrix, at shape: TensorShape, maxWidth: Int) -> FeatureMatrix {
        guard shape.dims.count == 3 else { return features }
        let (c, h, w) = (shape.dims[0], shape.dims[1], shape.dims[2])
        return SpatialPooling.pool(
            features, channels: c, height: h, width: w,
            to: SpatialPooling.grid(channels: c, height: h, width: w, maxWidth: maxWidth))
    }
}
