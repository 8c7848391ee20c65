import FuzzDriver
import TLConfig

// Sweep files: the YAML loader, the sweep schema and reader, the trial count, and the trials of every sweep the
// reader accepts (as many as it counted, never more than the limit).
_ = scratchFile("base.yaml", Array("version: 1\n".utf8))
fuzz { bytes in
    guard let spec = SweepFile.read(scratchFile("sweep.yaml", bytes)).spec else { return }
    precondition(spec.trialCount <= SweepSpec.maximumTrials, "the reader accepted \(spec.trialCount) trials")
    let trials = spec.trials()
    precondition(trials.count == spec.trialCount, "\(trials.count) trials made, \(spec.trialCount) counted")
}
