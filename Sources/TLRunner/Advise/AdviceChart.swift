/// The picture of `advise`: two panels over the cut points from the input onwards, the accuracies (k-NN and the
/// linear probe) and LogME, with the recommended cut marked.
public enum AdviceChart {
    private static let panelWidth = 460.0, height = 360.0, top = 70.0, bottom = 280.0, left = 70.0, right = 20.0

    /// The SVG document for `advice`.
    public static func svg(_ advice: Advice) -> String {
        var canvas = SVGCanvas(width: 2 * panelWidth, height: height)
        canvas.text(
            "Where to cut \(advice.model) for \(advice.pipeline): scores over depth (\(advice.sampledImages) images)",
            x: panelWidth, y: 26, size: 15, anchor: .middle, bold: true)
        let accuracy: [(String, String, [Double?])] = [
            ("linear probe", ChartPalette.train, advice.cuts.map(\.probeAccuracy)),
            ("k-NN", ChartPalette.validation, advice.cuts.map(\.knnAccuracy)),
        ]
        panel(&canvas, x: 0, title: "accuracy (cross-validated)", series: accuracy, bounds: 0...1, advice: advice)
        panel(
            &canvas, x: panelWidth, title: "LogME evidence per image",
            series: [("LogME", ChartPalette.train, advice.cuts.map(\.logME))],
            bounds: -Double.infinity...Double.infinity, advice: advice)
        return canvas.render()
    }

    /// One panel: a line per series over the cut points, the recommended cut shaded.
    private static func panel(
        _ canvas: inout SVGCanvas, x origin: Double, title: String, series: [(String, String, [Double?])],
        bounds: ClosedRange<Double>, advice: Advice
    ) {
        let scale = AxisScale(covering: series.flatMap { $0.2.compactMap { $0 } }, within: bounds)
        let plotLeft = origin + left, plotRight = origin + panelWidth - right
        let count = max(advice.cuts.count, 1)
        func xPosition(_ index: Int) -> Double {
            count == 1
                ? (plotLeft + plotRight) / 2
                : plotLeft + 12 + Double(index) / Double(count - 1) * (plotRight - plotLeft - 24)
        }
        func yPosition(_ value: Double) -> Double { scale.position(value, from: bottom, to: top) }
        canvas.text(title, x: (plotLeft + plotRight) / 2, y: top - 22, size: 13, anchor: .middle, bold: true)
        if let best = advice.cuts.firstIndex(where: { $0.name == advice.recommendation.bestFrozenCut }) {
            canvas.rect(x: xPosition(best) - 14, y: top, width: 28, height: bottom - top, fill: "#fff3c4")
            canvas.text("best", x: xPosition(best), y: top + 12, size: 10, anchor: .middle, fill: ChartPalette.muted)
        }
        canvas.valueAxes(scale, left: plotLeft, right: plotRight, top: top, bottom: bottom, y: yPosition)
        for (index, cut) in advice.cuts.enumerated() {
            canvas.text(
                cut.name, x: xPosition(index), y: bottom + 10, size: 11, anchor: .end, fill: ChartPalette.ink,
                rotation: -40)
        }
        canvas.text(
            "cut after (input → classifier)", x: (plotLeft + plotRight) / 2, y: height - 12, size: 12, anchor: .middle,
            fill: ChartPalette.axis)
        for (position, (name, colour, values)) in series.enumerated() {
            let points = values.enumerated().compactMap { index, value in
                value.map { (x: xPosition(index), y: yPosition($0)) }
            }
            canvas.polyline(points, stroke: colour, strokeWidth: 2, dash: position == 0 ? nil : "6 4")
            for point in points { canvas.circle(cx: point.x, cy: point.y, radius: 3.5, fill: colour) }
            let legendY = top + 14 + Double(position) * 16
            canvas.line(
                x1: plotRight - 110, y1: legendY - 4, x2: plotRight - 86, y2: legendY - 4, stroke: colour,
                strokeWidth: 2,
                dash: position == 0 ? nil : "6 4")
            canvas.text(name, x: plotRight - 80, y: legendY, size: 11, fill: ChartPalette.ink)
        }
    }
}
