import TLGraph

/// Names the zoo network whose torchvision state_dict a weights file holds, when the file does not fit the pipeline's
/// network: a resnet50 checkpoint given to a resnet18 pipeline says so instead of listing 320 missing tensors.
enum ZooLookalike {
    /// Every zoo network's tensor names at its own input (shortcuts that shape inference adds included).
    private static let names: [(model: String, names: Set<String>)] = ModelZoo.models.map { model in
        let layers = ShapeInference.run(model.build(model.defaultClasses), input: model.defaultInput).layers
        return (model.name, Set(layers.flatMap(\.allParameters).map(\.name)))
    }

    /// A hint naming the zoo network whose names the file's `fileNames` match (at least nine in ten of either side's
    /// names in common), unless the network loading them (`networkNames`) has those very names.
    static func hint(fileNames: [String], networkNames: Set<String>) -> String? {
        let file = Set(fileNames)
        guard !file.isEmpty else { return nil }
        let scored = names.map { entry in
            (
                entry.model, entry.names,
                Double(file.intersection(entry.names).count) / Double(file.union(entry.names).count)
            )
        }
        guard let best = scored.max(by: { $0.2 < $1.2 }), best.2 >= 0.9, best.1 != networkNames else { return nil }
        return
            "the file's tensor names are those of \(best.0) (\(file.intersection(best.1).count) of \(file.count) in common): "
            + "set 'source.model: \(best.0)', or give the weights of the pipeline's network"
    }
}
