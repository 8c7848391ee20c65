/// The training step at which the loss or the gradient norm stopped being a finite number.
public struct NonFiniteStep: Sendable, Equatable {
    /// What went non-finite.
    public enum Quantity: String, Sendable {
        case loss = "the loss"
        case gradientNorm = "the gradient norm"
    }

    public var quantity: Quantity
    /// The value it took (NaN or an infinity).
    public var value: Double
    /// The epoch, from 1.
    public var epoch: Int
    /// The batch within the epoch, from 1.
    public var batch: Int
    /// Batches in an epoch.
    public var batches: Int
    /// The optimizer step counted over the whole run, from 1.
    public var step: Int
    /// The epochs finished (and checkpointed) before this step.
    public var epochsDone: Int
    /// The pipeline's `optimizer.lr`.
    public var learningRate: Double
    /// The learning rate the schedule set for this epoch.
    public var scheduledRate: Double

    /// `NaN`, `+inf` or `-inf`.
    public var valueText: String { value.isNaN ? "NaN" : value > 0 ? "+inf" : "-inf" }

    /// `the loss became NaN at step 7 (epoch 2, batch 3 of 4); no update was made from it; epoch 1 is the last finished epoch`.
    public var text: String {
        "\(quantity.rawValue) became \(valueText) at step \(step) (epoch \(epoch), batch \(batch) of \(batches)); no update was made from it; "
            + (epochsDone > 0
                ? "epoch \(epochsDone) is the last finished epoch, kept in the run's checkpoint"
                : "no epoch had finished")
    }
}
