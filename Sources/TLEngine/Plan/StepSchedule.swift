/// A plan's forward or backward pass in the order it runs: its kernels' steps, with runs of consecutive steps cut
/// into the same slices chained (see `SliceChain`).
final class StepSchedule {
    private enum Item {
        case step(PlanStep)
        case chain(SliceChain)
    }

    private let items: [Item]

    /// Schedules `steps` (in the order the pass computes them); each chain's slices get scratch space of their own
    /// in `memory`.
    init(_ steps: [PlanStep], memory: PlanMemory) {
        var items: [Item] = []
        var open: SliceChain?
        /// Ends the open chain: a chain of one member runs its steps as they came.
        func close() {
            guard let chain = open else { return }
            if chain.members.count > 1 {
                memory.register(chain)
                items.append(.chain(chain))
            } else {
                items += chain.original.map(Item.step)
            }
            open = nil
        }
        for step in steps {
            switch step {
            case .sliced(let work, let alone):
                if let chain = open {
                    let uses = work.memoryUses.map { $0.whole(of: work.sliceCount) }
                    if chain.hoist({ _ in alone() }, uses: uses, step: step) || chain.join(work, step: step) {
                        continue
                    }
                    if chain.completesSums(read: uses) {
                        chain.postpone(step, uses: uses)
                        continue
                    }
                }
                close()
                open = SliceChain(work, step: step)
            case .whole(let run, let uses?):
                if let chain = open, !chain.hoist(run, uses: uses, step: step) { chain.postpone(step, uses: uses) }
                if open == nil { items.append(.step(step)) }
            case .whole:
                close()
                items.append(.step(step))
            case .finished:
                if let chain = open { chain.finishLater(step) } else { items.append(.step(step)) }
            }
        }
        close()
        self.items = items
    }

    /// Runs the pass (`training` selects dropout and batch statistics); `finished` is told of each kernel whose
    /// backward pass ended.
    func run(training: Bool, finished: ((Int) -> Void)? = nil) {
        for item in items {
            switch item {
            case .step(let step): Self.run(step, training: training, finished: finished)
            case .chain(let chain): chain.run(training: training, finished: finished)
            }
        }
    }

    /// Runs one step on its own.
    static func run(_ step: PlanStep, training: Bool, finished: ((Int) -> Void)?) {
        switch step {
        case .whole(let run, _): run(training)
        case .sliced(_, let alone): alone()
        case .finished(let index): finished?(index)
        }
    }

    /// How many chains the schedule runs and how many steps they hold between them (for tests and summaries).
    var chainedSteps: (chains: Int, steps: Int) {
        items.reduce(into: (0, 0)) { total, item in
            if case .chain(let chain) = item { total = (total.0 + 1, total.1 + chain.members.count) }
        }
    }
}
