/// The loss and accuracy panels of `RunCharts.trainingCurves`.
struct TrainingCurvesChart {
    /// One line of a panel: a value per epoch, nil where nothing finite was measured.
    private struct Series {
        let name: String
        let colour: String
        /// SVG dash pattern, nil for a solid line.
        let dash: String?
        let values: [(epoch: Int, value: Double?)]

        init(name: String, colour: String, dash: String?, epochs: [CurvePoint], value: (CurvePoint) -> Double?) {
            self.name = name
            self.colour = colour
            self.dash = dash
            values = epochs.map { point in (point.epoch, value(point).flatMap { $0.isFinite ? $0 : nil }) }
        }

        var isEmpty: Bool { values.allSatisfy { $0.value == nil } }

        /// Runs of consecutive epochs with a value; a missing value breaks the line.
        var segments: [[(epoch: Int, value: Double)]] {
            var runs: [[(epoch: Int, value: Double)]] = [[]]
            for entry in values {
                if let value = entry.value {
                    runs[runs.count - 1].append((entry.epoch, value))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            return runs.filter { !$0.isEmpty }
        }
    }

    private struct Panel {
        let title: String
        let axisTitle: String
        /// The values the quantity can take, which padding of the axis does not cross.
        let bounds: ClosedRange<Double>
        let series: [Series]
    }

    private static let panelWidth = 480.0
    private static let height = 370.0
    private static let plotTop = 72.0
    private static let plotBottom = 300.0
    private static let plotLeftMargin = 72.0
    private static let plotRightMargin = 22.0
    /// Keeps markers at the ends of the ranges off the axes.
    private static let plotInset = (x: 10.0, y: 6.0)
    /// Series with at most this many points get a marker on every point.
    private static let markedPointLimit = 30

    private let panels: [Panel]
    private let epochScale: AxisScale

    init(_ epochs: [CurvePoint]) {
        let sorted = epochs.sorted { $0.epoch < $1.epoch }
        let train = { (value: @escaping (CurvePoint) -> Double?) in
            Series(name: "train", colour: ChartPalette.train, dash: nil, epochs: sorted, value: value)
        }
        let validation = { (value: @escaping (CurvePoint) -> Double?) in
            Series(name: "validation", colour: ChartPalette.validation, dash: "7 4", epochs: sorted, value: value)
        }
        panels = [
            Panel(
                title: "Loss", axisTitle: "loss", bounds: 0...(.infinity),
                series: [train(\.trainLoss), validation(\.validationLoss)]),
            Panel(
                title: "Accuracy", axisTitle: "accuracy", bounds: 0...1,
                series: [train(\.trainAccuracy), validation(\.validationAccuracy)]),
        ]
        epochScale = AxisScale(integersFrom: sorted.first?.epoch ?? 1, to: sorted.last?.epoch ?? 1)
    }

    func render() -> String {
        var canvas = SVGCanvas(width: Self.panelWidth * Double(panels.count), height: Self.height)
        drawLegend(on: &canvas)
        for (index, panel) in panels.enumerated() {
            canvas.group("panel") { draw(panel, left: Double(index) * Self.panelWidth, on: &$0) }
        }
        return canvas.render()
    }

    /// One entry per series name that has data in some panel, centred above the panels.
    private func drawLegend(on canvas: inout SVGCanvas) {
        var entries: [Series] = []
        for series in panels.flatMap(\.series) where !series.isEmpty {
            if !entries.contains(where: { $0.name == series.name }) { entries.append(series) }
        }
        let entryWidth = 120.0
        var x = (canvas.width - entryWidth * Double(entries.count)) / 2
        canvas.group("legend") { legend in
            for entry in entries {
                legend.line(x1: x, y1: 22, x2: x + 28, y2: 22, stroke: entry.colour, strokeWidth: 2.5, dash: entry.dash)
                legend.circle(cx: x + 14, cy: 22, radius: 3.5, fill: entry.colour)
                legend.text(entry.name, x: x + 36, y: 26.5, size: 13)
                x += entryWidth
            }
        }
    }

    private func draw(_ panel: Panel, left: Double, on canvas: inout SVGCanvas) {
        let plotLeft = left + Self.plotLeftMargin
        let plotRight = left + Self.panelWidth - Self.plotRightMargin
        let values = panel.series.flatMap { $0.values.compactMap(\.value) }
        let valueScale = AxisScale(covering: values, within: panel.bounds)
        let x = { (epoch: Int) in
            epochScale.position(Double(epoch), from: plotLeft + Self.plotInset.x, to: plotRight - Self.plotInset.x)
        }
        let y = { (value: Double) in
            valueScale.position(value, from: Self.plotBottom - Self.plotInset.y, to: Self.plotTop + Self.plotInset.y)
        }

        canvas.text(panel.title, x: (plotLeft + plotRight) / 2, y: 56, size: 15, anchor: .middle, bold: true)
        canvas.valueAxes(valueScale, left: plotLeft, right: plotRight, top: Self.plotTop, bottom: Self.plotBottom, y: y)
        for tick in epochScale.ticks.map({ Int($0) }) {
            canvas.line(
                x1: x(tick), y1: Self.plotBottom, x2: x(tick), y2: Self.plotBottom + 5,
                stroke: ChartPalette.axis)
            canvas.text(String(tick), x: x(tick), y: Self.plotBottom + 19, size: 11, anchor: .middle)
        }
        canvas.text("epoch", x: (plotLeft + plotRight) / 2, y: Self.plotBottom + 44, size: 13, anchor: .middle)
        canvas.text(
            panel.axisTitle, x: left + 20, y: (Self.plotTop + Self.plotBottom) / 2, size: 13,
            anchor: .middle, rotation: -90)

        if panel.series.allSatisfy(\.isEmpty) {
            canvas.text(
                "no data", x: (plotLeft + plotRight) / 2, y: (Self.plotTop + Self.plotBottom) / 2,
                size: 13, anchor: .middle, fill: ChartPalette.muted)
        }
        for series in panel.series {
            let segments = series.segments
            let markEveryPoint = segments.joined().count <= Self.markedPointLimit
            for segment in segments {
                let points = segment.map { (x: x($0.epoch), y: y($0.value)) }
                if points.count > 1 {
                    canvas.polyline(points, stroke: series.colour, strokeWidth: 2, dash: series.dash)
                }
                if markEveryPoint || points.count == 1 {
                    for point in points { canvas.circle(cx: point.x, cy: point.y, radius: 3, fill: series.colour) }
                }
            }
        }
    }
}
