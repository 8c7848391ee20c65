/// The link between the processes of data-parallel training that synchronised batch normalisation
/// (`train.sync_batchnorm`) needs: every BatchNorm layer that normalises by batch statistics sums its per-channel
/// counts, sums and gradient sums over all processes, so each process normalises by the global batch's statistics
/// and back-propagates as one process would through the whole batch.
public final class SharedBatchStatistics {
    /// Sums values element-wise over every process; each process calls it in the same order with the same count.
    let sum: ([Double]) -> [Double]
    /// False while this process runs a stand-in batch that only takes part in the exchanges (its share of a global
    /// batch is empty): it then contributes no images to the statistics and no gradient.
    public var contributes = true

    /// Shares statistics through `sum`, an element-wise sum over every process.
    public init(sum: @escaping ([Double]) -> [Double]) { self.sum = sum }
}
