import Glibc

extension String {
    /// True when both strings hold the same UTF-8 bytes. String's `==` is canonical equivalence, under which "é" and
    /// "e" + U+0301 are equal; `utf8.elementsEqual` compares bytes too, but one at a time through a generic iterator.
    func hasSameBytes(as other: String) -> Bool {
        var left = self
        var right = other
        return left.withUTF8 { left in
            right.withUTF8 { right in
                left.count == right.count
                    && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
            }
        }
    }
}
