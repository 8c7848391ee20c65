/// The pickle opcodes (protocols 2 to 5) the restricted unpickler understands.
enum PickleOpcode: UInt8 {
    case mark = 0x28  // (
    case stop = 0x2e  // .
    case pop = 0x30  // 0
    case popMark = 0x31  // 1
    case dup = 0x32  // 2
    case binFloat = 0x47  // G
    case binInt = 0x4a  // J
    case binInt1 = 0x4b  // K
    case binInt2 = 0x4d  // M
    case none = 0x4e  // N
    case binPersistentID = 0x51  // Q
    case reduce = 0x52  // R
    case binString = 0x54  // T
    case shortBinString = 0x55  // U
    case binUnicode = 0x58  // X
    case binBytes = 0x42  // B
    case shortBinBytes = 0x43  // C
    case emptyList = 0x5d  // ]
    case append = 0x61  // a
    case build = 0x62  // b
    case global = 0x63  // c
    case dict = 0x64  // d
    case appends = 0x65  // e
    case binGet = 0x68  // h
    case longBinGet = 0x6a  // j
    case list = 0x6c  // l
    case binPut = 0x71  // q
    case longBinPut = 0x72  // r
    case setItem = 0x73  // s
    case tuple = 0x74  // t
    case setItems = 0x75  // u
    case emptyDict = 0x7d  // }
    case emptyTuple = 0x29  // )
    case proto = 0x80
    case newObject = 0x81
    case tuple1 = 0x85
    case tuple2 = 0x86
    case tuple3 = 0x87
    case newTrue = 0x88
    case newFalse = 0x89
    case long1 = 0x8a
    case long4 = 0x8b
    case shortBinUnicode = 0x8c
    case binUnicode8 = 0x8d
    case binBytes8 = 0x8e
    case newObjectEx = 0x92
    case stackGlobal = 0x93
    case memoize = 0x94
    case frame = 0x95
    case byteArray8 = 0x96
}

extension PickleOpcode {
    /// True for container opcodes that take every item above the topmost mark.
    var takesItemsToMark: Bool { [.tuple, .list, .appends, .dict, .setItems].contains(self) }

    /// How many stack items a container opcode that takes a fixed number puts into its container.
    var itemsTaken: Int {
        switch self {
        case .tuple1, .append: return 1
        case .tuple2, .setItem: return 2
        case .tuple3: return 3
        default: return 0
        }
    }
}
