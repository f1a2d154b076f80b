import CanvassResponses
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// A submission's body as received: the response's JSON and the attachments stored from it.
struct ReceivedSubmission {
    var json: [UInt8]
    var uploads: [Upload]
}

/// An attachment that arrived with a submission: synced in tmp/, placed in the store only once the response that
/// lists it is accepted.
struct Upload {
    var name: String
    var sha256: String
    var bytes: Int
    var temporaryPath: String
    var store: AttachmentStore

    /// Moves the file into the store under its SHA-256 (off the event loop: it syncs folders); returns whether the
    /// file was new to the store.
    func place() async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            try store.place(temporaryPath, sha256: sha256)
        }
    }

    /// Removes the file from tmp/ if it is still there (the response was refused).
    func discard() { unlink(temporaryPath) }
}

extension Collector {
    /// Reads a submission's body: JSON, or multipart with a `response` part and one part per attachment, which are
    /// streamed to the attachment store as they arrive. Bodies over the limits are refused as they pass them.
    func receive(_ request: Request) async throws -> ReceivedSubmission {
        let contentType = request.headers[.contentType] ?? "application/json"
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let boundary = MultipartParser.boundary(fromContentType: contentType) else {
                throw Refusal(.badRequest, "a multipart body needs Content-Type: multipart/form-data; boundary=…")
            }
            return try await receiveMultipart(request.body, boundary: boundary)
        }
        var json: [UInt8] = []
        for try await chunk in request.body {
            guard json.count + chunk.readableBytes <= configuration.maxResponseBytes else {
                throw Refusal(
                    .contentTooLarge,
                    "the response is larger than the collector accepts (\(configuration.maxResponseBytes) bytes)")
            }
            json.append(contentsOf: chunk.readableBytesView)
        }
        return ReceivedSubmission(json: json, uploads: [])
    }

    private func receiveMultipart(_ body: RequestBody, boundary: String) async throws -> ReceivedSubmission {
        var parser = MultipartParser(boundary: boundary)
        var json: [UInt8]?
        var uploads: [Upload] = []
        var total = 0
        var current: Part = .none
        func handle(_ events: [MultipartEvent]) async throws {
            for event in events {
                switch event {
                case .partBegan(let head):
                    current = try begin(head, json: json, uploads: uploads)
                    if case .response = current { json = [] }
                case .partBytes(let bytes):
                    switch current {
                    case .response:
                        guard (json?.count ?? 0) + bytes.count <= configuration.maxResponseBytes else {
                            throw Refusal(
                                .contentTooLarge,
                                "the response part is larger than the collector accepts "
                                    + "(\(configuration.maxResponseBytes) bytes)")
                        }
                        json?.append(contentsOf: bytes)
                    case .attachment(_, let upload): try upload.write(bytes)
                    case .none: break
                    }
                case .partEnded:
                    if case .attachment(let name, let upload) = current {
                        // The fsync runs off the event loop.
                        let (sha256, path) = try await NIOThreadPool.singleton.runIfActive { try upload.finish() }
                        uploads.append(
                            Upload(
                                name: name, sha256: sha256, bytes: upload.bytes, temporaryPath: path,
                                store: store.attachments))
                    }
                    current = .none
                }
            }
        }
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= configuration.maxBodyBytes else {
                    throw Refusal(
                        .contentTooLarge,
                        "the submission is larger than the collector accepts (\(configuration.maxBodyBytes) bytes)")
                }
                try await handle(try parser.feed(chunk.readableBytesView))
            }
            do { try parser.finish() } catch {
                for upload in uploads { upload.discard() }
                throw Refusal(.badRequest, error.description, bodyConsumed: true)
            }
        } catch let error as MultipartError {
            for upload in uploads { upload.discard() }
            throw Refusal(.badRequest, error.description)
        } catch let error as CollectorError {
            for upload in uploads { upload.discard() }
            logger.error("attachment upload failed", metadata: ["reason": "\(error)"])
            throw Refusal(.serviceUnavailable, "the collector could not store an attachment; try again later")
        } catch {
            for upload in uploads { upload.discard() }
            throw error
        }
        guard let json else {
            for upload in uploads { upload.discard() }
            throw Refusal(
                .badRequest, "the multipart body has no part named 'response' holding the response JSON",
                bodyConsumed: true)
        }
        return ReceivedSubmission(json: json, uploads: uploads)
    }

    private enum Part {
        case none
        case response
        case attachment(String, AttachmentUpload)
    }

    private func begin(_ head: MultipartPartHead, json: [UInt8]?, uploads: [Upload]) throws -> Part {
        switch head.name {
        case "response":
            guard json == nil else { throw Refusal(.badRequest, "the multipart body has two 'response' parts") }
            return .response
        case "attachment":
            guard let name = head.fileName, Attachment.isValidName(name) else {
                throw Refusal(
                    .badRequest, "each 'attachment' part needs a filename= that names one of the response's attachments"
                )
            }
            guard !uploads.contains(where: { $0.name == name }) else {
                throw Refusal(.badRequest, "the file '\(name)' was sent twice")
            }
            return .attachment(name, try store.attachments.beginUpload())
        default:
            throw Refusal(
                .badRequest,
                "the multipart body has a part named '\(head.name)'; only 'response' and 'attachment' are read")
        }
    }
}
