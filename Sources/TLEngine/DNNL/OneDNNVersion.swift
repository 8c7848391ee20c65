import CDNNL

/// The oneDNN library the engine runs on.
public enum OneDNNVersion {
    /// `major.minor.patch` of the loaded oneDNN.
    public static var text: String {
        guard let version = dnnl_version()?.pointee else { return "unknown" }
        return "\(version.major).\(version.minor).\(version.patch)"
    }
}
