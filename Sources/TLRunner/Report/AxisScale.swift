import Foundation

/// Maps a data range onto a pixel range and chooses round tick values for it.
struct AxisScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]
    private let tickDecimals: Int

    /// A scale widened to round tick values (1, 2 or 5 times a power of ten) around the finite `values`;
    /// a constant series is padded, but not beyond `bounds` (say 0...1 for an accuracy).
    init(covering values: [Double], within bounds: ClosedRange<Double> = -.infinity...(.infinity), tickCount: Int = 6) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? Swift.max(bounds.lowerBound, 0)
        var high = finite.max() ?? Swift.min(bounds.upperBound, low + 1)
        if high - low <= Swift.max(abs(high), abs(low)) * 1e-9 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low = Swift.min(low, Swift.max(low - pad, bounds.lowerBound))
            high = Swift.max(high, Swift.min(high + pad, bounds.upperBound))
        }
        let step = Self.roundStep((high - low) / Double(Swift.max(tickCount - 1, 1)))
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        lower = first * step
        upper = last * step
        ticks = (0...Int(last - first)).map { (first + Double($0)) * step }
        tickDecimals = Self.decimals(for: step)
    }

    /// A scale over whole numbers from `first` to `last` (epochs), with ticks on whole multiples of a round step.
    init(integersFrom first: Int, to last: Int, tickCount: Int = 8) {
        if first >= last {
            lower = Double(first) - 0.5
            upper = Double(first) + 0.5
            ticks = [Double(first)]
        } else {
            let step = Swift.max(1, Int(Self.roundStep(Double(last - first) / Double(Swift.max(tickCount - 1, 1)))))
            lower = Double(first)
            upper = Double(last)
            let start = Int((Double(first) / Double(step)).rounded(.up)) * step
            ticks = stride(from: start, through: last, by: step).map(Double.init)
        }
        tickDecimals = 0
    }

    /// Where `value` falls when the scale spans pixels `from`...`to` (`to` may be smaller, as on a y axis).
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// A tick value written with as many decimals as the tick step needs.
    func label(_ value: Double) -> String {
        String(format: "%.\(tickDecimals)f", value == 0 ? 0 : value)
    }

    /// The smallest of 1, 2, 5 times a power of ten that is at least `rawStep`.
    private static func roundStep(_ rawStep: Double) -> Double {
        let magnitude = pow(10, (log10(rawStep)).rounded(.down))
        let fraction = rawStep / magnitude
        let multiplier: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return multiplier * magnitude
    }

    private static func decimals(for step: Double) -> Int {
        Swift.max(0, -Int((log10(step) + 1e-9).rounded(.down)))
    }
}
