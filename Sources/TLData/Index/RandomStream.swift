/// Stable identifiers for the random streams of a data set.
enum RandomStream: UInt64 {
    case split = 1, synthetic, shuffle, augment, statistics, sheetPreview
}
