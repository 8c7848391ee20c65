import TLConfig

/// Which stored classes are used and their new labels (0..k-1 in the order given).
struct ClassSelection {
    /// New label by stored label; nil when the stored class is not used.
    var newLabel: [Int?]
    /// Names of the selected classes, by new label.
    var names: [String]

    /// The selection `classes` makes from `stored` class names.
    init(_ classes: DatasetSpec.Classes?, stored: [String], file: String) throws {
        var order: [Int]
        switch classes {
        case nil:
            order = Array(stored.indices)
        case .count(let count)?:
            guard count <= stored.count else {
                throw DataError.tooManyClasses(path: file, count: count, available: stored.count)
            }
            order = Array(0..<count)
        case .selection(let entries)?:
            order = try entries.map { entry in
                if let index = stored.firstIndex(of: entry) { return index }
                if let index = Int(entry), stored.indices.contains(index) { return index }
                throw DataError.unknownClass(path: file, name: entry, available: stored)
            }
            if Set(order).count != order.count {
                throw DataError.classSelectedTwice(path: file)
            }
        }
        newLabel = [Int?](repeating: nil, count: stored.count)
        for (new, old) in order.enumerated() { newLabel[old] = new }
        names = order.map { stored[$0] }
    }

    /// The samples of selected classes, relabelled.
    func apply(_ samples: [Sample]) -> [Sample] {
        samples.compactMap { sample in
            guard sample.label < newLabel.count, let label = newLabel[sample.label] else { return nil }
            return Sample(location: sample.location, item: sample.item, label: label)
        }
    }

    /// The pool's samples of selected classes, relabelled.
    func apply(_ pool: SamplePool) -> SamplePool {
        SamplePool(samples: apply(pool.samples), source: pool.source)
    }

    /// True when the stored class `name` is selected.
    func selects(_ name: String, stored: [String]) -> Bool {
        guard let index = stored.firstIndex(of: name) else { return false }
        return newLabel[index] != nil
    }

    /// The selected stored dataset: selected classes only, relabelled, in the order of the selection.
    func apply(_ stored: StoredDataset) -> StoredDataset {
        StoredDataset(
            classNames: names, train: apply(stored.train), val: stored.val.map(apply), test: stored.test.map(apply),
            skipped: stored.skipped, ignoredFiles: stored.ignoredFiles)
    }
}
