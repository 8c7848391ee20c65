/// Where a network runs. This build has the CPU backend; the names `cuda`/`cuda:N` are understood so a
/// pipeline can ask for them and get a clear error instead of a crash.
public enum Device: Equatable, Sendable, CustomStringConvertible {
    case cpu
    case cuda(index: Int)

    /// The devices this build can run on.
    public static let available: [Device] = [.cpu]

    /// The device to run on: `device` when this build has it (an error naming the available ones otherwise), or with
    /// nil the best available one.
    public static func resolve(_ device: Device?) throws -> Device {
        guard let device else { return available[0] }
        guard available.contains(device) else {
            throw EngineError.deviceUnavailable(device.description, available: available.map(\.description))
        }
        return device
    }

    public var description: String {
        switch self {
        case .cpu: return "cpu"
        case .cuda(let index): return "cuda:\(index)"
        }
    }
}
