import Synchronization

/// Attachments placed in the store for submissions whose fate is not yet known.
///
/// Files are placed before the commit, so a stored response never lacks its files. If the response is then
/// refused (409, a bad correction, a failed commit), a file it brought in is removed again — but only once no other
/// submission in flight relies on the same bytes, and never a file that was in the store before, or that a stored
/// response took.
final class AttachmentPlacements: Sendable {
    private struct Placement {
        var pending = 0
        var createdHere = false
        var kept = false
    }

    private let placements = Mutex<[String: Placement]>([:])

    /// A submission placed (or found already placed) the file with this hash.
    func begin(_ sha256: String, created: Bool) {
        placements.withLock { placements in
            placements[sha256, default: Placement()].pending += 1
            if created { placements[sha256]?.createdHere = true }
        }
    }

    /// The submission that placed these files is decided; returns the files to remove (brought in by refused
    /// submissions and now relied on by none).
    func end(_ hashes: [String], kept: Bool) -> [String] {
        placements.withLock { placements in
            var unwanted: [String] = []
            for sha256 in hashes {
                guard var placement = placements[sha256] else { continue }
                placement.pending -= 1
                placement.kept = placement.kept || kept
                if placement.pending > 0 {
                    placements[sha256] = placement
                } else {
                    placements[sha256] = nil
                    if placement.createdHere && !placement.kept { unwanted.append(sha256) }
                }
            }
            return unwanted
        }
    }
}
