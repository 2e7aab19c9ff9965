import CIBGraph
import CIBGraphTestSupport
import Foundation
import Testing

/// `value` as `--normalize` rewrites an object of `kind`.
private func normalized(
  _ value: String, _ rules: ObjectNormalization, kind: ObjectKind = .any
) -> String {
  var normalizer = ObjectNormalizer(rules)
  return normalizer.normalized(value, kind: kind)
}

/// `bytes` as `--normalize` rewrites an object of `kind`, as bytes.
private func normalized(
  bytes: [UInt8], _ rules: ObjectNormalization, kind: ObjectKind = .any
) -> [UInt8] {
  var normalizer = ObjectNormalizer(rules)
  return bytes.withUnsafeBufferPointer { normalizer.withNormalized($0, kind: kind) { Array($0) } }
}

/// Each rule of `--normalize` on the URLs and hashtags that trip rules up.
@Suite struct ObjectNormalizerTests {
  @Test func aURLBecomesItsHost() {
    let cases: [(String, String)] = [
      ("https://user:pw@WWW.Example.COM:8080/a?b#c", "example.com"),
      ("HTTP://Example.com./", "example.com"),
      ("example.com/path?x=1", "example.com"),
      ("//cdn.example.com/x.js", "cdn.example.com"),
      ("localhost:8080", "localhost"),
      ("http://[2001:DB8::1]:80/x", "[2001:db8::1]"),
      ("https://www.com/", "www.com"),
      ("https://www.bbc.co.uk/news", "bbc.co.uk"),
      // Every leading www. and every port go, so that a host is its own host.
      ("https://www.www.a.test/", "a.test"), ("https://www.www.com/", "www.com"),
      ("http://a.test:1.:2/x", "a.test"), ("a.test:80:443", "a.test"),
      ("https://news.bbc.co.uk/", "news.bbc.co.uk"),
      // The last @ ends the user information; a backslash ends the host, as browsers read it.
      ("https://a@b@evil.test/", "evil.test"),
      ("https://evil.test\\@good.test/", "evil.test"),
      // Not decoded, not converted: percent-escapes and IDN stay as written,
      // with ASCII letters lower-cased.
      ("https://%65xample.com/", "%65xample.com"),
      ("https://MÜNCHEN.de/", "mÜnchen.de"),
      ("https://xn--mnchen-3ya.de/", "xn--mnchen-3ya.de"),
      // No host: left as written.
      ("https:///path", "https:///path"),
      ("https://@:80/", "https://@:80/"),
      ("mailto:someone@Example.org", "example.org"),
    ]
    for (url, host) in cases {
      #expect(normalized(url, .urlDomain, kind: .url) == host, "\(url)")
    }
  }

  @Test func trackingParametersAndTheFragmentGoTheRestStaysInOrder() {
    let cases: [(String, String)] = [
      (
        "https://e.test/a?utm_source=x&id=3&fbclid=abc&UTM_Medium=y&b=2#frag",
        "https://e.test/a?id=3&b=2"
      ),
      ("https://e.test/a?utm_source=x#f", "https://e.test/a"),
      ("https://e.test/a#x?utm_source=1", "https://e.test/a"),
      ("https://youtu.be/abc?si=XYZ&t=10", "https://youtu.be/abc?t=10"),
      ("https://e.test/?sid=1&si", "https://e.test/?sid=1"),
      ("https://e.test/?gclid=1&igshid=2&msclkid=3&_ga=4&ref_src=twsrc", "https://e.test/"),
      ("https://e.test/a?&&x=1", "https://e.test/a?&&x=1"),
      // What is left of a query once its tracking parameters go may be only
      // empty pieces: it is empty, and the `?` goes with it.
      ("https://e.test/a?utm_source=x&", "https://e.test/a"),
      ("https://e.test/a?&fbclid=1&&", "https://e.test/a"),
      ("https://e.test/a?&fbclid=1&&x", "https://e.test/a?&&x"),
      ("https://e.test/a?&&", "https://e.test/a?&&"),
      // `s` (a site's search) is not `si`; an empty name is no tracking parameter.
      ("https://e.test/?s=vote&si=abc", "https://e.test/?s=vote"),
      ("https://e.test/?=1&s", "https://e.test/?=1&s"),
      ("https://e.test/a?utm_=1", "https://e.test/a?utm_=1"),
      ("https://E.test/A?Z=1&a=2", "https://E.test/A?Z=1&a=2"),
      ("no url at all", "no url at all"),
    ]
    for (url, stripped) in cases {
      #expect(normalized(url, .stripTracking, kind: .url) == stripped, "\(url)")
    }
    #expect(
      normalized("https://WWW.e.test/a?utm_source=x", [.stripTracking, .urlDomain], kind: .url)
        == "e.test")
  }

  @Test func hashtagsFoldCaseInUnicodeAndComposeAccents() {
    #expect(normalized("#Vote", .hashtagCase, kind: .hashtag) == "vote")
    #expect(normalized("#Straße", .hashtagCase, kind: .hashtag) == "strasse")
    #expect(normalized("STRASSE", .hashtagCase, kind: .hashtag) == "strasse")
    #expect(normalized("＃ΩMEGA", .hashtagCase, kind: .hashtag) == "ωmega")
    #expect(normalized("##two", .hashtagCase, kind: .hashtag) == "#two", "one # goes")
    // Decomposed and precomposed é are one.
    #expect(
      Array(normalized("#Cafe\u{301}", .hashtagCase, kind: .hashtag).utf8)
        == Array("café".utf8))
    #expect(normalized("#", .hashtagCase, kind: .hashtag) == "")
    // Bytes that are not UTF-8 are kept, ASCII letters lower-cased.
    #expect(
      normalized(bytes: [0x23, 0xFF, 0x41, 0xC3], .hashtagCase, kind: .hashtag)
        == [0xFF, 0x61, 0xC3])
  }

  @Test func rulesApplyOnlyToTheirKind() {
    #expect(normalized("#Vote", .hashtagCase, kind: .url) == "#Vote")
    #expect(normalized("https://WWW.e.test/", .urlDomain, kind: .hashtag) == "https://WWW.e.test/")
    #expect(normalized("https://WWW.e.test/", .urlDomain, kind: .other) == "https://WWW.e.test/")
    #expect(ObjectKind(typeName: "urls") == .url)
    #expect(ObjectKind(typeName: "hashtags") == .hashtag)
    #expect(ObjectKind(typeName: "image") == .other)
  }

  @Test func hostileValuesEndInLinearTime() {
    // A mebibyte of @, of ?&, of :, of # and invalid UTF-8: each rule once,
    // well within a generous bound (a quadratic rule would take minutes).
    let mebibyte = 1 << 20
    let values: [[UInt8]] = [
      [UInt8](repeating: UInt8(ascii: "@"), count: mebibyte),
      Array("https://e.test/?".utf8) + Array(String(repeating: "&s", count: mebibyte / 2).utf8),
      [UInt8](repeating: UInt8(ascii: ":"), count: mebibyte),
      [UInt8](repeating: UInt8(ascii: "#"), count: mebibyte),
      [UInt8](repeating: 0xFF, count: mebibyte),
      Array("https://[".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: mebibyte),
    ]
    let clock = ContinuousClock()
    let start = clock.now
    for value in values {
      let all = normalized(bytes: value, [.urlDomain, .stripTracking, .hashtagCase])
      #expect(all.count <= value.count)
    }
    #expect(clock.now - start < .seconds(60), "debug builds take about 10 s")
    // A mebibyte of @ has an empty host: left as written.
    // Compared into a Bool first: on a failure, Swift Testing would diff two
    // mebibyte arrays, which does not finish.
    let emptyHostKept = normalized(bytes: values[0], .urlDomain, kind: .url) == values[0]
    #expect(emptyHostKept)
    // No "s" parameter is tracking (`s` is a site's search, not `si`), and an
    // empty piece before the first & is no parameter to strip: the query is
    // kept as written.
    let stripped = normalized(bytes: values[1], .stripTracking, kind: .url)
    let queryKept = stripped == values[1]
    #expect(
      queryKept,
      "\(stripped.count) bytes left: \(String(decoding: stripped.prefix(40), as: UTF8.self))")
  }
}
