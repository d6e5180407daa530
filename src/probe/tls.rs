//! Reads the certificate a site presents over TLS, whether or not it
//! verifies: the certificate is evidence of who set the site up, not a
//! reason to trust it, so the handshake goes on with any certificate and
//! whether the chain reaches a known root is recorded beside it.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use x509_parser::extensions::GeneralName;

use super::record;
use crate::front_matter::NetworkRecord;

/// The certificate `host` presents at `address`, as `subject`, `san`,
/// `issuer`, `not-before`, `not-after`, `sha256` and `verified` records
/// named `host:port`; or what went wrong.
pub fn certificate(
    host: &str,
    address: SocketAddr,
    timeout: Duration,
) -> Result<Vec<NetworkRecord>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|error| error.to_string())?;
    let recorder = Arc::new(Recorder {
        webpki,
        provider: provider.clone(),
        verdict: Mutex::new(None),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| error.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let server_name = ServerName::try_from(host.to_string())
        .map_err(|_| format!("`{host}` is not a host name"))?;
    let mut connection =
        ClientConnection::new(Arc::new(config), server_name).map_err(|error| error.to_string())?;
    let mut stream = TcpStream::connect_timeout(&address, timeout).map_err(|error| match error
        .kind()
    {
        std::io::ErrorKind::ConnectionRefused => format!("{address}: the connection was refused"),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            format!("{address}: no answer in time")
        }
        _ => format!("{address}: {error}"),
    })?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|error| error.to_string())?;
    while connection.is_handshaking() {
        if let Err(error) = connection.complete_io(&mut stream) {
            return Err(format!("{address}: the TLS handshake failed: {error}"));
        }
    }
    // Say goodbye politely, without waiting for the server's answer.
    connection.send_close_notify();
    let _ = connection.write_tls(&mut stream);
    let _ = stream.flush();

    let chain = connection
        .peer_certificates()
        .and_then(|chain| chain.first())
        .ok_or_else(|| format!("{address}: the server presented no certificate"))?;
    let verdict = recorder
        .verdict
        .lock()
        .ok()
        .and_then(|mut verdict| verdict.take())
        .unwrap_or_else(|| Err("not checked".into()));
    let name = match address.ip() {
        std::net::IpAddr::V6(_) if host.parse::<std::net::IpAddr>().is_ok() => {
            format!("[{host}]:{}", address.port())
        }
        _ => format!("{host}:{}", address.port()),
    };
    described(&name, chain.as_ref(), verdict)
}

/// The records of the DER certificate `der`, named `name`.
fn described(
    name: &str,
    der: &[u8],
    verdict: Result<(), String>,
) -> Result<Vec<NetworkRecord>, String> {
    let (_, certificate) = x509_parser::parse_x509_certificate(der)
        .map_err(|error| format!("the certificate could not be read: {error}"))?;
    let mut records = vec![record("subject", name, &certificate.subject().to_string())];
    if let Ok(Some(names)) = certificate.subject_alternative_name() {
        for general in &names.value.general_names {
            let value = match general {
                GeneralName::DNSName(dns) => dns.to_string(),
                GeneralName::IPAddress(bytes) => match <[u8; 4]>::try_from(*bytes) {
                    Ok(v4) => std::net::IpAddr::from(v4).to_string(),
                    Err(_) => match <[u8; 16]>::try_from(*bytes) {
                        Ok(v6) => std::net::IpAddr::from(v6).to_string(),
                        Err(_) => continue,
                    },
                },
                _ => continue,
            };
            records.push(record("san", name, &value));
        }
    }
    records.push(record("issuer", name, &certificate.issuer().to_string()));
    let validity = certificate.validity();
    for (kind, time) in [
        ("not-before", &validity.not_before),
        ("not-after", &validity.not_after),
    ] {
        let when = jiff::Timestamp::from_second(time.timestamp())
            .map(|t| t.to_string())
            .unwrap_or_else(|_| time.to_string());
        records.push(record(kind, name, &when));
    }
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    let fingerprint = digest
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    records.push(record("sha256", name, &fingerprint));
    let verified = match verdict {
        Ok(()) => NetworkRecord {
            data: Some(
                format!(
                    "the chain reaches a root of webpki-roots (Mozilla's list) and names {}",
                    name.rsplit_once(':').map_or(name, |(host, _)| host)
                )
                .into(),
            ),
            ..record("verified", name, "yes")
        },
        Err(reason) => NetworkRecord {
            data: Some(reason.into()),
            ..record("verified", name, "no")
        },
    };
    records.push(verified);
    Ok(records)
}

/// Accepts any certificate, after asking the WebPKI verifier what it thinks
/// of it and keeping the answer.
#[derive(Debug)]
struct Recorder {
    webpki: Arc<WebPkiServerVerifier>,
    provider: Arc<CryptoProvider>,
    verdict: Mutex<Option<Result<(), String>>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self
            .webpki
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map(|_| ())
            .map_err(|error| error.to_string());
        if let Ok(mut kept) = self.verdict.lock() {
            *kept = Some(verdict);
        }
        Ok(ServerCertVerified::assertion())
    }

    // The handshake's own signature must still be sound: it proves the
    // server holds the key of the certificate it showed.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_described_field_by_field() {
        let params = rcgen::CertificateParams::new(vec![
            "campagne.example".to_string(),
            "192.0.2.7".to_string(),
        ])
        .expect("parameters");
        let key = rcgen::KeyPair::generate().expect("key");
        let certificate = params.self_signed(&key).expect("certificate");
        let records = described(
            "campagne.example:443",
            certificate.der(),
            Err("invalid peer certificate: UnknownIssuer".into()),
        )
        .expect("described");
        let of = |kind: &str| -> Vec<&str> {
            records
                .iter()
                .filter(|r| r.record_type == kind)
                .map(|r| r.value.as_str())
                .collect()
        };
        assert_eq!(of("san"), ["campagne.example", "192.0.2.7"]);
        assert_eq!(of("subject"), ["CN=rcgen self signed cert"]);
        assert_eq!(of("verified"), ["no"]);
        let fingerprint = of("sha256")[0];
        assert_eq!(fingerprint.len(), 32 * 3 - 1);
        assert!(of("not-before")[0] < of("not-after")[0]);
        assert!(records.iter().all(|r| r.name == "campagne.example:443"));
    }
}
