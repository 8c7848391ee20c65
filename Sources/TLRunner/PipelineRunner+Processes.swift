import Foundation
import TLDistributed

extension PipelineRunner {
    /// The folder this process writes a new run into: the run folder on rank 0 (or in one process), a scratch folder
    /// on the other processes of a data-parallel run (they compute the same weights; only rank 0 keeps them).
    func runFolder(outputDir: String, pipelineName: String) throws -> String {
        group.isLeader
            ? try RunFolder.create(outputDir: outputDir, pipelineName: pipelineName)
            : try ScratchFolders.make(pipelineName)
    }

    /// Rank 0's finished run of a source pipeline (nil when it has none), on every process: the others get its
    /// weights file from rank 0, so that they need not share its file system.
    func agreedFinishedRun(_ found: String?) throws -> String? {
        guard group.isDistributed else { return found }
        let chosen = String(decoding: group.broadcast(Data((found ?? "").utf8)), as: UTF8.self)
        guard !chosen.isEmpty else { return nil }
        let model = RunFileName.model.path(in: chosen)
        let weights = group.broadcast(group.isLeader ? try modelBytes(model) : Data())
        guard !group.isLeader else { return chosen }
        let copy = try ScratchFolders.make((chosen as NSString).lastPathComponent)
        try RunFiles.write(weights, to: .run(folder: copy, file: .model))
        return copy
    }

    /// The bytes of a finished run's model file.
    private func modelBytes(_ path: String) throws -> Data {
        guard let bytes = try RunFiles.contents(of: path) else { throw RunError.notAModel(path: path) }
        return bytes
    }
}

/// Where the processes other than rank 0 of a data-parallel run write their copy of a run; removed when the process ends.
enum ScratchFolders {
    /// This process's scratch root in the temporary folder.
    static let root: String = {
        let path = NSTemporaryDirectory() + "tlrun-rank-\(ProcessGroup.world.rank)-\(getpid())"
        atexit { try? FileManager.default.removeItem(atPath: ScratchFolders.root) }
        return path
    }()

    /// A new empty folder under the root.
    static func make(_ name: String) throws -> String {
        let path = root + "/" + name + "-" + UUID().uuidString.prefix(8)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RunError.cannotCreateFolder(path: path, reason: "\(error)")
        }
        return path
    }
}
