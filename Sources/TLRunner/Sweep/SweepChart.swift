/// The picture of a sweep: each configuration's test accuracy, every trial as a dot and the mean ± standard deviation
/// over seeds as a bar, configurations along the x axis in the order they ran.
enum SweepChart {
    private static let height = 380.0, top = 60.0, bottom = 270.0, left = 70.0, right = 20.0

    /// The SVG document for `results`.
    static func svg(_ results: SweepResults) -> String {
        let configurations = results.configurations
        let width = max(480, left + right + 70 * Double(configurations.count))
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text("Sweep \(results.sweep): test accuracy per configuration", x: width / 2, y: 24, size: 14, anchor: .middle, bold: true)
        canvas.text("grey dots: trials; coloured: mean ± s.d. over seeds (orange: best)", x: width / 2, y: 42, size: 11, anchor: .middle,
                    fill: ChartPalette.muted)
        let accuracies = results.trials.compactMap(\.testAccuracy)
        let scale = AxisScale(covering: accuracies, within: 0...1)
        func y(_ value: Double) -> Double { scale.position(value, from: bottom, to: top) }
        func x(_ index: Int) -> Double { left + 35 + Double(index) * (width - left - right - 70) / Double(max(configurations.count - 1, 1)) }
        canvas.valueAxes(scale, left: left, right: width - right, top: top, bottom: bottom, y: y)
        canvas.text("test accuracy", x: 18, y: (top + bottom) / 2, size: 12, anchor: .middle, fill: ChartPalette.axis, rotation: -90)
        for (index, configuration) in configurations.enumerated() {
            let written = configuration.values.joined(separator: ", ")
            let label = written.count > 28 ? String(written.prefix(27)) + "…" : written
            canvas.text(label.isEmpty ? "all" : label, x: x(index), y: bottom + 12, size: 11, anchor: .end, fill: ChartPalette.ink, rotation: -35)
            for value in configuration.trials.compactMap(\.testAccuracy) {
                canvas.circle(cx: x(index) - 8, cy: y(value), radius: 3, fill: ChartPalette.muted)
            }
            guard let statistics = configuration.statistics({ $0.testAccuracy }) else { continue }
            let colour = configuration.values == results.best?.values ? ChartPalette.validation : ChartPalette.train
            canvas.line(x1: x(index) + 6, y1: y(max(statistics.mean - statistics.spread, scale.lower)), x2: x(index) + 6,
                        y2: y(min(statistics.mean + statistics.spread, scale.upper)), stroke: colour, strokeWidth: 2)
            canvas.circle(cx: x(index) + 6, cy: y(statistics.mean), radius: 4.5, fill: colour)
        }
        return canvas.render()
    }
}
