import Foundation

/// The process that is running a run, recorded in `run.json` so that a run whose process is gone (killed, or its
/// machine restarted) is not shown as running forever.
public struct RunProcess: Sendable, Equatable, Codable {
    /// The process id.
    public var pid: Int32
    /// The host name of the machine it runs on.
    public var host: String

    /// This process.
    public static var current: RunProcess {
        RunProcess(pid: getpid(), host: ProcessInfo.processInfo.hostName)
    }

    /// False when the process is known to be gone: it ran on this machine and no process has its id any more.
    public var mayBeAlive: Bool {
        guard host == ProcessInfo.processInfo.hostName else { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

extension RunManifest {
    /// The status as `tlrun runs` shows it: a run recorded as running whose process is gone is interrupted.
    public var observedStatus: Status {
        status == .running && process.map({ !$0.mayBeAlive }) ?? false ? .interrupted : status
    }
}
