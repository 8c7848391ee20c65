/// Where a network runs. This build has the CPU backend; the names `cuda`/`cuda:N` are understood so a
/// pipeline can ask for them and get a clear error instead of a crash.
public enum Device: Equatable, Sendable, CustomStringConvertible {
    case cpu
    case cuda(index: Int)

    /// The devices this build can run on.
    public static let available: [Device] = [.cpu]

    /// Parses `cpu`, `auto`, `cuda` or `cuda:N`; `auto` picks the best available device.
    public static func resolve(_ name: String) throws -> Device {
        switch name {
        case "cpu", "auto": return .cpu
        case "cuda": return try require(.cuda(index: 0))
        default:
            if name.hasPrefix("cuda:"), let index = Int(name.dropFirst(5)), index >= 0 { return try require(.cuda(index: index)) }
            throw EngineError.unknownDevice(name)
        }
    }

    private static func require(_ device: Device) throws -> Device {
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
