import CDuktape
import DigdagExpression

/// One Duktape heap with the state our engine keeps in it (libraries loaded, moment's zone).
///
/// A Duktape heap may be used by only one thread at a time. `@unchecked Sendable` because the
/// only owner is `DuktapeEngine`, which hands each heap to exactly one evaluation at a time: a heap
/// is either in the pool (guarded by the pool's mutex) or checked out by a single caller.
final class DuktapeHeap: @unchecked Sendable {
    let handle: OpaquePointer
    /// True once moment.js and moment-timezone (with its data) are loaded.
    var hasMoment = false
    /// The zone last given to `moment.tz.setDefault` in this heap.
    var momentTimeZone: String?
    /// Zones whose packed data this heap has loaded (`*` for the whole file).
    var loadedZones: Set<String> = []

    /// Creates an empty heap.
    init() throws(ExpressionError) {
        guard let handle = cdk_heap_create() else {
            throw ExpressionError("InternalError: cannot create a JavaScript heap")
        }
        self.handle = handle
    }

    deinit {
        cdk_heap_destroy(handle)
    }

    /// True after a Duktape fatal error: the heap must be thrown away.
    var isBroken: Bool { cdk_heap_is_broken(handle) != 0 }

    /// Bytes the heap has allocated.
    var allocatedBytes: Int { cdk_heap_allocated_bytes(handle) }

    /// Runs a script in the global scope.
    func runScript(_ source: String, name: String) throws(ExpressionError) {
        _ = try call { output, length in
            source.withCString { text in
                name.withCString { fileName in
                    cdk_run_script(handle, text, source.utf8.count, fileName, output, length)
                }
            }
        }
    }

    /// Compiles a script to bytecode without running it.
    func compileBytecode(_ source: String, name: String) throws(ExpressionError) -> [UInt8] {
        var bytecode: UnsafeMutablePointer<CChar>?
        var bytecodeLength = 0
        _ = try call { output, length in
            source.withCString { text in
                name.withCString { fileName in
                    cdk_compile_bytecode(
                        handle, text, source.utf8.count, fileName, &bytecode, &bytecodeLength, output, length)
                }
            }
        }
        guard let bytecode else { throw ExpressionError("InternalError: cannot compile \(name)") }
        defer { cdk_free(bytecode) }
        return [UInt8](UnsafeRawBufferPointer(start: bytecode, count: bytecodeLength))
    }

    /// Runs bytecode made by `compileBytecode` (trusted input only).
    func runBytecode(_ bytecode: [UInt8]) throws(ExpressionError) {
        _ = try call { output, length in
            bytecode.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    cdk_run_bytecode(handle, chars.baseAddress, chars.count, output, length)
                }
            }
        }
    }

    /// Sets a global variable to the parsed JSON text.
    func setGlobal(_ name: String, json: String) throws(ExpressionError) {
        _ = try call { output, length in
            json.withCString { text in
                name.withCString { variable in
                    cdk_set_global_json(handle, variable, text, json.utf8.count, output, length)
                }
            }
        }
    }

    /// Evaluates one expression in the current scope; returns its template text.
    func evaluate(_ expression: String) throws(ExpressionError) -> String {
        try call { output, length in
            expression.withCString { text in
                cdk_evaluate(handle, text, expression.utf8.count, output, length)
            }
        }
    }

    /// Raises a Duktape fatal error (tests check that it is trapped, not an abort).
    func triggerFatalErrorForTesting() throws(ExpressionError) {
        _ = try call { output, length in cdk_trigger_fatal_for_testing(handle, output, length) }
    }

    /// Runs one shim call and turns its status and output into a result or an error.
    private func call(
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>) -> Int32
    ) throws(ExpressionError) -> String {
        var output: UnsafeMutablePointer<CChar>?
        var length = 0
        let status = body(&output, &length)
        var text = ""
        if let output {
            text = String(decoding: UnsafeRawBufferPointer(start: output, count: length), as: UTF8.self)
            cdk_free(output)
        }
        switch status {
        case CDK_OK:
            return text
        case CDK_JS_ERROR:
            throw ExpressionError(DuktapeErrorText.standardized(text))
        default:
            throw ExpressionError("InternalError: JavaScript engine failure (\(text))")
        }
    }
}
