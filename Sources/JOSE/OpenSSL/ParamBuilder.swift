import COpenSSL

/// Builds an `OSSL_PARAM` array. `OSSL_PARAM_BLD` keeps pointers to the names, strings and BIGNUMs it is given (and
/// the built array still points at the names), so this class owns copies of all of them until it is released.
final class ParamBuilder {
    private let builder: OpaquePointer
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private var buffers: [UnsafeMutableRawPointer] = []
    private var bignums: [OpaquePointer] = []
    private var failed = false

    init?() {
        guard let builder = OSSL_PARAM_BLD_new() else { return nil }
        self.builder = builder
    }

    deinit {
        OSSL_PARAM_BLD_free(builder)
        for number in bignums { BN_free(number) }
        for string in strings { string.deallocate() }
        for buffer in buffers { buffer.deallocate() }
    }

    /// A NUL-terminated copy of `text` that lives as long as this builder.
    private func retainedCString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(text.utf8)
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
        for (index, byte) in utf8.enumerated() { copy[index] = CChar(bitPattern: byte) }
        copy[utf8.count] = 0
        strings.append(copy)
        return copy
    }

    /// Adds a UTF-8 string parameter.
    func push(_ name: String, utf8 value: String) {
        let key = retainedCString(name)
        let text = retainedCString(value)
        if OSSL_PARAM_BLD_push_utf8_string(builder, key, text, 0) != 1 { failed = true }
    }

    /// Adds an octet string parameter.
    func push(_ name: String, octets value: [UInt8]) {
        let key = retainedCString(name)
        let copy = UnsafeMutableRawPointer.allocate(byteCount: max(value.count, 1), alignment: 1)
        buffers.append(copy)
        value.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: value.count) }
        if OSSL_PARAM_BLD_push_octet_string(builder, key, copy, value.count) != 1 { failed = true }
    }

    /// Adds an unsigned integer parameter given as big-endian bytes.
    func push(_ name: String, bigEndian value: [UInt8]) {
        let key = retainedCString(name)
        guard let number = value.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }) else {
            failed = true
            return
        }
        bignums.append(number)
        if OSSL_PARAM_BLD_push_BN(builder, key, number) != 1 { failed = true }
    }

    /// Runs `body` with the built array (freed afterwards); nil when building failed.
    func withParams<Result>(_ body: (UnsafeMutablePointer<OSSL_PARAM>) -> Result) -> Result? {
        guard !failed, let params = OSSL_PARAM_BLD_to_param(builder) else { return nil }
        defer { OSSL_PARAM_free(params) }
        return body(params)
    }
}
