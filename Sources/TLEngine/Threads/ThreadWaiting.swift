import Foundation

/// How the compute threads wait for each other between parallel steps. OpenMP's default lets a waiting thread spin;
/// on a machine whose cores are shared (a browser, another run, several sweep trials) a spinning thread burns the
/// time the thread it waits for needs, and two threads end up slower than one. Passive waiting sleeps instead.
public enum ThreadWaiting {
    /// Makes the process's OpenMP threads wait passively unless the user chose (`OMP_WAIT_POLICY`, `GOMP_SPINCOUNT`).
    /// OpenMP reads the policy once, when it loads and before any Swift code runs, so the process starts itself anew
    /// with the policy set (same process id, arguments and environment otherwise); where that is not possible it
    /// goes on as it is.
    public static func preferPassive() {
        guard getenv("OMP_WAIT_POLICY") == nil, getenv("GOMP_SPINCOUNT") == nil else { return }
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1)
        let executable = "/proc/self/exe"
        guard FileManager.default.isExecutableFile(atPath: executable) else { return }
        var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv(executable, &arguments)
        arguments.forEach { free($0) }
    }
}
