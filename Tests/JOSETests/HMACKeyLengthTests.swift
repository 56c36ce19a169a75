import Testing

@testable import JOSE

/// HMAC on both sides of each SHA-2 block size: keys shorter than a block are padded, keys longer are hashed first
/// (RFC 2104 §2), and messages that end on and around a block boundary. The expected MACs come from Python's `hmac`
/// module (`hmac.new(key, message, hashlib.sha256).hexdigest()`), with key byte i = (7i + 3) mod 256 and message
/// byte i = (13i + 5) mod 256.
@Suite struct HMACKeyLengthTests {
    struct KeyLengthCase: Sendable, CustomTestStringConvertible {
        let key: Int
        let message: Int
        let hs256: String
        let hs384: String
        let hs512: String
        var testDescription: String { "key \(key) bytes, message \(message) bytes" }
    }

    static let cases = [
        KeyLengthCase(
            key: 1, message: 0,
            hs256: "be8d44d01aa938627809668b7364a21ed8e9fc8cffa64d18846d126789d4cef8",
            hs384: "380c4c93cbbe3582b4e6c3027f9e3f57a33fc7f222b017dc3b287c6a812f75163a5042eea90f6d77558425bca4307274",
            hs512:
                "c0090857ec6d9dfbb1637a4a2cca76750f183b9c85c692b95f1711cc1a6aba56713d06d36b43b195cb796104daf01fdcfe0548f25f5c6b367c7daa55cd747d0d"
        ),
        KeyLengthCase(
            key: 20, message: 55,
            hs256: "c95ae761a3613dc293b5acc9e581c04898ced92561f32d1e59d17ce3e7d6c3f7",
            hs384: "8460c9f1b15504a0f36174a9e9614f3d51e9eb5332b45dda47e368e70d969e096e4a8e76ae8d5f2ebd1f2d5121a99fd0",
            hs512:
                "bd7492e44f912d0bd97e0788be4d4dc5af6677c2952c1329e50915c2997e00ae12cc92e6057ac3d55a891d53c76aaecf3f41ec1d83618d2e8c8391d00c4f5327"
        ),
        KeyLengthCase(
            key: 63, message: 56,
            hs256: "3de6ee5694f72bcb38879c8281fa9c7dba8e4106342d884bfc71e41a24528d83",
            hs384: "24dac7b83392697ec524ccd603197f388a40e75a5b36c2adebc5c02f969f3ebb13ca14c1224bbcc129d623fdc642eba2",
            hs512:
                "b4e97da0e085e58e1c61cd7be1e8f7c775418fcb6df8025ca69422c4b94a1034e1dd873e92c3adb4017ee83b674aa251c98952002136c1cd8a94d676f4166416"
        ),
        KeyLengthCase(
            key: 64, message: 64,
            hs256: "f67ac019249083d24a3b3fa96bec6481453b14a333404ef7ccf692f94da093ee",
            hs384: "3730e4067f0f700b29b9e3c4e80914396d442f8b19f41ed7a1fd593a7e1c8b223caee45b78688e3e2a94dfcc601b5931",
            hs512:
                "c17ea5a376a70cd42fc215826685806e1942f7ba0e61bc06137e18778a6a22c26ee5caac6bb989b91f0973598de6dc7a75e9d61acbda68f374e4a62381407348"
        ),
        KeyLengthCase(
            key: 65, message: 111,
            hs256: "3b22b5ac4e454932e509625f7194c73689e4efcab3e6f0ffa7282efb82619063",
            hs384: "5b0bca91e24418ab22f80359eb7ba8f2246a6e58d4e8be98e199b113cec24f8442cf9202fd4b4178fba497554979077f",
            hs512:
                "a8ff0107e0edd5e2e91b1ca1e9adb7b1b85b34b080a81b2e68aa7ff3d84e8d5def5ac83030b9e79502420e54bed33a2d4d78ca3a13190e3493d8f52b9721b323"
        ),
        KeyLengthCase(
            key: 127, message: 112,
            hs256: "239a8b3bad2a8a88c4dea08e29d1a73c85888b2fb9c1fe1e9bacd7ada43c9d48",
            hs384: "2b0534d1485797b8fa8be1e6d45a9c45c79fb218e55a5d447776c2e48dd8ea3191034bd326361291f3e24331f3b3c5d1",
            hs512:
                "d36a59f5ace8767c4950bfae6bc17b40cc4f7c8cdaf03af2ddef7de2052b7c6684be18f31184821ae8231ea04ef6a243085998277ccd38c14c68315d701bf399"
        ),
        KeyLengthCase(
            key: 128, message: 128,
            hs256: "bcf5fbfffc51ae1fd8d4a8ba65fed1c3762b10a3b7397afb52a7832cccabbdd3",
            hs384: "1b4f5f47fa41cb30385953939e426333a5d037b9f38bcfd959a8425b84107bf71ed23ce16adfc920317ceae3d44348d2",
            hs512:
                "a8809bdc1674a51c206c4d827420c7f85967eab3c997a6cc903c400cea3c258d1a6b94fbc2e24e401eace2e7c6d0b4b7ce20f8cc6151a4ba8660db0bfaae8654"
        ),
        KeyLengthCase(
            key: 129, message: 129,
            hs256: "2863be17604efca15ab62d6753364f4b7bc454cf3a96eed5f047592a9178299e",
            hs384: "5706a112a1cc94c93475860401ea1bfe604e2fb516c50e571858ec62c419595cea783e25aed40d6f01099e235588b6ed",
            hs512:
                "76db307ce8ae9d10ab64617b661502f128cdaa7279ec3dd243c691c829e8e1902b1791fdaaa1df99611ff03d251fe718318bf60b6d7b4688236dfc36de46394c"
        ),
        KeyLengthCase(
            key: 200, message: 300,
            hs256: "49316c7cbf2544daa35f1218bac1b085a014a08558fdef9fed604d96ce35a456",
            hs384: "828153ce0816de4640d01b1e8d10c670d2344c299ba5d44205285a67777c327f2235b22b9c3c5d53a16e04620b99eeff",
            hs512:
                "63c53bdceb5d6cfa67413a9a4b264b77227ce06a5191d1b9606bc5aed5ed575f284a0d8f37958ad54f58f72dba18a09cfda4a67fb375fbf8d236a067ca830a51"
        ),
    ]

    @Test(arguments: cases)
    func macMatchesPythonsHMAC(_ vector: KeyLengthCase) throws {
        let key = HMACKey(secret: (0..<vector.key).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) })
        let message = (0..<vector.message).map { UInt8(truncatingIfNeeded: $0 * 13 + 5) }
        for (algorithm, expectedHex) in [
            (JWSAlgorithm.hs256, vector.hs256), (.hs384, vector.hs384), (.hs512, vector.hs512),
        ] {
            let expected = try #require(hex(expectedHex))
            let mac = message.withUnsafeBufferPointer { key.authenticate($0, algorithm: algorithm) }
            #expect(mac == expected, "\(algorithm)")
            #expect(message.withUnsafeBufferPointer { key.verify(expected, over: $0, algorithm: algorithm) })
            var flipped = expected
            flipped[flipped.count - 1] ^= 0x80
            #expect(!message.withUnsafeBufferPointer { key.verify(flipped, over: $0, algorithm: algorithm) })
            #expect(
                !message.withUnsafeBufferPointer {
                    key.verify(Array(expected.dropLast()), over: $0, algorithm: algorithm)
                })
        }
    }

    @Test func nonHMACAlgorithmsHaveNoMAC() {
        let key = HMACKey(secret: [1, 2, 3])
        #expect([UInt8]().withUnsafeBufferPointer { key.authenticate($0, algorithm: .edDSA) } == nil)
        #expect(
            ![UInt8]().withUnsafeBufferPointer {
                key.verify([UInt8](repeating: 0, count: 32), over: $0, algorithm: .rs256)
            })
    }
}
