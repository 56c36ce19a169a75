// The Python program that wrote IndependentVectors.swift, kept as comments because the test target may hold
// only Swift files. It uses Python's `cryptography` package, independent of the JOSE module. To rerun it:
//   sed -n '6,$s|^// \{0,1\}||p' FixtureGenerator.swift > generate_fixtures.py
//   python3 generate_fixtures.py > IndependentVectors.swift
//
// #!/usr/bin/env python3
// """Writes IndependentVectors.swift: keys and tokens made with Python's `cryptography`, not the JOSE module.
//
// Run: python3 generate_fixtures.py > IndependentVectors.swift
// """
// import base64
// import json
//
// import cryptography
// from cryptography.hazmat.primitives import hashes, serialization
// from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
// from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
//
// NOW = 1_700_000_000
// ORIGIN = "https://app.example"
//
//
// def b64(data: bytes) -> str:
//     return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
//
//
// def uint(value: int, length: int | None = None) -> bytes:
//     length = length or (value.bit_length() + 7) // 8
//     return value.to_bytes(length, "big")
//
//
// def compact(header: dict, claims: dict, sign) -> str:
//     signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + b64(
//         json.dumps(claims, separators=(",", ":")).encode())
//     return signing_input + "." + b64(sign(signing_input.encode()))
//
//
// def claims_for(subject: str) -> dict:
//     return {"sub": subject, "iss": ORIGIN, "aud": ORIGIN, "iat": NOW - 60, "exp": NOW + 900}
//
//
// HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
// HASH_BYTES = {"256": 32, "384": 48, "512": 64}
//
// jwks = []
// tokens = {}
// unnamed = {}
//
// # Ed25519: two keys, so that a token without kid has to be matched by algorithm.
// ed_keys = {}
// for kid in ["ed-1", "ed-2"]:
//     key = ed25519.Ed25519PrivateKey.generate()
//     ed_keys[kid] = key
//     x = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
//     jwks.append({"kty": "OKP", "crv": "Ed25519", "x": b64(x), "kid": kid, "alg": "EdDSA", "use": "sig"})
// tokens["EdDSA"] = compact(
//     {"alg": "EdDSA", "kid": "ed-1", "typ": "JWT"}, claims_for("user-EdDSA"), ed_keys["ed-1"].sign)
// unnamed["EdDSA"] = compact({"alg": "EdDSA"}, claims_for("user-EdDSA-nokid"), ed_keys["ed-2"].sign)
//
// # ECDSA: one key per curve; P-384 carries no alg (derived from crv).
// ec_der = None
// for alg, curve, crv, size, kid, with_alg in [
//     ("ES256", ec.SECP256R1(), "P-256", 32, "p256", True),
//     ("ES384", ec.SECP384R1(), "P-384", 48, "p384", False),
//     ("ES512", ec.SECP521R1(), "P-521", 66, "p521", True),
// ]:
//     key = ec.generate_private_key(curve)
//     numbers = key.public_key().public_numbers()
//     jwk = {"kty": "EC", "crv": crv, "x": b64(uint(numbers.x, size)), "y": b64(uint(numbers.y, size)),
//            "kid": kid}
//     if with_alg:
//         jwk["alg"] = alg
//     jwks.append(jwk)
//     hash_type = HASHES[alg[2:]]
//
//     def sign(data, key=key, hash_type=hash_type, size=size):
//         r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hash_type())))
//         return uint(r, size) + uint(s, size)
//
//     tokens[alg] = compact({"alg": alg, "kid": kid}, claims_for("user-" + alg), sign)
//     unnamed[alg] = compact({"alg": alg}, claims_for("user-" + alg + "-nokid"), sign)
//     if alg == "ES256":
//         ec_der = compact({"alg": alg, "kid": kid}, claims_for("user-der"),
//                          lambda data, key=key: key.sign(data, ec.ECDSA(hashes.SHA256())))
//
// # RSA: one 2048-bit key published once per algorithm (a JWK verifies one algorithm), RS512 with 3072 bits.
// rsa_2048 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
// rsa_3072 = rsa.generate_private_key(public_exponent=65537, key_size=3072)
// for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]:
//     key = rsa_3072 if alg == "RS512" else rsa_2048
//     numbers = key.public_key().public_numbers()
//     kid = "rsa-" + alg
//     jwks.append({"kty": "RSA", "n": b64(uint(numbers.n)), "e": b64(uint(numbers.e)), "kid": kid, "alg": alg})
//     bits = alg[2:]
//     if alg.startswith("PS"):
//         pad = padding.PSS(mgf=padding.MGF1(HASHES[bits]()), salt_length=HASH_BYTES[bits])
//     else:
//         pad = padding.PKCS1v15()
//
//     def sign(data, key=key, pad=pad, bits=bits):
//         return key.sign(data, pad, HASHES[bits]())
//
//     tokens[alg] = compact({"alg": alg, "kid": kid}, claims_for("user-" + alg), sign)
//     unnamed[alg] = compact({"alg": alg}, claims_for("user-" + alg + "-nokid"), sign)
//
// # PS256 with the longest salt instead of one as long as the hash: must be refused.
// long_salt = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.MAX_LENGTH)
// pss_long_salt = compact({"alg": "PS256", "kid": "rsa-PS256"}, claims_for("user-PS256"),
//                         lambda data: rsa_2048.sign(data, long_salt, hashes.SHA256()))
//
// # A 1024-bit RSA key and a token it signed: the key must be refused.
// rsa_1024 = rsa.generate_private_key(public_exponent=65537, key_size=1024)
// weak = rsa_1024.public_key().public_numbers()
// weak_jwk = {"kty": "RSA", "n": b64(uint(weak.n)), "e": b64(uint(weak.e)), "kid": "weak", "alg": "RS256"}
//
// # A token shaped like Better Auth's jwt() plugin: the user object as claims, sub = id, iss = aud = origin.
// better_auth_claims = {
//     "id": "V1StGXR8Z5jdHi6BmyT", "name": "Ada Lovelace", "email": "ada@example.com", "emailVerified": True,
//     "image": None, "createdAt": "2023-11-14T22:00:00.000Z", "updatedAt": "2023-11-14T22:00:00.000Z",
//     "iat": NOW - 60, "iss": ORIGIN, "aud": ORIGIN, "exp": NOW + 840, "sub": "V1StGXR8Z5jdHi6BmyT",
// }
// better_auth = compact({"alg": "EdDSA", "kid": "ed-1"}, better_auth_claims, ed_keys["ed-1"].sign)
//
//
// def swift_string(text: str, indent: int = 8) -> str:
//     """A raw string literal, split into concatenated pieces that fit 120 columns."""
//     width = 96
//     pieces = ['#"' + text[i:i + width] + '"#' for i in range(0, max(len(text), 1), width)]
//     return ("\n" + " " * indent + "+ ").join(pieces)
//
//
// def swift_dictionary(values: dict) -> str:
//     lines = ["[\n"]
//     for name in sorted(values):
//         value = swift_string(values[name], 12)
//         lines.append("        " + swift_string(name) + ":\n            " + value + ",\n")
//     lines.append("    ]")
//     return "".join(lines)
//
//
// VERSION = cryptography.__version__
// print(f"""// Generated by FixtureGenerator.swift's program with Python cryptography {VERSION}. Do not edit.
//
// /// Keys and tokens from an independent implementation (Python `cryptography`), verified at `now`.
// enum IndependentVectors {{
//     static let now: Double = {NOW:_}
//     static let origin = {swift_string(ORIGIN)}
//
//     /// The public JWK Set: Ed25519 `ed-1` and `ed-2`, EC `p256` `p384` (no alg) `p521`, RSA `rsa-<alg>`.
//     static let jwks =
//         {swift_string(json.dumps({"keys": jwks}, separators=(",", ":")))}
//
//     /// One token per algorithm, with the `kid` of its key.
//     static let tokens: [String: String] = {swift_dictionary(tokens)}
//
//     /// One token per algorithm without `kid` (EdDSA signed by `ed-2`).
//     static let tokensWithoutKid: [String: String] = {swift_dictionary(unnamed)}
//
//     /// ES256 with the DER signature `cryptography` returns, not the JOSE r‖s form.
//     static let es256DER =
//         {swift_string(ec_der)}
//
//     /// PS256 by key `rsa-PS256` with a 222-byte salt (the hash is 32 bytes).
//     static let ps256LongSalt =
//         {swift_string(pss_long_salt)}
//
//     /// A 1024-bit RSA JWK.
//     static let weakRSAJWK =
//         {swift_string(json.dumps(weak_jwk, separators=(",", ":")))}
//
//     /// Shaped like a Better Auth jwt() plugin token (kid `ed-1`).
//     static let betterAuth =
//         {swift_string(better_auth)}
// }}""")
