/// A state_dict found in an unpickled checkpoint: tensor references by name, and names of what was skipped.
struct SelectedStateDict {
    var tensors: [(name: String, reference: TorchTensorReference)]
    var skipped: [String]
}

/// Finds the state_dict inside an unpickled checkpoint and applies `stripPrefix`.
enum StateDictSelector {
    /// Keys tried, in order, when the top-level dict holds no tensors itself.
    static let nestedKeys = ["state_dict", "model_state_dict", "model"]

    /// The state_dict in `root`: `root[key]`, else `root` if it holds tensors, else the first dict under `nestedKeys`.
    static func select(_ root: PickleValue, key: String?, stripPrefix: String?, file: String) throws
        -> SelectedStateDict
    {
        func failure(_ message: String) -> WeightsFileError { WeightsFileError.stateDict(file: file, problem: message) }
        guard case .dict(let top) = root else {
            throw failure("the checkpoint's top level is of type \(root.kindName), not a dict of tensors")
        }
        let stateDict = try chooseStateDict(top, key: key, failure: failure)
        var selection = SelectedStateDict(tensors: [], skipped: stateDict.attributeNames)
        for (entryKey, value) in stateDict.entries {
            guard case .string(let name) = entryKey, case .tensor(let reference) = value else {
                selection.skipped.append(entryKey.text)
                continue
            }
            selection.tensors.append((name, reference))
        }
        guard !selection.tensors.isEmpty else {
            throw failure("the state_dict holds no tensors (keys: \(list(stateDict.keys)))")
        }
        if let prefix = stripPrefix {
            let names = try TensorNamePrefix.strip(prefix, from: selection.tensors.map(\.name), file: file)
            for index in names.indices { selection.tensors[index].name = names[index] }
        }
        return selection
    }

    private static func chooseStateDict(
        _ top: PickleDict, key: String?,
        failure: (String) -> WeightsFileError
    ) throws -> PickleDict {
        if let key {
            guard let value = top[.string(key)] else {
                throw failure("the checkpoint has no key '\(key)' (top-level keys: \(list(top.keys)))")
            }
            guard case .dict(let chosen) = value else {
                throw failure("checkpoint key '\(key)' is of type \(value.kindName), not a state_dict")
            }
            return chosen
        }
        if top.entries.contains(where: { if case .tensor = $0.value { return true } else { return false } }) {
            return top
        }
        for candidate in nestedKeys {
            if case .dict(let chosen)? = top[.string(candidate)] { return chosen }
        }
        throw failure(
            "no tensors at the top level and none of \(nestedKeys) holds a dict "
                + "(top-level keys: \(list(top.keys))); pass key: to choose one")
    }

    private static func list(_ keys: [PickleDictKey]) -> String {
        let shown = keys.prefix(10).map(\.description).joined(separator: ", ")
        return keys.count > 10 ? shown + ", …" : shown
    }
}
