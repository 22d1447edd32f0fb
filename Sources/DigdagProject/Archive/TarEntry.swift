/// One member of a tar stream as our reader reports it and our writer takes it: long names and
/// link targets from pax or GNU extension headers are already applied.
package struct TarEntry: Sendable, Equatable {
    /// The member kinds a project archive can hold; others are kept as ``other(_:)``.
    package enum Kind: Sendable, Equatable {
        /// A regular file (`0`, NUL or `7`).
        case file
        /// A hard link to an earlier member (`1`).
        case hardLink
        /// A symbolic link (`2`).
        case symlink
        /// A directory (`5`).
        case directory
        /// Devices, FIFOs and unknown types, by type flag.
        case other(UInt8)

        /// The ustar type flag.
        var typeFlag: UInt8 {
            switch self {
            case .file: UInt8(ascii: "0")
            case .hardLink: UInt8(ascii: "1")
            case .symlink: UInt8(ascii: "2")
            case .directory: UInt8(ascii: "5")
            case .other(let flag): flag
            }
        }

        /// The kind of a ustar type flag.
        init(typeFlag: UInt8) {
            switch typeFlag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): self = .file
            case UInt8(ascii: "1"): self = .hardLink
            case UInt8(ascii: "2"): self = .symlink
            case UInt8(ascii: "5"): self = .directory
            default: self = .other(typeFlag)
            }
        }
    }

    /// The member's path as stored (`/`-separated; not normalized).
    package var path: String
    /// What the member is.
    package var kind: Kind
    /// Permission bits (and set-id/sticky bits when present).
    package var mode: UInt32
    /// Data bytes that follow the header (0 for links and directories).
    package var size: Int64
    /// Modification time, seconds since the Unix epoch.
    package var modificationTime: Int64
    /// The target of a symlink or hard link; empty otherwise.
    package var linkTarget: String

    /// Creates an entry.
    package init(
        path: String, kind: Kind, mode: UInt32, size: Int64 = 0, modificationTime: Int64 = 0, linkTarget: String = ""
    ) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.size = size
        self.modificationTime = modificationTime
        self.linkTarget = linkTarget
    }
}
