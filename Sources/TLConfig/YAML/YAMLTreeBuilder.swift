/// Builds the node tree of a single document from parser events, using an explicit stack of open collections.
///
/// It enforces the depth, expanded-node and expanded-text limits, expands aliases and applies merge keys as the events arrive.
struct YAMLTreeBuilder {
    /// A finished node with the size, scalar text bytes and height it has once every alias inside it is expanded.
    private struct CompleteNode {
        var node: YAMLNode
        var size: Int
        var bytes: Int
        var height: Int
    }

    /// A sequence or mapping whose end event has not arrived yet.
    private struct OpenCollection {
        var isMapping: Bool
        var isFlow: Bool
        var start: SourcePosition
        var anchor: String?
        var tag: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var size = 1
        var bytes = 0
        var height = 1

        mutating func add(_ child: CompleteNode) {
            size += child.size
            bytes += child.bytes
            height = max(height, child.height + 1)
            if !isMapping {
                items.append(child.node)
            } else if let key = pendingKey {
                pairs.append(YAMLPair(key: key, value: child.node))
                pendingKey = nil
            } else {
                pendingKey = child.node
            }
        }
    }

    private let file: String
    private let limits: YAMLLimits
    private var open: [OpenCollection] = []
    private var anchors: [String: CompleteNode] = [:]
    private var expandedNodes = 0
    private var expandedBytes = 0
    private var hasExpandedAliases = false
    private var documentCount = 0
    /// The document's top node once it is complete.
    private(set) var root: YAMLNode?

    /// Creates a builder for the document in `file`, bounded by `limits`.
    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    /// Adds one event to the tree; throws when the event breaks a limit or refers to an unknown anchor.
    mutating func handle(_ event: YAMLEvent) throws {
        let span = SourceSpan(file: file, start: event.start, end: event.end)
        switch event.kind {
        case .streamStart, .streamEnd, .documentEnd:
            break
        case .documentStart:
            documentCount += 1
            if documentCount > 1 {
                throw YAMLError(
                    YAMLErrorCode.multipleDocuments,
                    "a second YAML document starts here, but a configuration file holds exactly one (remove the '---' line or split the file)",
                    at: span)
            }
        case let .scalar(text, style, anchor, tag):
            try countNode(at: span)
            try countBytes(text.utf8.count, at: span, alias: nil)
            complete(
                CompleteNode(
                    node: YAMLNode(value: .scalar(text, style), span: span, tag: tag), size: 1,
                    bytes: text.utf8.count, height: 0), anchor: anchor)
        case let .alias(anchor):
            try expandAlias(anchor, at: span)
        case let .sequenceStart(anchor, tag, isFlow):
            try openCollection(
                OpenCollection(isMapping: false, isFlow: isFlow, start: event.start, anchor: anchor, tag: tag), at: span
            )
        case let .mappingStart(anchor, tag, isFlow):
            try openCollection(
                OpenCollection(isMapping: true, isFlow: isFlow, start: event.start, anchor: anchor, tag: tag), at: span)
        case .sequenceEnd, .mappingEnd:
            try closeCollection(endingAt: event.end)
        }
    }

    private mutating func openCollection(_ collection: OpenCollection, at span: SourceSpan) throws {
        if open.count + 1 > limits.maxDepth {
            throw YAMLError(
                YAMLErrorCode.tooDeep,
                "sequences and mappings nest more than \(limits.maxDepth) levels deep here, over the limit of \(limits.maxDepth) (flatten the configuration)",
                at: span)
        }
        try countNode(at: span)
        open.append(collection)
    }

    private mutating func closeCollection(endingAt eventEnd: SourcePosition) throws {
        guard let collection = open.popLast() else { return }
        let lastChildEnd =
            collection.isMapping ? collection.pairs.last?.value.span.end : collection.items.last?.span.end
        let end = collection.isFlow ? eventEnd : lastChildEnd ?? eventEnd
        let span = SourceSpan(file: file, start: collection.start, end: end)
        let value: YAMLNode.Value =
            collection.isMapping
            ? .mapping(try YAMLMergeKeys.apply(to: collection.pairs))
            : .sequence(collection.items)
        let node = YAMLNode(value: value, span: span, tag: collection.tag)
        complete(
            CompleteNode(node: node, size: collection.size, bytes: collection.bytes, height: collection.height),
            anchor: collection.anchor)
    }

    private mutating func expandAlias(_ anchor: String, at span: SourceSpan) throws {
        guard var anchored = anchors[anchor] else {
            throw YAMLError(
                YAMLErrorCode.unknownAlias,
                "unknown alias '*\(anchor)' (define '&\(anchor)' on a node earlier in the file; an anchor cannot be used inside its own node)",
                at: span)
        }
        if open.count + anchored.height > limits.maxDepth {
            throw YAMLError(
                YAMLErrorCode.tooDeep,
                "expanding alias '*\(anchor)' here nests \(open.count + anchored.height) levels deep, over the limit of \(limits.maxDepth) (flatten the configuration)",
                at: span)
        }
        if anchored.size > limits.maxNodes - expandedNodes {
            throw YAMLError(
                YAMLErrorCode.aliasBomb,
                "alias expansion exceeds \(limits.maxNodes) nodes: expanding '*\(anchor)' here makes the document larger than that (use fewer or smaller aliases)",
                at: span)
        }
        try countBytes(anchored.bytes, at: span, alias: anchor)
        expandedNodes += anchored.size
        hasExpandedAliases = true
        anchored.node.span = span
        complete(anchored, anchor: nil)
    }

    /// Adds `count` bytes of scalar text (a scalar's, or an expanded alias's) to the document's total.
    private mutating func countBytes(_ count: Int, at span: SourceSpan, alias: String?) throws {
        guard count <= limits.maxExpandedBytes - expandedBytes else {
            let code = alias != nil || hasExpandedAliases ? YAMLErrorCode.aliasBomb : YAMLErrorCode.tooLarge
            let place = alias.map { "expanding '*\($0)' here" } ?? "with its aliases expanded, the text here"
            throw YAMLError(
                code,
                "alias expansion exceeds \(limits.maxExpandedBytes) bytes of text: \(place) makes the document's "
                    + "scalars longer than that (use fewer or smaller aliases)",
                at: span)
        }
        expandedBytes += count
    }

    private mutating func countNode(at span: SourceSpan) throws {
        guard expandedNodes < limits.maxNodes else {
            if hasExpandedAliases {
                throw YAMLError(
                    YAMLErrorCode.aliasBomb,
                    "alias expansion exceeds \(limits.maxNodes) nodes: with its aliases expanded the document is larger than that (use fewer or smaller aliases)",
                    at: span)
            }
            throw YAMLError(
                YAMLErrorCode.tooLarge,
                "the document has more than \(limits.maxNodes) nodes, over the limit of \(limits.maxNodes) (split the configuration)",
                at: span)
        }
        expandedNodes += 1
    }

    /// Records a finished node under its anchor and hands it to the enclosing collection, or makes it the root.
    private mutating func complete(_ finished: CompleteNode, anchor: String?) {
        if let anchor {
            anchors[anchor] = finished
        }
        if open.isEmpty {
            root = finished.node
        } else {
            open[open.count - 1].add(finished)
        }
    }
}
