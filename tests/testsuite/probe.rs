//! `vigie probe` against a DNS server of the test's own (none of these tests
//! reaches the internet): the records it finds, the published range of each
//! address, the evidence pasted into a dossier and checked, and failures
//! reported as such.

use std::net::{SocketAddr, UdpSocket};

use hickory_proto::op::{Message, MessageType, ResponseCode};
use hickory_proto::rr::rdata::{A, CNAME, MX, NS};
use hickory_proto::rr::{Name, RData, Record, RecordType};

use crate::harness::{D, Fixture};

/// The test zone: `www.example.test` is an alias of `site.example.test`,
/// which has an address in Amazon's published ranges (3.5.140.0/22,
/// ap-northeast-2) and one in a range reserved for documentation;
/// `secure.example.test` is this machine; `gone.test` does not exist.
fn answer(name: &str, kind: RecordType) -> Result<Vec<Record>, ResponseCode> {
    let name_of = |text: &str| Name::from_utf8(text).expect("a name");
    let record = |owner: &str, ttl, data| Record::from_rdata(name_of(owner), ttl, data);
    let alias = || {
        let target = CNAME(name_of("site.example.test."));
        record("www.example.test.", 300, RData::CNAME(target))
    };
    let address = |a: [u8; 4]| record("site.example.test.", 60, RData::A(A(a.into())));
    match (name, kind) {
        (_, _) if name.ends_with("gone.test.") => Err(ResponseCode::NXDomain),
        ("www.example.test.", RecordType::A) => Ok(vec![
            alias(),
            address([3, 5, 140, 7]),
            address([192, 0, 2, 7]),
        ]),
        ("www.example.test.", RecordType::AAAA) => Ok(vec![alias()]),
        ("secure.example.test.", RecordType::A) => {
            let local = RData::A(A([127, 0, 0, 1].into()));
            Ok(vec![record("secure.example.test.", 60, local)])
        }
        ("big.example.test.", RecordType::A) => {
            let big = |a: [u8; 4]| record("big.example.test.", 60, RData::A(A(a.into())));
            Ok(vec![big([3, 5, 140, 8]), big([3, 5, 140, 9])])
        }
        ("example.test.", RecordType::NS) => {
            let server = NS(name_of("ns1.example.test."));
            Ok(vec![record("example.test.", 3600, RData::NS(server))])
        }
        ("example.test.", RecordType::MX) => {
            let mail = MX::new(10, name_of("mail.example.test."));
            Ok(vec![record("example.test.", 3600, RData::MX(mail))])
        }
        _ => Ok(Vec::new()),
    }
}

/// The response to `query`, from [`answer`].
fn respond(query: &Message) -> Message {
    let mut response = Message::new(
        query.metadata.id,
        MessageType::Response,
        query.metadata.op_code,
    );
    for question in &query.queries {
        let name = question.name().to_utf8();
        match answer(&name, question.query_type()) {
            Ok(records) => {
                response.add_answers(records);
            }
            Err(code) => response.metadata.response_code = code,
        }
        response.add_query(question.clone());
    }
    response
}

/// A DNS server on a free local port, answering from [`answer`], for as long
/// as the test process runs. Over UDP, answers about `big.example.test` are
/// cut short (truncated, as a large answer would be): the client must ask
/// again over TCP, on the same port.
fn dns_server() -> SocketAddr {
    use std::io::{Read, Write};
    let socket = UdpSocket::bind("127.0.0.1:0").expect("a local port");
    let address = socket.local_addr().expect("its address");
    let tcp = std::net::TcpListener::bind(address).expect("the same port over TCP");
    std::thread::spawn(move || {
        let mut buffer = [0u8; 512];
        while let Ok((size, from)) = socket.recv_from(&mut buffer) {
            let Ok(query) = Message::from_vec(&buffer[..size]) else {
                continue;
            };
            let mut response = respond(&query);
            let big = query
                .queries
                .iter()
                .any(|q| q.name().to_utf8().starts_with("big."));
            if big {
                response.answers.clear();
                response.metadata.truncation = true;
            }
            if let Ok(bytes) = response.to_vec() {
                let _ = socket.send_to(&bytes, from);
            }
        }
    });
    std::thread::spawn(move || {
        for mut stream in tcp.incoming().flatten() {
            let mut length = [0u8; 2];
            if stream.read_exact(&mut length).is_err() {
                continue;
            }
            let mut bytes = vec![0u8; usize::from(u16::from_be_bytes(length))];
            if stream.read_exact(&mut bytes).is_err() {
                continue;
            }
            let Ok(query) = Message::from_vec(&bytes) else {
                continue;
            };
            let Ok(answer) = respond(&query).to_vec() else {
                continue;
            };
            let length = u16::try_from(answer.len())
                .unwrap_or(u16::MAX)
                .to_be_bytes();
            let _ = stream
                .write_all(&length)
                .and_then(|()| stream.write_all(&answer));
        }
    });
    address
}

/// A folder with one range file: the documentation range as the wiki's
/// `azure`, in `westeurope`.
fn test_ranges(fixture: &Fixture) -> String {
    let dir = fixture.root().join("ranges");
    std::fs::create_dir_all(&dir).expect("a folder");
    std::fs::write(
        dir.join("test.txt"),
        "# provider: azure\n# name: Test Azure\n# country: US\n# source: https://ranges.example/azure.json\n# date: 2026-11-30\n192.0.2.0/24 westeurope\n",
    )
    .expect("written");
    dir.display().to_string()
}

/// The evidence of `kind` in a probe's YAML output.
fn evidence_of(run: &crate::harness::Run, kind: &str) -> serde_yaml::Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(&run.stdout).expect("YAML");
    let evidence = yaml["evidence"].as_sequence().expect("an evidence list");
    evidence
        .iter()
        .find(|e| e["kind"] == kind)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind} evidence: {}", run.all()))
}

/// The `(type, name, value)` of each record of a piece of evidence.
fn triples(evidence: &serde_yaml::Value) -> Vec<(&str, &str, &str)> {
    let records = evidence["records"].as_sequence().expect("records");
    records
        .iter()
        .map(|r| {
            let field = |key: &str| r[key].as_str().expect("text");
            (field("type"), field("name"), field("value"))
        })
        .collect()
}

/// `fixture` with the evidence the probe printed pasted under its
/// dossier's practice (items at six spaces), and the pasted lines.
fn pasted(fixture: Fixture, printed: &str) -> (Fixture, String) {
    let items: String = printed
        .lines()
        .skip_while(|line| !line.starts_with("evidence:"))
        .skip(1)
        .map(|line| format!("      {line}\n"))
        .collect();
    let pasted = fixture.edit(D, "    evidence:\n", &format!("    evidence:\n{items}"));
    (pasted, items)
}

fn probe(fixture: &Fixture, args: &[&str]) -> crate::harness::Run {
    let mut all = vec!["probe"];
    all.extend(args);
    fixture.run(&all)
}

#[test]
fn a_site_s_records_and_the_published_range_of_each_address_are_found() {
    let fixture = Fixture::valid();
    let server = dns_server().to_string();
    let run = probe(
        &fixture,
        &["https://www.example.test/page", "--resolver", &server],
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    let yaml: serde_yaml::Value = serde_yaml::from_str(&run.stdout).expect("YAML");
    let evidence = yaml["evidence"].as_sequence().expect("an evidence list");
    let dns = &evidence[0];
    assert_eq!(dns["kind"], "dns");
    let records = dns["records"].as_sequence().expect("records");
    let shown = triples(dns);
    assert_eq!(
        shown,
        [
            ("CNAME", "www.example.test", "site.example.test"),
            ("A", "site.example.test", "3.5.140.7"),
            ("A", "site.example.test", "192.0.2.7"),
            ("NS", "example.test", "ns1.example.test"),
            ("MX", "example.test", "10 mail.example.test"),
        ]
    );
    assert_eq!(records[0]["ttl"], 300);
    // The shipped snapshot places Amazon's address; the wiki has no such
    // provider, so the record names it in `data` only.
    let ip = &evidence[1];
    assert_eq!(ip["kind"], "ip-asn");
    let aws = &ip["records"][0];
    assert_eq!(aws["name"], "3.5.140.7");
    assert_eq!(aws["value"], "3.5.140.0/22");
    assert_eq!(aws["region"], "ap-northeast-2");
    assert!(aws["provider"].is_null());
    let data = aws["data"].as_str().expect("data");
    assert!(
        data.starts_with("Amazon Web Services: https://ip-ranges.amazonaws.com/ip-ranges.json, 20"),
        "{data}"
    );
    // The other address is in no published range: said, not invented.
    let detail = ip["detail"].as_str().expect("a detail");
    assert!(detail.contains("in none of them: 192.0.2.7"), "{detail}");
    assert!(
        run.stderr
            .contains("Amazon Web Services (operator in US), region ap-northeast-2"),
        "{}",
        run.all()
    );
    // The same evidence as JSON.
    let json = probe(
        &fixture,
        &[
            "www.example.test",
            "--resolver",
            &server,
            "--format",
            "json",
        ],
    );
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        parsed["evidence"][1]["records"][0]["region"],
        "ap-northeast-2"
    );
}

#[test]
fn pasted_into_a_dossier_the_evidence_checks() {
    let fixture = Fixture::valid();
    let server = dns_server().to_string();
    let ranges = test_ranges(&fixture);
    let run = probe(
        &fixture,
        &[
            "www.example.test",
            "--resolver",
            &server,
            "--ranges",
            &ranges,
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    // The wiki has `azure`: the record names it.
    assert!(run.stdout.contains("provider: azure"), "{}", run.all());
    let (pasted, items) = pasted(fixture, &run.stdout);
    let check = pasted.run(&["check", "--deny-warnings"]);
    assert_eq!(check.code, Some(0), "{}\n--- pasted\n{items}", check.all());
}

#[test]
fn a_name_that_does_not_exist_is_evidence_and_silence_is_not() {
    let fixture = Fixture::valid();
    let server = dns_server().to_string();
    let gone = probe(&fixture, &["gone.test", "--resolver", &server]);
    assert_eq!(gone.code, Some(0), "{}", gone.all());
    assert!(gone.stdout.contains("type: NXDOMAIN"), "{}", gone.all());
    // A resolver that never answers: nothing learnt, exit 1, and why.
    let silent = UdpSocket::bind("127.0.0.1:0").expect("a local port");
    let address = silent.local_addr().expect("its address").to_string();
    let run = probe(
        &fixture,
        &["example.test", "--resolver", &address, "--timeout", "0.2"],
    );
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.stdout.contains("no answer within 0.2 s"),
        "{}",
        run.all()
    );
    assert!(
        run.stderr
            .contains("nothing could be learnt about example.test"),
        "{}",
        run.all()
    );
}

#[test]
fn what_is_not_a_site_or_a_bad_option_is_a_usage_error() {
    let fixture = Fixture::valid();
    for args in [
        vec!["not a host!", "--resolver", "127.0.0.1:53"],
        vec![
            "example.test",
            "--resolver",
            "127.0.0.1:53",
            "--timeout",
            "0",
        ],
        vec![
            "example.test",
            "--resolver",
            "127.0.0.1:53",
            "--ranges",
            "/nonexistent",
        ],
    ] {
        let run = probe(&fixture, &args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.all());
        assert!(run.stderr.starts_with("error: "), "{}", run.all());
    }
}

/// An HTTP server on a free local port: `/` redirects to `/home`, which
/// answers with a host's and a CDN's headers, and a cookie.
fn http_server() -> SocketAddr {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let request = crate::harness::request_line(&stream);
            let response = if request.starts_with("GET / ") {
                "HTTP/1.1 301 Moved Permanently\r\nLocation: /home\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            } else {
                "HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/10.0\r\nX-Azure-Ref: 0abc\r\nSet-Cookie: id=1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            };
            let _ = (&stream).write_all(response.as_bytes());
        }
    });
    address
}

#[test]
fn the_home_page_s_redirects_and_revealing_headers_are_recorded() {
    let fixture = Fixture::valid();
    let server = http_server();
    let url = format!("http://{server}/");
    let run = probe(&fixture, &[&url, "--resolver", "127.0.0.1:9"]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let http = evidence_of(&run, "http-headers");
    let records = triples(&http);
    let home = format!("http://{server}/home");
    // The cookie says nothing of the host: left out.
    assert_eq!(
        records,
        [
            ("status", url.as_str(), "HTTP/1.1 301 Moved Permanently"),
            ("redirect", url.as_str(), home.as_str()),
            ("status", home.as_str(), "HTTP/1.1 200 OK"),
            ("header", "server", "Microsoft-IIS/10.0"),
            ("header", "x-azure-ref", "0abc"),
        ]
    );
    let detail = http["detail"].as_str().expect("a detail");
    assert!(detail.contains("User-Agent \"vigie probe"), "{detail}");
    // Nothing listens here: said, not a crash.
    let port = crate::harness::closed_port().port();
    let refused = probe(
        &fixture,
        &[
            &format!("http://127.0.0.1:{port}/"),
            "--resolver",
            "127.0.0.1:9",
        ],
    );
    assert!(refused.stdout.contains("not learnt"), "{}", refused.all());
}

#[test]
fn an_answer_too_large_for_udp_is_asked_again_over_tcp() {
    let fixture = Fixture::valid();
    let server = dns_server().to_string();
    let run = probe(
        &fixture,
        &["big.example.test", "--resolver", &server, "--timeout", "1"],
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    for address in ["3.5.140.8", "3.5.140.9"] {
        assert!(
            run.stdout.contains(&format!("value: {address}")),
            "{}",
            run.all()
        );
    }
}

/// An HTTPS server on a free local port, with a self-signed certificate for
/// `secure.example.test` made by rcgen: its home page links to its legal
/// notice, which names the wiki's provider and organization. Returns the
/// port and the certificate's SHA-256 fingerprint as `openssl` prints it.
fn https_server() -> (u16, String) {
    use std::io::Write;
    use std::sync::Arc;
    let key = rcgen::KeyPair::generate().expect("a key");
    let params =
        rcgen::CertificateParams::new(vec!["secure.example.test".to_string()]).expect("parameters");
    let certificate = params.self_signed(&key).expect("a certificate");
    let der = certificate.der().clone();
    let fingerprint = ring::digest::digest(&ring::digest::SHA256, &der)
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![der],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .expect("a server configuration");
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().expect("its address").port();
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let Ok(connection) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut stream = rustls::StreamOwned::new(connection, tcp);
            let request = crate::harness::request_line(&mut stream);
            let page = if request.starts_with("GET /mentions-legales ") {
                "<html><head><title>Mentions légales</title></head><body><h1>Mentions légales</h1>\
                 <p>Ce site est édité par Daily News. Il est hébergé par Azure \
                 (Microsoft Corporation), Amsterdam, Pays-Bas.</p></body></html>"
            } else {
                "<html><body><p>Bienvenue.</p><footer><a href=\"/contact\">Contact</a> \
                 <a href=\"/mentions-legales\">Mentions légales</a></footer></body></html>"
            };
            let response = format!(
                "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(response.as_bytes());
            stream.conn.send_close_notify();
            let _ = stream.flush();
        }
    });
    (port, fingerprint)
}

#[test]
fn the_certificate_and_the_legal_notice_are_evidence_even_self_signed() {
    let fixture = Fixture::valid();
    let server = dns_server().to_string();
    let (port, fingerprint) = https_server();
    let url = format!("https://secure.example.test:{port}/");
    let run = probe(&fixture, &[&url, "--resolver", &server]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let of_kind = |kind: &str| evidence_of(&run, kind);
    // The page was fetched from the address the test's resolver gave.
    let http = of_kind("http-headers");
    let headers = triples(&http);
    assert!(
        headers.contains(&("header", "server", "nginx")),
        "{headers:?}"
    );
    // The certificate, although no root vouches for it.
    let tls = of_kind("tls-certificate");
    let name = format!("secure.example.test:{port}");
    let records = triples(&tls);
    for expected in [
        ("subject", name.as_str(), "CN=rcgen self signed cert"),
        ("san", name.as_str(), "secure.example.test"),
        ("sha256", name.as_str(), fingerprint.as_str()),
        ("verified", name.as_str(), "no"),
    ] {
        assert!(records.contains(&expected), "{expected:?} in {records:?}");
    }
    let verified = &tls["records"]
        .as_sequence()
        .expect("records")
        .last()
        .expect("a record")["data"];
    assert!(
        verified
            .as_str()
            .is_some_and(|why| why.contains("UnknownIssuer")),
        "{verified:?}"
    );
    // The legal notice, found from the home page's link: the names it gives,
    // each with its sentence; the wiki's provider by its slug.
    let notice = of_kind("legal-notice");
    assert_eq!(
        notice["source"]["url"],
        format!("https://secure.example.test:{port}/mentions-legales").as_str()
    );
    assert_eq!(notice["source"]["title"], "Mentions légales");
    let hosting = "Il est hébergé par Azure (Microsoft Corporation), Amsterdam, Pays-Bas.";
    assert_eq!(
        triples(&notice),
        [
            ("mention", "Daily News", "Ce site est édité par Daily News."),
            ("mention", "Azure", hosting),
            ("mention", "Microsoft", hosting),
        ]
    );
    assert_eq!(notice["records"][1]["provider"], "azure");
    // Pasted under the practice, it checks: the notice page, a source
    // without an archived copy yet, is the one warning.
    let (pasted, items) = pasted(fixture, &run.stdout);
    let check = pasted.run(&["check"]);
    assert_eq!(check.code, Some(0), "{}\n--- pasted\n{items}", check.all());
    assert!(
        check.stderr.contains("0 errors, 1 warning"),
        "{}",
        check.all()
    );
}

/// What `edited` holds beyond `original`, when it is `original` with one
/// run of whole lines inserted; `None` when any byte of `original` changed.
fn inserted(original: &str, edited: &str) -> Option<String> {
    let prefix = original
        .bytes()
        .zip(edited.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // Whole lines are inserted: the insertion starts where a line does.
    let prefix = original[..prefix]
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    let room = original.len().min(edited.len()) - prefix;
    let suffix = original
        .bytes()
        .rev()
        .zip(edited.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    (prefix + suffix == original.len()).then(|| {
        String::from_utf8_lossy(&edited.as_bytes()[prefix..edited.len() - suffix]).into_owned()
    })
}

#[test]
fn into_a_practice_the_evidence_is_added_and_every_other_byte_kept() {
    // A comment, quoting and an unusual order, which the edit must keep.
    let fixture = Fixture::valid().edit(
        D,
        "      - kind: press\n",
        "      - kind: press   # read in print too\n",
    );
    let server = dns_server().to_string();
    let (port, _) = https_server();
    let url = format!("https://secure.example.test:{port}/");
    let path = fixture.content().join(D);
    let original = std::fs::read_to_string(&path).expect("the dossier");
    let args = [
        url.as_str(),
        "--resolver",
        &server,
        "--into",
        "azure-made-in-france#site-azure",
    ];
    let run = probe(&fixture, &args);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert!(
        run.stderr.contains(
            "added 4 pieces of evidence to content/dossiers/azure-made-in-france.md#site-azure"
        ),
        "{}",
        run.all()
    );
    let edited = std::fs::read_to_string(&path).expect("the dossier");
    let added = inserted(&original, &edited).expect("only an insertion");
    // After the practice's last evidence, at its indentation: before `contradicts`.
    assert!(
        added.starts_with("      - kind: dns\n        date: "),
        "{added}"
    );
    assert!(
        edited.contains(&format!("{added}    contradicts")),
        "{edited}"
    );
    for kind in ["dns", "http-headers", "tls-certificate", "legal-notice"] {
        assert!(
            added.contains(&format!("- kind: {kind}\n")),
            "{kind}: {added}"
        );
    }
    // The ip-asn evidence placed no address: it found nothing, so it is not added.
    assert!(!added.contains("kind: ip-asn"), "{added}");
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, Some(0), "{}", check.all());
    // The same probe again on the same day: nothing new, nothing added.
    let again = probe(&fixture, &args);
    assert_eq!(again.code, Some(0), "{}", again.all());
    assert!(
        again.stderr.contains("already has this evidence"),
        "{}",
        again.all()
    );
    assert_eq!(std::fs::read_to_string(&path).expect("the dossier"), edited);
}

#[test]
fn into_a_practice_that_is_not_there_is_a_usage_error_and_a_broken_dossier_is_left_alone() {
    let fixture = Fixture::valid();
    let server = dns_server().to_string();
    for (into, said) in [
        (
            "azure-made-in-france#site-azur",
            "did you mean `site-azure`?",
        ),
        ("azure-made-in-france", "names no practice"),
        ("no-such-dossier#site-azure", "cannot read"),
    ] {
        let run = probe(
            &fixture,
            &["www.example.test", "--resolver", &server, "--into", into],
        );
        assert_eq!(run.code, Some(2), "{into}: {}", run.all());
        assert!(run.stderr.contains(said), "{into}: {}", run.all());
    }
    // A dossier with an error already: the evidence is not left in it.
    let broken = fixture.edit(D, "date: 2016-08-22\ntopics", "date: 2016-13-45\ntopics");
    let path = broken.content().join(D);
    let before = std::fs::read(&path).expect("the dossier");
    let (port, _) = https_server();
    let url = format!("https://secure.example.test:{port}/");
    let run = probe(
        &broken,
        &[
            &url,
            "--resolver",
            &server,
            "--into",
            "azure-made-in-france#site-azure",
        ],
    );
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(run.stderr.contains("error[bad-date]"), "{}", run.all());
    assert!(run.stderr.contains("left as it was"), "{}", run.all());
    assert_eq!(std::fs::read(&path).expect("the dossier"), before);
}

#[test]
fn a_closed_https_port_is_said_in_the_certificate_s_evidence() {
    let fixture = Fixture::valid();
    let server = dns_server().to_string();
    let port = crate::harness::closed_port().port();
    let url = format!("https://secure.example.test:{port}/");
    let run = probe(&fixture, &[&url, "--resolver", &server, "--timeout", "1"]);
    // The name's records were learnt: evidence, exit 0.
    assert_eq!(run.code, Some(0), "{}", run.all());
    let tls = evidence_of(&run, "tls-certificate");
    assert!(tls["records"].as_sequence().is_some_and(|r| r.is_empty()));
    let detail = tls["detail"].as_str().expect("a detail");
    assert!(
        detail.contains(&format!(
            "not learnt: 127.0.0.1:{port}: the connection was refused"
        )),
        "{detail}"
    );
}
