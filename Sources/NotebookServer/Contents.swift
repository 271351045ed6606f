import Contracts
import Foundation

/// Jupyter's contents API over the notebook folder: a notebook's model
/// (`GET /api/contents/{path}`), saved with `PUT`. Paths stay inside the
/// folder; only `.ipynb` files are notebooks.
struct Contents: Sendable {
    let directory: URL
    let lab: any NotebookLab

    /// Thrown with the HTTP status and what is wrong.
    struct Failure: Error {
        let status: Int
        let message: String
    }

    /// The file for `path`, refusing anything that would leave the folder.
    func file(_ path: String) throws -> URL {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }) else {
            throw Failure(status: 400, message: "bad path \(path)")
        }
        guard path.hasSuffix(".ipynb") else { throw Failure(status: 400, message: "only .ipynb notebooks are served (\(path))") }
        return parts.reduce(directory) { $0.appendingPathComponent($1) }
    }

    /// The notebook at `path`, through the lab's reader (so what is served is what the lab understood).
    func notebook(_ path: String) throws -> Notebook {
        let url = try file(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Failure(status: 404, message: "no notebook \(path)") }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw Failure(status: 422, message: "\(path) is not JSON: \(error)")
        }
        do {
            return try lab.readNotebook(json)
        } catch let error as NotebookFormatError {
            throw Failure(status: 422, message: "\(path) is not an nbformat 4 notebook: \(error)")
        }
    }

    /// The contents model: the notebook (as nbformat JSON) with its name, path and times.
    func model(_ path: String, content: Bool) throws -> JSONValue {
        let url = try file(path)
        let notebook = try self.notebook(path)
        var fields = info(url, path: path)
        fields["content"] = content ? try lab.writeNotebook(notebook) : .null
        fields["format"] = content ? "json" : .null
        return .object(fields)
    }

    /// Saves a contents model's notebook (`PUT`): read with the lab (so a bad
    /// one is refused, 400), written as Jupyter writes it, atomically.
    func save(_ path: String, body: JSONValue) throws -> (created: Bool, model: JSONValue) {
        let url = try file(path)
        guard case .object(let fields) = body, let content = fields["content"] else {
            throw Failure(status: 400, message: "the body must be a contents model with the notebook in \"content\"")
        }
        if case .string(let type)? = fields["type"], type != "notebook" { throw Failure(status: 400, message: "only notebooks can be saved here") }
        let notebook: Notebook
        do {
            notebook = try lab.readNotebook(content)
        } catch let error as NotebookFormatError {
            throw Failure(status: 400, message: "not an nbformat 4 notebook: \(error)")
        }
        let text = try lab.writeNotebook(notebook).notebookText()
        let created = !FileManager.default.fileExists(atPath: url.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
        var model = info(url, path: path)
        model["content"] = .null
        model["format"] = .null
        return (created, .object(model))
    }

    /// Every notebook in the folder (`GET /api/contents`).
    func listing() -> JSONValue {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".ipynb") }.sorted()
        var fields = ["name": JSONValue.string(""), "path": "", "type": "directory", "format": "json", "writable": .bool(true),
                      "mimetype": .null, "created": "", "last_modified": ""]
        fields["content"] = .array(names.map { name in
            var model = info(directory.appendingPathComponent(name), path: name)
            model["content"] = .null
            model["format"] = .null
            return .object(model)
        })
        return .object(fields)
    }

    private func info(_ url: URL, path: String) -> [String: JSONValue] {
        let attributes = (try? FileManager.default.attributesOfItem(atPath: url.path)) ?? [:]
        let modified = (attributes[.modificationDate] as? Date) ?? Date()
        let created = (attributes[.creationDate] as? Date) ?? modified
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return [
            "name": .string(url.lastPathComponent), "path": .string(path), "type": "notebook", "mimetype": .null,
            "writable": .bool(true), "created": .string(formatter.string(from: created)),
            "last_modified": .string(formatter.string(from: modified)),
            "size": .integer(Int64((attributes[.size] as? NSNumber)?.intValue ?? 0)),
        ]
    }
}
