extension ResolvedConfig {
    /// The resolved pipeline as JSON, without its `extends` key: every default explicit, nothing left to look up.
    public func json(pretty: Bool = true) -> String {
        var copy = root
        if case .mapping(let pairs) = copy.value {
            copy.value = .mapping(pairs.filter { $0.key.scalarText != "extends" })
        }
        return JSONValue(copy).rendered(pretty: pretty)
    }
}
