/// The picture of a sweep: a row per configuration in the order they ran, its name on the left, every trial's test
/// accuracy as a dot and the mean ± standard deviation over seeds as a bar (so forty long names read as well as two).
enum SweepChart {
    private static let top = 64.0, rowHeight = 22.0, right = 30.0, plotWidth = 520.0, characterWidth = 6.2

    /// The SVG document for `results`.
    static func svg(_ results: SweepResults) -> String {
        let configurations = results.configurations
        let labels = configurations.map { configuration -> String in
            let written = configuration.values.joined(separator: ", ")
            return written.isEmpty ? "all trials" : (written.count > 64 ? String(written.prefix(63)) + "…" : written)
        }
        let left = 24 + characterWidth * Double(labels.map(\.count).max() ?? 10)
        let bottom = top + rowHeight * Double(max(configurations.count, 1))
        let width = left + plotWidth + right, height = bottom + 44
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(
            "Sweep \(results.sweep): test accuracy per configuration", x: width / 2, y: 24, size: 14, anchor: .middle,
            bold: true)
        canvas.text(
            "grey dots: trials; coloured: mean ± s.d. over seeds (orange: best)", x: width / 2, y: 42, size: 11,
            anchor: .middle,
            fill: ChartPalette.muted)
        let scale = AxisScale(covering: results.trials.compactMap(\.testAccuracy), within: 0...1)
        func x(_ value: Double) -> Double { scale.position(value, from: left, to: left + plotWidth) }
        func y(_ row: Int) -> Double { top + rowHeight * (Double(row) + 0.5) }
        for tick in scale.ticks {
            canvas.line(x1: x(tick), y1: top, x2: x(tick), y2: bottom, stroke: ChartPalette.grid)
            canvas.text(scale.label(tick), x: x(tick), y: bottom + 16, size: 11, anchor: .middle)
        }
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: ChartPalette.axis)
        canvas.line(x1: left, y1: bottom, x2: left + plotWidth, y2: bottom, stroke: ChartPalette.axis)
        canvas.text(
            "test accuracy", x: left + plotWidth / 2, y: bottom + 36, size: 12, anchor: .middle, fill: ChartPalette.axis
        )
        for (row, configuration) in configurations.enumerated() {
            canvas.text(labels[row], x: left - 10, y: y(row) + 4, size: 11, anchor: .end, fill: ChartPalette.ink)
            for value in configuration.trials.compactMap(\.testAccuracy) {
                canvas.circle(cx: x(value), cy: y(row) - 4, radius: 3, fill: ChartPalette.muted)
            }
            guard let statistics = configuration.statistics({ $0.testAccuracy }) else { continue }
            let colour = configuration.values == results.best?.values ? ChartPalette.validation : ChartPalette.train
            canvas.line(
                x1: x(max(statistics.mean - statistics.spread, scale.lower)), y1: y(row) + 4,
                x2: x(min(statistics.mean + statistics.spread, scale.upper)), y2: y(row) + 4, stroke: colour,
                strokeWidth: 2)
            canvas.circle(cx: x(statistics.mean), cy: y(row) + 4, radius: 4.5, fill: colour)
        }
        return canvas.render()
    }
}
