/// Work that the compute threads split between them (see `PieceTeam`): each part runs once, on whichever thread
/// takes it. Parts must not depend on each other, and the result must not depend on how many there are nor on
/// which thread runs which (so runs stay reproducible).
class SharedWork {
    /// Does part `part` of `parts` (numbered from 0) on compute thread `thread` (0 is the thread that shares it).
    func run(part: Int, of parts: Int, thread: Int) { preconditionFailure("\(Self.self) does not say how to split its work") }

    /// The part of `0..<count` that part `part` of `parts` takes (near-equal, in order).
    static func range(of count: Int, part: Int, parts: Int) -> Range<Int> {
        count * part / parts..<count * (part + 1) / parts
    }
}
