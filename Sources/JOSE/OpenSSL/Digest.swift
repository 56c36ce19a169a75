extension JWSAlgorithm {
    /// OpenSSL's name for the hash this algorithm uses; nil for EdDSA, which hashes internally.
    var digestName: String? {
        switch self {
        case .hs256, .es256, .rs256, .ps256: return "SHA256"
        case .hs384, .es384, .rs384, .ps384: return "SHA384"
        case .hs512, .es512, .rs512, .ps512: return "SHA512"
        case .edDSA: return nil
        }
    }

    /// Output length of `digestName`, in bytes (0 for EdDSA).
    var digestLength: Int {
        switch self {
        case .hs256, .es256, .rs256, .ps256: return 32
        case .hs384, .es384, .rs384, .ps384: return 48
        case .hs512, .es512, .rs512, .ps512: return 64
        case .edDSA: return 0
        }
    }
}
