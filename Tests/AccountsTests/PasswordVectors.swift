/// Better Auth password hashes computed by Python's hashlib (an implementation independent of ours).
enum PasswordVectors {
    /// NFKC turns it into "password1fi-Café" (fullwidth letters, a circled digit, a ligature, a combining accent).
    static let nonASCIIPassword = "ｐａｓｓｗｏｒｄ①ﬁ-Cafe\u{301}"
    /// python3 -c "import hashlib,unicodedata; s='0123456789abcdeffedcba9876543210';
    ///   p=unicodedata.normalize('NFKC','ｐａｓｓｗｏｒｄ①ﬁ-Cafe\u0301');
    ///   print(s+':'+hashlib.scrypt(p.encode(),salt=s.encode(),n=16384,r=16,p=1,dklen=64,maxmem=64*1024*1024).hex())"
    static let nonASCIIHash =
        "0123456789abcdeffedcba9876543210:"
        + "db734a5eb39ae05eef5e9f21e1fff12d94bb3a699d7490c39b8d14ce7f89925e"
        + "23eb631eadf6432c96375cfd5fd8d401a75c5bf26ec6989f1abfa7041c83fc07"

    static let asciiPassword = "correct horse battery staple"
    /// The same one-liner with salt '5f4dcc3b5aa765d61d8327deb882cf99' and b'correct horse battery staple'.
    static let asciiHash =
        "5f4dcc3b5aa765d61d8327deb882cf99:"
        + "d5044f7d23ca236636c341ccdf6daa8f1687faa9adc2a8bf7861247878cd9d96"
        + "7ef6a73c2bca19edc90a34b094b3e8e05851e5314a096490e3fc33ec0c3ed27b"

    /// Python that prints "True" when argv[1] (a password) matches argv[2] (`salthex:keyhex`) Better Auth's way.
    static let pythonVerify = """
        import hashlib, hmac, sys, unicodedata
        salt, key = sys.argv[2].split(':')
        derived = hashlib.scrypt(unicodedata.normalize('NFKC', sys.argv[1]).encode(), salt=salt.encode(),
                                 n=16384, r=16, p=1, dklen=64, maxmem=64 * 1024 * 1024)
        print(hmac.compare_digest(derived, bytes.fromhex(key)))
        """

    /// Python that prints a fresh Better Auth hash of argv[1].
    static let pythonHash = """
        import hashlib, os, sys, unicodedata
        salt = os.urandom(16).hex()
        derived = hashlib.scrypt(unicodedata.normalize('NFKC', sys.argv[1]).encode(), salt=salt.encode(),
                                 n=16384, r=16, p=1, dklen=64, maxmem=64 * 1024 * 1024)
        print(salt + ':' + derived.hex())
        """
}
