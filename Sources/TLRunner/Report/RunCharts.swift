/// The pictures a training run saves, each returned as a standalone SVG document.
public enum RunCharts {
    /// Loss and accuracy against epoch, side by side, train and validation; non-finite values are skipped.
    public static func trainingCurves(_ epochs: [CurvePoint]) -> String {
        TrainingCurvesChart(epochs).render()
    }

    /// A heat map of `counts[trueClass][predictedClass]` shaded by share of the row, with each row's accuracy.
    public static func confusionMatrix(_ counts: [[Int]], classNames: [String], title: String) -> String {
        ConfusionMatrixChart(counts: counts, classNames: classNames, title: title).render()
    }
}

/// Colours shared by the charts.
enum ChartPalette {
    static let train = "#1f77b4"
    static let validation = "#e6550d"
    static let ink = "#222222"
    static let axis = "#444444"
    static let grid = "#e3e3e3"
    static let muted = "#777777"
}
