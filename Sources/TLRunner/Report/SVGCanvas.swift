import Foundation

/// Collects SVG elements and renders them as one standalone SVG document.
struct SVGCanvas {
    /// Horizontal placement of a text relative to its anchor point.
    enum TextAnchor: String {
        case start, middle, end
    }

    let width: Double
    let height: Double
    private var elements: [String] = []

    /// An empty canvas of the given size in pixels.
    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The document: an XML declaration, then an `<svg>` root on a white background holding every element drawn.
    func render() -> String {
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        let size = "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        let root =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) viewBox=\"0 0 \(Self.number(width)) "
            + "\(Self.number(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">"
        let background = "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        return ([declaration, root, background] + elements + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// A rectangle; `stroke` nil draws no outline.
    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        stroke: String? = nil, strokeWidth: Double = 1
    ) {
        var attributes = [
            ("x", Self.number(x)), ("y", Self.number(y)),
            ("width", Self.number(width)), ("height", Self.number(height)), ("fill", fill),
        ]
        if let stroke {
            attributes += [("stroke", stroke), ("stroke-width", Self.number(strokeWidth))]
        }
        elements.append(Self.element("rect", attributes))
    }

    /// A straight line; `dash` is an SVG dash pattern such as "4 3".
    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
        strokeWidth: Double = 1, dash: String? = nil
    ) {
        var attributes = [
            ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)),
            ("y2", Self.number(y2)), ("stroke", stroke), ("stroke-width", Self.number(strokeWidth)),
        ]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        elements.append(Self.element("line", attributes))
    }

    /// An open, unfilled line through `points`.
    mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, strokeWidth: Double = 1,
        dash: String? = nil
    ) {
        let coordinates = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        var attributes = [
            ("points", coordinates), ("fill", "none"), ("stroke", stroke),
            ("stroke-width", Self.number(strokeWidth)), ("stroke-linejoin", "round"),
        ]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        elements.append(Self.element("polyline", attributes))
    }

    /// A filled circle, used as a data point marker.
    mutating func circle(cx: Double, cy: Double, radius: Double, fill: String) {
        elements.append(
            Self.element(
                "circle",
                [
                    ("cx", Self.number(cx)), ("cy", Self.number(cy)),
                    ("r", Self.number(radius)), ("fill", fill),
                ]))
    }

    /// A single line of text anchored at (x, y) on its baseline, turned by `rotation` degrees about that point.
    mutating func text(
        _ content: String, x: Double, y: Double, size: Double, anchor: TextAnchor = .start,
        fill: String = "#222222", bold: Bool = false, rotation: Double = 0
    ) {
        var attributes = [
            ("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
            ("text-anchor", anchor.rawValue), ("fill", fill),
        ]
        if bold { attributes.append(("font-weight", "bold")) }
        if rotation != 0 {
            attributes.append(("transform", "rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))"))
        }
        elements.append(Self.element("text", attributes, content: Self.escape(content)))
    }

    /// Draws `content` inside a `<g>` element tagged with `className`.
    mutating func group(_ className: String, _ content: (inout SVGCanvas) -> Void) {
        var inner = SVGCanvas(width: width, height: height)
        content(&inner)
        elements.append("<g class=\"\(Self.escape(className))\">")
        elements += inner.elements.map { "  " + $0 }
        elements.append("</g>")
    }

    /// `text` with the five XML special characters replaced by entities.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A coordinate with at most two decimals and no trailing zeros; non-finite values are a caller's bug.
    static func number(_ value: Double) -> String {
        precondition(value.isFinite, "SVG coordinates must be finite")
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    private static func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) -> String {
        let attributeText = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        guard let content else { return "<\(name)\(attributeText)/>" }
        return "<\(name)\(attributeText)>\(content)</\(name)>"
    }
}
