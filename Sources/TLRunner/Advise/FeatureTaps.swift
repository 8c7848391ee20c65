import TLData
import TLEngine
import TLGraph
import TLMeasures

/// One forward pass of a frozen source network (inference mode) over a set of images that keeps the features at every
/// cut point and the classifier's logits: the network runs as a chain of segments, each from one cut to the next, so
/// every cut costs only a copy.
struct FeatureTaps {
    /// The features at each cut point (in the cuts' order), one row per image, NCHW-ordered.
    var features: [FeatureMatrix]
    /// The source classifier's logits, one row per image (nil when the network does not end in one).
    var logits: FeatureMatrix?
    /// The images' labels, in order.
    var labels: [Int]

    /// Runs `layers` (the whole source network, weights in `store`) on `split` through `preprocessing`, tapping `cuts`.
    static func run(layers: [Layer], input: TensorShape, cuts: [CutPoint], store: ParameterStore, split: DatasetSplit,
                    preprocessing: Preprocessing, batchSize: Int, seed: Int) throws -> FeatureTaps {
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
        var modes: [String: BatchNormMode] = [:]
        for layer in layers.flatMap(\.flattened) where layer.op.hasRunningStatistics { modes[layer.name] = .frozen }
        var plans: [Int: [CompiledNetwork]] = [:]
        var columns = [Int](repeating: 0, count: segments.count)
        var values = [[Float]](repeating: [], count: segments.count)
        var labels: [Int] = []
        let loader = try BatchLoader(split: split, preprocessing: preprocessing, batchSize: batchSize, training: false, seed: seed)
        loader.start(epoch: 0)
        while let batch = try loader.nextBatch() {
            if plans[batch.count] == nil {
                plans[batch.count] = try segments.map { segment in
                    try CompiledNetwork(layers: segment.layers, input: segment.input, batchSize: batch.count, store: store,
                                        frozen: everything, batchNormModes: modes)
                }
            }
            var carried = batch.images
            for (position, plan) in plans[batch.count]!.enumerated() {
                plan.input.buffer.copy(from: carried)
                plan.forward(training: false)
                columns[position] = plan.output.dims[1]
                carried = Array(UnsafeBufferPointer(start: plan.output.buffer.pointer, count: batch.count * columns[position]))
                values[position].append(contentsOf: carried)
            }
            labels.append(contentsOf: batch.labels.map(Int.init))
        }
        let matrices = values.indices.map { FeatureMatrix(rows: labels.count, columns: columns[$0], values: values[$0]) }
        return FeatureTaps(features: Array(matrices.dropLast()), logits: matrices.last, labels: labels)
    }
}
