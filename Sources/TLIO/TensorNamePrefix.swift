/// Removes a prefix such as `module.` (added by DataParallel) from tensor names.
enum TensorNamePrefix {
    /// `names` with `prefix` removed; throws `WeightsFileError` when no name has it or two names collide.
    static func strip(_ prefix: String, from names: [String], file: String) throws -> [String] {
        guard names.contains(where: { $0.hasPrefix(prefix) }) else {
            throw WeightsFileError.naming(file: file, problem: "stripPrefix '\(prefix)' matches no tensor name")
        }
        var seen = Set<String>()
        return try names.map { name in
            let stripped = name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
            guard seen.insert(stripped).inserted else {
                throw WeightsFileError.naming(
                    file: file, problem: "stripping '\(prefix)' makes two tensors named '\(stripped)'")
            }
            return stripped
        }
    }
}
