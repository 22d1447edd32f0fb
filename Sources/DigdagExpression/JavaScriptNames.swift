/// Names whose meaning in JavaScript the plain-reference fast path cannot decide on its own.
enum JavaScriptNames {
    /// Own properties of `Object.prototype`: inherited by every scope object and JSON object.
    static let objectPrototype: Set<String> = [
        "constructor", "__proto__", "toString", "toLocaleString", "valueOf", "hasOwnProperty",
        "isPrototypeOf", "propertyIsEnumerable", "__defineGetter__", "__defineSetter__",
        "__lookupGetter__", "__lookupSetter__",
    ]

    /// Global bindings of the engines we mimic (Duktape 2.7, GraalJS ES5 mode) plus the libraries we
    /// load. A missing variable with one of these names is left to JavaScript.
    static let globals: Set<String> = [
        "globalThis", "NaN", "Infinity", "undefined", "Object", "Function", "Array", "String", "Boolean",
        "Number", "Date", "RegExp", "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError",
        "TypeError", "URIError", "Math", "JSON", "CBOR", "Duktape", "Proxy", "Reflect", "Symbol", "Buffer",
        "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
        "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "parseInt",
        "parseFloat", "TextEncoder", "TextDecoder", "performance", "eval", "isNaN", "isFinite",
        "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
        "moment", "print", "arguments", "Map", "Set", "WeakMap", "WeakSet", "Promise", "Intl",
    ]

    /// ES5 reserved words and literals: never a plain variable reference.
    static let reservedWords: Set<String> = [
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements",
        "import", "in", "instanceof", "interface", "let", "new", "null", "package", "private",
        "protected", "public", "return", "static", "super", "switch", "this", "throw", "true", "try",
        "typeof", "var", "void", "while", "with", "yield",
    ]
}
