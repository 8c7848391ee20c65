extension SVGCanvas {
    /// A plot's value axis: a grid line and a label at each of `scale`'s ticks (placed by `y`), then the left and bottom
    /// axis lines of the plot spanning `left`...`right` and `top`...`bottom`.
    mutating func valueAxes(
        _ scale: AxisScale, left: Double, right: Double, top: Double, bottom: Double, y: (Double) -> Double
    ) {
        for tick in scale.ticks {
            line(x1: left, y1: y(tick), x2: right, y2: y(tick), stroke: ChartPalette.grid)
            text(scale.label(tick), x: left - 8, y: y(tick) + 4, size: 11, anchor: .end)
        }
        line(x1: left, y1: top, x2: left, y2: bottom, stroke: ChartPalette.axis)
        line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: ChartPalette.axis)
    }
}
